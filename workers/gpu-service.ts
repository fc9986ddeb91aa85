// What the GPU worker does, apart from comlink: owns the single GPUDevice (through DeviceManager) and ONNX
// Runtime, and answers GpuWorkerApi. Takes its globals from outside so Node tests can run it without a worker.
import { describeAdapter } from '../src/engine/gpu/adapter-info.ts';
import { DeviceManager } from '../src/engine/gpu/device-manager.ts';
import { type LocalModelIndex, MemoryLocalModelIndex } from '../src/engine/infer/local-models.ts';
import type { CheckpointStore } from '../src/engine/nn/run/checkpoint-store.ts';
import { chooseInferenceBackend } from '../src/engine/platform/backend-choice.ts';
import { gatherEnvironment } from '../src/engine/platform/environment-facts.ts';
import { type EpOption, type EpProbe, probeExecutionProvider } from '../src/engine/platform/ort-probe.ts';
import type { DatasetLibrary } from '../src/engine/storage/library.ts';
import type { ZooManifest } from '../src/engine/zoo/manifest.ts';
import { MemoryModelStore, type ModelStore } from '../src/engine/zoo/store.ts';
import { createAugmentService } from './augment-service.ts';
import { type BenchResultsSink, createBenchService } from './bench-service.ts';
import { createClassifyService } from './classify-service.ts';
import type { DeviceLostEvent, GpuWorkerApi, OrtInfo, SystemInfo, WebGpuFacts } from './gpu-api.ts';
import { createTrainService, storeModelLoader } from './train-service.ts';

type OrtModule = typeof import('onnxruntime-web');

export interface GpuServiceDeps {
  /** navigator.gpu of the worker, or undefined where WebGPU is missing. */
  gpu: GPU | undefined;
  /** The global scope facts are read from (self in the worker). */
  scope: typeof globalThis;
  /** Loads ORT; the worker passes a dynamic import so ORT is fetched only when first needed. */
  loadOrt: () => Promise<OrtModule>;
  /** The module specifier loadOrt imports, for people reading the System panel. */
  ortBuild: string;
  /** ORT for WASM-only sessions (the lighter /wasm build in the worker); default: loadOrt. */
  loadOrtWasm?: () => Promise<OrtModule>;
  /** Where downloaded and local models live (IndexedDB in the worker); default: an in-memory store. */
  openStore?: () => Promise<ModelStore>;
  openLocalIndex?: () => Promise<LocalModelIndex>;
  /** The zoo manifest, validated; default: none (zoo models then fail with a clear message). */
  loadManifest?: () => Promise<ZooManifest>;
  /** Where benchmark results are kept (IndexedDB in the worker); default: in memory. */
  openBenchResults?: () => Promise<BenchResultsSink>;
  /** Training runs and checkpoints (IndexedDB 'webclas-runs') and the dataset library; training fails without. */
  openRuns?: () => Promise<CheckpointStore>;
  openLibrary?: () => Promise<DatasetLibrary>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createGpuService(deps: GpuServiceDeps): GpuWorkerApi {
  const { gpu, scope, loadOrt, ortBuild } = deps;
  const manager = gpu ? new DeviceManager(gpu, { label: 'webclas-gpu-worker' }) : undefined;
  const listeners = new Map<number, (event: DeviceLostEvent) => void>();
  let nextListenerId = 1;
  let devicesLost = 0;

  manager?.onLost((info) => {
    devicesLost++;
    const event: DeviceLostEvent = { reason: String(info.reason), message: info.message, at: Date.now() };
    for (const listener of listeners.values()) {
      // A listener whose page went away (a dead comlink proxy) must not stop the others hearing of the loss.
      Promise.resolve()
        .then(() => listener(event))
        .catch(() => undefined);
    }
  });

  async function webgpuFacts(): Promise<WebGpuFacts> {
    const base = {
      available: gpu !== undefined,
      preferredCanvasFormat: gpu?.getPreferredCanvasFormat?.() ?? null,
      wgslLanguageFeatures: gpu?.wgslLanguageFeatures ? [...gpu.wgslLanguageFeatures].map(String).sort() : [],
    };
    if (!gpu || !manager) return { ...base, adapter: null, devicesLost };
    try {
      const ctx = await manager.get();
      return { ...base, adapter: ctx.info, devicesLost };
    } catch (e) {
      // Tell "no adapter at all" from "an adapter that would not give a device": the advice differs.
      const adapter = await gpu.requestAdapter().catch(() => null);
      return {
        ...base,
        adapter: adapter ? describeAdapter(adapter) : null,
        deviceError: adapter ? errorText(e) : undefined,
        devicesLost,
      };
    }
  }

  async function systemInfo(): Promise<SystemInfo> {
    const [webgpu, environment] = await Promise.all([webgpuFacts(), gatherEnvironment(scope)]);
    const backend = chooseInferenceBackend({
      hasWebGpu: webgpu.available,
      adapter: webgpu.adapter,
      deviceError: webgpu.deviceError,
    });
    return { webgpu, environment, backend };
  }

  async function webgpuProbe(ort: OrtModule): Promise<EpProbe> {
    if (!manager) return { name: 'webgpu', available: false, detail: 'navigator.gpu is missing here' };
    try {
      const ctx = await manager.get();
      // ORT's WebGPU EP runs on the studio's own device: one device per page, shared with our kernels.
      const ep = { name: 'webgpu', device: ctx.device } as EpOption;
      return await probeExecutionProvider(ort, ep);
    } catch (e) {
      return { name: 'webgpu', available: false, detail: `no GPU device: ${errorText(e)}` };
    }
  }

  async function loadOrtInfo(): Promise<OrtInfo> {
    const t0 = performance.now();
    const ort = await loadOrt();
    const loadMs = performance.now() - t0;
    // One at a time: ORT refuses to create two WebGPU sessions concurrently.
    const providers = [await probeExecutionProvider(ort, 'wasm'), await webgpuProbe(ort)];
    const hasWebNn = (scope.navigator as (Navigator & { ml?: unknown }) | undefined)?.ml !== undefined;
    providers.push(
      hasWebNn
        ? await probeExecutionProvider(ort, 'webnn')
        : { name: 'webnn', available: false, detail: 'navigator.ml (WebNN) is missing here' },
    );
    return {
      version: ort.env.versions.web ?? 'unknown',
      commonVersion: ort.env.versions.common,
      build: ortBuild,
      providers,
      wasmThreads: Number(ort.env.wasm.numThreads ?? 1),
      loadMs,
    };
  }

  let ortInfoPromise: Promise<OrtInfo> | undefined;

  const classify = createClassifyService({
    manager,
    chooseBackend: async () => (await systemInfo()).backend,
    loadOrtWebGpu: loadOrt,
    loadOrtWasm: deps.loadOrtWasm ?? loadOrt,
    openStore: deps.openStore ?? (async () => new MemoryModelStore()),
    openLocalIndex: deps.openLocalIndex ?? (async () => new MemoryLocalModelIndex()),
    loadManifest:
      deps.loadManifest ??
      (async () => {
        throw new Error('no zoo manifest was given to the GPU service');
      }),
  });

  const bench = createBenchService({
    manager,
    scope,
    loadOrtWebGpu: loadOrt,
    loadOrtWasm: deps.loadOrtWasm ?? loadOrt,
    openStore: deps.openStore ?? (async () => new MemoryModelStore()),
    openLocalIndex: deps.openLocalIndex ?? (async () => new MemoryLocalModelIndex()),
    loadManifest:
      deps.loadManifest ??
      (async () => {
        throw new Error('no zoo manifest was given to the GPU service');
      }),
    openResults: deps.openBenchResults ?? (async () => memoryResults()),
  });

  const augment = createAugmentService({ manager });

  const noTraining = async (): Promise<never> => {
    throw new Error(
      'training runs need IndexedDB (the run database and the dataset library) in the GPU worker',
    );
  };
  const train = createTrainService({
    manager,
    openRuns: deps.openRuns ?? noTraining,
    openLibrary: deps.openLibrary ?? noTraining,
    loadModel: storeModelLoader({
      openStore: deps.openStore ?? (async () => new MemoryModelStore()),
      openLocalIndex: deps.openLocalIndex ?? (async () => new MemoryLocalModelIndex()),
      loadManifest:
        deps.loadManifest ??
        (async () => {
          throw new Error('no zoo manifest was given to the GPU service');
        }),
    }),
    addLocalModel: classify.addLocalModel,
  });

  return {
    ...classify,
    ...bench,
    ...train,
    ...augment,
    systemInfo,
    ortInfo() {
      ortInfoPromise ??= loadOrtInfo().catch((e) => {
        // A failed load may be transient (a chunk fetch): let the next call try again.
        ortInfoPromise = undefined;
        throw new Error(`Loading ${ortBuild} in the GPU worker failed: ${errorText(e)}`);
      });
      return ortInfoPromise;
    },
    onDeviceLost(listener) {
      const id = nextListenerId++;
      listeners.set(id, listener);
      return id;
    },
    offDeviceLost(id) {
      listeners.delete(id);
    },
    async injectDeviceLoss() {
      if (!manager) throw new Error('No WebGPU device to lose: navigator.gpu is missing in the GPU worker');
      await manager.get();
      manager.injectLoss();
    },
  };
}

function memoryResults(): BenchResultsSink {
  const rows = new Map<string, import('../src/engine/bench/models/types.ts').BenchResult>();
  return {
    async put(rs) {
      for (const r of rs) rows.set(r.id, r);
    },
    async list() {
      return [...rows.values()].sort((a, b) => a.at - b.at);
    },
    async clear() {
      rows.clear();
    },
  };
}
