// The EP probe against the real onnxruntime-web WASM build running in Node (no mocks): a working provider
// passes, an unknown one is reported unavailable with ORT's own error.
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { buildAddModel, probeExecutionProvider } from './ort-probe.ts';

describe('ORT execution-provider probe', () => {
  it('writes a model ORT accepts', () => {
    const bytes = buildAddModel();
    expect(bytes.byteLength).toBeGreaterThan(40);
  });

  it('finds the wasm EP working', async () => {
    ort.env.wasm.numThreads = 1;
    const p = await probeExecutionProvider(ort, 'wasm');
    expect(p.detail).toBe('session created, Add result matches');
    expect(p).toMatchObject({ name: 'wasm', available: true });
    expect(p.ms).toBeGreaterThan(0);
  }, 60_000);

  it('reports an EP this build lacks as unavailable, with the reason', async () => {
    const p = await probeExecutionProvider(ort, 'no-such-ep');
    expect(p.available).toBe(false);
    expect(p.detail.length).toBeGreaterThan(0);
  }, 60_000);
});
