// Starting and resuming imports from the UI: talks to the import worker, mirrors progress into the store and
// refreshes the library views as batches land.
import { useQueryClient } from '@tanstack/react-query';
import { proxy } from 'comlink';
import { useCallback } from 'react';
import type { SourceFile } from '../../../workers/import-api.ts';
import type { ImportOutcome } from '../../engine/data/import/import-job.ts';
import type { ImportProgress } from '../../engine/data/import/progress.ts';
import { requestPersistence } from '../../engine/storage/quota.ts';
import { datasetName } from './collect-sources.ts';
import { useDatasets } from './datasets-store.ts';
import { importCall } from './import-client.ts';
import { refreshDatasets } from './queries.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useImport() {
  const client = useQueryClient();
  const setRun = useDatasets((s) => s.setRun);
  const setDuplicate = useDatasets((s) => s.setDuplicate);
  const open = useDatasets((s) => s.open);

  const track = useCallback(
    async (
      name: string,
      datasetId: string | null,
      call: (onProgress: (p: ImportProgress) => void) => Promise<ImportOutcome>,
    ) => {
      setRun(null);
      setRun({ name, datasetId });
      let lastRefresh = 0;
      const onProgress = proxy((p: ImportProgress) => {
        setRun({ progress: p });
        // Keep the list's sizes current without re-reading the library on every batch.
        if (Date.now() - lastRefresh > 1000) {
          lastRefresh = Date.now();
          void refreshDatasets(client);
        }
      });
      try {
        const outcome = await call(onProgress);
        setRun({ outcome, datasetId: outcome.datasetId });
        if (outcome.state === 'done') open(outcome.datasetId);
      } catch (e) {
        setRun({ error: message(e) });
      } finally {
        await refreshDatasets(client);
      }
    },
    [client, setRun, open],
  );

  /**
   * Imports the files as a new dataset. Unless `asCopy` names it, files already in the library (same images by
   * content hash) are not imported again: the screen offers to open that dataset or import a copy.
   */
  const start = useCallback(
    async (sources: SourceFile[], asCopy?: string) => {
      setDuplicate(null);
      if (sources.length === 0) {
        setRun({ name: '', datasetId: null, error: 'Nothing to import: the drop held no files' });
        return;
      }
      // Ask once, on the first import: without it the browser may evict datasets when space runs low.
      void requestPersistence().catch(() => null);
      const name = asCopy ?? datasetName(sources);
      if (asCopy === undefined) {
        setRun(null);
        setRun({ name, datasetId: null });
        try {
          const same = await importCall((api) => api.findSameContent(sources));
          if (same) {
            setRun(null);
            setDuplicate({ ...same, sources });
            return;
          }
        } catch (e) {
          setRun({ error: `Could not compare with the library: ${message(e)}` });
          return;
        }
      }
      await track(name, null, (onProgress) =>
        importCall((api) =>
          api.importDataset(
            sources,
            { name },
            onProgress,
            proxy((id: string) => {
              setRun({ datasetId: id });
              void refreshDatasets(client);
            }),
          ),
        ),
      );
    },
    [track, setRun, setDuplicate, client],
  );

  const resume = useCallback(
    (datasetId: string, name: string, sources?: SourceFile[]) =>
      track(name, datasetId, (onProgress) =>
        importCall((api) => api.resumeImport(datasetId, sources, onProgress)),
      ),
    [track],
  );

  const cancel = useCallback(() => importCall(async (api) => api.cancel()), []);

  return { start, resume, cancel };
}
