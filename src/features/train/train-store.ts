// The Train screen's state in a zustand store outside React, so switching screens and coming back shows the same
// form, run, estimate and evaluation, and worker events keep arriving while the screen is not shown.
import { create } from 'zustand';
import type { EvalReport, RunEstimate, TrainEvent } from '../../../workers/train-api.ts';
import { applyTrainEvent, type LiveRun } from './run-state.ts';
import { initialForm, type TrainForm } from './train-form.ts';

export interface ExportNote {
  runId: string;
  file: string;
  localModelId: string;
}

export interface TrainStore {
  form: TrainForm;
  /** The feature backend follows the System facts until the user picks one. */
  backendTouched: boolean;
  run: LiveRun | null;
  estimate: RunEstimate | null;
  evalReport: EvalReport | null;
  exported: ExportNote | null;
  /** The last failed action (start, estimate, export…), with the worker's message. */
  error: string | null;
  /** Run ids whose curves are overlaid in the runs list (at most two). */
  compare: string[];
  setForm(f: (form: TrainForm) => TrainForm): void;
  touchBackend(b: TrainForm['featureBackend']): void;
  showRun(run: LiveRun | null): void;
  apply(e: TrainEvent): void;
  set(p: Partial<Pick<TrainStore, 'estimate' | 'evalReport' | 'exported' | 'error' | 'compare'>>): void;
}

export const useTrainStore = create<TrainStore>()((set) => ({
  form: initialForm(),
  backendTouched: false,
  run: null,
  estimate: null,
  evalReport: null,
  exported: null,
  error: null,
  compare: [],
  setForm: (f) => set((s) => ({ form: f(s.form), estimate: null })),
  touchBackend: (featureBackend) =>
    set((s) => ({ form: { ...s.form, featureBackend }, backendTouched: true, estimate: null })),
  showRun: (run) =>
    set((s) => (s.run?.id === run?.id && run ? { run } : { run, evalReport: null, exported: null })),
  apply: (e) => set((s) => (s.run ? { run: applyTrainEvent(s.run, e) } : {})),
  set: (p) => set(p),
}));
