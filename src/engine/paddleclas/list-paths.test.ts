// List paths for PaddleClas: the "jpg/sweet pea/x.jpg", name clashes after sanitizing, and a seeded fuzz
// of hostile names — every path is safe ASCII under jpg/, unique ignoring case, the same for the same input.
import { describe, expect, it } from 'vitest';
import { paddleListPaths, safeSegment } from './list-paths.ts';

/** What a list path may be: jpg/ then names of A-Za-z0-9._- that do not start with '.', '_' or '-'. */
const SAFE = /^jpg(\/[A-Za-z0-9][A-Za-z0-9._-]*)+$/;

/** A small seeded generator (mulberry32), so the fuzz input is the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('paddleListPaths', () => {
  it('makes the names the issue and its neighbours name safe, keeping folders apart', () => {
    expect(
      paddleListPaths([
        'jpg/sweet pea/x.jpg',
        'sweet pea/x.jpg',
        'jpg/sweet_pea/x.jpg',
        'jpg/Sweet Pea/X.JPG',
        'Löwenzahn/blüte.jpg',
        '日本/花.jpg',
        '中国/花.jpg',
        '-rf/--help.jpg',
        '../../etc/passwd.jpg',
        '/abs/path.jpg',
        'CON.jpg',
        '.hidden.jpg',
        'line\nbreak\t.png',
      ]),
    ).toEqual([
      'jpg/sweet_pea/x.jpg',
      'jpg/sweet_pea/x_2.jpg',
      'jpg/sweet_pea_2/x.jpg',
      'jpg/Sweet_Pea_3/X.JPG',
      'jpg/Lowenzahn/blute.jpg',
      'jpg/folder/image.jpg',
      'jpg/folder_2/image.jpg',
      'jpg/rf/help.jpg',
      'jpg/etc/passwd.jpg',
      'jpg/abs/path.jpg',
      'jpg/CON_.jpg',
      'jpg/hidden.jpg',
      'jpg/line_break.png',
    ]);
    // Safe names pass through unchanged: flowers12-paddleclas's own paths stay as they were.
    expect(paddleListPaths(['jpg/iris/image_0422.jpg', 'jpg/iris/image_0469.jpg'])).toEqual([
      'jpg/iris/image_0422.jpg',
      'jpg/iris/image_0469.jpg',
    ]);
  });

  it('gives hostile names safe, unique, deterministic paths (seeded fuzz)', () => {
    const alphabet = [...'aA bB.-_/\\\t\n\r=+@\'"é日🌼.. ', 'jpg/', '.jpg', '../', 'CON', '\u00a0', '\u3000'];
    const next = rng(15);
    const sources = Array.from({ length: 3000 }, () =>
      Array.from(
        { length: 1 + Math.floor(next() * 12) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join(''),
    );
    const out = paddleListPaths(sources);
    expect(out).toHaveLength(sources.length);
    for (const [i, p] of out.entries()) expect(p, JSON.stringify(sources[i])).toMatch(SAFE);
    expect(new Set(out.map((p) => p.toLowerCase())).size).toBe(out.length);
    // A folder never shares its path with a file.
    const files = new Set(out.map((p) => p.toLowerCase()));
    for (const p of out) {
      const parts = p.toLowerCase().split('/');
      for (let k = 2; k < parts.length; k++) expect(files.has(parts.slice(0, k).join('/'))).toBe(false);
    }
    expect(paddleListPaths(sources)).toEqual(out);
  });

  it('safeSegment keeps what is safe and drops the rest', () => {
    expect(safeSegment('flowers12 (mine)')).toBe('flowers12_mine');
    expect(safeSegment('Ærø café')).toBe('r_cafe');
    expect(safeSegment('--version')).toBe('version');
    expect(safeSegment('nul')).toBe('nul_');
    expect(safeSegment('///')).toBe('');
    expect(safeSegment('a'.repeat(200))).toHaveLength(80);
  });
});
