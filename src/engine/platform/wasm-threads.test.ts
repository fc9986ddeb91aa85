// ORT WASM threads: all reported cores when cross-origin isolated, 1 otherwise.
import { describe, expect, it } from 'vitest';
import { wasmThreads, withWasmThreads } from './wasm-threads.ts';

describe('wasmThreads', () => {
  it('uses every reported core when cross-origin isolated (ORT alone takes half: 1 of 2)', () => {
    expect(wasmThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 } })).toBe(2);
    expect(wasmThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 64 } })).toBe(16);
  });
  it('is 1 without isolation or without a core count', () => {
    expect(wasmThreads({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 8 } })).toBe(1);
    expect(wasmThreads({ crossOriginIsolated: true, navigator: {} })).toBe(1);
  });
  it('sets it on the ORT module', () => {
    const ort = { env: { wasm: {} as { numThreads?: number } } };
    expect(
      withWasmThreads(ort, { crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 } }).env.wasm
        .numThreads,
    ).toBe(2);
  });
});
