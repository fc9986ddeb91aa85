// The one GPU worker (module worker): exposes the GPU service over comlink. It owns the studio's single
// GPUDevice and ONNX Runtime; the UI thread never touches WebGPU.
import { expose } from 'comlink';
import zooText from '../models/zoo.json?raw';
import { BenchResultsStore } from '../src/engine/bench/models/results-store.ts';
import { IdbLocalModelIndex } from '../src/engine/infer/local-models.ts';
import { IdbModelStore } from '../src/engine/zoo/idb-store.ts';
import { parseManifest } from '../src/engine/zoo/load.ts';
import { createGpuService } from './gpu-service.ts';

const ortBuild = 'onnxruntime-web/webgpu';

expose(
  createGpuService({
    gpu: (self.navigator as Navigator & { gpu?: GPU }).gpu,
    scope: self,
    // Imported here and only on demand, never statically: ORT is large and the shell must not wait for it.
    loadOrt: () => import('onnxruntime-web/webgpu'),
    ortBuild,
    // WASM-only sessions use the plain WASM build: smaller, and faster than the JSEP/WebGPU build's CPU kernels.
    loadOrtWasm: () => import('onnxruntime-web/wasm'),
    openStore: () => IdbModelStore.open(),
    openLocalIndex: () => IdbLocalModelIndex.open(),
    loadManifest: async () => parseManifest(zooText),
    openBenchResults: () => BenchResultsStore.open(),
  }),
);
