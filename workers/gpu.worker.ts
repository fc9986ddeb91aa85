// The one GPU worker (module worker): exposes the GPU service over comlink. It owns the studio's single
// GPUDevice and ONNX Runtime; the UI thread never touches WebGPU.
import { expose } from 'comlink';
import zooText from '../models/zoo.json?raw';
import { BenchResultsStore } from '../src/engine/bench/models/results-store.ts';
import { IdbLocalModelIndex } from '../src/engine/infer/local-models.ts';
import { CheckpointStore } from '../src/engine/nn/run/checkpoint-store.ts';
import { withWasmThreads } from '../src/engine/platform/wasm-threads.ts';
import { DatasetLibrary } from '../src/engine/storage/library.ts';
import { IdbModelStore } from '../src/engine/zoo/idb-store.ts';
import { parseManifest } from '../src/engine/zoo/load.ts';
import { createGpuService } from './gpu-service.ts';

const ortBuild = 'onnxruntime-web/webgpu';

expose(
  createGpuService({
    gpu: (self.navigator as Navigator & { gpu?: GPU }).gpu,
    scope: self,
    // Imported here and only on demand, never statically: ORT is large and the shell must not wait for it.
    // Each with its WASM threads set before its first session (the System screen's cores, when isolated).
    loadOrt: () => import('onnxruntime-web/webgpu').then((ort) => withWasmThreads(ort, self)),
    ortBuild,
    // WASM-only sessions use the plain WASM build: smaller, and faster than the JSEP/WebGPU build's CPU kernels.
    loadOrtWasm: () => import('onnxruntime-web/wasm').then((ort) => withWasmThreads(ort, self)),
    openStore: () => IdbModelStore.open(),
    openLocalIndex: () => IdbLocalModelIndex.open(),
    loadManifest: async () => parseManifest(zooText),
    openBenchResults: () => BenchResultsStore.open(),
    openRuns: () => CheckpointStore.open(),
    openLibrary: memoLibrary(),
  }),
);

/** One library connection for the worker's lifetime (training reads images from it on every epoch). */
function memoLibrary(): () => Promise<DatasetLibrary> {
  let lib: Promise<DatasetLibrary> | undefined;
  return () => {
    lib ??= DatasetLibrary.open().catch((e) => {
      lib = undefined;
      throw e;
    });
    return lib;
  };
}
