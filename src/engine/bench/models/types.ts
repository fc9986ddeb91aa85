// The record one benchmark run produces (one model × backend × batch), stored in IndexedDB, exported and imported.

export type BenchBackend = 'webgpu' | 'wasm' | 'engine';

/** What is known about the model, from the manifest (reference figures) and from the file itself. */
export interface BenchModelInfo {
  /** Zoo id, `arch/<file>` for a mirror file outside the zoo, or `local/<sha>` for "My models". */
  id: string;
  name: string;
  family: string;
  /** Reference ImageNet top-1 (%) from the manifest; null when it publishes none. */
  top1: number | null;
  /** Initializer elements counted in the ONNX file (weights, biases, quantization scales). */
  params: number;
  /** Manifest GMACs ×2 (FLOPs = 2·MACs); null when unknown. */
  gflops: number | null;
  /** Bytes of the .onnx file (what a user downloads). */
  sizeBytes: number;
  /** A model fine-tuned in the studio: its validation accuracy on its own dataset (from its metadata). */
  fineTuned?: FineTunedFacts;
}

export interface FineTunedFacts {
  dataset: string;
  /** Validation top-1 (0–1) of the exported checkpoint; null when the run had no validation images. */
  valTop1: number | null;
  /** The model it was fine-tuned from. */
  base: string;
}

/** Where the numbers were measured: needed to compare devices side by side. */
export interface BenchEnvironment {
  userAgent: string;
  /** "vendor architecture (description)" of the WebGPU adapter, or null without one. */
  adapter: string | null;
  /** True for a software adapter (SwiftShader): its WebGPU numbers say nothing about a real GPU. */
  fallbackAdapter: boolean;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

export interface BenchResult {
  /** Unique: `${at}-${model.id}-${backend}-${batch}`. */
  id: string;
  /** Date.now() when the run ended. */
  at: number;
  model: BenchModelInfo;
  backend: BenchBackend;
  batch: number;
  /** ORT WASM threads (1 without cross-origin isolation); null on WebGPU and the engine. */
  threads: number | null;
  env: BenchEnvironment;
  /**
   * InferenceSession.create, including WebGPU kernel setup (ms); on the engine: ONNX import + this batch's
   * schedule compile + executor creation (weights uploaded).
   */
  sessionCreateMs: number;
  /** The first run after creation: shader (pipeline) compilation and buffer allocation (ms). */
  firstRunMs: number;
  warmupRuns: number;
  /** Every timed run, in ms, each awaited until its output was on the CPU. */
  samplesMs: number[];
  p50Ms: number;
  p90Ms: number;
  meanMs: number;
  /** Images per second at the median latency: batch × 1000 / p50. */
  imagesPerSec: number;
  /** Peak bytes of GPU buffers alive on the device during create + runs; null where not measurable (WASM). */
  peakGpuBytes: number | null;
  /** How the peak was measured, or why it is null. */
  peakGpuNote: string;
}

/** A model × backend the runner could not measure, with the reason (e.g. the engine backend not importing it). */
export interface BenchSkip {
  modelId: string;
  backend: BenchBackend;
  reason: string;
}
