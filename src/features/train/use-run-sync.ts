// Keeps the run in view in step with the worker: on arrival (or after a reload) it shows the run in progress or
// the one that can be resumed, with its stored curves at once, and re-attaches a listener with watchRun.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { fromSummary, isActive, isResumable } from './run-state.ts';
import { isAttached, type TrainGpuCall, watchRun } from './train-client.ts';
import { useRuns } from './train-queries.ts';
import { useTrainStore } from './train-store.ts';

export function useRunSync(gpu: TrainGpuCall): void {
  const qc = useQueryClient();
  const runs = useRuns(gpu);
  const tried = useRef(new Set<string>());

  useEffect(() => {
    const list = runs.data;
    if (!list) return;
    const store = useTrainStore.getState();
    let run = store.run;
    if (run === null) {
      const pick = list.find((r) => isActive(r.state)) ?? list.find((r) => isResumable(r.state));
      if (pick) run = fromSummary(pick);
    } else if (run.id !== '' && !isAttached(run.id)) {
      // Not fed by events on this page: the stored summary is the latest word on it.
      const summary = list.find((r) => r.id === run?.id);
      if (summary) run = fromSummary(summary);
    }
    if (run !== store.run) store.showRun(run);
    if (run && run.id !== '' && isActive(run.state) && !isAttached(run.id) && !tried.current.has(run.id)) {
      tried.current.add(run.id);
      watchRun(gpu, qc, run.id).catch((e: unknown) =>
        useTrainStore.getState().set({ error: `Could not re-attach to the run: ${(e as Error).message}` }),
      );
    }
  }, [runs.data, gpu, qc]);
}
