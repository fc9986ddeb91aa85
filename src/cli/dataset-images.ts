// Shared by `webclas train` and `webclas eval`: a dataset folder/archive → labelled image bytes per split, via the
// import checker (folder-per-class, PaddleClas lists, …). Without a val split, a seeded stratified one is made.
import { checkDataset } from '../engine/data/check-dataset.ts';
import type { DataFile } from '../engine/data/file-tree.ts';
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
}

function findFile(files: readonly DataFile[], byPath: Map<string, DataFile>, path: string): DataFile {
  // checkDataset reports paths inside the unwrapped tree (a lone top folder removed), so match on the suffix too.
  const f = byPath.get(path) ?? files.find((x) => x.path.endsWith(`/${path}`));
  if (!f) throw new Error(`dataset: cannot find the file of item '${path}'`);
  return f;
}

export async function loadDatasetImages(dir: string, valSplit: number, seed: number): Promise<DatasetImages> {
  const tree = await treeFromPath(dir);
  const report = await checkDataset(tree);
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length)
    throw new Error(
      `dataset ${dir}: ${errors.map((e) => `${where(e.file, e.line)}: ${e.reason}`).join('; ')}`,
    );
  // Byte-identical files stay (import-check names them): the studio trains and evaluates on every labelled row,
  // and `webclas eval` must score the same set for its top-1 to match the studio's.
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
  const byPath = new Map(tree.files.map((f) => [f.path, f]));
  const entries = await Promise.all(
    labelled.map(async (i) => ({
      name: i.path,
      label: i.label!,
      base64: Buffer.from(await findFile(tree.files, byPath, i.path).read()).toString('base64'),
    })),
  );
  return {
    classes: report.classes,
    train: entries.filter((_, k) => split[k] === 'train'),
    val: entries.filter((_, k) => split[k] === 'val'),
    valSource,
  };
}
