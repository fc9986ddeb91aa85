// IndexedDB schema of the dataset library (idb): row types, store layout per version, and the migrations
// that take any older database to the current version without losing rows.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ImportItem, ImportProblem } from '../data/report.ts';

export const DATASETS_DB = 'webclas-datasets';
export const DB_VERSION = 3;

export interface DatasetRow {
  id: string;
  name: string;
  format: string;
  createdAt: number;
  /** 'importing' until the import job finishes; a dataset left 'importing' has a resumable job. */
  state: 'importing' | 'ready';
  /** Bytes held for this dataset: originals + training copies + thumbnails (added in v2, backfilled). */
  storedBytes: number;
  /** Short side of the training copies, in pixels. */
  copyShortSide: number;
  /** Set by the v3 migration: this dataset's originals may still be Blobs, converted to bytes after open. */
  blobOriginals?: boolean;
}

/**
 * A file's bytes kept in the row itself (v3). Chromium writes every IndexedDB Blob as a file of its own, which
 * costs more than the bytes of a small image; values over ~64 KB are still moved out of the row by the browser.
 */
export interface StoredBytes {
  bytes: ArrayBuffer;
  type: string;
}

/** An original or thumbnail as stored: bytes (v3), or a Blob (written before v3, or an encoded thumbnail). */
export type StoredFile = StoredBytes | Blob;

export const isBlob = (v: unknown): v is Blob => typeof Blob !== 'undefined' && v instanceof Blob;
export const asBlob = (v: StoredFile): Blob => (isBlob(v) ? v : new Blob([v.bytes], { type: v.type }));
export const storedSize = (v: StoredFile | null | undefined): number =>
  v ? (isBlob(v) ? v.size : v.bytes.byteLength) : 0;

export interface ClassRow {
  datasetId: string;
  index: number;
  name: string;
}

export interface ImageRow {
  /** `${datasetId}:${path}`: re-importing the same path overwrites instead of duplicating. */
  id: string;
  datasetId: string;
  path: string;
  label: number | null;
  split: string;
  /** SHA-256 of the original bytes; originals, copies and thumbnails are keyed by it (one copy per content). */
  hash: string;
  mime: string;
  size: number;
  /** Display size after EXIF orientation and the megapixel cap. */
  width: number;
  height: number;
  orientation: number;
}

export interface CopyRow {
  /** null: the original is the training copy (already small enough, upright JPEG); stored once. */
  blob: Blob | null;
  width: number;
  height: number;
}

export type JobState = 'checking' | 'staging' | 'deriving' | 'done' | 'cancelled' | 'quota' | 'failed';

export interface JobRow {
  /** Same as the dataset id: one import job per dataset. */
  id: string;
  state: JobState;
  startedAt: number;
  /** The accepted images, in import order; what is done is what the images store holds. */
  items: ImportItem[];
  classes: string[];
  /** checkDataset problems plus decode failures found so far. */
  problems: ImportProblem[];
  /** Last error message (quota, failure) shown next to "Resume import". */
  message?: string;
  options: { copyShortSide: number; maxMegapixels: number; thumbSize: number };
}

export interface DatasetsDb extends DBSchema {
  datasets: { key: string; value: DatasetRow };
  classes: { key: [string, number]; value: ClassRow; indexes: { byDataset: string } };
  images: {
    key: string;
    value: ImageRow;
    indexes: { byDataset: string; byDatasetHash: [string, string] };
  };
  /** Original file bytes, key `${datasetId}:${hash}`. */
  originals: { key: string; value: StoredFile };
  /** Thumbnails, key `${datasetId}:${hash}`; null (v3): the original is small enough to be its own thumbnail. */
  thumbs: { key: string; value: StoredFile | null };
  /** Training copies (v2), key `${datasetId}:${hash}`. */
  copies: { key: string; value: CopyRow };
  /** Import jobs (v2), for resume. */
  jobs: { key: string; value: JobRow };
}

export const blobKey = (datasetId: string, hash: string) => `${datasetId}:${hash}`;
export const imageId = (datasetId: string, path: string) => `${datasetId}:${path}`;
/** Key range of every `${datasetId}:…` key (':' + 1 = ';'). */
export const datasetRange = (datasetId: string) =>
  IDBKeyRange.bound(`${datasetId}:`, `${datasetId};`, false, true);

type UpgradeTx = IDBPTransaction<DatasetsDb, StoreNames<DatasetsDb>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<DatasetsDb>, tx: UpgradeTx) => Promise<void> | void;

/** migrations[v - 1] takes a database from version v - 1 to v. Never edit a released step: append one. */
export const migrations: Migration[] = [
  // v1: datasets, classes, images with their originals and thumbnails.
  (db) => {
    db.createObjectStore('datasets', { keyPath: 'id' });
    const classes = db.createObjectStore('classes', { keyPath: ['datasetId', 'index'] });
    classes.createIndex('byDataset', 'datasetId');
    const images = db.createObjectStore('images', { keyPath: 'id' });
    images.createIndex('byDataset', 'datasetId');
    db.createObjectStore('originals');
    db.createObjectStore('thumbs');
  },
  // v2: training copies, resumable import jobs, hash lookup for dedupe, and per-dataset byte totals.
  async (db, tx) => {
    db.createObjectStore('copies');
    db.createObjectStore('jobs', { keyPath: 'id' });
    tx.objectStore('images').createIndex('byDatasetHash', ['datasetId', 'hash']);
    // v1 rows had no byte total: count what the dataset holds (originals once per hash, as stored).
    const datasets = tx.objectStore('datasets');
    for (const row of await datasets.getAll()) {
      const v1 = row as Partial<DatasetRow> & { id: string };
      const seen = new Set<string>();
      let bytes = 0;
      for (const img of await tx.objectStore('images').index('byDataset').getAll(v1.id)) {
        if (seen.has(img.hash)) continue;
        seen.add(img.hash);
        bytes += img.size;
        const thumb = (await tx.objectStore('thumbs').get(blobKey(v1.id, img.hash))) as Blob | undefined;
        bytes += thumb?.size ?? 0;
      }
      await datasets.put({
        ...v1,
        state: v1.state ?? 'ready',
        storedBytes: bytes,
        copyShortSide: v1.copyShortSide ?? 256,
      } as DatasetRow);
    }
  },
  // v3: originals are stored as bytes in the row, thumbnails may be null. Reading a Blob is not an IndexedDB
  // request, so the upgrade transaction would commit under it: the rows are only flagged here and converted
  // after open (DatasetLibrary.open), in small transactions; readers accept both forms meanwhile.
  async (_db, tx) => {
    const datasets = tx.objectStore('datasets');
    for (const row of await datasets.getAll()) await datasets.put({ ...row, blobOriginals: true });
  },
];

/** Runs the migration steps from oldVersion up to newVersion inside the upgrade transaction. */
export async function migrate(
  db: IDBPDatabase<DatasetsDb>,
  tx: UpgradeTx,
  oldVersion: number,
  newVersion: number,
): Promise<void> {
  if (newVersion > migrations.length) {
    throw new Error(`${DATASETS_DB}: no migration to version ${newVersion} (latest is ${migrations.length})`);
  }
  for (let v = oldVersion + 1; v <= newVersion; v++) await migrations[v - 1]!(db, tx);
}
