// Where downloaded models live: the ModelStore interface (models + partial downloads for resume), LRU eviction,
// and MemoryModelStore, the in-process implementation the CLI and Node tests use (IndexedDB: idb-store.ts).

/**
 * A complete model file in the store. Keys say what makes two files the same (fetch-model.ts `zooCacheKey`):
 * `sha256:<hex>` for a zoo file checked against its pinned hash (any mirror may have served it), `src:<url>` for
 * an unpinned zoo file (only that exact source may reuse it), `local/<id>` for the user's own models.
 */
export interface StoredModelMeta {
  key: string;
  /** URL the bytes came from (mirror or public). */
  url: string;
  bytes: number;
  /** sha256 computed over the stored bytes (lowercase hex). */
  sha256: string;
  /** True only when the sha256 was checked against one pinned in the manifest; false: stored unverified. */
  verified: boolean;
  /** The zoo variant (`id/variant`) the bytes were fetched for, when they came from the zoo. */
  ref?: string;
  storedAt: number;
  /** Updated on every get(); eviction removes the least recently used first. */
  lastUsed: number;
}

/** Bytes of an unfinished download, kept so a later call can resume with a Range request. */
export interface PartialDownload {
  key: string;
  url: string;
  /** Full size announced by the server (or the manifest), null when unknown. */
  total: number | null;
  /** Strong ETag or Last-Modified of the response the bytes came from, for If-Range. */
  validator: string | null;
  /** Bytes held, = sum of chunk lengths. */
  bytes: number;
  chunks: Uint8Array[];
}

export interface PartialInfo {
  url: string;
  total: number | null;
  validator: string | null;
}

export interface StoreUsage {
  models: number;
  modelBytes: number;
  partialBytes: number;
  /** Bytes this origin/store may use in all (null = unknown or unlimited). */
  quota: number | null;
  /** Bytes still free under the quota (null = unknown). */
  available: number | null;
}

export interface ModelStore {
  /** Stores a complete file and drops the key's partial download in the same step. */
  put(meta: Omit<StoredModelMeta, 'storedAt' | 'lastUsed'>, data: Uint8Array): Promise<StoredModelMeta>;
  /** Returns the file and marks it used now. */
  get(key: string): Promise<{ meta: StoredModelMeta; data: Uint8Array } | undefined>;
  /** Metadata only, without touching lastUsed. */
  meta(key: string): Promise<StoredModelMeta | undefined>;
  /** Removes the file and any partial download; true when something was removed. */
  delete(key: string): Promise<boolean>;
  list(): Promise<StoredModelMeta[]>;
  usage(): Promise<StoreUsage>;
  /** Appends bytes at `offset`, which must equal the partial's current length (0 starts a new partial). */
  appendPartial(key: string, info: PartialInfo, offset: number, chunk: Uint8Array): Promise<void>;
  getPartial(key: string): Promise<PartialDownload | undefined>;
  clearPartial(key: string): Promise<void>;
}

export class QuotaError extends Error {
  override name = 'QuotaError';
}

/**
 * Frees room for `needBytes` more bytes by deleting least-recently-used models, never those in `protect`
 * (the one being fetched). Returns the keys it evicted; throws QuotaError when even that is not enough.
 */
export async function evictFor(
  store: ModelStore,
  needBytes: number,
  protect: readonly string[],
): Promise<string[]> {
  const u = await store.usage();
  if (u.available === null || u.available >= needBytes) return [];
  let available = u.available;
  const evicted: string[] = [];
  const candidates = (await store.list())
    .filter((m) => !protect.includes(m.key))
    .sort((a, b) => a.lastUsed - b.lastUsed);
  for (const m of candidates) {
    if (available >= needBytes) break;
    await store.delete(m.key);
    available += m.bytes;
    evicted.push(m.key);
  }
  if (available < needBytes) {
    throw new QuotaError(
      `not enough storage for ${protect.join(', ') || 'the download'}: need ${fmtMB(needBytes)}, ` +
        `${fmtMB(available)} free after evicting every other model`,
    );
  }
  return evicted;
}

export function fmtMB(bytes: number): string {
  if (Math.abs(bytes) < 1e6) return `${bytes} bytes`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Concatenates chunks into one array (the assembled file). */
export function concatChunks(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  const n = total ?? chunks.reduce((s, c) => s + c.byteLength, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

/**
 * A real ModelStore held in memory (the CLI's cache for one process, and the store of the Node tests).
 * `capacity` plays the role of the browser's storage quota.
 */
export class MemoryModelStore implements ModelStore {
  private readonly models = new Map<string, { meta: StoredModelMeta; data: Uint8Array }>();
  private readonly partials = new Map<string, PartialDownload>();
  private tick = 0;

  constructor(
    readonly capacity: number | null = null,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Strictly increasing timestamps, so LRU order is well defined even within one millisecond. */
  private now(): number {
    this.tick = Math.max(this.tick + 1, this.clock());
    return this.tick;
  }

  private used(exceptPartial?: string): number {
    let n = 0;
    for (const m of this.models.values()) n += m.data.byteLength;
    for (const [k, p] of this.partials) if (k !== exceptPartial) n += p.bytes;
    return n;
  }

  private ensureRoom(extra: number, exceptPartial?: string): void {
    if (this.capacity !== null && this.used(exceptPartial) + extra > this.capacity) {
      throw new QuotaError(
        `memory store full: ${fmtMB(this.used(exceptPartial))} used + ${fmtMB(extra)} > capacity ${fmtMB(this.capacity)}`,
      );
    }
  }

  async put(
    meta: Omit<StoredModelMeta, 'storedAt' | 'lastUsed'>,
    data: Uint8Array,
  ): Promise<StoredModelMeta> {
    if (data.byteLength !== meta.bytes)
      throw new Error(`put ${meta.key}: ${data.byteLength} bytes ≠ meta.bytes ${meta.bytes}`);
    const old = this.models.get(meta.key);
    this.ensureRoom(data.byteLength - (old?.data.byteLength ?? 0), meta.key);
    const t = this.now();
    const full: StoredModelMeta = { ...meta, storedAt: t, lastUsed: t };
    this.models.set(meta.key, { meta: full, data });
    this.partials.delete(meta.key);
    return { ...full };
  }

  async get(key: string): Promise<{ meta: StoredModelMeta; data: Uint8Array } | undefined> {
    const m = this.models.get(key);
    if (!m) return undefined;
    m.meta.lastUsed = this.now();
    return { meta: { ...m.meta }, data: m.data };
  }

  async meta(key: string): Promise<StoredModelMeta | undefined> {
    const m = this.models.get(key);
    return m && { ...m.meta };
  }

  async delete(key: string): Promise<boolean> {
    const a = this.models.delete(key);
    const b = this.partials.delete(key);
    return a || b;
  }

  async list(): Promise<StoredModelMeta[]> {
    return [...this.models.values()].map((m) => ({ ...m.meta }));
  }

  async usage(): Promise<StoreUsage> {
    let modelBytes = 0;
    for (const m of this.models.values()) modelBytes += m.data.byteLength;
    let partialBytes = 0;
    for (const p of this.partials.values()) partialBytes += p.bytes;
    const quota = this.capacity;
    return {
      models: this.models.size,
      modelBytes,
      partialBytes,
      quota,
      available: quota === null ? null : Math.max(0, quota - modelBytes - partialBytes),
    };
  }

  async appendPartial(key: string, info: PartialInfo, offset: number, chunk: Uint8Array): Promise<void> {
    const p = this.partials.get(key);
    const have = offset === 0 ? 0 : (p?.bytes ?? 0);
    if (offset !== have)
      throw new Error(`appendPartial ${key}: offset ${offset} ≠ stored partial length ${have}`);
    this.ensureRoom(chunk.byteLength, offset === 0 ? key : undefined);
    const copy = chunk.slice();
    if (offset === 0 || !p) this.partials.set(key, { key, ...info, bytes: copy.byteLength, chunks: [copy] });
    else {
      p.chunks.push(copy);
      p.bytes += copy.byteLength;
      Object.assign(p, info);
    }
  }

  async getPartial(key: string): Promise<PartialDownload | undefined> {
    const p = this.partials.get(key);
    return p && { ...p, chunks: [...p.chunks] };
  }

  async clearPartial(key: string): Promise<void> {
    this.partials.delete(key);
  }
}
