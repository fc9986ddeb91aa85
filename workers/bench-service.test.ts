// The benchmark half of the GPU worker in Node with the real ORT WASM build: a mirror file (../shared/models/arch)
// and a zoo entry (sha256-checked download into the model store) are benchmarked, results kept in the sink,
// exported JSON imports back, a missing model is reported as skipped, and without WebGPU the WebGPU backend says so.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import zooText from '../models/zoo.json?raw';
import { exportJson } from '../src/engine/bench/models/records.ts';
import type { BenchResult } from '../src/engine/bench/models/types.ts';
import { MemoryLocalModelIndex } from '../src/engine/infer/local-models.ts';
import { sharedDir } from '../src/engine/onnx/testing/shared.ts';
import { parseManifest } from '../src/engine/zoo/load.ts';
import { fileFetch } from '../src/engine/zoo/node/file-fetch.ts';
import { MemoryModelStore } from '../src/engine/zoo/store.ts';
import { type BenchResultsSink, createBenchService } from './bench-service.ts';

ort.env.wasm.numThreads = 1;

function memorySink(): BenchResultsSink & { rows: Map<string, BenchResult> } {
  const rows = new Map<string, BenchResult>();
  return {
    rows,
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

describe('bench service (Node, ORT WASM)', () => {
  it('benchmarks a mirror file and a zoo entry, stores, imports, and reports what it could not run', async () => {
    const sink = memorySink();
    const store = new MemoryModelStore();
    const svc = createBenchService({
      manager: undefined,
      scope: globalThis,
      loadOrtWebGpu: async () => ort,
      loadOrtWasm: async () => ort,
      openStore: async () => store,
      openLocalIndex: async () => new MemoryLocalModelIndex(),
      loadManifest: async () => parseManifest(zooText),
      openResults: async () => sink,
      fetch: fileFetch,
    });
    const mirror = `${pathToFileURL(resolve(sharedDir, 'models')).href}/`;
    const seen: BenchResult[] = [];
    const out = await svc.benchModels(
      {
        models: [
          { kind: 'mirror', path: 'arch/squeezenet1_1-random.onnx' },
          { kind: 'zoo', id: 'mobilenetv2-12-int8' },
          { kind: 'mirror', path: 'arch/no-such-model.onnx' },
          // Mirror files must stay inside the mirror, whatever the spelling.
          { kind: 'mirror', path: 'http://other/x.onnx' },
          { kind: 'mirror', path: '%2e%2e/outside.onnx' },
        ],
        backends: ['wasm', 'webgpu'],
        batches: [1],
        warmup: 0,
        runs: 1,
        mirror,
      },
      undefined,
      (r) => {
        seen.push(r);
      },
    );
    expect(out.results.map((r) => `${r.model.id}@${r.backend}`)).toEqual([
      'arch/squeezenet1_1-random.onnx@wasm',
      'mobilenetv2-12-int8@wasm',
    ]);
    const int8 = out.results[1];
    expect(int8.model.top1).toBe(68.3);
    expect(int8.model.family).toBe('mobilenet-v2');
    expect(out.results[0].model.top1).toBeNull();
    // The zoo model went through the download manager: verified and cached.
    expect((await store.list()).map((m) => [m.key, m.ref, m.verified])).toContainEqual([
      'sha256:cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f',
      'mobilenetv2-12-int8/int8',
      true,
    ]);
    const reasons = out.skipped.map((s) => `${s.modelId}@${s.backend}: ${s.reason}`).join('\n');
    expect(reasons).toMatch(/arch\/no-such-model\.onnx@wasm: .*no-such-model/);
    expect(reasons).toContain(
      'http://other/x.onnx@wasm: mirror path "http://other/x.onnx" is an absolute URL',
    );
    expect(reasons).toContain(
      '%2e%2e/outside.onnx@wasm: mirror path "%2e%2e/outside.onnx" leaves the mirror folder',
    );
    expect(reasons).toMatch(/squeezenet1_1-random\.onnx@webgpu: .*navigator\.gpu is missing/);
    expect((await svc.benchResults()).map((r) => r.id).sort()).toEqual(out.results.map((r) => r.id).sort());
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveLength(2);

    await svc.clearBenchResults();
    expect(await svc.benchResults()).toEqual([]);
    expect(await svc.importBenchResults(exportJson(out.results), 'other-device.json')).toBe(2);
    expect(await svc.benchResults()).toHaveLength(2);
    await expect(svc.importBenchResults('{"kind":"x"}', 'bad.json')).rejects.toThrow(
      /bad.json: not a WebClas/,
    );
  }, 120_000);
});
