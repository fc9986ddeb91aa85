// The dataset library on IndexedDB: datasets, classes, images and their blobs (originals, training copies,
// thumbnails) keyed by content hash so identical files are stored once. Every write is one transaction, and the
// import writes in batches, so an abort (quota, tab closed) loses at most the batch in flight.
import { type IDBPDatabase, type IDBPTransaction, unwrap } from 'idb';
import { openDatasetsDb } from './open.ts';
import { isQuotaError, StorageFullError } from './quota.ts';
import {
  asBlob,
  blobKey,
  type ClassRow,
  type CopyRow,
  DATASETS_DB,
  type DatasetRow,
  type DatasetsDb,
  datasetRange,
  type ImageRow,
  isBlob,
  type JobRow,
  type StoredBytes,
  storedSize,
} from './schema.ts';

/** One image ready to store: its row and the derived blobs (skipped when its hash is already stored). */
export interface StoredImage {
  row: ImageRow;
  /** null: the original is its own thumbnail. */
  thumb: Blob | null;
  copy: CopyRow;
}

export interface DatasetCounts {
  images: number;
  classes: number;
  originals: number;
  thumbs: number;
  copies: number;
  perClass: number[];
  splits: Record<string, number>;
}

async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(what, e);
    throw e;
  }
}

export class DatasetLibrary {
  private constructor(readonly db: IDBPDatabase<DatasetsDb>) {}

  static async open(name = DATASETS_DB): Promise<DatasetLibrary> {
    const library = new DatasetLibrary(await openDatasetsDb(name));
    await library.convertBlobOriginals();
    return library;
  }

  /**
   * Finishes the v3 migration: originals stored as Blobs before v3 become bytes, 24 per transaction (each Blob is
   * read between transactions). Idempotent, so two connections doing it at once, or a reload half-way, is fine.
   */
  private async convertBlobOriginals(): Promise<void> {
    for (const dataset of await this.listDatasets()) {
      if (!dataset.blobOriginals) continue;
      const keys = await this.db.getAllKeys('originals', datasetRange(dataset.id));
      for (let i = 0; i < keys.length; i += 24) {
        const chunk = keys.slice(i, i + 24);
        const values = await Promise.all(chunk.map((k) => this.db.get('originals', k)));
        const converted: { key: string; value: StoredBytes; was: Blob }[] = [];
        for (const [j, v] of values.entries()) {
          if (isBlob(v))
            converted.push({ key: chunk[j]!, value: { bytes: await v.arrayBuffer(), type: v.type }, was: v });
        }
        if (converted.length === 0) continue;
        await guard('converting stored originals', async () => {
          const tx = this.db.transaction('originals', 'readwrite');
          const now = await Promise.all(converted.map(({ key }) => tx.store.get(key)));
          // Only rows still holding the Blob that was read: another connection may have converted or deleted one.
          await Promise.all([
            ...converted.map(({ key, value }, j) => (isBlob(now[j]) ? tx.store.put(value, key) : undefined)),
            tx.done,
          ]);
        });
      }
      const tx = this.db.transaction('datasets', 'readwrite');
      const row = await tx.store.get(dataset.id);
      if (row?.blobOriginals) {
        const { blobOriginals: _, ...rest } = row;
        await tx.store.put(rest);
      }
      await tx.done;
    }
  }

  close(): void {
    this.db.close();
  }

  listDatasets(): Promise<DatasetRow[]> {
    return this.db.getAll('datasets');
  }

  dataset(id: string): Promise<DatasetRow | undefined> {
    return this.db.get('datasets', id);
  }

  async classes(datasetId: string): Promise<ClassRow[]> {
    const rows = await this.db.getAllFromIndex('classes', 'byDataset', datasetId);
    return rows.sort((a, b) => a.index - b.index);
  }

  async images(datasetId: string): Promise<ImageRow[]> {
    const rows = await this.db.getAllFromIndex('images', 'byDataset', datasetId);
    return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Ids of the images already stored: the import's done set. */
  async storedImageIds(datasetId: string): Promise<Set<string>> {
    return new Set(await this.db.getAllKeysFromIndex('images', 'byDataset', datasetId));
  }

  /** The thumbnail, or the original where it is its own thumbnail (a small image; the grid crops it square). */
  async thumb(datasetId: string, hash: string): Promise<Blob | undefined> {
    const thumb = await this.db.get('thumbs', blobKey(datasetId, hash));
    // A stored null (not a missing row, which reads as undefined) stands for the original.
    if (thumb === null) return this.original(datasetId, hash);
    return thumb ? asBlob(thumb) : undefined;
  }

  async original(datasetId: string, hash: string): Promise<Blob | undefined> {
    const v = await this.db.get('originals', blobKey(datasetId, hash));
    return v ? asBlob(v) : undefined;
  }

  /** The training copy, resolved to the original's bytes when the original serves as the copy. */
  async copy(
    datasetId: string,
    hash: string,
  ): Promise<{ blob: Blob; width: number; height: number } | undefined> {
    const row = await this.db.get('copies', blobKey(datasetId, hash));
    if (!row) return undefined;
    const blob = row.blob ?? (await this.original(datasetId, hash));
    return blob ? { blob, width: row.width, height: row.height } : undefined;
  }

  job(id: string): Promise<JobRow | undefined> {
    return this.db.get('jobs', id);
  }

  jobs(): Promise<JobRow[]> {
    return this.db.getAll('jobs');
  }

  putJob(job: JobRow): Promise<void> {
    return guard('the import job', async () => {
      await this.db.put('jobs', job);
    });
  }

  /** Creates the dataset, its classes and its import job together. */
  async createDataset(row: DatasetRow, classNames: string[], job: JobRow): Promise<void> {
    await guard(`dataset '${row.name}'`, async () => {
      const tx = this.db.transaction(['datasets', 'classes', 'jobs'], 'readwrite');
      await Promise.all([
        tx.objectStore('datasets').put(row),
        ...classNames.map((name, index) => tx.objectStore('classes').put({ datasetId: row.id, index, name })),
        tx.objectStore('jobs').put(job),
        tx.done,
      ]);
    });
  }

  /** Hashes whose original is already stored (staged earlier, or an identical file). */
  async storedOriginals(datasetId: string): Promise<Set<string>> {
    const keys = await this.db.getAllKeys('originals', datasetRange(datasetId));
    return new Set(keys.map((k) => k.slice(datasetId.length + 1)));
  }

  /**
   * Stores a batch of original files (their bytes), once per hash, in one transaction. `fresh`: the caller knows
   * none of these hashes is stored (it listed the stored ones and writes each hash once), so nothing is looked up:
   * IndexedDB's cost here is per request, and the lookups were half of them.
   */
  async stageOriginals(
    datasetId: string,
    batch: { hash: string; file: StoredBytes }[],
    options: { fresh?: boolean } = {},
  ): Promise<void> {
    await guard(`${batch.length} original files`, async () => {
      const tx = this.db.transaction(['originals', 'datasets'], 'readwrite');
      const originals = tx.objectStore('originals');
      // Every request is issued at once (IndexedDB keeps their order): one round trip per batch, not per file.
      const keys = batch.map(({ hash }) => blobKey(datasetId, hash));
      const present = options.fresh
        ? keys.map(() => undefined)
        : await Promise.all(keys.map((k) => originals.getKey(k)));
      const seen = new Set<string>();
      let added = 0;
      await commitWrites(
        tx,
        () => {
          const raw = unwrap(originals);
          batch.forEach(({ file }, i) => {
            const key = keys[i]!;
            if (present[i] !== undefined || seen.has(key)) return;
            seen.add(key);
            raw.put(file, key);
            added += storedSize(file);
          });
        },
        () => addBytes(tx.objectStore('datasets'), datasetId, added),
      );
    });
  }

  /** Hashes whose thumbnail and training copy are stored (both are written in one transaction). */
  async storedDerived(datasetId: string): Promise<Set<string>> {
    const keys = await this.db.getAllKeys('copies', datasetRange(datasetId));
    return new Set(keys.map((k) => k.slice(datasetId.length + 1)));
  }

  /**
   * Stores a batch of finished images (rows, thumbnails, training copies) in one transaction, the blobs once per
   * hash. `derivedStored` (hashes whose blobs are known to be stored, e.g. from storedDerived, kept up to date by
   * the caller) spares the lookups; without it each hash is looked up in the transaction.
   */
  async putImages(
    datasetId: string,
    batch: StoredImage[],
    derivedStored?: ReadonlySet<string>,
  ): Promise<void> {
    await guard(`${batch.length} images`, async () => {
      const tx = this.db.transaction(['images', 'thumbs', 'copies', 'datasets'], 'readwrite');
      const thumbs = tx.objectStore('thumbs');
      const copies = tx.objectStore('copies');
      const keys = batch.map(({ row }) => blobKey(datasetId, row.hash));
      // As in stageOriginals: all lookups at once, then all writes at once, instead of a round trip per request.
      const [haveThumb, haveCopy] = derivedStored
        ? [batch.map(({ row }) => derivedStored.has(row.hash) || undefined), undefined]
        : await Promise.all([
            Promise.all(keys.map((k) => thumbs.getKey(k))),
            Promise.all(keys.map((k) => copies.getKey(k))),
          ]);
      const seen = new Set<string>();
      let added = 0;
      await commitWrites(
        tx,
        () => {
          const [rawThumbs, rawCopies, images] = [
            unwrap(thumbs),
            unwrap(copies),
            unwrap(tx.objectStore('images')),
          ];
          batch.forEach(({ row, thumb, copy }, i) => {
            const key = keys[i]!;
            if (!seen.has(key)) {
              seen.add(key);
              if (haveThumb[i] === undefined) {
                rawThumbs.put(thumb, key);
                added += storedSize(thumb);
              }
              if ((haveCopy ?? haveThumb)[i] === undefined) {
                rawCopies.put(copy, key);
                added += copy.blob?.size ?? 0;
              }
            }
            images.put(row);
          });
        },
        () => addBytes(tx.objectStore('datasets'), datasetId, added),
      );
    });
  }

  /**
   * Deletes the blobs (original, thumbnail, copy) of every hash that no image row of the dataset uses, and takes
   * their bytes off `storedBytes`: the import stages each original before decoding it, so a file that then fails
   * to decode leaves one behind. Returns the hashes removed.
   */
  async dropUnusedBlobs(datasetId: string): Promise<string[]> {
    const tx = this.db.transaction(['images', 'originals', 'thumbs', 'copies', 'datasets'], 'readwrite');
    const rows = await tx.objectStore('images').index('byDataset').getAll(datasetId);
    const used = new Set(rows.map((r) => r.hash));
    const keys = await tx.objectStore('originals').getAllKeys(datasetRange(datasetId));
    const unused = keys.filter((k) => !used.has(k.slice(datasetId.length + 1)));
    let freed = 0;
    for (const key of unused) freed += await deleteBlobs(tx, key);
    await addBytes(tx.objectStore('datasets'), datasetId, -freed);
    await tx.done;
    return unused.map((k) => k.slice(datasetId.length + 1));
  }

  async setDatasetState(datasetId: string, state: DatasetRow['state']): Promise<void> {
    const tx = this.db.transaction('datasets', 'readwrite');
    const row = await tx.store.get(datasetId);
    if (row) await tx.store.put({ ...row, state });
    await tx.done;
  }

  async updateImages(ids: string[], change: Partial<Pick<ImageRow, 'label' | 'split'>>): Promise<void> {
    const tx = this.db.transaction('images', 'readwrite');
    for (const id of ids) {
      const row = await tx.store.get(id);
      if (!row) throw new Error(`updateImages: no image ${id}`);
      await tx.store.put({ ...row, ...change });
    }
    await tx.done;
  }

  /** Applies a whole new split assignment (a re-split) in one transaction. */
  async applySplits(splits: Map<string, string>): Promise<void> {
    const tx = this.db.transaction('images', 'readwrite');
    for (const [id, split] of splits) {
      const row = await tx.store.get(id);
      if (row && row.split !== split) await tx.store.put({ ...row, split });
    }
    await tx.done;
  }

  async renameClass(datasetId: string, index: number, name: string): Promise<void> {
    const clean = name.trim();
    if (!clean) throw new Error('renameClass: a class name cannot be empty');
    const tx = this.db.transaction('classes', 'readwrite');
    const rows = await tx.store.index('byDataset').getAll(datasetId);
    if (rows.some((r) => r.index !== index && r.name === clean)) {
      throw new Error(`renameClass: another class is already named '${clean}'`);
    }
    const row = rows.find((r) => r.index === index);
    if (!row) throw new Error(`renameClass: dataset ${datasetId} has no class ${index}`);
    await tx.store.put({ ...row, name: clean });
    await tx.done;
  }

  /** Deletes one image, and its blobs when no other image of the dataset has the same content. */
  async deleteImage(id: string): Promise<void> {
    const tx = this.db.transaction(['images', 'originals', 'thumbs', 'copies', 'datasets'], 'readwrite');
    const row = await tx.objectStore('images').get(id);
    if (!row) throw new Error(`deleteImage: no image ${id}`);
    await tx.objectStore('images').delete(id);
    const others = await tx.objectStore('images').index('byDatasetHash').count([row.datasetId, row.hash]);
    if (others === 0) {
      const key = blobKey(row.datasetId, row.hash);
      const freed = await deleteBlobs(tx, key);
      await addBytes(tx.objectStore('datasets'), row.datasetId, -freed);
    }
    await tx.done;
  }

  /** Deletes a dataset and everything it holds, its import job included. */
  async deleteDataset(datasetId: string): Promise<void> {
    const tx = this.db.transaction(
      ['datasets', 'classes', 'images', 'originals', 'thumbs', 'copies', 'jobs'],
      'readwrite',
    );
    const imageKeys = await tx.objectStore('images').index('byDataset').getAllKeys(datasetId);
    const range = datasetRange(datasetId);
    await Promise.all([
      tx.objectStore('datasets').delete(datasetId),
      tx
        .objectStore('classes')
        .delete(IDBKeyRange.bound([datasetId, 0], [datasetId, Number.MAX_SAFE_INTEGER])),
      ...imageKeys.map((k) => tx.objectStore('images').delete(k)),
      tx.objectStore('originals').delete(range),
      tx.objectStore('thumbs').delete(range),
      tx.objectStore('copies').delete(range),
      tx.objectStore('jobs').delete(datasetId),
      tx.done,
    ]);
  }

  async counts(datasetId: string): Promise<DatasetCounts> {
    const range = datasetRange(datasetId);
    const [images, classes, originals, thumbs, copies] = await Promise.all([
      this.images(datasetId),
      this.classes(datasetId),
      this.db.count('originals', range),
      this.db.count('thumbs', range),
      this.db.count('copies', range),
    ]);
    const perClass = new Array<number>(classes.length).fill(0);
    const splits: Record<string, number> = {};
    for (const img of images) {
      if (img.label !== null && img.label < perClass.length) perClass[img.label]!++;
      splits[img.split] = (splits[img.split] ?? 0) + 1;
    }
    return { images: images.length, classes: classes.length, originals, thumbs, copies, perClass, splits };
  }
}

/**
 * Issues a batch's puts on the raw stores (`unwrap`) and waits for the commit: no promise and listeners per
 * request (the batch's cost is per request; this cut the worker's share of it). A failed put aborts the
 * transaction; the wait rejects with that request's error (QuotaExceededError stays recognisable), else the
 * transaction's. A put that throws at once (a value that cannot be cloned) aborts it: nothing of the batch lands.
 * `then` runs after the puts are issued (the byte count), in the same transaction, and joins the same wait, so
 * an abort rejects once here and nothing is left unhandled.
 */
async function commitWrites(
  tx: { abort(): void; done: Promise<void> },
  issue: () => void,
  then: () => Promise<unknown>,
): Promise<void> {
  let failed: unknown;
  unwrap(tx as unknown as IDBPTransaction).addEventListener('error', (e) => {
    failed ??= (e.target as IDBRequest | null)?.error ?? undefined;
  });
  try {
    issue();
  } catch (e) {
    tx.abort();
    void tx.done.catch(() => undefined);
    throw e;
  }
  await Promise.all([then(), tx.done]).catch((e: unknown) => {
    throw failed ?? e;
  });
}

async function addBytes(
  store: { get(k: string): Promise<DatasetRow | undefined>; put(v: DatasetRow): Promise<unknown> },
  datasetId: string,
  delta: number,
): Promise<void> {
  if (delta === 0) return;
  const row = await store.get(datasetId);
  if (row) await store.put({ ...row, storedBytes: Math.max(0, row.storedBytes + delta) });
}

/** Deletes one content key's original, thumbnail and training copy; returns the bytes they took. */
async function deleteBlobs(
  tx: IDBPTransaction<DatasetsDb, ('originals' | 'thumbs' | 'copies' | 'images' | 'datasets')[], 'readwrite'>,
  key: string,
): Promise<number> {
  let freed = storedSize(await tx.objectStore('originals').get(key));
  freed += storedSize(await tx.objectStore('thumbs').get(key));
  freed += (await tx.objectStore('copies').get(key))?.blob?.size ?? 0;
  await Promise.all([
    tx.objectStore('originals').delete(key),
    tx.objectStore('thumbs').delete(key),
    tx.objectStore('copies').delete(key),
  ]);
  return freed;
}
