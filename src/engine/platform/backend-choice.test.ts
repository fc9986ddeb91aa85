// The inference-backend rule: WebGPU only on a hardware adapter, WASM with a stated reason otherwise.
import { describe, expect, it } from 'vitest';
import { type AdapterFacts, chooseInferenceBackend, looksSoftware } from './backend-choice.ts';

const nvidia: AdapterFacts = {
  vendor: 'nvidia',
  architecture: 'hopper',
  description: 'NVIDIA H200',
  isFallbackAdapter: false,
  isSoftware: false,
};
// What Chromium reports for SwiftShader under --enable-unsafe-webgpu without a GPU.
const swiftshader: AdapterFacts = {
  vendor: 'google',
  architecture: 'swiftshader',
  description: '',
  isFallbackAdapter: true,
  isSoftware: true,
};

describe('chooseInferenceBackend', () => {
  it('picks WebGPU for a hardware adapter and names it', () => {
    const c = chooseInferenceBackend({ hasWebGpu: true, adapter: nvidia });
    expect(c).toMatchObject({ backend: 'webgpu', code: 'webgpu' });
    expect(c.reason).toContain('NVIDIA H200');
  });

  it('falls back to WASM without navigator.gpu', () => {
    const c = chooseInferenceBackend({ hasWebGpu: false, adapter: null });
    expect(c).toMatchObject({ backend: 'wasm', code: 'no-webgpu' });
    expect(c.reason).toMatch(/no WebGPU/);
  });

  it('falls back to WASM when requestAdapter returns null', () => {
    const c = chooseInferenceBackend({ hasWebGpu: true, adapter: null });
    expect(c).toMatchObject({ backend: 'wasm', code: 'no-adapter' });
  });

  it('falls back to WASM when the device cannot be created, quoting the error', () => {
    const c = chooseInferenceBackend({
      hasWebGpu: true,
      adapter: nvidia,
      deviceError: 'OperationError: lost',
    });
    expect(c).toMatchObject({ backend: 'wasm', code: 'no-device' });
    expect(c.reason).toContain('OperationError: lost');
  });

  it('falls back to WASM on SwiftShader and says it is a fallback software adapter', () => {
    const c = chooseInferenceBackend({ hasWebGpu: true, adapter: swiftshader });
    expect(c).toMatchObject({ backend: 'wasm', code: 'software-adapter' });
    expect(c.reason).toMatch(/fallback software adapter/);
    expect(c.reason).toMatch(/slower than WASM/);
    expect(c.reason).toContain('swiftshader');
  });

  it('recognises software adapters by name even when the flags say otherwise', () => {
    for (const description of [
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'lavapipe',
      'Microsoft Basic Render Driver',
    ]) {
      const a = { ...nvidia, vendor: '', architecture: '', description };
      expect(looksSoftware(a), description).toBe(true);
      expect(chooseInferenceBackend({ hasWebGpu: true, adapter: a }).backend).toBe('wasm');
    }
    // A software adapter that is not the fallback one is still called software, not fallback.
    const c = chooseInferenceBackend({
      hasWebGpu: true,
      adapter: { ...swiftshader, isFallbackAdapter: false },
    });
    expect(c.reason).toMatch(/is a software adapter/);
  });

  it('does not call a hardware adapter software because of a substring elsewhere', () => {
    expect(looksSoftware({ ...nvidia, description: 'AMD Radeon RX 7900 XTX' })).toBe(false);
    expect(looksSoftware({ ...nvidia, isFallbackAdapter: true })).toBe(true);
  });
});
