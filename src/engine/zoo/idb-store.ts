// The browser's ModelStore: IndexedDB (through idb), model bytes apart from their metadata so listing stays cheap,
// partial downloads as numbered chunks for resume, and the origin's quota from navigator.storage.estimate().
// Schema v2 re-keys v1's zoo entries (`id/variant`) by content hash or source (see migrateV1Keys).
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import {
  type ModelStore,
  type PartialDownload,
  type PartialInfo,
  QuotaError,
  type StoredModelMeta,
  type StoreUsage,
} from './store.ts';

interface PartialRow extends PartialInfo {
  key: string;
  bytes: number;
  chunkCount: number;
}

interface ModelsDb extends DBSchema {
  models: { key: string; value: StoredModelMeta };
  blobs: { key: string; value: Uint8Array };
  partials: { key: string; value: PartialRow };
  /** Key [modelKey, chunkIndex]. */
  chunks: { key: [string, number]; value: Uint8Array };
}

export const MODELS_DB = 'webclas-models';
export const MODELS_DB_VERSION = 2;

/**
 * v1 kept zoo files under `id/variant`, whatever mirror they came from. v2 keys them as fetch-model.ts does:
 * `sha256:<hex>` for a file that was checked against a published hash (v1's `verified: true`), `src:<url>` for an
 * unchecked one, so it is reused only for that same source; `ref` keeps the old `id/variant`. The bytes move with
 * their metadata, nothing cached is lost (a second copy of the same verified bytes is dropped). Unfinished
 * downloads are dropped: their keys cannot be mapped without the manifest, and they only cost a restart.
 */
async function migrateV1Keys(
  tx: IDBPTransaction<ModelsDb, ('models' | 'blobs' | 'partials' | 'chunks')[], 'versionchange'>,
) {
  const models = tx.objectStore('models');
  const blobs = tx.objectStore('blobs');
  for (const meta of await models.getAll()) {
    const old = meta.key;
    if (old.startsWith('local/') || old.startsWith('sha256:') || old.startsWith('src:')) continue;
    const key = meta.verified ? `sha256:${meta.sha256}` : `src:${meta.url}`;
    const data = await blobs.get(old);
    await models.delete(old);
    await blobs.delete(old);
    if (data === undefined || (await models.getKey(key)) !== undefined) continue;
    await blobs.put(data, key);
    await models.put({ ...meta, key, ref: meta.ref ?? old });
  }
  await tx.objectStore('partials').clear();
  await tx.objectStore('chunks').clear();
}

/** IDB turns a full disk into a QuotaExceededError DOMException; callers get the store's QuotaError. */
async function quotaGuard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if ((e as { name?: string }).name === 'QuotaExceededError') {
      throw new QuotaError(`IndexedDB quota exceeded while storing ${what}`);
    }
    throw e;
  }
}

const chunkRange = (key: string) => IDBKeyRange.bound([key, 0], [key, Number.MAX_SAFE_INTEGER]);

export class IdbModelStore implements ModelStore {
  private constructor(
    private readonly db: IDBPDatabase<ModelsDb>,
    private readonly clock: () => number,
  ) {}

  static async open(name = MODELS_DB, clock: () => number = () => Date.now()): Promise<IdbModelStore> {
    if (typeof indexedDB === 'undefined') throw new Error('IdbModelStore: IndexedDB is not available here');
    const db = await openDB<ModelsDb>(name, MODELS_DB_VERSION, {
      async upgrade(d, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          d.createObjectStore('models', { keyPath: 'key' });
          d.createObjectStore('blobs');
          d.createObjectStore('partials', { keyPath: 'key' });
          d.createObjectStore('chunks');
        } else if (oldVersion < 2) await migrateV1Keys(tx);
      },
    });
    return new IdbModelStore(db, clock);
  }

  close(): void {
    this.db.close();
  }

  async put(
    meta: Omit<StoredModelMeta, 'storedAt' | 'lastUsed'>,
    data: Uint8Array,
  ): Promise<StoredModelMeta> {
    if (data.byteLength !== meta.bytes)
      throw new Error(`put ${meta.key}: ${data.byteLength} bytes ≠ meta.bytes ${meta.bytes}`);
    const t = this.clock();
    const full: StoredModelMeta = { ...meta, storedAt: t, lastUsed: t };
    // A view over a larger buffer would store the whole buffer: keep exactly the file's bytes.
    const exact = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
    await quotaGuard(meta.key, async () => {
      const tx = this.db.transaction(['models', 'blobs', 'partials', 'chunks'], 'readwrite');
      await Promise.all([
        tx.objectStore('blobs').put(exact, meta.key),
        tx.objectStore('models').put(full),
        tx.objectStore('partials').delete(meta.key),
        tx.objectStore('chunks').delete(chunkRange(meta.key)),
        tx.done,
      ]);
    });
    return { ...full };
  }

  async get(key: string): Promise<{ meta: StoredModelMeta; data: Uint8Array } | undefined> {
    const tx = this.db.transaction(['models', 'blobs'], 'readwrite');
    const [meta, data] = await Promise.all([
      tx.objectStore('models').get(key),
      tx.objectStore('blobs').get(key),
    ]);
    if (!meta || !data) {
      await tx.done;
      return undefined;
    }
    meta.lastUsed = Math.max(this.clock(), meta.lastUsed + 1);
    await Promise.all([tx.objectStore('models').put(meta), tx.done]);
    return { meta, data };
  }

  async meta(key: string): Promise<StoredModelMeta | undefined> {
    return this.db.get('models', key);
  }

  async delete(key: string): Promise<boolean> {
    const tx = this.db.transaction(['models', 'blobs', 'partials', 'chunks'], 'readwrite');
    const [m, p] = await Promise.all([
      tx.objectStore('models').getKey(key),
      tx.objectStore('partials').getKey(key),
    ]);
    await Promise.all([
      tx.objectStore('models').delete(key),
      tx.objectStore('blobs').delete(key),
      tx.objectStore('partials').delete(key),
      tx.objectStore('chunks').delete(chunkRange(key)),
      tx.done,
    ]);
    return m !== undefined || p !== undefined;
  }

  async list(): Promise<StoredModelMeta[]> {
    return this.db.getAll('models');
  }

  async usage(): Promise<StoreUsage> {
    const [models, partials] = await Promise.all([this.db.getAll('models'), this.db.getAll('partials')]);
    const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
    const est = storage?.estimate ? await storage.estimate() : undefined;
    const quota = est?.quota ?? null;
    return {
      models: models.length,
      modelBytes: models.reduce((s, m) => s + m.bytes, 0),
      partialBytes: partials.reduce((s, p) => s + p.bytes, 0),
      quota,
      available: quota === null ? null : Math.max(0, quota - (est?.usage ?? 0)),
    };
  }

  async appendPartial(key: string, info: PartialInfo, offset: number, chunk: Uint8Array): Promise<void> {
    await quotaGuard(`a partial download of ${key}`, async () => {
      const tx = this.db.transaction(['partials', 'chunks'], 'readwrite');
      const partials = tx.objectStore('partials');
      const chunks = tx.objectStore('chunks');
      let row = await partials.get(key);
      if (offset === 0) {
        await chunks.delete(chunkRange(key));
        row = undefined;
      }
      const have = row?.bytes ?? 0;
      if (offset !== have) {
        tx.abort();
        await tx.done.catch(() => {});
        throw new Error(`appendPartial ${key}: offset ${offset} ≠ stored partial length ${have}`);
      }
      const index = row?.chunkCount ?? 0;
      await chunks.put(chunk.slice(), [key, index]);
      await partials.put({ ...info, key, bytes: have + chunk.byteLength, chunkCount: index + 1 });
      await tx.done;
    });
  }

  async getPartial(key: string): Promise<PartialDownload | undefined> {
    const tx = this.db.transaction(['partials', 'chunks'], 'readonly');
    const [row, chunks] = await Promise.all([
      tx.objectStore('partials').get(key),
      tx.objectStore('chunks').getAll(chunkRange(key)),
      tx.done,
    ]);
    if (!row) return undefined;
    const { chunkCount, ...rest } = row;
    if (chunks.length !== chunkCount) {
      throw new Error(
        `partial download of ${key} is inconsistent: ${chunks.length} chunks stored, ${chunkCount} recorded`,
      );
    }
    return { ...rest, chunks };
  }

  async clearPartial(key: string): Promise<void> {
    const tx = this.db.transaction(['partials', 'chunks'], 'readwrite');
    await Promise.all([
      tx.objectStore('partials').delete(key),
      tx.objectStore('chunks').delete(chunkRange(key)),
      tx.done,
    ]);
  }
}
