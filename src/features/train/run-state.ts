// What the Train screen knows of one run, and how each worker event changes it: a pure reducer, so the store,
// a re-attached listener and a reload (RunSummary from listRuns) all end in the same state.

import type {
  CheckpointMeta,
  RunState,
  RunSummary,
  TrainEvent,
  TrainRunConfig,
} from '../../../workers/train-api.ts';
import type { EpochReport } from '../../engine/nn/loop/head-loop.ts';
import { maxOf } from '../../engine/numeric/min-max.ts';

export interface RunProgress {
  phase: string;
  done: number;
  total: number;
  etaSeconds: number | null;
}

export interface LiveRun {
  /** '' while startRun has not answered yet: the first event's runId is adopted. */
  id: string;
  name: string;
  state: RunState;
  message?: string;
  progress: RunProgress | null;
  history: EpochReport[];
  checkpoints: CheckpointMeta[];
  config: TrainRunConfig | null;
}

export function pendingRun(config: TrainRunConfig): LiveRun {
  return {
    id: '',
    name: config.name,
    state: 'preparing',
    progress: null,
    history: [],
    checkpoints: [],
    config,
  };
}

export function fromSummary(s: RunSummary): LiveRun {
  return {
    id: s.id,
    name: s.config.name,
    state: s.state,
    message: s.message,
    progress: null,
    history: [...s.history].sort((a, b) => a.epoch - b.epoch),
    checkpoints: [...s.checkpoints].sort((a, b) => a.epoch - b.epoch),
    config: s.config,
  };
}

/** Replaces the entry with the same epoch (a resumed run repeats the epochs after its checkpoint), keeps order. */
function upsertByEpoch<T extends { epoch: number }>(list: readonly T[], item: T): T[] {
  return [...list.filter((x) => x.epoch !== item.epoch), item].sort((a, b) => a.epoch - b.epoch);
}

export function applyTrainEvent(run: LiveRun, e: TrainEvent): LiveRun {
  if (run.id !== '' && e.runId !== run.id) return run;
  const r = run.id === '' ? { ...run, id: e.runId } : run;
  switch (e.type) {
    case 'state':
      return {
        ...r,
        state: e.state,
        message: e.message,
        // A finished phase bar would otherwise stay on screen after the run ended.
        progress: e.state === 'running' || e.state === 'preparing' ? r.progress : null,
      };
    case 'progress':
      return { ...r, progress: { phase: e.phase, done: e.done, total: e.total, etaSeconds: e.etaSeconds } };
    case 'epoch': {
      // Epochs past this one belong to the timeline a resume abandoned.
      const history = upsertByEpoch(
        r.history.filter((h) => h.epoch <= e.report.epoch),
        e.report,
      );
      return { ...r, history };
    }
    case 'checkpoint': {
      const c = e.checkpoint;
      const others = c.best ? r.checkpoints.map((x) => ({ ...x, best: false })) : r.checkpoints;
      return { ...r, checkpoints: upsertByEpoch(others, c) };
    }
  }
}

/** States in which the worker is working on the run (Pause and Stop apply). */
export const isActive = (s: RunState): boolean => s === 'preparing' || s === 'running';

/** States a run can be continued from (its last checkpoint). */
export const isResumable = (s: RunState): boolean => s === 'paused' || s === 'interrupted';

export function lastCheckpointEpoch(run: Pick<LiveRun, 'checkpoints'>): number | null {
  return run.checkpoints.length > 0 ? maxOf(run.checkpoints.map((c) => c.epoch)) : null;
}

/**
 * The resume button's words: a run paused by this page is still in the worker's memory and continues where it
 * stopped; one found in the store (after a reload) restarts from its last checkpoint.
 */
export function resumeLabel(run: Pick<LiveRun, 'state' | 'checkpoints'>, inMemory: boolean): string {
  if (run.state === 'paused' && inMemory) return 'Resume';
  const last = lastCheckpointEpoch(run);
  return last === null ? 'Resume from the start' : `Resume from epoch ${last}`;
}

export function bestValTop1(history: readonly EpochReport[]): number | null {
  const vals = history.map((h) => h.val_top1).filter((v): v is number => v !== null);
  return vals.length > 0 ? maxOf(vals) : null;
}

/** "12 s", "3 min 04 s", "1 h 02 min". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return 'ETA unknown';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s left`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s left`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min left`;
}

export function pct(v: number | null, digits = 1): string {
  return v === null ? '–' : `${(v * 100).toFixed(digits)} %`;
}
