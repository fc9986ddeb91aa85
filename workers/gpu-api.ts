// The GPU worker's typed API. The UI imports only these types (never the worker module), through comlink.
import type { AdapterSummary } from '../src/engine/gpu/adapter-info.ts';
import type { BackendChoice } from '../src/engine/platform/backend-choice.ts';
import type { EnvironmentFacts } from '../src/engine/platform/environment-facts.ts';
import type { EpProbe } from '../src/engine/platform/ort-probe.ts';

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

export interface GpuWorkerApi {
  systemInfo(): Promise<SystemInfo>;
  ortInfo(): Promise<OrtInfo>;
  /** Registers a listener (wrap it with comlink's proxy()); returns an id for offDeviceLost. */
  onDeviceLost(listener: (event: DeviceLostEvent) => void): number;
  offDeviceLost(id: number): void;
  /** Destroys the current device for real, to exercise the loss path; the next call gets a fresh device. */
  injectDeviceLoss(): Promise<void>;
}
