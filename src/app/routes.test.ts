// Hash routing: every screen round-trips through its hash; junk falls back to the default screen.
import { describe, expect, it } from 'vitest';
import { defaultScreen, hashFor, screenFromHash, screens } from './routes.ts';

describe('hash routes', () => {
  it('round-trips every screen', () => {
    for (const s of screens) expect(screenFromHash(hashFor(s.id))).toBe(s.id);
  });

  it('accepts the usual spellings', () => {
    expect(screenFromHash('#train')).toBe('train');
    expect(screenFromHash('#/system/')).toBe('system');
    expect(screenFromHash('#/Models')).toBe('models');
    expect(screenFromHash('#/datasets/flowers12')).toBe('datasets');
  });

  it('sends empty and unknown hashes to the default screen', () => {
    for (const h of ['', '#', '#/', '#/nope', '#/__proto__', '#/constructor']) {
      expect(screenFromHash(h), h).toBe(defaultScreen);
    }
  });

  it('has unique ids and System last', () => {
    expect(new Set(screens.map((s) => s.id)).size).toBe(screens.length);
    expect(screens.at(-1)?.id).toBe('system');
  });
});
