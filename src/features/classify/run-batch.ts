// Streams files through the GPU worker: prepare the model (download on first use), then chunks of a few images,
// so 1,000+ photos show progress, can be cancelled between chunks, and never sit in the worker all at once.
import { proxy } from 'comlink';
import type { ClassifySettings, ModelDownloadProgress, ModelRef } from '../../../workers/gpu-api.ts';
import { useClassifyRun } from './classify-store.ts';
import type { NamedFile } from './collect-files.ts';
import type { GpuCall } from './gpu-call.ts';

/** Images per worker call: big enough to batch on the GPU, small enough for a prompt cancel. */
export const CHUNK = 8;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function runBatch(
  gpu: GpuCall,
  ref: ModelRef,
  settings: ClassifySettings,
  files: NamedFile[],
): Promise<void> {
  const run = useClassifyRun.getState();
  run.start(files.length);
  try {
    const prepared = await gpu((api) =>
      api.prepareModel(
        ref,
        settings,
        proxy((download: ModelDownloadProgress) => useClassifyRun.getState().set({ download })),
      ),
    );
    useClassifyRun.getState().set({ prepared, download: null, phase: 'classifying' });
  } catch (e) {
    useClassifyRun.getState().set({ phase: 'failed', error: message(e), download: null });
    return;
  }
  for (let i = 0; i < files.length; i += CHUNK) {
    if (useClassifyRun.getState().cancelRequested) {
      useClassifyRun.getState().set({ phase: 'cancelled' });
      return;
    }
    const chunk = files.slice(i, i + CHUNK).map((f) => ({ name: f.name, blob: f.file as Blob }));
    try {
      const items = await gpu((api) => api.classifyFiles(ref, settings, chunk, 5));
      useClassifyRun.getState().append(
        items,
        chunk.map((f) => f.blob),
      );
    } catch (e) {
      // A failure of the whole call (worker trouble): mark these images and carry on with the next chunk.
      useClassifyRun.getState().append(
        chunk.map((f) => ({ name: f.name, ok: false as const, error: message(e) })),
        chunk.map((f) => f.blob),
      );
    }
  }
  useClassifyRun.getState().set({ phase: 'done' });
}
