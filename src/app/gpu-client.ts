// The UI's single handle on the GPU worker: created on first use, wrapped with comlink, shared by every screen.
import { type Remote, wrap } from 'comlink';
import type { GpuWorkerApi } from '../../workers/gpu-api.ts';

export type GpuClient = Remote<GpuWorkerApi>;

interface Connection {
  api: GpuClient;
  /** Rejects when the worker script fails to load or throws at top level: comlink calls would hang otherwise. */
  failed: Promise<never>;
}

let connection: Connection | undefined;

function connect(): Connection {
  const worker = new Worker(new URL('../../workers/gpu.worker.ts', import.meta.url), {
    type: 'module',
    name: 'webclas-gpu',
  });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      reject(
        new Error(`The GPU worker (workers/gpu.worker.ts) failed: ${e.message || 'it could not be loaded'}`),
      );
    });
  });
  failed.catch(() => undefined); // Reported through gpuCall; an unobserved rejection is not a second error.
  return { api: wrap<GpuWorkerApi>(worker), failed };
}

export function gpuClient(): GpuClient {
  connection ??= connect();
  return connection.api;
}

/** Runs one call on the worker, failing (instead of hanging) if the worker itself has died. */
export function gpuCall<T>(call: (api: GpuClient) => Promise<T>): Promise<T> {
  connection ??= connect();
  return Promise.race([call(connection.api), connection.failed]);
}
