// orientRgba against the EXIF meaning of each orientation on a 3×2 image whose pixels are numbered.
import { describe, expect, it } from 'vitest';
import { orientRgba } from './orient.ts';

/** A 3 wide × 2 high one-channel-per-pixel image (channels 3, values repeated) numbered 1..6 row by row. */
const img = {
  width: 3,
  height: 2,
  channels: 3 as const,
  data: Uint8Array.from([1, 2, 3, 4, 5, 6].flatMap((v) => [v, v, v])),
};
const rows = (o: ReturnType<typeof orientRgba>) =>
  Array.from({ length: o.height }, (_, y) =>
    Array.from({ length: o.width }, (_, x) => o.data[(y * o.width + x) * o.channels]),
  );

describe('orientRgba', () => {
  it('applies each EXIF orientation as a viewer would', () => {
    // Stored rows: [1 2 3] / [4 5 6].
    expect(rows(orientRgba(img, 1))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(rows(orientRgba(img, 2))).toEqual([
      [3, 2, 1],
      [6, 5, 4],
    ]);
    expect(rows(orientRgba(img, 3))).toEqual([
      [6, 5, 4],
      [3, 2, 1],
    ]);
    expect(rows(orientRgba(img, 4))).toEqual([
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(rows(orientRgba(img, 5))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    // 6: rotate 90° clockwise — the bottom-left pixel comes to the top-left.
    expect(rows(orientRgba(img, 6))).toEqual([
      [4, 1],
      [5, 2],
      [6, 3],
    ]);
    expect(rows(orientRgba(img, 7))).toEqual([
      [6, 3],
      [5, 2],
      [4, 1],
    ]);
    // 8: rotate 90° counter-clockwise — the top-right pixel comes to the top-left.
    expect(rows(orientRgba(img, 8))).toEqual([
      [3, 6],
      [2, 5],
      [1, 4],
    ]);
  });

  it('leaves unknown orientations alone', () => {
    expect(orientRgba(img, 0)).toBe(img);
    expect(orientRgba(img, 9)).toBe(img);
  });
});
