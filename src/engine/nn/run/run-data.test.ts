// pickRunImages: the train split's labelled images, the named val split, or a seeded stratified hold-out that is
// the same on every call (a resumed run validates on the same images).
import { describe, expect, it } from 'vitest';
import type { ImageRow } from '../../storage/schema.ts';
import { pickRunImages } from './run-data.ts';

const row = (path: string, label: number | null, split: string): ImageRow => ({
  id: `d:${path}`,
  datasetId: 'd',
  path,
  label,
  split,
  hash: `h-${path}`,
  mime: 'image/jpeg',
  size: 1,
  width: 1,
  height: 1,
  orientation: 1,
});

const rows = [
  ...Array.from({ length: 10 }, (_, i) => row(`a/${i}.jpg`, 0, 'train')),
  ...Array.from({ length: 10 }, (_, i) => row(`b/${i}.jpg`, 1, 'train')),
  row('u/0.jpg', null, 'train'),
  row('a/v.jpg', 0, 'val'),
  row('b/v.jpg', 1, 'val'),
];

describe('pickRunImages', () => {
  it('takes the labelled train split and the named val split', () => {
    const p = pickRunImages(rows, {
      datasetId: 'd',
      trainSplit: 'train',
      valSplit: 'val',
      valFraction: 0,
      seed: 1,
    });
    expect(p.train).toHaveLength(20);
    expect(p.val.map((v) => v.path)).toEqual(['a/v.jpg', 'b/v.jpg']);
  });

  it('holds out a seeded stratified fraction of the train split, the same every time', () => {
    const c = { datasetId: 'd', trainSplit: 'train', valSplit: null, valFraction: 0.2, seed: 7 };
    const p = pickRunImages(rows, c);
    expect(p.train).toHaveLength(16);
    expect(p.val.filter((v) => v.label === 0)).toHaveLength(2);
    expect(p.val.filter((v) => v.label === 1)).toHaveLength(2);
    expect(pickRunImages(rows, c)).toEqual(p);
    const ids = new Set(p.train.map((t) => t.id));
    expect(p.val.some((v) => ids.has(v.id))).toBe(false);
  });

  it('refuses the train split as the val split', () => {
    expect(() =>
      pickRunImages(rows, {
        datasetId: 'd',
        trainSplit: 'train',
        valSplit: 'train',
        valFraction: 0,
        seed: 1,
      }),
    ).toThrow(/validation split 'train' is the training split/);
  });
});
