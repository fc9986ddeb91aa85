// Fetches a manifest model on first use: resolves its URL (mirror or public), then downloads, verifies and caches
// it. A pinned variant is checked against its sha256 and cached by that hash (any mirror may serve it, only those
// bytes are accepted); an unpinned one is fetched only after the user confirmed it, and cached by its source URL so
// a file from one mirror is never reused for another.
import {
  DownloadError,
  type DownloadOptions,
  type DownloadResult,
  downloadModel,
  sha256Hex,
} from './download.ts';
import { findVariant, isPinned, maxDownloadBytes, type Variant, type ZooEntry } from './manifest.ts';
import { MIRROR_ENV, resolveVariantUrl } from './mirror.ts';
import type { ModelStore } from './store.ts';

export type FetchModelOptions = Omit<
  DownloadOptions,
  'key' | 'label' | 'url' | 'expectedBytes' | 'maxBytes' | 'expectedSha256' | 'store' | 'ref'
> & {
  store: ModelStore;
  /** Normalized mirror base (normalizeMirror / mirrorFromEnv); undefined = public URLs. */
  mirror?: string;
  /** Variant name; default: the entry's first (preferred) variant. */
  variant?: string;
  /**
   * The user confirmed downloading a variant that has no pinned sha256. Without it such a variant is refused
   * (UnverifiedModelError) unless its bytes from this very source are already in the store, accepted earlier.
   */
  allowUnverified?: boolean;
};

/** The variant a file is for, `id/variant`: the UI's selection key, messages and the store's `ref`. */
export const modelKey = (id: string, variant: string) => `${id}/${variant}`;

/** Store key of a variant fetched from `url`: its pinned content hash, else the source it came from. */
export function zooCacheKey(variant: Variant, url: string): string {
  return isPinned(variant) ? `sha256:${variant.sha256}` : `src:${url}`;
}

/** Store key for a variant under a mirror (or public URLs), or null when it cannot be resolved there. */
export function cacheKeyFor(entry: ZooEntry, variant: Variant, mirror?: string): string | null {
  if (isPinned(variant)) return `sha256:${variant.sha256}`;
  try {
    return zooCacheKey(variant, resolveVariantUrl(entry, variant, mirror).url);
  } catch {
    return null;
  }
}

/** An unpinned variant was asked for without the user's confirmation; nothing was fetched. */
export class UnverifiedModelError extends Error {
  override name = 'UnverifiedModelError';
}

export async function fetchZooModel(
  entry: ZooEntry,
  o: FetchModelOptions,
): Promise<DownloadResult & { via: 'mirror' | 'public' }> {
  const v = findVariant(entry, o.variant);
  const { url, via } = resolveVariantUrl(entry, v, o.mirror);
  const key = zooCacheKey(v, url);
  const ref = modelKey(entry.id, v.name);
  if (isPinned(v)) await adoptCheckedCopy(o.store, key, `src:${url}`, v.sha256);
  else if (!o.allowUnverified && !(await o.store.meta(key))) {
    throw new UnverifiedModelError(
      `${ref} is unverified: the manifest pins no sha256 for it, so its bytes from ${url} cannot be checked. ` +
        'Nothing was downloaded: it runs only once you confirm the unverified download (Classify asks first), ' +
        'and then from this mirror only.',
    );
  }
  try {
    const r = await downloadModel({
      ...o,
      key,
      label: ref,
      ref,
      url,
      expectedBytes: v.bytes,
      maxBytes: maxDownloadBytes(v),
      expectedSha256: v.sha256,
    });
    return { ...r, via };
  } catch (e) {
    if (via === 'mirror' && e instanceof DownloadError && (e.status === 404 || e.status === 410))
      throw new MissingOnMirrorError(missingOnMirrorText(ref, o.mirror ?? '', v.path, url), e.status);
    throw e;
  }
}

/** The mirror answered "not found" for a variant's file: a setup problem, said with what to do about it. */
export class MissingOnMirrorError extends DownloadError {
  override name = 'MissingOnMirrorError';
}

export function missingOnMirrorText(ref: string, mirror: string, path: string, url: string): string {
  return (
    `${ref} is not on the model mirror ${mirror}: ${url} answered "not found", so nothing was downloaded. ` +
    `To use this model, set a model mirror that serves ${path} (the "Model mirror" setting, or ${MIRROR_ENV} for the CLI), add the file ` +
    `to this mirror's folder as ${path}, or pick a model marked "cached" or "on the mirror".`
  );
}

/**
 * A file stored unverified from this source before its variant was pinned is kept when its bytes hash to the pin:
 * they are re-hashed here (the stored sha256 is not trusted) and moved under the content key as verified.
 */
async function adoptCheckedCopy(store: ModelStore, key: string, srcKey: string, sha256: string) {
  if ((await store.meta(key)) || (await store.meta(srcKey))?.sha256 !== sha256) return;
  const got = await store.get(srcKey);
  if (!got || (await sha256Hex(got.data)) !== sha256) return;
  const { storedAt: _s, lastUsed: _l, ...meta } = got.meta;
  await store.put({ ...meta, key, verified: true }, got.data);
  await store.delete(srcKey);
}
