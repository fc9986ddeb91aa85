// The IndexedDB results store in real Chromium: put, list (oldest first), survive a reopen, clear.
import { describe, expect, it } from 'vitest';
import { BenchResultsStore } from './results-store.ts';
import type { BenchResult } from './types.ts';

function result(id: string, at: number): BenchResult {
  return {
    id,
    at,
    model: { id: 'm', name: 'm', family: 'f', top1: null, params: 1, gflops: null, sizeBytes: 1 },
    backend: 'wasm',
    batch: 1,
    threads: 1,
    env: {
      userAgent: 'u',
      adapter: null,
      fallbackAdapter: false,
      crossOriginIsolated: false,
      hardwareConcurrency: 1,
    },
    sessionCreateMs: 1,
    firstRunMs: 1,
    warmupRuns: 0,
    samplesMs: [Math.random()],
    p50Ms: 1,
    p90Ms: 1,
    meanMs: 1,
    imagesPerSec: 1000,
    peakGpuBytes: null,
    peakGpuNote: '',
  };
}

describe('BenchResultsStore', () => {
  it('keeps results across a reopen, oldest first', async () => {
    const name = `bench-test-${Math.random()}`;
    const a = await BenchResultsStore.open(name);
    const rs = [result('b', 20), result('a', 10), result('c', 30)];
    await a.put(rs);
    a.close();
    const b = await BenchResultsStore.open(name);
    expect((await b.list()).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect((await b.list())[0].samplesMs).toEqual(rs[1].samplesMs);
    await b.clear();
    expect(await b.list()).toEqual([]);
    b.close();
  });
});
