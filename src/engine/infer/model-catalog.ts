// The model list the UI shows (Classify's picker, the Models screen): zoo entries with size and download state,
// then the user's local models. Pure, so both screens and the tests build the same list.

import { modelKey } from '../zoo/fetch-model.ts';
import { isPinned, variantSizeBytes, type ZooManifest } from '../zoo/manifest.ts';
import type { StoredModelMeta } from '../zoo/store.ts';
import { type LocalModelInfo, localModelKey } from './local-models.ts';

/** react-query keys shared by every screen that lists models. */
export const catalogKeys = {
  manifest: ['models', 'manifest'] as const,
  stored: ['models', 'stored'] as const,
  local: ['models', 'local'] as const,
};

export type CatalogRef = { kind: 'zoo'; id: string; variant?: string } | { kind: 'local'; id: string };

export interface CatalogItem {
  ref: CatalogRef;
  /** Unique across the list (`${id}/${variant}` or `local/…`): the picker's value. */
  key: string;
  /** Store key of the stored file (content hash, source or `local/…`), null when nothing is stored. */
  storeKey: string | null;
  /**
   * Integrity of a zoo variant: 'pinned' (sha256 in the manifest, checked on download) or 'unverified' (none: it
   * is fetched only after the user confirms); 'own' for the user's local models.
   */
  integrity: 'pinned' | 'unverified' | 'own';
  name: string;
  family: string;
  variant: string;
  /** Download size (exact, or approximate from the manifest). */
  bytes: number;
  approximate: boolean;
  /** 'stored': in the local cache; 'remote': fetched on first use; 'local': the user's own file. */
  state: 'stored' | 'remote' | 'local';
  licence: string | null;
}

export function buildCatalog(
  manifest: ZooManifest | undefined,
  stored: readonly StoredModelMeta[],
  local: readonly LocalModelInfo[],
): CatalogItem[] {
  const byKey = new Map(stored.map((m) => [m.key, m]));
  // Unpinned files are keyed by their source; any source's copy shows the variant as downloaded (newest first).
  const byRef = new Map(
    [...stored].sort((a, b) => a.lastUsed - b.lastUsed).map((m) => [m.ref ?? m.key, m] as const),
  );
  const items: CatalogItem[] = [];
  for (const e of manifest?.models ?? []) {
    for (const v of e.variants) {
      const key = modelKey(e.id, v.name);
      const file = isPinned(v) ? byKey.get(`sha256:${v.sha256}`) : byRef.get(key);
      items.push({
        ref: { kind: 'zoo', id: e.id, variant: v.name },
        key,
        storeKey: file?.key ?? null,
        integrity: isPinned(v) ? 'pinned' : 'unverified',
        name: e.name,
        family: e.family,
        variant: v.name,
        bytes: variantSizeBytes(v),
        approximate: v.bytes === null,
        state: file ? 'stored' : 'remote',
        licence: e.licence.id,
      });
    }
  }
  for (const m of local) {
    items.push({
      ref: { kind: 'local', id: m.id },
      key: localModelKey(m.id),
      storeKey: localModelKey(m.id),
      integrity: 'own',
      name: m.name,
      family: 'my models',
      variant: 'local',
      bytes: m.bytes,
      approximate: false,
      state: 'local',
      licence: null,
    });
  }
  return items;
}

export function formatBytes(n: number): string {
  if (n < 1e3) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}
