// Fetches a manifest model on first use: resolves its URL (mirror or public), then downloads, verifies and caches
// it under `${id}/${variant}` with the manifest's published size and sha256.
import { type DownloadOptions, type DownloadResult, downloadModel } from './download.ts';
import { findVariant, type ZooEntry } from './manifest.ts';
import { resolveVariantUrl } from './mirror.ts';
import type { ModelStore } from './store.ts';

export type FetchModelOptions = Omit<
  DownloadOptions,
  'key' | 'url' | 'expectedBytes' | 'expectedSha256' | 'store'
> & {
  store: ModelStore;
  /** Normalized mirror base (normalizeMirror / mirrorFromEnv); undefined = public URLs. */
  mirror?: string;
  /** Variant name; default: the entry's first (preferred) variant. */
  variant?: string;
};

/** Store key of a model variant. */
export const modelKey = (id: string, variant: string) => `${id}/${variant}`;

export async function fetchZooModel(
  entry: ZooEntry,
  o: FetchModelOptions,
): Promise<DownloadResult & { via: 'mirror' | 'public' }> {
  const v = findVariant(entry, o.variant);
  const { url, via } = resolveVariantUrl(entry, v, o.mirror);
  const r = await downloadModel({
    ...o,
    key: modelKey(entry.id, v.name),
    url,
    expectedBytes: v.bytes,
    expectedSha256: v.sha256,
  });
  return { ...r, via };
}
