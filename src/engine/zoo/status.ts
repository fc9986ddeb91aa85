// What the model picker shows per variant (not downloaded / partly / stored, with sizes), and one shared
// in-flight download per key, so two screens asking for the same model fetch it once.
import type { DownloadResult } from './download.ts';
import { type FetchModelOptions, fetchZooModel, modelKey } from './fetch-model.ts';
import { findVariant, variantSizeBytes, type ZooEntry } from './manifest.ts';
import type { ModelStore } from './store.ts';

export interface ModelStatus {
  key: string;
  state: 'absent' | 'partial' | 'stored';
  /** Bytes held: the stored file, or the partial download. */
  bytes: number;
  /** Expected full size (exact or approximate from the manifest). */
  sizeBytes: number;
  /** Stored file's sha256 matched a published one. */
  verified: boolean;
  lastUsed: number | null;
}

/** Status of one variant in the store, without touching its lastUsed. */
export async function modelStatus(
  store: ModelStore,
  entry: ZooEntry,
  variant?: string,
): Promise<ModelStatus> {
  const v = findVariant(entry, variant);
  const key = modelKey(entry.id, v.name);
  const sizeBytes = variantSizeBytes(v);
  const meta = await store.meta(key);
  if (meta)
    return {
      key,
      state: 'stored',
      bytes: meta.bytes,
      sizeBytes,
      verified: meta.verified,
      lastUsed: meta.lastUsed,
    };
  const p = await store.getPartial(key);
  if (p) return { key, state: 'partial', bytes: p.bytes, sizeBytes, verified: false, lastUsed: null };
  return { key, state: 'absent', bytes: 0, sizeBytes, verified: false, lastUsed: null };
}

/**
 * Shares one download per key among callers. The first caller's options (signal, progress) drive it; later
 * callers get the same promise. Once settled the key is free again (a failed fetch can be retried).
 */
export class ModelFetcher {
  private readonly inflight = new Map<string, Promise<DownloadResult & { via: 'mirror' | 'public' }>>();

  fetch(entry: ZooEntry, o: FetchModelOptions): Promise<DownloadResult & { via: 'mirror' | 'public' }> {
    const key = modelKey(entry.id, findVariant(entry, o.variant).name);
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
