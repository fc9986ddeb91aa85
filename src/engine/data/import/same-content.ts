// Finds a finished dataset in the library that a new drop would import again: every image the earlier import
// accepted is in the drop at the same path with the same bytes (SHA-256), and the drop has no image that import
// did not see. The cheap path-and-size test runs first; files are hashed only for a dataset that passes it.
import type { DatasetRow, JobRow } from '../../storage/schema.ts';
import { type FileTree, hasImageExtension } from '../file-tree.ts';
import { sha256Hex } from '../hash.ts';

export interface StoredImport {
  dataset: DatasetRow;
  job: JobRow | undefined;
}

/** The dataset the tree (already unwrapped, as `prepareTree` gives it) duplicates, or null. */
export async function findSameContent(
  tree: FileTree,
  stored: readonly StoredImport[],
  signal?: AbortSignal,
): Promise<DatasetRow | null> {
  const byPath = new Map(tree.files.map((f) => [f.path, f]));
  for (const { dataset, job } of stored) {
    if (dataset.state !== 'ready' || !job || job.items.length === 0) continue;
    // Files the earlier import looked at: its images and the files its report names (rejected ones included).
    const seen = new Set([...job.items.map((i) => i.path), ...job.problems.map((p) => p.file)]);
    const sameShape =
      job.items.every((i) => byPath.get(i.path)?.size === i.size) &&
      tree.files.every((f) => seen.has(f.path) || !hasImageExtension(f.path));
    if (!sameShape) continue;
    let same = true;
    for (const item of job.items) {
      signal?.throwIfAborted();
      if ((await sha256Hex(await byPath.get(item.path)!.read())) !== item.hash) {
        same = false;
        break;
      }
    }
    if (same) return dataset;
  }
  return null;
}

/** `name (copy)`, or `name (copy 2)`, … : the first one no dataset in the library has. */
export function copyName(name: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${name} (copy)` : `${name} (copy ${n})`;
    if (!names.has(candidate)) return candidate;
  }
}
