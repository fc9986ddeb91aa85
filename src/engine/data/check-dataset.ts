// Detection + validation of a whole dataset without decoding pixels: the shared core of the browser import
// and `webclas import-check`. Reads every planned image once (header walk + SHA-256), never stores anything.

import { archiveKind, expandArchive } from './archive.ts';
import { reviewClassNames } from './class-names.ts';
import { detectFormat, formatMismatch, planners } from './detect.ts';
import { type FileTree, hasImageExtension, unwrapTree } from './file-tree.ts';
import type { PlannedImage } from './formats/plan.ts';
import { sha256Hex } from './hash.ts';
import type { ImageFacts } from './image/facts.ts';
import { inspectImage } from './image/inspect.ts';
import { maxMegapixels as megapixelCap } from './image/pixel-cap.ts';
import { Pace } from './pace.ts';
import {
  DatasetError,
  type DatasetFormat,
  datasetFormats,
  type ImportItem,
  type ImportProblem,
  type ImportReport,
} from './report.ts';

export interface CheckOptions {
  /** Force a format instead of detecting it. */
  format?: DatasetFormat;
  /** Megapixel cap above which images are flagged as downscaled on import (default 40). */
  maxMegapixels?: number;
  /** Classes with fewer accepted labeled images are flagged (default 2: one train, one val). */
  minImagesPerClass?: number;
  /** Files read at once (default 8). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Lines of list/label-list/CSV files read so far, and known so far (a long list reports every ~50 ms). */
  onListProgress?: (linesDone: number, linesTotal: number) => void;
  /**
   * Called as each readable image is hashed, with its bytes (the import stages them while the check goes on).
   * The check waits for the returned promise, so a slow consumer holds the reads back.
   */
  onImage?: (image: { item: ImportItem; bytes: Uint8Array }) => void | Promise<void>;
  /**
   * Called once with the paths of the images about to be read, in read order, before the first read (the import
   * reads them ahead in groups: one read of many small files costs far less than one read each).
   */
  onPlan?: (paths: readonly string[]) => void;
  /** Stops the check in any phase: while lists are parsed, images read, or the report put together. */
  signal?: AbortSignal;
}

export const defaultMaxMegapixels = megapixelCap;

export async function checkDataset(input: FileTree, options: CheckOptions = {}): Promise<ImportReport> {
  const maxMegapixels = options.maxMegapixels ?? defaultMaxMegapixels;
  const minPerClass = options.minImagesPerClass ?? 2;
  const tree = unwrapTree(await expandLoneArchive(unwrapTree(input)));
  if (tree.files.length === 0) throw new DatasetError('no files found (after skipping OS clutter)');
  if (options.format && !datasetFormats.includes(options.format)) {
    throw new DatasetError(
      `unknown format '${options.format}' (expected one of ${datasetFormats.join(', ')})`,
    );
  }
  const format = options.format ?? detectFormat(tree);
  const mismatch = options.format ? formatMismatch(tree, options.format) : null;
  if (mismatch) throw new DatasetError(`format '${format}' was requested but ${mismatch}`);
  options.signal?.throwIfAborted();
  const pace = new Pace(options.signal, options.onListProgress);
  const plan = await planners[format](tree, pace);
  // Lookalike class names get a warning each; a lone NFD name is stored in NFC (class-names.ts).
  const names = reviewClassNames(plan.classes, plan.classOrigins);
  plan.classes = names.classes;
  options.signal?.throwIfAborted();
  const problems: ImportProblem[] = [...(tree.problems ?? []), ...plan.problems, ...names.problems];

  const byPath = new Map(tree.files.map((f) => [f.path, f]));
  options.onPlan?.(plan.entries.map((e) => e.path));
  const results = await mapLimited(plan.entries, options.concurrency ?? 8, options, async (entry) => {
    const bytes = await byPath.get(entry.path)!.read();
    const inspection = inspectImage(bytes, entry.path, { maxMegapixels });
    const hash = inspection.facts ? await sha256Hex(bytes) : '';
    if (inspection.facts && options.onImage)
      await options.onImage({ item: itemOf(entry, inspection.facts, hash, bytes.length), bytes });
    return { entry, inspection, hash, size: bytes.length };
  });

  const items: ImportItem[] = [];
  const firstByHash = new Map<string, PlannedImage>();
  for (const { entry, inspection, hash, size } of results) {
    if (pace.due()) await pace.pause();
    const at = { file: entry.path };
    for (const f of inspection.findings)
      problems.push({ ...at, severity: f.severity, code: f.code, reason: f.reason });
    const odd = oddNameReason(entry.path);
    if (odd) problems.push({ ...at, severity: 'warning', code: 'odd-name', reason: odd });
    const facts = inspection.facts;
    if (!facts) continue;
    // Duplicates stay in the dataset (the import stores their bytes once) but are named: across splits they
    // leak evaluation data, across labels one of the labels is wrong.
    const original = firstByHash.get(hash);
    if (original) {
      problems.push({
        ...at,
        severity: 'warning',
        code: 'duplicate-file',
        reason: duplicateReason(original, entry, plan.classes),
      });
    } else {
      firstByHash.set(hash, entry);
    }
    items.push({ ...itemOf(entry, facts, hash, size), ...(original ? { duplicateOf: original.path } : {}) });
  }

  const planned = new Set(plan.entries.map((e) => e.path));
  for (const f of tree.files) {
    if (pace.due()) await pace.pause();
    if (planned.has(f.path) || plan.claimed.has(f.path)) continue;
    problems.push(
      hasImageExtension(f.path)
        ? {
            file: f.path,
            severity: 'warning',
            code: 'unlisted',
            reason: `image not named by the ${format} metadata; skipped`,
          }
        : {
            file: f.path,
            severity: 'warning',
            code: 'ignored-file',
            reason: 'not an image or dataset metadata; ignored',
          },
    );
  }

  const perClass = new Array<number>(plan.classes.length).fill(0);
  for (const it of items) if (it.label !== null) perClass[it.label]!++;
  perClass.forEach((count, c) => {
    if (count >= minPerClass) return;
    problems.push({
      ...plan.classOrigins[c]!,
      severity: 'warning',
      code: 'too-few-images',
      reason: `class '${plan.classes[c]}' has ${count} usable image${count === 1 ? '' : 's'}; at least ${minPerClass} are needed to split it`,
    });
  });

  const splits: Record<string, number> = {};
  for (const it of items) splits[it.split] = (splits[it.split] ?? 0) + 1;
  return {
    format,
    classes: plan.classes,
    splits,
    accepted: items.length,
    problems: sortProblems(problems),
    items,
  };
}

function itemOf(entry: PlannedImage, facts: ImageFacts, hash: string, size: number): ImportItem {
  return {
    path: entry.path,
    label: entry.label,
    split: entry.split,
    width: facts.width,
    height: facts.height,
    hash,
    mime: facts.mime,
    size,
    orientation: facts.orientation,
    grayscale: facts.grayscale,
    alpha: facts.alpha,
  };
}

function duplicateReason(original: PlannedImage, copy: PlannedImage, classes: string[]): string {
  const name = (label: number | null) => (label === null ? 'unlabeled' : `'${classes[label]}'`);
  const head = `same content as ${original.path}`;
  if (original.label !== copy.label)
    return `${head}, labelled ${name(original.label)} there and ${name(copy.label)} here`;
  if (original.split !== copy.split)
    return `${head} in split '${original.split}': the '${copy.split}' copy leaks between splits`;
  return `${head}: the same image counts twice`;
}

/** A drop of exactly one archive file means "the dataset is inside". */
async function expandLoneArchive(tree: FileTree): Promise<FileTree> {
  const only = tree.files.length === 1 ? tree.files[0]! : null;
  if (!only || !archiveKind(only.path)) return tree;
  return expandArchive(only.path, await only.read());
}

/** Control characters, backslashes, and blanks at either end of a segment break scripts and other tools. */
export function oddNameReason(path: string): string | null {
  const reasons: string[] = [];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) reasons.push('control characters');
  if (path.includes('\\')) reasons.push('a backslash');
  if (path.split('/').some((seg) => seg !== seg.trim())) reasons.push('leading or trailing spaces');
  return reasons.length ? `odd file name: contains ${reasons.join(', ')}` : null;
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      if (a.p.file !== b.p.file) return a.p.file < b.p.file ? -1 : 1;
      const la = a.p.line ?? 0;
      const lb = b.p.line ?? 0;
      return la !== lb ? la - lb : a.i - b.i;
    })
    .map(({ p }) => p);
}

/** Runs `fn` over items with bounded parallelism, keeping input order in the result. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  options: CheckOptions,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      options.signal?.throwIfAborted();
      const i = next++;
      out[i] = await fn(items[i]!);
      options.onProgress?.(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
