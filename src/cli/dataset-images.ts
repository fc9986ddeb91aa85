// Shared by `webclas train` and `webclas eval`: a dataset folder/archive → labelled image bytes per split, via the
// import checker (folder-per-class, PaddleClas lists, …). Without a val split, a seeded stratified one is made.
// A bad image file (empty, corrupt, truncated, unsupported, over an archive cap, or over the megapixel cap) is a
// reported skip, not the end of the run; broken metadata (lists, labels) still stops it.
import { checkDataset } from '../engine/data/check-dataset.ts';
import type { DataFile } from '../engine/data/file-tree.ts';
import { overPixelCap } from '../engine/data/image/pixel-cap.ts';
import { where } from '../engine/data/report.ts';
import { stratifiedSplit } from '../engine/data/split.ts';
import type { ImageEntry } from '../engine/nn/loop/task-payload.ts';
import { treeFromPath } from './import-check.ts';

export interface DatasetImages {
  classes: string[];
  train: ImageEntry[];
  val: ImageEntry[];
  /** Where the val split came from. */
  valSource: 'dataset' | 'stratified' | 'none';
  /** Images left out, each already passed to `onSkip`. */
  skipped: SkippedImage[];
}

export interface SkippedImage {
  file: string;
  reason: string;
}

/** `skipped FILE: reason` on the CLI's progress stream, the form the tasks use for files they cannot decode. */
export function reportSkip(io: { progress(line: string): void }): (s: SkippedImage) => void {
  return (s) => io.progress(`skipped ${s.file}: ${s.reason}`);
}

/** Report codes that reject one image file (the rest of the dataset is fine without it). */
const imageFileCodes = new Set(['empty', 'not-image', 'unsupported', 'truncated', 'corrupt', 'too-large']);

function findFile(files: readonly DataFile[], byPath: Map<string, DataFile>, path: string): DataFile {
  // checkDataset reports paths inside the unwrapped tree (a lone top folder removed), so match on the suffix too.
  const f = byPath.get(path) ?? files.find((x) => x.path.endsWith(`/${path}`));
  if (!f) throw new Error(`dataset: cannot find the file of item '${path}'`);
  return f;
}

export async function loadDatasetImages(
  dir: string,
  valSplit: number,
  seed: number,
  onSkip: (s: SkippedImage) => void = () => {},
): Promise<DatasetImages> {
  const tree = await treeFromPath(dir);
  const report = await checkDataset(tree);
  const skipped: SkippedImage[] = [];
  const skip = (s: SkippedImage) => {
    skipped.push(s);
    onSkip(s);
  };
  const errors = report.problems.filter((p) => p.severity === 'error' && !imageFileCodes.has(p.code));
  if (errors.length)
    throw new Error(
      `dataset ${dir}: ${errors.map((e) => `${where(e.file, e.line)}: ${e.reason}`).join('; ')}`,
    );
  // Byte-identical files stay (import-check names them): the studio trains and evaluates on every labelled row,
  // and `webclas eval` must score the same set for its top-1 to match the studio's.
  for (const p of report.problems) {
    if (p.severity === 'error' && imageFileCodes.has(p.code))
      skip({ file: where(p.file, p.line), reason: p.reason });
  }
  const labelled = report.items.filter((i) => i.label !== null);
  if (!labelled.length) throw new Error(`dataset ${dir}: no labelled images`);
  const hasVal = labelled.some((i) => i.split === 'val');
  let valSource: DatasetImages['valSource'] = hasVal ? 'dataset' : 'none';
  type Split = 'train' | 'val' | 'other';
  let split: Split[] = labelled.map((i) =>
    i.split === 'val' ? 'val' : i.split === 'train' ? 'train' : 'other',
  );
  if (!hasVal && valSplit > 0) {
    const pool = labelled.filter((i) => i.split === 'train');
    const assigned = stratifiedSplit(
      pool.map((i) => ({ key: i.path, label: i.label! })),
      { val: valSplit },
      seed,
    );
    const byPath = new Map(pool.map((i, k) => [i.path, assigned[k]]));
    split = labelled.map((i): Split => {
      const s = byPath.get(i.path);
      return s === 'train' || s === 'val' ? s : 'other';
    });
    valSource = 'stratified';
  }
  // Dropped after the split is cut, so a skipped image moves no other image between train and val.
  const used = labelled.map((i, k) => {
    if (split[k] === 'other') return false;
    const huge = overPixelCap(i.width, i.height);
    if (huge)
      skip({
        file: i.path,
        reason: `${huge}: decoded only at full size here (the studio's import keeps it downscaled)`,
      });
    return !huge;
  });
  const byPath = new Map(tree.files.map((f) => [f.path, f]));
  const entries = await Promise.all(
    labelled.map(async (i, k) =>
      used[k]
        ? {
            name: i.path,
            label: i.label!,
            base64: Buffer.from(await findFile(tree.files, byPath, i.path).read()).toString('base64'),
          }
        : null,
    ),
  );
  return {
    classes: report.classes,
    train: entries.filter((e, k): e is ImageEntry => e !== null && split[k] === 'train'),
    val: entries.filter((e, k): e is ImageEntry => e !== null && split[k] === 'val'),
    valSource,
    skipped,
  };
}
