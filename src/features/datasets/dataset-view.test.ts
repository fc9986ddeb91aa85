// View logic of the Datasets screen: filters, grid rows, seeded re-split, sizes, dataset names.
import { describe, expect, it } from 'vitest';
import type { ImageRow } from '../../engine/storage/schema.ts';
import { datasetName } from './collect-sources.ts';
import {
  filterImages,
  formatBytes,
  gridColumns,
  resplitChanges,
  rowSlice,
  splitCounts,
} from './dataset-view.ts';

const img = (path: string, label: number | null, split: string): ImageRow => ({
  id: `d:${path}`,
  datasetId: 'd',
  path,
  label,
  split,
  hash: path,
  mime: 'image/jpeg',
  size: 1,
  width: 1,
  height: 1,
  orientation: 1,
});

describe('dataset view', () => {
  const images = [
    img('a', 0, 'train'),
    img('b', 1, 'val'),
    img('c', 1, 'train'),
    img('u', null, 'unlabeled'),
  ];

  it('filters by class, unlabeled and split', () => {
    expect(filterImages(images, { label: 1, split: null }).map((i) => i.path)).toEqual(['b', 'c']);
    expect(filterImages(images, { label: 1, split: 'train' }).map((i) => i.path)).toEqual(['c']);
    expect(filterImages(images, { label: 'unlabeled', split: null }).map((i) => i.path)).toEqual(['u']);
    expect(filterImages(images, { label: null, split: null })).toHaveLength(4);
  });

  it('lays out grid rows', () => {
    expect(gridColumns(1000, 120, 8)).toBe(7);
    expect(gridColumns(50, 120, 8)).toBe(1);
    expect(rowSlice([1, 2, 3, 4, 5], 1, 2)).toEqual([3, 4]);
    expect(rowSlice([1, 2, 3, 4, 5], 2, 2)).toEqual([5]);
  });

  it('re-splits 48/12 per class, deterministically, leaving unlabeled images alone', () => {
    const many: ImageRow[] = [];
    for (let c = 0; c < 3; c++) for (let i = 0; i < 60; i++) many.push(img(`c${c}/${i}`, c, 'train'));
    many.push(img('pool/1', null, 'unlabeled'));
    const changes = resplitChanges(many, { val: 0.2 }, 7);
    expect(changes.size).toBe(36);
    expect([...changes.values()].every((s) => s === 'val')).toBe(true);
    expect(changes.has('d:pool/1')).toBe(false);
    const applied = many.map((m) => ({ ...m, split: changes.get(m.id) ?? m.split }));
    expect(resplitChanges(applied, { val: 0.2 }, 7).size).toBe(0);
    expect(splitCounts(applied)).toEqual([
      ['train', 144],
      ['val', 36],
      ['unlabeled', 1],
    ]);
    const other = resplitChanges(many, { val: 0.2 }, 8);
    expect([...other.keys()].sort()).not.toEqual([...changes.keys()].sort());
  });

  it('formats sizes and names dropped datasets', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(7.5 * 1024 * 1024)).toBe('7.5 MB');
    expect(formatBytes(null)).toBe('unknown');
    const f = (path: string) => ({ path, file: new Blob() });
    expect(datasetName([f('flowers12/train/a/1.jpg'), f('flowers12/train/b/2.jpg')])).toBe('flowers12');
    expect(datasetName([f('pets.tar.gz')])).toBe('pets');
    expect(datasetName([f('a/1.jpg'), f('b/2.jpg')])).toBe('dataset');
  });
});
