import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './args.ts';

describe('parseCliArgs', () => {
  it('takes values for options and keeps positionals in order', () => {
    expect(
      parseCliArgs(['bench', 'matmul', '--sizes', '64,128', '--runtime=node', '--no-tfjs', 'x']),
    ).toEqual({
      positionals: ['bench', 'matmul', 'x'],
      options: { sizes: '64,128', runtime: 'node', 'no-tfjs': true },
    });
  });
  it('treats -h as --help and everything after -- as positionals', () => {
    expect(parseCliArgs(['-h', '--', '--not-an-option'])).toEqual({
      positionals: ['--not-an-option'],
      options: { help: true },
    });
  });
  it('names an option that lacks its value', () => {
    expect(() => parseCliArgs(['bench', '--sizes'])).toThrow('option --sizes needs a value');
    expect(() => parseCliArgs(['bench', '--sizes', '--runtime', 'node'])).toThrow(
      'option --sizes needs a value',
    );
  });
});
