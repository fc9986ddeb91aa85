// Pure view logic of the Datasets screen: filtering images, laying them out in grid rows, and turning a seeded
// stratified re-split into the changes to store.
import { stratifiedSplit } from '../../engine/data/split.ts';
import type { ImageRow } from '../../engine/storage/schema.ts';

export interface ImageFilter {
  /** Class index, 'unlabeled', or null for all. */
  label: number | 'unlabeled' | null;
  /** Split name or null for all. */
  split: string | null;
}

export function filterImages(images: readonly ImageRow[], f: ImageFilter): ImageRow[] {
  return images.filter(
    (img) =>
      (f.split === null || img.split === f.split) &&
      (f.label === null || (f.label === 'unlabeled' ? img.label === null : img.label === f.label)),
  );
}

/** Columns that fit `width` with cells of `cell` px and `gap` px between them (at least one). */
export function gridColumns(width: number, cell: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (cell + gap)));
}

/** Images of grid row `row` for `columns` columns. */
export function rowSlice<T>(items: readonly T[], row: number, columns: number): T[] {
  return items.slice(row * columns, (row + 1) * columns);
}

/**
 * A seeded stratified re-split of the labeled images (unlabeled ones keep their split); returns only the ids
 * whose split changes, so re-running with the same seed changes nothing.
 */
export function resplitChanges(
  images: readonly ImageRow[],
  fractions: { val: number; test?: number },
  seed: number,
): Map<string, string> {
  const labeled = images.filter((img) => img.label !== null);
  const splits = stratifiedSplit(
    labeled.map((img) => ({ key: img.path, label: img.label! })),
    fractions,
    seed,
  );
  const changes = new Map<string, string>();
  labeled.forEach((img, i) => {
    if (img.split !== splits[i]) changes.set(img.id, splits[i]!);
  });
  return changes;
}

/** Counts per split, in a stable display order (train, val, test, then the rest). */
export function splitCounts(images: readonly ImageRow[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const img of images) counts.set(img.split, (counts.get(img.split) ?? 0) + 1);
  const order = ['train', 'val', 'test'];
  return [...counts].sort(([a], [b]) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : 1);
  });
}

export function formatBytes(n: number | null): string {
  if (n === null) return 'unknown';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
