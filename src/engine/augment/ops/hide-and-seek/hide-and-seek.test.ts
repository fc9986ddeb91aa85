// HideAndSeek: grid sizes from the list, hide fraction ≈ 0.5, whole cells hidden.
import { describe, expect, it } from 'vitest';
import { pixel } from '../../core/image.ts';
import { RngStream } from '../../rng/stream.ts';
import { randomImage } from '../../testing/test-util.ts';
import {
  applyHideAndSeek,
  HIDE_AND_SEEK_GRID_SIZES,
  isHidden,
  sampleHideAndSeek,
} from './hide-and-seek.ref.ts';

const rng = (s: number) => new RngStream({ seed: 4, epoch: 0, step: 1, sample: s, stream: 3 });

describe('HideAndSeek', () => {
  it('picks each grid size about equally often and hides ≈ half of the cells', () => {
    const counts = new Map<number, number>();
    let hidden = 0;
    let cells = 0;
    for (let s = 0; s < 2000; s++) {
      const d = sampleHideAndSeek(rng(s), 224, 224);
      counts.set(d.gridSize, (counts.get(d.gridSize) ?? 0) + 1);
      for (const h of d.hidden) hidden += h;
      cells += d.hidden.length;
    }
    for (const g of HIDE_AND_SEEK_GRID_SIZES)
      expect(Math.abs((counts.get(g) ?? 0) / 2000 - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(hidden / cells - 0.5)).toBeLessThan(0.01);
  });

  it('zeroes exactly the hidden cells, partial cells at the edge included', () => {
    const img = randomImage(50, 40, 1);
    let d = sampleHideAndSeek(rng(0), 50, 40);
    for (let s = 1; d.gridSize !== 16; s++) d = sampleHideAndSeek(rng(s), 50, 40);
    expect([d.cols, d.rows]).toEqual([4, 3]);
    const out = applyHideAndSeek(img, d);
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < 50; x++) {
        const cell = d.hidden[Math.floor(x / 16) * 3 + Math.floor(y / 16)] === 1;
        expect(isHidden(d, x, y)).toBe(cell);
        expect(pixel(out, x, y, 0)).toBe(cell ? 0 : pixel(img, x, y, 0));
      }
  });
});
