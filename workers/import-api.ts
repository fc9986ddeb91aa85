// The import worker's typed API. The UI imports only these types (never the worker module), through comlink.

import type { ImportOptions, ImportOutcome } from '../src/engine/data/import/import-job.ts';
import type { ImportProgress } from '../src/engine/data/import/progress.ts';

/** A file the UI collected, with its path relative to the dropped root (folders walked by the UI). */
export interface SourceFile {
  path: string;
  file: Blob;
}

/** A finished dataset that a drop would import again (same images, by content hash), and a free name for a copy. */
export interface SameContent {
  id: string;
  name: string;
  images: number;
  copyName: string;
}

export interface ImportWorkerApi {
  /** The dataset these files were already imported as, or null; hashes files only for a path-and-size match. */
  findSameContent(files: SourceFile[]): Promise<SameContent | null>;
  /** Checks and imports a dataset into IndexedDB; progress through onProgress (a comlink proxy). */
  importDataset(
    files: SourceFile[],
    options: ImportOptions,
    onProgress?: (p: ImportProgress) => void,
    onJob?: (datasetId: string) => void,
  ): Promise<ImportOutcome>;
  /** Finishes an interrupted import; `files` only when it stopped before every original was copied. */
  resumeImport(
    datasetId: string,
    files?: SourceFile[],
    onProgress?: (p: ImportProgress) => void,
  ): Promise<ImportOutcome>;
  /** Cancels the running import after its current batch (what is stored stays, and can be resumed). */
  cancel(): void;
  /** The dataset as a PaddleClas zip (originals, lists, label list). */
  exportPaddleClas(datasetId: string): Promise<Uint8Array>;
}
