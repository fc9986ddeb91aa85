// The Datasets screen's UI state (zustand): the open dataset, filters, the image in detail, the running import,
// and the offer made when a drop is already in the library.
import { create } from 'zustand';
import type { SameContent, SourceFile } from '../../../workers/import-api.ts';
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

/** A drop whose images are already a dataset: kept until the user opens that one or imports a copy. */
export interface DuplicateOffer extends SameContent {
  sources: SourceFile[];
}

interface DatasetsState {
  openId: string | null;
  filter: ImageFilter;
  detailId: string | null;
  run: ImportRun | null;
  duplicate: DuplicateOffer | null;
  open(id: string | null): void;
  setFilter(f: Partial<ImageFilter>): void;
  showDetail(id: string | null): void;
  setRun(update: Partial<ImportRun> | null): void;
  setDuplicate(offer: DuplicateOffer | null): void;
}

export const useDatasets = create<DatasetsState>((set) => ({
  openId: null,
  filter: { label: null, split: null },
  detailId: null,
  run: null,
  duplicate: null,
  open: (id) => set({ openId: id, filter: { label: null, split: null }, detailId: null }),
  setFilter: (f) => set((s) => ({ filter: { ...s.filter, ...f } })),
  showDetail: (id) => set({ detailId: id }),
  setDuplicate: (offer) => set({ duplicate: offer }),
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
