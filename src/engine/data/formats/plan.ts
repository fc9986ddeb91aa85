// What a format reader produces before any image is read: which files are images of which class and split.

import type { FileTree } from '../file-tree.ts';
import type { DatasetFormat, ImportProblem } from '../report.ts';
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

export type Planner = (tree: FileTree) => Promise<DatasetPlan>;

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

/** Reads a text file from the tree by exact path. */
export async function readText(tree: FileTree, path: string): Promise<string> {
  const file = tree.files.find((f) => f.path === path);
  if (!file) throw new Error(`readText: ${path} is not in the tree`);
  return decodeText(await file.read());
}
