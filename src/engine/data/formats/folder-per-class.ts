// Folder per class (ImageNet/torchvision ImageFolder style), optionally under train/ val/ test/ split folders.
// Classes are the sorted folder names (code-point order, like torchvision); images may sit deeper in a class.

import { type FileTree, hasImageExtension } from '../file-tree.ts';
import { formatCount, MAX_CLASSES } from '../limits.ts';
import { DatasetError, type ImportProblem } from '../report.ts';
import { splitOfFolder } from '../split-names.ts';
import type { DatasetPlan, PlannedImage } from './plan.ts';

export async function planFolderPerClass(tree: FileTree): Promise<DatasetPlan> {
  const images = tree.files.filter((f) => hasImageExtension(f.path)).map((f) => f.path);
  const hasSplits = images.some((p) => p.includes('/') && splitOfFolder(p.split('/')[0]!) !== undefined);
  const problems: ImportProblem[] = [];
  const claimed = new Set<string>();
  const raw: Array<{ path: string; className: string; classDir: string; split: string }> = [];
  for (const path of images) {
    const parts = path.split('/');
    const split = hasSplits ? splitOfFolder(parts[0]!) : 'train';
    const depth = hasSplits ? 1 : 0;
    if (split === undefined || parts.length < depth + 2) {
      claimed.add(path);
      problems.push({
        file: path,
        severity: 'warning',
        code: 'outside-class-folder',
        reason: hasSplits
          ? 'image is not inside a split/class folder; skipped'
          : 'image is not inside a class folder; skipped',
      });
      continue;
    }
    raw.push({ path, className: parts[depth]!, classDir: parts.slice(0, depth + 1).join('/'), split });
  }
  // Each class is defined by the first folder of that name (a Map: one lookup per class, not a scan of all images).
  const firstDir = new Map<string, string>();
  for (const r of raw) {
    if (firstDir.has(r.className)) continue;
    if (firstDir.size === MAX_CLASSES) {
      throw new DatasetError(
        `one class folder more than the limit of ${formatCount(MAX_CLASSES)} classes`,
        r.classDir,
      );
    }
    firstDir.set(r.className, r.classDir);
  }
  const classes = [...firstDir.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const labelOf = new Map(classes.map((c, i) => [c, i]));
  const classOrigins = classes.map((c) => ({ file: firstDir.get(c)! }));
  const entries: PlannedImage[] = raw.map((r) => ({
    path: r.path,
    label: labelOf.get(r.className)!,
    split: r.split,
  }));
  return { format: 'folder-per-class', classes, classOrigins, entries, problems, claimed };
}
