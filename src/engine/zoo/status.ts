// What the model picker shows per variant (not downloaded / partly / stored, with sizes), and one shared
// in-flight download per key, so two screens asking for the same model fetch it once.
import type { DownloadResult } from './download.ts';
import { cacheKeyFor, type FetchModelOptions, fetchZooModel } from './fetch-model.ts';
import { findVariant, isPinned, variantSizeBytes, type ZooEntry } from './manifest.ts';
import type { ModelStore, StoredModelMeta } from './store.ts';

export interface ModelStatus {
  /** Store key (content hash or source, see fetch-model.ts); null when the variant cannot be resolved here. */
  key: string | null;
  state: 'absent' | 'partial' | 'stored';
  /** Bytes held: the stored file, or the partial download. */
  bytes: number;
  /** Expected full size (exact or approximate from the manifest). */
  sizeBytes: number;
  /** The manifest pins a sha256 for this variant (else it is fetched only after the user confirms). */
  pinned: boolean;
  /** The stored file's sha256 was checked against the pinned one. */
  verified: boolean;
  lastUsed: number | null;
}

/** Status of one variant in the store under `mirror` (undefined = public URLs), without touching lastUsed. */
export async function modelStatus(
  store: ModelStore,
  entry: ZooEntry,
  variant?: string,
  mirror?: string,
): Promise<ModelStatus> {
  const v = findVariant(entry, variant);
  const key = cacheKeyFor(entry, v, mirror);
  const base = { key, sizeBytes: variantSizeBytes(v), pinned: isPinned(v) };
  const meta = key === null ? undefined : await store.meta(key);
  if (meta)
    return { ...base, state: 'stored', bytes: meta.bytes, verified: meta.verified, lastUsed: meta.lastUsed };
  const p = key === null ? undefined : await store.getPartial(key);
  if (p) return { ...base, state: 'partial', bytes: p.bytes, verified: false, lastUsed: null };
  return { ...base, state: 'absent', bytes: 0, verified: false, lastUsed: null };
}

/**
 * The words the UI shows for a model's integrity: "verified" only when a pinned hash was checked, never for a
 * file that nothing checked.
 */
export function integrityText(meta: Pick<StoredModelMeta, 'verified'>): string {
  return meta.verified ? 'verified (sha256 checked)' : 'unverified (no pinned hash)';
}

/**
 * Shares one download per key among callers. The first caller's options (signal, progress) drive it; later
 * callers get the same promise. Once settled the key is free again (a failed fetch can be retried).
 */
export class ModelFetcher {
  private readonly inflight = new Map<string, Promise<DownloadResult & { via: 'mirror' | 'public' }>>();

  fetch(entry: ZooEntry, o: FetchModelOptions): Promise<DownloadResult & { via: 'mirror' | 'public' }> {
    // The same store key means the same file: one download, whichever variant or screen asked for it.
    const key = cacheKeyFor(entry, findVariant(entry, o.variant), o.mirror);
    if (key === null) return fetchZooModel(entry, o); // cannot resolve: let it fail with its own message
    const running = this.inflight.get(key);
    if (running) return running;
    const p = fetchZooModel(entry, o).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  isFetching(key: string): boolean {
    return this.inflight.has(key);
  }
}
