// react-query reads for the setup panel: the dataset library with split counts, the model catalog (same keys as
// Classify and Models, so a download or export shows everywhere), the stored runs and the System facts.
import { useQuery } from '@tanstack/react-query';
import zooText from '../../../models/zoo.json?raw';
import { buildCatalog, catalogKeys } from '../../engine/infer/model-catalog.ts';
import { DatasetLibrary } from '../../engine/storage/library.ts';
import { parseManifest } from '../../engine/zoo/load.ts';
import { type TrainGpuCall, trainKeys } from './train-client.ts';

let library: Promise<DatasetLibrary> | undefined;

/** This screen's own connection to the dataset library (reads only; the Datasets screen does the writes). */
function datasetLibrary(): Promise<DatasetLibrary> {
  library ??= DatasetLibrary.open();
  return library;
}

// Under the Datasets screen's ['datasets'] prefix, so its invalidation after an import or edit refreshes these.
const datasetKeys = {
  list: ['datasets', 'train-list'] as const,
  splits: (id: string) => ['datasets', 'train-splits', id] as const,
};

export function useTrainDatasets() {
  return useQuery({
    queryKey: datasetKeys.list,
    queryFn: async () => {
      const rows = await (await datasetLibrary()).listDatasets();
      return rows.sort((a, b) => a.createdAt - b.createdAt);
    },
  });
}

export function useDatasetSplits(id: string) {
  return useQuery({
    queryKey: datasetKeys.splits(id),
    enabled: id !== '',
    queryFn: async () => {
      const counts = await (await datasetLibrary()).counts(id);
      return { splits: counts.splits, classes: counts.classes, images: counts.images };
    },
  });
}

export function useModelCatalog(gpu: TrainGpuCall) {
  const manifest = useQuery({ queryKey: catalogKeys.manifest, queryFn: async () => parseManifest(zooText) });
  const stored = useQuery({ queryKey: catalogKeys.stored, queryFn: () => gpu((api) => api.storedModels()) });
  const local = useQuery({ queryKey: catalogKeys.local, queryFn: () => gpu((api) => api.listLocalModels()) });
  return {
    items: buildCatalog(manifest.data, stored.data?.stored ?? [], local.data ?? []),
    manifest: manifest.data,
    error: manifest.error ?? stored.error ?? local.error,
  };
}

export function useRuns(gpu: TrainGpuCall) {
  return useQuery({
    queryKey: trainKeys.runs,
    queryFn: async () => {
      const runs = await gpu((api) => api.listRuns());
      return runs.sort((a, b) => b.createdAt - a.createdAt);
    },
  });
}

/** Same key as the System panel: one probe of the adapter serves both. */
export function useSystemInfo(gpu: TrainGpuCall) {
  return useQuery({ queryKey: ['system', 'info'] as const, queryFn: () => gpu((api) => api.systemInfo()) });
}
