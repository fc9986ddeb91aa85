// react-query reads of the dataset library: the list with quota, one dataset's classes/images/job, and the
// invalidation every edit or import step calls.
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { quotaEstimate } from '../../engine/storage/quota.ts';
import { datasetLibrary } from './library-client.ts';

export const keys = {
  all: ['datasets'] as const,
  list: ['datasets', 'list'] as const,
  detail: (id: string) => ['datasets', 'detail', id] as const,
};

export function useDatasetList() {
  return useQuery({
    queryKey: keys.list,
    queryFn: async () => {
      const lib = await datasetLibrary();
      const [datasets, jobs, quota] = await Promise.all([lib.listDatasets(), lib.jobs(), quotaEstimate()]);
      datasets.sort((a, b) => a.createdAt - b.createdAt);
      return { datasets, jobs: new Map(jobs.map((j) => [j.id, j])), quota };
    },
  });
}

export function useDatasetDetail(id: string | null) {
  return useQuery({
    queryKey: keys.detail(id ?? ''),
    enabled: id !== null,
    queryFn: async () => {
      const lib = await datasetLibrary();
      const [dataset, classes, images, job] = await Promise.all([
        lib.dataset(id!),
        lib.classes(id!),
        lib.images(id!),
        lib.job(id!),
      ]);
      return { dataset, classes, images, job };
    },
  });
}

export function refreshDatasets(client: QueryClient): Promise<void> {
  return client.invalidateQueries({ queryKey: keys.all });
}
