// Which ONNX Runtime execution provider the studio uses for inference here, and why: a pure decision
// over facts the GPU worker gathers, so the UI, the worker and the tests agree on one rule.

/** The adapter facts the decision needs (a structural subset of the GPU core's AdapterSummary). */
export interface AdapterFacts {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  isSoftware: boolean;
}

export interface BackendFacts {
  /** `navigator.gpu` exists in the worker. */
  hasWebGpu: boolean;
  /** The adapter `requestAdapter()` returned, or null when it returned none. */
  adapter: AdapterFacts | null;
  /** Why the device could not be created, when the adapter was found but `requestDevice()` failed. */
  deviceError?: string;
}

export type BackendCode = 'webgpu' | 'no-webgpu' | 'no-adapter' | 'no-device' | 'software-adapter';

export interface BackendChoice {
  backend: 'webgpu' | 'wasm';
  code: BackendCode;
  /** One sentence for people: what was found and why that backend follows. */
  reason: string;
}

const softwareNames = /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|microsoft basic render/i;

/** Software rasterisers report themselves in several ways; any one of them is enough. */
export function looksSoftware(a: AdapterFacts): boolean {
  return (
    a.isSoftware ||
    a.isFallbackAdapter ||
    softwareNames.test(a.architecture) ||
    softwareNames.test(a.description) ||
    softwareNames.test(a.vendor)
  );
}

function adapterName(a: AdapterFacts): string {
  const parts = [a.vendor, a.architecture, a.description].filter((s) => s.trim() !== '');
  return parts.length > 0 ? parts.join(' / ') : 'an unnamed adapter';
}

/**
 * WebGPU only pays off on a real GPU: a CPU-emulated adapter (SwiftShader and kin) runs CNN inference far slower
 * than ORT's multi-threaded SIMD WASM kernels, so such adapters fall back to WASM too.
 */
export function chooseInferenceBackend(facts: BackendFacts): BackendChoice {
  if (!facts.hasWebGpu) {
    return {
      backend: 'wasm',
      code: 'no-webgpu',
      reason: 'This browser has no WebGPU (navigator.gpu is missing).',
    };
  }
  const a = facts.adapter;
  if (!a) {
    return {
      backend: 'wasm',
      code: 'no-adapter',
      reason: 'WebGPU exists but requestAdapter() returned no adapter (GPU blocked or disabled).',
    };
  }
  if (facts.deviceError !== undefined) {
    return {
      backend: 'wasm',
      code: 'no-device',
      reason: `The adapter ${adapterName(a)} refused to create a device: ${facts.deviceError}`,
    };
  }
  if (looksSoftware(a)) {
    const kind = a.isFallbackAdapter ? 'a fallback software adapter' : 'a software adapter';
    return {
      backend: 'wasm',
      code: 'software-adapter',
      reason: `The WebGPU adapter is ${kind} (${adapterName(a)}), which emulates the GPU on the CPU and is far slower than WASM for CNN inference.`,
    };
  }
  return { backend: 'webgpu', code: 'webgpu', reason: `Hardware WebGPU adapter: ${adapterName(a)}.` };
}
