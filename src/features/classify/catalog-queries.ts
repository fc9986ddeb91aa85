// The model list through react-query: the manifest (bundled models/zoo.json, validated), what the worker's store
// holds and the user's local models. The same keys are used by the Models screen, so both stay in step.
import { useQuery } from '@tanstack/react-query';
import zooText from '../../../models/zoo.json?raw';
import { buildCatalog, type CatalogItem, catalogKeys } from '../../engine/infer/model-catalog.ts';
import { parseManifest } from '../../engine/zoo/load.ts';
import type { ZooManifest } from '../../engine/zoo/manifest.ts';
import type { GpuCall } from './gpu-call.ts';

export function useCatalog(gpu: GpuCall): {
  items: CatalogItem[];
  manifest: ZooManifest | undefined;
  error: unknown;
} {
  const manifest = useQuery({ queryKey: catalogKeys.manifest, queryFn: async () => parseManifest(zooText) });
  const stored = useQuery({ queryKey: catalogKeys.stored, queryFn: () => gpu((api) => api.storedModels()) });
  const local = useQuery({ queryKey: catalogKeys.local, queryFn: () => gpu((api) => api.listLocalModels()) });
  return {
    items: buildCatalog(manifest.data, stored.data?.stored ?? [], local.data ?? []),
    manifest: manifest.data,
    error: manifest.error ?? stored.error ?? local.error,
  };
}
