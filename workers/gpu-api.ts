// The GPU worker's typed API. The UI imports only these types (never the worker module), through comlink.
import type { AdapterSummary } from '../src/engine/gpu/adapter-info.ts';
import type { BackendChoice } from '../src/engine/platform/backend-choice.ts';
import type { EnvironmentFacts } from '../src/engine/platform/environment-facts.ts';
import type { EpProbe } from '../src/engine/platform/ort-probe.ts';
import type { TrainWorkerApi } from './train-api.ts';

export interface WebGpuFacts {
  /** navigator.gpu exists in the worker. */
  available: boolean;
  /** The adapter the worker's device came from (or the one that refused a device); null when none. */
  adapter: AdapterSummary | null;
  /** navigator.gpu.getPreferredCanvasFormat(), when present. */
  preferredCanvasFormat: string | null;
  /** WGSL language extensions the browser reports (navigator.gpu.wgslLanguageFeatures). */
  wgslLanguageFeatures: string[];
  /** Why no device could be created, verbatim. */
  deviceError?: string;
  /** How many devices the worker has lost since it started (each loss is followed by a fresh device). */
  devicesLost: number;
}

export interface SystemInfo {
  webgpu: WebGpuFacts;
  environment: EnvironmentFacts;
  backend: BackendChoice;
}

export interface OrtInfo {
  /** onnxruntime-web's version (env.versions.web) and that of onnxruntime-common it bundles. */
  version: string;
  commonVersion: string;
  /** Which ORT build the worker loaded (the module specifier). */
  build: string;
  /** Each candidate execution provider, proven by building and running a one-node model. */
  providers: EpProbe[];
  /** WASM threads ORT will use (1 unless cross-origin isolated). */
  wasmThreads: number;
  /** Time to import the ORT module, in milliseconds. */
  loadMs: number;
}

export interface DeviceLostEvent {
  reason: string;
  message: string;
  /** Date.now() in the worker when the loss was seen. */
  at: number;
}

export interface GpuWorkerApi extends ClassifyWorkerApi, BenchWorkerApi, AugmentWorkerApi, TrainWorkerApi {
  systemInfo(): Promise<SystemInfo>;
  ortInfo(): Promise<OrtInfo>;
  /** Registers a listener (wrap it with comlink's proxy()); returns an id for offDeviceLost. */
  onDeviceLost(listener: (event: DeviceLostEvent) => void): number;
  offDeviceLost(id: number): void;
  /** Destroys the current device for real, to exercise the loss path; the next call gets a fresh device. */
  injectDeviceLoss(): Promise<void>;
}

// ——— Classification (src/engine/infer through workers/classify-service.ts) ———

/** The inference backend setting: 'auto' follows the worker's measured choice (BackendChoice), the others force. */
export type BackendSetting = 'auto' | 'webgpu' | 'wasm';

/**
 * A model to run. `allowUnverified`: the user confirmed a zoo variant without a pinned sha256 (fetch-model.ts); such a
 * variant is refused without it unless its bytes from this mirror are already cached.
 */
export type ModelRef =
  | { kind: 'zoo'; id: string; variant?: string; allowUnverified?: boolean }
  | { kind: 'local'; id: string };

export interface ClassifySettings {
  backend: BackendSetting;
  /** Normalized model mirror base URL (ends in '/'), or null for the manifest's public URLs. */
  mirror: string | null;
}

export interface ResolvedBackend {
  backend: 'webgpu' | 'wasm';
  /** Why: the automatic choice's reason, or that the setting forced it. */
  reason: string;
  overridden: boolean;
}

export interface PreparedModel {
  modelKey: string;
  displayName: string;
  labelSource: string;
  backend: ResolvedBackend;
  session: import('../src/engine/infer/session-cache.ts').SessionInfo;
  /** Nodes ORT kept on the CPU although WebGPU was asked for; null when none or unknown (see placementNote). */
  cpuNodes: import('../src/engine/infer/placement.ts').NodePlacement | null;
  /** One sentence on node placement, honest when ORT did not report it. */
  placementNote: string;
  /** Bytes of the model, and whether they came from the local cache or the network. */
  bytes: number;
  cached: boolean;
  /** What was checked, in words: "verified (sha256 checked)" only after a pinned hash matched (status.ts). */
  integrity: string;
}

export type ClassifyItem = import('../src/engine/infer/runner.ts').ClassifyItem;
export type LocalModelInfo = import('../src/engine/infer/local-models.ts').LocalModelInfo;
export type ModelDownloadProgress = import('../src/engine/zoo/download.ts').DownloadProgress;

export interface StoredModels {
  stored: import('../src/engine/zoo/store.ts').StoredModelMeta[];
  usage: import('../src/engine/zoo/store.ts').StoreUsage;
}

export interface ClassifyWorkerApi {
  /** Fetches the model on first use (progress through onProgress, a comlink proxy), loads and warms a session. */
  prepareModel(
    ref: ModelRef,
    settings: ClassifySettings,
    onProgress?: (p: ModelDownloadProgress) => void,
  ): Promise<PreparedModel>;
  /** Cancels a download in progress (its bytes are kept for resume). */
  cancelModelDownload(): void;
  /** Classifies one batch of files (Blobs); a file that fails becomes an error item, the others go on. */
  classifyFiles(
    ref: ModelRef,
    settings: ClassifySettings,
    files: { name: string; blob: Blob }[],
    k?: number,
  ): Promise<ClassifyItem[]>;
  storedModels(): Promise<StoredModels>;
  deleteStoredModel(key: string): Promise<boolean>;
  addLocalModel(
    file: { name: string; bytes: Uint8Array },
    labels: { name: string; text: string } | null,
  ): Promise<LocalModelInfo>;
  listLocalModels(): Promise<LocalModelInfo[]>;
  deleteLocalModel(id: string): Promise<void>;
}

// ——— Benchmarks (src/engine/bench/models through workers/bench-service.ts) ———

/** A model to benchmark: a zoo entry, one of "My models", or a file of the mirror outside the zoo (`arch/x.onnx`). */
export type BenchModelRef = ModelRef | { kind: 'mirror'; path: string };

export interface BenchRequest {
  models: BenchModelRef[];
  backends: import('../src/engine/bench/models/types.ts').BenchBackend[];
  batches: number[];
  warmup: number;
  runs: number;
  /** Normalized mirror base, or null for public URLs (mirror files then cannot be loaded). */
  mirror: string | null;
}

export interface BenchRunSummary {
  results: import('../src/engine/bench/models/types.ts').BenchResult[];
  skipped: import('../src/engine/bench/models/types.ts').BenchSkip[];
}

export interface BenchWorkerApi {
  /** Runs the benchmark; progress and each result as measured through comlink proxies. One run at a time. */
  benchModels(
    req: BenchRequest,
    onProgress?: (p: import('../src/engine/bench/models/runner.ts').BenchProgress) => void,
    onResult?: (r: import('../src/engine/bench/models/types.ts').BenchResult) => void,
  ): Promise<BenchRunSummary>;
  cancelBench(): void;
  /** Every stored result (this device's and imported ones), oldest first. */
  benchResults(): Promise<import('../src/engine/bench/models/types.ts').BenchResult[]>;
  /** Imports a JSON export (validated; a bad file is refused naming the record and field); returns the count. */
  importBenchResults(text: string, file: string): Promise<number>;
  clearBenchResults(): Promise<void>;
}

// ——— Augmentation Gallery (src/engine/augment/gpu/preview.ts through workers/augment-service.ts) ———

export type AugmentPreviewRequest = import('../src/engine/augment/gpu/preview.ts').PreviewRequest;
export type AugmentPreviewResult = import('../src/engine/augment/gpu/preview.ts').PreviewResult;

export interface AugmentWorkerApi {
  /** Augments sources × variants with a PaddleClas config on the worker's shared device; pixels come back as RGBA. */
  augmentPreview(req: AugmentPreviewRequest): Promise<AugmentPreviewResult>;
}
