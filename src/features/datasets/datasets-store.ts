// The Datasets screen's UI state (zustand): the open dataset, filters, the image in detail, the running import.
import { create } from 'zustand';
import type { ImportOutcome } from '../../engine/data/import/import-job.ts';
import type { ImportProgress } from '../../engine/data/import/progress.ts';
import type { ImageFilter } from './dataset-view.ts';

export interface ImportRun {
  name: string;
  datasetId: string | null;
  progress: ImportProgress | null;
  outcome: ImportOutcome | null;
  error: string | null;
}

interface DatasetsState {
  openId: string | null;
  filter: ImageFilter;
  detailId: string | null;
  run: ImportRun | null;
  open(id: string | null): void;
  setFilter(f: Partial<ImageFilter>): void;
  showDetail(id: string | null): void;
  setRun(update: Partial<ImportRun> | null): void;
}

export const useDatasets = create<DatasetsState>((set) => ({
  openId: null,
  filter: { label: null, split: null },
  detailId: null,
  run: null,
  open: (id) => set({ openId: id, filter: { label: null, split: null }, detailId: null }),
  setFilter: (f) => set((s) => ({ filter: { ...s.filter, ...f } })),
  showDetail: (id) => set({ detailId: id }),
  setRun: (update) =>
    set((s) => ({
      run:
        update === null
          ? null
          : {
              ...(s.run ?? { name: '', datasetId: null, progress: null, outcome: null, error: null }),
              ...update,
            },
    })),
}));
