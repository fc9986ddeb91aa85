// How the Train screen reaches the GPU worker's training API: the app passes its shared gpu call in (features never
// import the app), and run events come back through one comlink proxy that feeds the train store.
import type { QueryClient } from '@tanstack/react-query';
import { proxy, type Remote } from 'comlink';
import type { GpuWorkerApi } from '../../../workers/gpu-api.ts';
import type { TrainEvent, TrainRunConfig, TrainWorkerApi } from '../../../workers/train-api.ts';
import { useTrainStore } from './train-store.ts';

/** The worker's API as this screen sees it (GpuWorkerApi extends TrainWorkerApi once the train service is wired). */
export type TrainApi = GpuWorkerApi & TrainWorkerApi;

export type TrainGpuCall = <T>(call: (api: Remote<TrainApi>) => Promise<T>) => Promise<T>;

export const trainKeys = {
  runs: ['train', 'runs'] as const,
};

/** Runs this page has a listener on: watchRun is only needed for the others (after a reload). */
const attached = new Set<string>();

function listener(queryClient: QueryClient) {
  return proxy((e: TrainEvent) => {
    useTrainStore.getState().apply(e);
    // The runs list shows states and checkpoints: refresh it when they change, not on every progress tick.
    if (e.type === 'state' || e.type === 'checkpoint' || e.type === 'epoch')
      void queryClient.invalidateQueries({ queryKey: trainKeys.runs });
  });
}

export async function startRun(gpu: TrainGpuCall, qc: QueryClient, config: TrainRunConfig): Promise<string> {
  const id = await gpu((api) => api.startRun(config, listener(qc)));
  attached.add(id);
  void qc.invalidateQueries({ queryKey: trainKeys.runs });
  return id;
}

export async function resumeRun(gpu: TrainGpuCall, qc: QueryClient, runId: string): Promise<void> {
  attached.add(runId);
  await gpu((api) => api.resumeRun(runId, listener(qc)));
}

/** Re-attaches to a run the worker is still training (a listener from before a reload is gone); false when none. */
export async function watchRun(gpu: TrainGpuCall, qc: QueryClient, runId: string): Promise<boolean> {
  if (attached.has(runId)) return true;
  const live = await gpu((api) => api.watchRun(runId, listener(qc)));
  if (live) attached.add(runId);
  return live;
}

export function isAttached(runId: string): boolean {
  return attached.has(runId);
}
