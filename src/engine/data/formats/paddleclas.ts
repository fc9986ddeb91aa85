// PaddleClas list format (its flowers102 folder): train_list.txt / val_list.txt (/ test_list.txt) with lines
// `relative/path.jpg LABEL` (0-based), optional train_extra_list.txt (unlabeled pool) and `*_label_list.txt`.
// A label must be below the classes the label list names; without one, a label past MAX_CLASSES stops the import.

import type { FileTree } from '../file-tree.ts';
import type { Pace } from '../pace.ts';
import type { ImportProblem } from '../report.ts';
import { splitLines } from '../text.ts';
import { findLabelLists, numberedClasses, outOfRange, parseLabelList } from './label-list.ts';
import { type DatasetPlan, PathIndex, type PlannedImage, readText } from './plan.ts';

/** List file name → split; the extra list is the unlabeled pool (labels, if present, are ignored). */
export const paddleLists: Record<string, string> = {
  'train_list.txt': 'train',
  'val_list.txt': 'val',
  'test_list.txt': 'test',
  'train_extra_list.txt': 'unlabeled',
};

export function hasPaddleLists(tree: FileTree): boolean {
  return tree.files.some((f) => f.path === 'train_list.txt' || f.path === 'val_list.txt');
}

interface RawLine {
  file: string;
  line: number;
  path: string;
  labelText: string | null;
}

export async function planPaddleClas(tree: FileTree, pace?: Pace): Promise<DatasetPlan> {
  const problems: ImportProblem[] = [];
  const claimed = new Set<string>();
  const rootPaths = tree.files.map((f) => f.path);

  let classes: string[] | null = null;
  let classOrigins: DatasetPlan['classOrigins'] = [];
  const labelFiles = findLabelLists(rootPaths);
  const labelFile = labelFiles[0];
  for (const f of labelFiles) claimed.add(f);
  if (labelFile) {
    const file = labelFile;
    const parsed = await parseLabelList(file, await readText(tree, file), pace);
    problems.push(...parsed.problems);
    classes = parsed.names;
    classOrigins = parsed.lines.map((line) => (line ? { file, line } : { file }));
    for (const other of labelFiles.slice(1)) {
      problems.push({
        file: other,
        severity: 'warning',
        code: 'ignored-file',
        reason: `second label list; ${file} is used`,
      });
    }
  }

  const raw: Array<RawLine & { split: string }> = [];
  for (const [listName, split] of Object.entries(paddleLists)) {
    if (!rootPaths.includes(listName)) continue;
    claimed.add(listName);
    const lines = splitLines(await readText(tree, listName), listName);
    if (pace) pace.total += lines.length;
    for (const { line, text } of lines) {
      if (pace) {
        pace.done++;
        if (pace.due()) await pace.pause();
      }
      const parsed = parseListLine(listName, line, text, split === 'unlabeled', problems);
      if (parsed) raw.push({ ...parsed, split });
    }
  }

  // Without a label map, classes are the label numbers 0..max seen: each is held to the cap before it sizes them.
  if (!classes) {
    classes = numberedClasses(
      raw
        .filter((r) => r.labelText && /^\d+$/.test(r.labelText))
        .map((r) => ({ text: r.labelText!, file: r.file, line: r.line })),
    );
    classOrigins = classes.map(() => ({ file: raw[0]?.file ?? 'train_list.txt' }));
    problems.push({
      file: raw[0]?.file ?? 'train_list.txt',
      severity: 'warning',
      code: 'no-label-list',
      reason: 'no *_label_list.txt: classes are named by their numbers',
    });
  }

  const index = new PathIndex(tree);
  const seen = new Map<string, { file: string; line: number; label: number | null; split: string }>();
  const entries: PlannedImage[] = [];
  for (const r of raw) {
    if (pace?.due()) await pace.pause();
    const at = { file: r.file, line: r.line };
    const problem = (severity: 'error' | 'warning', code: string, reason: string) =>
      problems.push({ ...at, severity, code, reason });
    // A rejected line still names its file: keep that file out of the "unlisted" lines.
    const claim = () => {
      const found = index.resolve(r.path);
      if (found) claimed.add(found.path);
    };
    let label: number | null = null;
    if (r.split !== 'unlabeled') {
      if (!/^[+-]?\d+$/.test(r.labelText!)) {
        problem('error', 'bad-label', `label '${r.labelText}' is not an integer`);
        claim();
        continue;
      }
      label = Number(r.labelText);
      if (label < 0 || label >= classes.length) {
        problem('error', 'label-out-of-range', outOfRange(r.labelText!, classes.length, labelFile));
        claim();
        continue;
      }
    }
    const resolved = index.resolve(r.path);
    if (!resolved) {
      problem('error', 'missing-file', `listed file not found: ${r.path}`);
      continue;
    }
    if (resolved.viaBackslash) problem('warning', 'backslash-path', `path uses backslashes: ${r.path}`);
    const prior = seen.get(resolved.path);
    if (prior) {
      const where = prior.file === r.file ? `line ${prior.line}` : `${prior.file} line ${prior.line}`;
      if (prior.file === r.file && prior.label === label) {
        problem('warning', 'duplicate-line', `repeats ${where}; ignored`);
      } else if (prior.file === r.file) {
        problem('error', 'conflicting-label', `listed with label ${prior.label} at ${where}; first kept`);
      } else {
        const severity = r.split === 'unlabeled' || prior.split === 'unlabeled' ? 'warning' : 'error';
        problem(severity, 'split-overlap', `already in split '${prior.split}' (${where}); first kept`);
      }
      continue;
    }
    seen.set(resolved.path, { ...at, label, split: r.split });
    entries.push({ path: resolved.path, label, split: r.split, source: at });
  }
  return { format: 'paddleclas', classes, classOrigins, entries, problems, claimed };
}

/**
 * `path LABEL`: tolerant of tabs, repeated spaces and trailing blanks (CRLF/BOM are gone by now).
 * The label is the last field, so paths containing spaces survive.
 */
function parseListLine(
  file: string,
  line: number,
  text: string,
  unlabeled: boolean,
  problems: ImportProblem[],
): RawLine | null {
  const t = text.trim();
  if (t === '' || t.startsWith('#')) return null;
  const m = /^(.*\S)\s+(\S+)$/.exec(t);
  if (unlabeled) {
    // The pool may carry a (ignored) label column or just paths.
    if (m && /^[+-]?\d+$/.test(m[2]!)) return { file, line, path: m[1]!, labelText: null };
    return { file, line, path: t, labelText: null };
  }
  if (!m) {
    problems.push({
      file,
      line,
      severity: 'error',
      code: 'malformed-line',
      reason: `expected 'path label', got '${t}'`,
    });
    return null;
  }
  return { file, line, path: m[1]!, labelText: m[2]! };
}
