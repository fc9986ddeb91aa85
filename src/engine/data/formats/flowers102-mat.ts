// The original Oxford flowers102 download: jpg/image_NNNNN.jpg + imagelabels.mat (`labels`, 1-based classes)
// + setid.mat (`trnid`, `valid`, `tstid`, 1-based image ids). Split convention as PaddleClas's
// generate_flowers102_list.py: trnid → train, valid → val; tstid (the 6k-image set) → test.
// The .mat bytes are bounded (mat-v5-bounds.ts) before mat-for-js sees them; a label past MAX_CLASSES is fatal.
/// <reference path="../mat-for-js.d.ts" />

import { read as readMat } from 'mat-for-js';
import type { FileTree } from '../file-tree.ts';
import { formatCount, MAX_CLASSES, MAX_MAT_BYTES } from '../limits.ts';
import type { Pace } from '../pace.ts';
import { DatasetError, type ImportProblem } from '../report.ts';
import { findLabelLists, parseLabelList } from './label-list.ts';
import { boundedMat } from './mat-v5-bounds.ts';
import { type DatasetPlan, type PlannedImage, readText } from './plan.ts';

export function hasFlowers102Mat(tree: FileTree): boolean {
  const paths = new Set(tree.files.map((f) => f.path));
  return paths.has('imagelabels.mat') && paths.has('setid.mat');
}

export interface Flowers102Sets {
  trnid: number[];
  valid: number[];
  tstid: number[];
}

export const flowers102Splits: Array<[keyof Flowers102Sets, string]> = [
  ['trnid', 'train'],
  ['valid', 'val'],
  ['tstid', 'test'],
];

/** `image_00042.jpg` for id 42, as in the Oxford archive. */
export function flowers102ImagePath(id: number): string {
  return `jpg/image_${String(id).padStart(5, '0')}.jpg`;
}

/**
 * Pure mapping from the two .mat files' arrays to planned images: 1-based ids and labels become paths and
 * 0-based labels. Bad ids or labels become report lines naming the variable and position; a label past
 * MAX_CLASSES throws (it would size the class list).
 */
export function mapFlowers102(
  labels: number[],
  sets: Flowers102Sets,
): { entries: PlannedImage[]; classCount: number; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  let classCount = 0;
  labels.forEach((v, i) => {
    if (Number.isInteger(v) && v > MAX_CLASSES) {
      throw new DatasetError(
        `labels(${i + 1}) = ${v} is above the limit of ${formatCount(MAX_CLASSES)} classes`,
        'imagelabels.mat',
      );
    }
    if (Number.isInteger(v) && v >= 1) classCount = Math.max(classCount, v);
    else {
      problems.push({
        file: 'imagelabels.mat',
        severity: 'error',
        code: 'bad-label',
        reason: `labels(${i + 1}) = ${v} is not a 1-based class number`,
      });
    }
  });
  const entries: PlannedImage[] = [];
  const seen = new Map<number, string>();
  for (const [variable, split] of flowers102Splits) {
    sets[variable].forEach((id, k) => {
      const at = `${variable}(${k + 1}) = ${id}`;
      const label = labels[id - 1];
      if (!Number.isInteger(id) || id < 1 || id > labels.length) {
        problems.push({
          file: 'setid.mat',
          severity: 'error',
          code: 'label-out-of-range',
          reason: `${at} is outside 1..${labels.length}`,
        });
        return;
      }
      if (seen.has(id)) {
        problems.push({
          file: 'setid.mat',
          severity: 'error',
          code: 'split-overlap',
          reason: `${at} is already in ${seen.get(id)}; first kept`,
        });
        return;
      }
      if (!(Number.isInteger(label) && label! >= 1)) return; // already reported against imagelabels.mat
      seen.set(id, variable);
      entries.push({ path: flowers102ImagePath(id), label: label! - 1, split });
    });
  }
  return { entries, classCount, problems };
}

export async function planFlowers102Mat(tree: FileTree, pace?: Pace): Promise<DatasetPlan> {
  const claimed = new Set(['imagelabels.mat', 'setid.mat']);
  const labelsMat = await readMatVars(tree, 'imagelabels.mat');
  const setMat = await readMatVars(tree, 'setid.mat');
  const labels = numericVar(labelsMat, 'imagelabels.mat', 'labels');
  const sets: Flowers102Sets = {
    trnid: numericVar(setMat, 'setid.mat', 'trnid'),
    valid: numericVar(setMat, 'setid.mat', 'valid'),
    tstid: numericVar(setMat, 'setid.mat', 'tstid'),
  };
  const mapped = mapFlowers102(labels, sets);
  const problems = mapped.problems;
  const paths = new Set(tree.files.map((f) => f.path));
  const entries = mapped.entries.filter((e) => {
    if (paths.has(e.path)) return true;
    problems.push({
      file: e.path,
      severity: 'error',
      code: 'missing-file',
      reason: 'named by setid.mat but not found',
    });
    return false;
  });

  // Oxford ships no class names; PaddleClas's flowers102_label_list.txt supplies them when present.
  let classes = Array.from({ length: mapped.classCount }, (_, i) => String(i + 1));
  let classOrigins: DatasetPlan['classOrigins'] = classes.map(() => ({ file: 'imagelabels.mat' }));
  const labelFiles = findLabelLists([...paths]);
  if (labelFiles.length > 0) {
    const file = labelFiles[0]!;
    claimed.add(file);
    const parsed = await parseLabelList(file, await readText(tree, file), pace);
    problems.push(...parsed.problems);
    if (parsed.names.length === mapped.classCount) {
      classes = parsed.names;
      classOrigins = parsed.lines.map((line) => (line ? { file, line } : { file }));
    } else {
      problems.push({
        file,
        severity: 'warning',
        code: 'ignored-file',
        reason: `${parsed.names.length} names for ${mapped.classCount} classes in imagelabels.mat; names not used`,
      });
    }
  }
  return { format: 'flowers102-mat', classes, classOrigins, entries, problems, claimed };
}

async function readMatVars(tree: FileTree, path: string): Promise<Record<string, unknown>> {
  const file = tree.files.find((f) => f.path === path)!;
  const tooBig = (size: number) =>
    new DatasetError(
      `${formatCount(size)} bytes; a .mat file may have at most ${formatCount(MAX_MAT_BYTES)}`,
      path,
    );
  if (file.size > MAX_MAT_BYTES) throw tooBig(file.size);
  const bytes = await file.read();
  if (bytes.length > MAX_MAT_BYTES) throw tooBig(bytes.length);
  const checked = boundedMat(bytes, path);
  try {
    return readMat(checked).data;
  } catch (e) {
    throw new DatasetError(`not a readable MATLAB v5 file (${(e as Error).message})`, path);
  }
}

function numericVar(vars: Record<string, unknown>, file: string, name: string): number[] {
  const v = vars[name];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) {
    const found = Object.keys(vars).join(', ') || 'none';
    throw new DatasetError(`expected a numeric vector '${name}' (variables found: ${found})`, file);
  }
  return v as number[];
}
