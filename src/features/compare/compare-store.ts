// The Compare screen's choices (kept in localStorage): which models, backends and batch sizes to benchmark, how many
// runs, and which backend/batch the scatter plots. Until the user ticks a backend, the backends follow the one the
// System screen recommends (a software adapter gets WASM: one ORT WebGPU inference there takes seconds).
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { BenchBackend } from '../../engine/bench/models/types.ts';

export interface CompareState {
  /** Zoo ids (or `local:<id>`) ticked in the model list. */
  models: string[];
  /** Comma-separated mirror files outside the zoo, e.g. `arch/resnet18-bn-random.onnx`. */
  mirrorFiles: string;
  /** The model mirror as typed; empty = the dev/preview server's /mirror/. */
  mirror: string;
  /** The ticked backends; null: not chosen yet, use the System screen's recommendation (effectiveBackends). */
  backends: BenchBackend[] | null;
  batches: string;
  runs: number;
  warmup: number;
  plotBackend: BenchBackend;
  set(patch: Partial<Omit<CompareState, 'set' | 'toggleModel' | 'toggleBackend'>>): void;
  toggleModel(id: string): void;
  /** Ticks or unticks `b`; `shown` is what the boxes show now (the recommendation while nothing is chosen). */
  toggleBackend(b: BenchBackend, shown: BenchBackend[]): void;
}

/** What the backend boxes show: the user's choice, else the recommended backend. */
export const effectiveBackends = (chosen: BenchBackend[] | null, recommended: BenchBackend) =>
  chosen ?? [recommended];

const toggle = <T>(xs: T[], x: T) => (xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]);

export const useCompare = create<CompareState>()(
  persist(
    (set) => ({
      models: ['mobilenetv2-12-float', 'mobilenetv2-12-int8'],
      mirrorFiles: '',
      mirror: '',
      backends: null,
      batches: '1',
      runs: 3,
      warmup: 1,
      plotBackend: 'wasm',
      set: (patch) => set(patch),
      toggleModel: (id) => set((s) => ({ models: toggle(s.models, id) })),
      toggleBackend: (b, shown) => set((s) => ({ backends: toggle(s.backends ?? shown, b) })),
    }),
    {
      name: 'webclas-compare-settings',
      // v1: backends became "null = recommended"; the old fixed default (WebGPU + WASM) is dropped.
      version: 1,
      migrate: (old) => ({ ...(old as CompareState), backends: null }),
      partialize: ({ set: _s, toggleModel: _t, toggleBackend: _b, ...rest }) => rest,
    },
  ),
);
