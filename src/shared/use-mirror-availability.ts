// Which zoo models the configured mirror has, for every model list (Classify's picker, Models, Train's base model):
// HEAD requests (engine/zoo/mirror-probe.ts) once per mirror, kept by react-query for the session, so a newcomer
// sees "not on the mirror" before choosing a model that would end in a 404.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CatalogItem } from '../engine/infer/model-catalog.ts';
import type { ZooManifest } from '../engine/zoo/manifest.ts';
import { type MirrorProbeResult, mirrorFiles, probeMirror } from '../engine/zoo/mirror-probe.ts';

export type MirrorProbes = Record<string, MirrorProbeResult>;

export function useMirrorAvailability(
  manifest: ZooManifest | undefined,
  mirror: string | null,
): MirrorProbes | undefined {
  // While a mirror is being typed, wait for a pause: every keystroke would otherwise HEAD every file.
  const [settled, setSettled] = useState(mirror);
  useEffect(() => {
    const t = setTimeout(() => setSettled(mirror), 400);
    return () => clearTimeout(t);
  }, [mirror]);
  const q = useQuery({
    queryKey: ['models', 'mirror-probe', settled],
    enabled: manifest !== undefined && settled !== null && settled === mirror,
    staleTime: 10 * 60_000,
    queryFn: () => probeMirror(mirrorFiles(manifest!, settled!)),
  });
  return settled === mirror ? q.data : undefined;
}

/** Where a model would come from, in words: cached / on the mirror / not on the mirror / needs the network. */
export function availabilityText(item: CatalogItem, probes: MirrorProbes | undefined): string {
  if (item.state === 'local') return 'my model';
  if (item.state === 'stored') return 'cached';
  return probeText(probes?.[item.key]);
}

/** The mirror's answer for one file, in words (lists that do not know what is cached use it alone). */
export function probeText(p: MirrorProbeResult | undefined): string {
  if (!p) return 'checking the mirror…';
  switch (p.availability) {
    case 'available':
      return 'on the mirror, downloads on first use';
    case 'missing':
      return 'not on the mirror';
    case 'unreachable':
      return 'needs the network: the mirror did not answer';
    default:
      return `mirror answered ${p.detail}`;
  }
}

/** A short machine-readable state for tests and styling. */
export function availabilityState(item: CatalogItem, probes: MirrorProbes | undefined): string {
  if (item.state !== 'remote') return item.state === 'stored' ? 'cached' : 'local';
  return probes?.[item.key]?.availability ?? 'checking';
}
