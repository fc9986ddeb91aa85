// Which zoo files a model mirror actually has, asked with HEAD requests (no bytes downloaded), so pickers can say
// "on the mirror" / "not on the mirror" before anyone chooses a model that would end in a 404. Callers cache the
// answer per mirror (the UI keeps it in react-query), since a mirror's contents rarely change within a session.

import { modelKey } from './fetch-model.ts';
import type { ZooManifest } from './manifest.ts';
import { mirrorFileUrl } from './mirror.ts';

/**
 * 'available': the mirror answered 2xx for the file; 'missing': 404/410; 'unreachable': the request itself failed
 * (offline, server down, blocked); 'error': any other answer (status kept in `detail`).
 */
export type MirrorAvailability = 'available' | 'missing' | 'unreachable' | 'error';

export interface MirrorProbeResult {
  availability: MirrorAvailability;
  /** Status line or the network error, for a tooltip or a message. */
  detail: string;
}

/** Every variant's file URL under `mirror`, keyed by `id/variant`; paths the mirror refuses are left out. */
export function mirrorFiles(manifest: ZooManifest, mirror: string): { key: string; url: string }[] {
  const out: { key: string; url: string }[] = [];
  for (const e of manifest.models) {
    for (const v of e.variants) {
      try {
        out.push({ key: modelKey(e.id, v.name), url: mirrorFileUrl(mirror, v.path) });
      } catch {
        // A path that would leave the mirror is refused when downloading too; nothing to ask about.
      }
    }
  }
  return out;
}

export async function probeFile(url: string, doFetch: typeof fetch): Promise<MirrorProbeResult> {
  let res: Response;
  try {
    res = await doFetch(url, { method: 'HEAD', cache: 'no-store' });
  } catch (e) {
    return { availability: 'unreachable', detail: e instanceof Error ? e.message : String(e) };
  }
  const detail = `HTTP ${res.status} ${res.statusText}`.trim();
  if (res.ok) return { availability: 'available', detail };
  if (res.status === 404 || res.status === 410) return { availability: 'missing', detail };
  return { availability: 'error', detail };
}

/** HEADs every file, a few at a time (a mirror need not take 40 requests at once). */
export async function probeMirror(
  files: readonly { key: string; url: string }[],
  o: { fetch?: typeof fetch; concurrency?: number } = {},
): Promise<Record<string, MirrorProbeResult>> {
  const doFetch = o.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const out: Record<string, MirrorProbeResult> = {};
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++];
      out[f.key] = await probeFile(f.url, doFetch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 6, files.length) }, worker));
  return out;
}
