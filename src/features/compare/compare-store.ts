// The Compare screen's choices (kept in localStorage): which models, backends and batch sizes to benchmark, how many
// runs, and which backend/batch the scatter plots.
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
  backends: BenchBackend[];
  batches: string;
  runs: number;
  warmup: number;
  plotBackend: BenchBackend;
  set(patch: Partial<Omit<CompareState, 'set' | 'toggleModel' | 'toggleBackend'>>): void;
  toggleModel(id: string): void;
  toggleBackend(b: BenchBackend): void;
}

const toggle = <T>(xs: T[], x: T) => (xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]);

export const useCompare = create<CompareState>()(
  persist(
    (set) => ({
      models: ['mobilenetv2-12-float', 'mobilenetv2-12-int8'],
      mirrorFiles: '',
      mirror: '',
      backends: ['webgpu', 'wasm'],
      batches: '1',
      runs: 3,
      warmup: 1,
      plotBackend: 'wasm',
      set: (patch) => set(patch),
      toggleModel: (id) => set((s) => ({ models: toggle(s.models, id) })),
      toggleBackend: (b) => set((s) => ({ backends: toggle(s.backends, b) })),
    }),
    {
      name: 'webclas-compare-settings',
      partialize: ({ set: _s, toggleModel: _t, toggleBackend: _b, ...rest }) => rest,
    },
  ),
);
