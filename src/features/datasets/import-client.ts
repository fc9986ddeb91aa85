// The Datasets screen's handle on its own import worker (not the GPU worker): created on first use, via comlink.
import { type Remote, wrap } from 'comlink';
import type { ImportWorkerApi } from '../../../workers/import-api.ts';

export type ImportClient = Remote<ImportWorkerApi>;

let connection: { api: ImportClient; failed: Promise<never> } | undefined;

function connect() {
  const worker = new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), {
    type: 'module',
    name: 'webclas-import',
  });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) =>
      reject(
        new Error(
          `The import worker (workers/import.worker.ts) failed: ${e.message || 'it could not be loaded'}`,
        ),
      ),
    );
  });
  failed.catch(() => undefined); // Reported through importCall.
  return { api: wrap<ImportWorkerApi>(worker), failed };
}

/** Runs one call on the import worker, failing (instead of hanging) if the worker itself has died. */
export function importCall<T>(call: (api: ImportClient) => Promise<T>): Promise<T> {
  connection ??= connect();
  return Promise.race([call(connection.api), connection.failed]);
}
