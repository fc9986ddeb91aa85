// What a format reader produces before any image is read: which files are images of which class and split.

import type { FileTree } from '../file-tree.ts';
import { formatCount, MAX_TEXT_BYTES } from '../limits.ts';
import type { Pace } from '../pace.ts';
import { DatasetError, type DatasetFormat, type ImportProblem } from '../report.ts';
import { decodeText } from '../text.ts';

export interface PlannedImage {
  path: string;
  label: number | null;
  split: string;
  /** The list/CSV line that named this image, for report lines about it. */
  source?: { file: string; line: number };
}

export interface DatasetPlan {
  format: DatasetFormat;
  classes: string[];
  /** Where each class is defined (its folder, or its label-list line), for per-class report lines. */
  classOrigins: Array<{ file: string; line?: number }>;
  entries: PlannedImage[];
  problems: ImportProblem[];
  /** Files the format consumed as metadata or already reported (not to be called "unlisted"). */
  claimed: Set<string>;
}

/** `pace` keeps long metadata loops cancellable (and reports lines read); without it they just run. */
export type Planner = (tree: FileTree, pace?: Pace) => Promise<DatasetPlan>;

/** Index of the tree by path, with a fallback for list paths written with Windows separators. */
export class PathIndex {
  private readonly paths: Set<string>;
  constructor(tree: FileTree) {
    this.paths = new Set(tree.files.map((f) => f.path));
  }
  /** Resolved path and whether backslashes had to be turned into slashes; null when absent. */
  resolve(raw: string): { path: string; viaBackslash: boolean } | null {
    const direct = stripDot(raw);
    if (this.paths.has(direct)) return { path: direct, viaBackslash: false };
    const slashed = stripDot(raw.replace(/\\/g, '/'));
    if (slashed !== direct && this.paths.has(slashed)) return { path: slashed, viaBackslash: true };
    return null;
  }
}

function stripDot(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/** Reads a text file from the tree by exact path; one larger than MAX_TEXT_BYTES is refused before it is read. */
export async function readText(tree: FileTree, path: string): Promise<string> {
  const file = tree.files.find((f) => f.path === path);
  if (!file) throw new Error(`readText: ${path} is not in the tree`);
  const tooBig = (size: number) =>
    new DatasetError(
      `${formatCount(size)} bytes; list, label-list and CSV files may have at most ${formatCount(MAX_TEXT_BYTES)}`,
      path,
    );
  if (file.size > MAX_TEXT_BYTES) throw tooBig(file.size);
  const bytes = await file.read();
  // A file that grew after it was listed is held to the same cap.
  if (bytes.length > MAX_TEXT_BYTES) throw tooBig(bytes.length);
  return decodeText(bytes);
}
