// PaddleClas label map (`*_label_list.txt`): lines `ID name`, IDs 0-based and contiguous.
// The class count comes from the lines, never from an ID: an ID must be below the number of `ID name` lines
// (else that line is rejected), and an ID or line count past MAX_CLASSES stops the import naming file and line.

import { formatCount, MAX_CLASSES } from '../limits.ts';
import type { Pace } from '../pace.ts';
import { DatasetError, type ImportProblem } from '../report.ts';
import { splitLines } from '../text.ts';

export interface LabelList {
  names: string[];
  /** 1-based line defining each class (0 when the ID was missing and a placeholder name is used). */
  lines: number[];
  problems: ImportProblem[];
}

export async function parseLabelList(file: string, text: string, pace?: Pace): Promise<LabelList> {
  const problems: ImportProblem[] = [];
  const error = (line: number, code: string, reason: string) =>
    problems.push({ file, line, severity: 'error', code, reason });
  const all = splitLines(text, file);
  if (pace) pace.total += all.length;
  const named: Array<{ line: number; id: number; name: string }> = [];
  for (const { line, text: raw } of all) {
    if (pace) {
      pace.done++;
      if (pace.due()) await pace.pause();
    }
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    const m = /^(\S+)\s+(.+)$/.exec(t);
    if (!m) {
      error(line, 'malformed-line', `expected 'ID name', got '${t}'`);
      continue;
    }
    if (!/^\d+$/.test(m[1]!)) {
      error(line, 'bad-label', `class ID '${m[1]}' is not a non-negative integer`);
      continue;
    }
    const id = Number(m[1]);
    if (id >= MAX_CLASSES) {
      throw new DatasetError(
        `class ID ${m[1]} is not below the limit of ${formatCount(MAX_CLASSES)} classes`,
        file,
        line,
      );
    }
    if (named.length === MAX_CLASSES) {
      throw new DatasetError(`names more than ${formatCount(MAX_CLASSES)} classes (the limit)`, file, line);
    }
    named.push({ line, id, name: m[2]!.trim() });
  }

  // IDs run 0..n-1 over n lines, so an ID at or past the line count can only be a gap or a typo.
  const byId = new Map<number, { name: string; line: number }>();
  let count = 0;
  for (const { line, id, name } of named) {
    if (id >= named.length) {
      error(
        line,
        'label-out-of-range',
        `class ID ${id} is not below the ${named.length} classes this file names; line skipped`,
      );
      continue;
    }
    const prior = byId.get(id);
    if (prior) {
      error(line, 'duplicate-class-id', `class ID ${id} already defined at line ${prior.line}; first kept`);
      continue;
    }
    byId.set(id, { name, line });
    count = Math.max(count, id + 1);
  }
  const names: string[] = [];
  const lines: number[] = [];
  for (let id = 0; id < count; id++) {
    const entry = byId.get(id);
    if (!entry) {
      problems.push({
        file,
        severity: 'error',
        code: 'missing-class-id',
        reason: `class ID ${id} is missing (IDs must run 0..${count - 1}); named '${id}'`,
      });
    }
    names.push(entry?.name ?? String(id));
    lines.push(entry?.line ?? 0);
  }
  return { names, lines, problems };
}

/** Why a list label is refused: `label 7 is not below the 3 classes named in flowers_label_list.txt`. */
export function outOfRange(labelText: string, classCount: number, labelFile: string | undefined): string {
  if (labelText.startsWith('-') && Number(labelText) < 0) return `label ${labelText} is negative`;
  const named = labelFile ? `named in ${labelFile}` : 'numbered in the lists';
  return `label ${labelText} is not below the ${classCount} classes ${named}`;
}

/** Root-level label map files, PaddleClas style (`flowers102_label_list.txt`) or plain `label_list.txt`. */
export function findLabelLists(paths: string[]): string[] {
  return paths.filter((p) => !p.includes('/') && /(^|[_-])label_list\.txt$/i.test(p)).sort();
}

/**
 * Without a label map, the classes are the label numbers 0..max seen in a list: each number is held to MAX_CLASSES
 * before it sizes the class array (a `4294967296` label must not allocate 4 G names).
 */
export function numberedClasses(labels: readonly { text: string; file: string; line?: number }[]): string[] {
  let max = -1;
  for (const l of labels) {
    const label = Number(l.text);
    if (label >= MAX_CLASSES) {
      throw new DatasetError(
        `label ${l.text} is not below the limit of ${formatCount(MAX_CLASSES)} classes (no *_label_list.txt names the classes)`,
        l.file,
        l.line,
      );
    }
    max = Math.max(max, label);
  }
  return Array.from({ length: max + 1 }, (_, i) => String(i));
}
