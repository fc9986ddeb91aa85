// ImageSkips: a file that does not decode is reported once and stands in until its row is dropped; any other error
// (a lost device, a missing decoder) still ends the run.
import { describe, expect, it } from 'vitest';
import { ImageFileError } from '../../infer/decode.ts';
import { ImageSkips, keepRows } from './image-skips.ts';

describe('ImageSkips', () => {
  it('reports a bad image once, returns the stand-in, and keeps the rest in order', async () => {
    const lines: string[] = [];
    const skips = new ImageSkips((l) => lines.push(l));
    const decode = (i: number) => async () => {
      if (i === 1) throw new ImageFileError('b.png: could not decode it (bad zlib)');
      return `pixels ${i}`;
    };
    const got = [];
    for (const i of [0, 1, 2, 1]) got.push(await skips.guard(i, decode(i), () => 'grey'));
    expect(got).toEqual(['pixels 0', 'grey', 'pixels 2', 'grey']);
    expect(lines).toEqual(['skipped b.png: could not decode it (bad zlib)']);
    expect(skips.count).toBe(1);
    expect(skips.keep(['a', 'b', 'c'])).toEqual(['a', 'c']);
    await expect(
      skips.guard(
        3,
        () => Promise.reject(new Error('GPU device lost')),
        () => 'grey',
      ),
    ).rejects.toThrow('GPU device lost');
  });

  it('keepRows drops the skipped rows of a row-major matrix', () => {
    const m = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect([...keepRows(m, 2, new Set([1]))]).toEqual([1, 2, 5, 6]);
    expect(keepRows(m, 2, new Set())).toBe(m);
  });
});
