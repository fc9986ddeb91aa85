// Unknown CLI options are errors that name the closest valid option of that command.
import { describe, expect, it } from 'vitest';
import { checkOptions, closestOption } from './known-options.ts';

describe('checkOptions', () => {
  it('refuses --weight-decay for train and points at --wd', () => {
    expect(() => checkOptions('train', { data: 'd', 'weight-decay': '1e-5' })).toThrow(
      "unknown option --weight-decay for 'train' (did you mean --wd?",
    );
  });
  it('suggests the nearest spelling for a typo', () => {
    expect(() => checkOptions('bench', { backend: 'wasm' })).toThrow('did you mean --backends?');
    expect(closestOption('epoch', ['lr', 'epochs', 'seed'])).toBe('epochs');
  });
  it('accepts every option a command reads, and the global ones', () => {
    expect(() => checkOptions('train', { wd: '0', 'label-smoothing': '0.1', runtime: 'node' })).not.toThrow();
    expect(() =>
      checkOptions('classify', { model: 'x', 'allow-unverified': true, help: true }),
    ).not.toThrow();
  });
  it('does not let an option of one command pass for another', () => {
    expect(() => checkOptions('classify', { epochs: '2' })).toThrow("unknown option --epochs for 'classify'");
  });
});
