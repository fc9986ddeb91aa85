// Flat images plus a root-level CSV `path,label` (header optional; label a class name or a 0-based index).
// Several CSVs are allowed; a name containing "val"/"test" selects that split, anything else is train.
// Indices must be below the classes a label list names; without one, an index or a count of class names past
// MAX_CLASSES stops the import naming file and line.

import type { FileTree } from '../file-tree.ts';
import { formatCount, MAX_CLASSES } from '../limits.ts';
import type { Pace } from '../pace.ts';
import { DatasetError, type ImportProblem } from '../report.ts';
import { countLines } from '../text.ts';
import { parseCsv } from './csv-parse.ts';
import { findLabelLists, numberedClasses, outOfRange, parseLabelList } from './label-list.ts';
import { type DatasetPlan, PathIndex, type PlannedImage, readText } from './plan.ts';

const pathHeaders = /^(path|file|filename|file_name|filepath|image|image_path|img|image_id|id)$/i;
const labelHeaders = /^(label|labels|class|class_name|category|target|species|name)$/i;
const isIndex = (s: string) => /^\d+$/.test(s);

export function findCsvFiles(tree: FileTree): string[] {
  return tree.files
    .map((f) => f.path)
    .filter((p) => !p.includes('/') && p.toLowerCase().endsWith('.csv'))
    .sort();
}

export function splitOfCsv(name: string): string {
  const stem = name.toLowerCase().replace(/\.csv$/, '');
  if (/(^|[^a-z])(val|valid|validation)([^a-z]|$)/.test(stem)) return 'val';
  if (/(^|[^a-z])test([^a-z]|$)/.test(stem)) return 'test';
  return 'train';
}

export async function planCsv(tree: FileTree, pace?: Pace): Promise<DatasetPlan> {
  const problems: ImportProblem[] = [];
  const claimed = new Set<string>();
  const rows: Array<{ file: string; line: number; path: string; label: string; split: string }> = [];
  const malformedPaths: string[] = [];
  for (const file of findCsvFiles(tree)) {
    claimed.add(file);
    const text = await readText(tree, file);
    if (pace) pace.total += countLines(text);
    const parsed = await parseCsv(text, file, pace);
    let pathCol = 0;
    let labelCol = 1;
    const first = parsed[0];
    if (first && isHeader(first.cells)) {
      const p = first.cells.findIndex((c) => pathHeaders.test(c.trim()));
      const l = first.cells.findIndex((c) => labelHeaders.test(c.trim()));
      pathCol = Math.max(p, 0);
      labelCol = l >= 0 && l !== pathCol ? l : pathCol === 0 ? 1 : 0;
      parsed.shift();
    }
    for (const { line, cells } of parsed) {
      const path = cells[pathCol]?.trim() ?? '';
      const label = cells[labelCol]?.trim() ?? '';
      if (path === '' || label === '') {
        problems.push({
          file,
          line,
          severity: 'error',
          code: 'malformed-line',
          reason: 'expected path,label',
        });
        if (path !== '') malformedPaths.push(path);
        continue;
      }
      rows.push({ file, line, path, label, split: splitOfCsv(file) });
    }
  }

  // Names from a label list when one exists; otherwise indices stay numbers and names sort alphabetically.
  const labelFiles = findLabelLists(tree.files.map((f) => f.path));
  const labelFile = labelFiles[0];
  for (const f of labelFiles) claimed.add(f);
  let classes: string[];
  let classOrigins: DatasetPlan['classOrigins'];
  const allIndices = rows.every((r) => isIndex(r.label));
  if (labelFile) {
    const parsed = await parseLabelList(labelFile, await readText(tree, labelFile), pace);
    problems.push(...parsed.problems);
    classes = parsed.names;
    classOrigins = parsed.lines.map((line) => (line ? { file: labelFile, line } : { file: labelFile }));
  } else if (allIndices) {
    classes = numberedClasses(rows.map((r) => ({ text: r.label, file: r.file, line: r.line })));
    classOrigins = classes.map(() => ({ file: rows[0]?.file ?? '' }));
  } else {
    // Each class is defined by the first row naming it.
    const firstRow = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      if (firstRow.has(r.label)) continue;
      if (firstRow.size === MAX_CLASSES) {
        throw new DatasetError(
          `class '${r.label}' is one more than the limit of ${formatCount(MAX_CLASSES)} classes`,
          r.file,
          r.line,
        );
      }
      firstRow.set(r.label, r);
    }
    classes = [...firstRow.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    classOrigins = classes.map((c) => {
      const r = firstRow.get(c)!;
      return { file: r.file, line: r.line };
    });
  }
  const byName = new Map(classes.map((c, i) => [c, i]));

  const index = new PathIndex(tree);
  for (const p of malformedPaths) {
    const found = index.resolve(p);
    if (found) claimed.add(found.path);
  }
  const seen = new Map<string, { file: string; line: number; label: number }>();
  const entries: PlannedImage[] = [];
  for (const r of rows) {
    if (pace?.due()) await pace.pause();
    const at = { file: r.file, line: r.line };
    const problem = (severity: 'error' | 'warning', code: string, reason: string) =>
      problems.push({ ...at, severity, code, reason });
    // A rejected line still names its file: keep that file out of the "unlisted" lines.
    const claim = () => {
      const found = index.resolve(r.path);
      if (found) claimed.add(found.path);
    };
    let label: number;
    if (allIndices) {
      label = Number(r.label);
      if (label >= classes.length) {
        problem('error', 'label-out-of-range', outOfRange(r.label, classes.length, labelFile));
        claim();
        continue;
      }
    } else if (byName.has(r.label)) {
      label = byName.get(r.label)!;
    } else {
      problem('error', 'unknown-class', `class '${r.label}' is not in ${labelFile}`);
      claim();
      continue;
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
      if (prior.label === label && prior.file === r.file)
        problem('warning', 'duplicate-line', `repeats ${where}; ignored`);
      else problem('error', 'conflicting-label', `also listed at ${where}; first kept`);
      continue;
    }
    seen.set(resolved.path, { ...at, label });
    entries.push({ path: resolved.path, label, split: r.split, source: at });
  }
  return { format: 'csv', classes, classOrigins, entries, problems, claimed };
}

function isHeader(cells: string[]): boolean {
  return (
    cells.some((c) => pathHeaders.test(c.trim())) || cells.slice(1).some((c) => labelHeaders.test(c.trim()))
  );
}
