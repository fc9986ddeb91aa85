// The Classify screen's state: settings (kept in localStorage; the model mirror is shared, src/shared/model-mirror.ts), the chosen model, the running batch and its results.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { BackendSetting, ModelDownloadProgress, PreparedModel } from '../../../workers/gpu-api.ts';
import type { ClassifyItem } from '../../engine/infer/runner.ts';

export interface ClassifySettingsState {
  backend: BackendSetting;
  modelKey: string;
  setBackend(b: BackendSetting): void;
  setModelKey(k: string): void;
}

export const DEFAULT_MODEL_KEY = 'mobilenetv2-12-float/fp32';

export const useClassifySettings = create<ClassifySettingsState>()(
  persist(
    (set) => ({
      backend: 'auto',
      modelKey: DEFAULT_MODEL_KEY,
      setBackend: (backend) => set({ backend }),
      setModelKey: (modelKey) => set({ modelKey }),
    }),
    {
      name: 'webclas-classify-settings',
      partialize: (s) => ({ backend: s.backend, modelKey: s.modelKey }),
    },
  ),
);

export type RunPhase = 'idle' | 'preparing' | 'classifying' | 'done' | 'cancelled' | 'failed';

export interface ResultRow {
  id: number;
  item: ClassifyItem;
  /** The image itself, for the card's thumbnail (a File the browser holds; no copy is made). */
  image?: Blob;
}

export interface ClassifyRunState {
  phase: RunPhase;
  total: number;
  done: number;
  /** Model-level failure (download refused, session failed), shown above the results. */
  error: string | null;
  download: ModelDownloadProgress | null;
  prepared: PreparedModel | null;
  results: ResultRow[];
  cancelRequested: boolean;
  start(total: number): void;
  set(p: Partial<Omit<ClassifyRunState, 'start' | 'set' | 'append' | 'clear'>>): void;
  /** Adds results in order; `images[i]` is the file `items[i]` came from. */
  append(items: ClassifyItem[], images?: readonly Blob[]): void;
  clear(): void;
}

let nextId = 1;

export const useClassifyRun = create<ClassifyRunState>()((set) => ({
  phase: 'idle',
  total: 0,
  done: 0,
  error: null,
  download: null,
  prepared: null,
  results: [],
  cancelRequested: false,
  start: (total) =>
    set({ phase: 'preparing', total, done: 0, error: null, download: null, cancelRequested: false }),
  set: (p) => set(p),
  append: (items, images) =>
    set((s) => ({
      done: s.done + items.length,
      results: [...s.results, ...items.map((item, i) => ({ id: nextId++, item, image: images?.[i] }))],
    })),
  clear: () => set({ results: [], done: 0, total: 0, phase: 'idle', error: null }),
}));
