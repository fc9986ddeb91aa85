// The import report: what a dataset import would accept and one line per problem found.
// Shared by the browser import worker and the `webclas import-check` CLI.

export type DatasetFormat = 'folder-per-class' | 'paddleclas' | 'flowers102-mat' | 'csv';
export const datasetFormats: readonly DatasetFormat[] = [
  'folder-per-class',
  'paddleclas',
  'flowers102-mat',
  'csv',
];

export type Severity = 'error' | 'warning';

export interface ImportProblem {
  /** Path relative to the dataset root (after unwrapping a single top folder). */
  file: string;
  /** 1-based line in a list/CSV/label file when the problem comes from one. */
  line?: number;
  severity: Severity;
  /** Stable machine code (see README.md "Report reasons"). */
  code: string;
  /** Human sentence. */
  reason: string;
}

export interface ImportItem {
  path: string;
  /** Index into `classes`; null for the unlabeled pool. */
  label: number | null;
  split: string;
  width: number;
  height: number;
  /** SHA-256 of the file bytes, lowercase hex. */
  hash: string;
  mime: string;
  size: number;
  /** EXIF orientation 1..8 (1 = as stored). */
  orientation: number;
  grayscale: boolean;
  alpha: boolean;
  /** Set when an earlier item has identical bytes (storage can keep one copy). */
  duplicateOf?: string;
}

export interface ImportReport {
  format: DatasetFormat;
  /** Class names in label order. */
  classes: string[];
  /** Accepted images per split. */
  splits: Record<string, number>;
  accepted: number;
  problems: ImportProblem[];
  items: ImportItem[];
}

/** `train_list.txt line 3`, or just the file when there is no line: how messages name where a problem is. */
export function where(file: string, line?: number): string {
  return line ? `${file} line ${line}` : file;
}

/**
 * Error thrown for a dataset that cannot be read at all (nothing recognisable, unreadable archive, metadata past
 * a cap in limits.ts), naming the file and, for text metadata, the line.
 */
export class DatasetError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(file ? `${where(file, line)}: ${message}` : message);
    this.name = 'DatasetError';
  }
}
