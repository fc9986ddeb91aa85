// The GPU worker's benchmark half (Compare screen): resolves the selected models (zoo entries through the download
// cache, files of the mirror, the user's local models), runs src/engine/bench/models on the worker's shared device
// and ORT modules, and keeps every result in the webclas-bench IndexedDB database as it is measured.

import { loadBenchModel } from '../src/engine/bench/models/load-models.ts';
import { benchEnvironment, fileModelInfo } from '../src/engine/bench/models/model-info.ts';
import { importJson } from '../src/engine/bench/models/records.ts';
import { type BenchModel, runBench } from '../src/engine/bench/models/runner.ts';
import type { BenchResult } from '../src/engine/bench/models/types.ts';
import type { DeviceManager } from '../src/engine/gpu/device-manager.ts';
import { type LocalModelIndex, localModelKey } from '../src/engine/infer/local-models.ts';
import { preprocessFromMetadata, readMetadataProps } from '../src/engine/infer/model-metadata.ts';
import type { OrtModule } from '../src/engine/infer/session-cache.ts';
import { fetchZooModel } from '../src/engine/zoo/fetch-model.ts';
import type { ZooManifest } from '../src/engine/zoo/manifest.ts';
import type { ModelStore } from '../src/engine/zoo/store.ts';
import type { BenchModelRef, BenchRunSummary, BenchWorkerApi } from './gpu-api.ts';

/** Where results are kept; the worker passes the IndexedDB store, tests an in-memory one. */
export interface BenchResultsSink {
  put(results: readonly BenchResult[]): Promise<void>;
  list(): Promise<BenchResult[]>;
  clear(): Promise<void>;
}

export interface BenchServiceDeps {
  manager: DeviceManager | undefined;
  scope: typeof globalThis;
  loadOrtWebGpu: () => Promise<OrtModule>;
  loadOrtWasm: () => Promise<OrtModule>;
  openStore: () => Promise<ModelStore>;
  openLocalIndex: () => Promise<LocalModelIndex>;
  loadManifest: () => Promise<ZooManifest>;
  openResults: () => Promise<BenchResultsSink>;
  fetch?: typeof fetch;
}

export function createBenchService(d: BenchServiceDeps): BenchWorkerApi {
  const doFetch = d.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  let results: Promise<BenchResultsSink> | undefined;
  const sink = () => {
    results ??= d.openResults().catch((e) => {
      results = undefined;
      throw e;
    });
    return results;
  };
  let running: AbortController | undefined;
  const gpuContext = async () => {
    if (!d.manager) throw new Error('WebGPU is not available in this worker (navigator.gpu is missing)');
    return d.manager.get();
  };

  async function load(ref: BenchModelRef, mirror: string | null): Promise<BenchModel> {
    if (ref.kind === 'local') {
      const info = await (await d.openLocalIndex()).get(ref.id);
      const got = await (await d.openStore()).get(localModelKey(ref.id));
      if (!info || !got) throw new Error(`local model ${ref.id} is not in "My models" (was it deleted?)`);
      return {
        info: fileModelInfo(localModelKey(ref.id), got.data, 'my models'),
        bytes: got.data,
        inputName: null,
        // A model fine-tuned in the studio runs at its trained size (its metadata's eval crop).
        imageDims: localImageDims(got.data),
      };
    }
    const id = ref.kind === 'zoo' ? (ref.variant ? `${ref.id}/${ref.variant}` : ref.id) : ref.path;
    const manifest = await d.loadManifest();
    const store = await d.openStore();
    return loadBenchModel(id, {
      manifest,
      zooBytes: async (entry, variant) =>
        (await fetchZooModel(entry, { store, mirror: mirror ?? undefined, variant, fetch: doFetch })).data,
      mirror,
      mirrorBytes: async (url) => {
        const res = await doFetch(url);
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status} from the mirror ${mirror}`);
        return new Uint8Array(await res.arrayBuffer());
      },
    });
  }

  return {
    async benchModels(req, onProgress, onResult) {
      if (running) throw new Error('a benchmark is already running: cancel it first');
      const controller = new AbortController();
      running = controller;
      const safe = <T>(f: ((x: T) => unknown) | undefined, x: T) => {
        Promise.resolve()
          .then(() => f?.(x))
          .catch(() => undefined);
      };
      try {
        const ctx = d.manager ? await d.manager.get().catch(() => undefined) : undefined;
        const env = benchEnvironment(d.scope, ctx?.info ?? null);
        const models: BenchModel[] = [];
        const failedLoads: BenchRunSummary['skipped'] = [];
        for (const ref of req.models) {
          safe(onProgress, {
            message: `loading ${ref.kind === 'mirror' ? ref.path : ref.id}…`,
            done: 0,
            total: 0,
          });
          try {
            models.push(await load(ref, req.mirror));
          } catch (e) {
            const id = ref.kind === 'mirror' ? ref.path : ref.id;
            for (const backend of req.backends)
              failedLoads.push({ modelId: id, backend, reason: e instanceof Error ? e.message : String(e) });
          }
        }
        const store = await sink();
        const out = await runBench(
          models,
          { backends: req.backends, batches: req.batches, warmup: req.warmup, runs: req.runs },
          {
            ortWebGpu: d.loadOrtWebGpu,
            ortWasm: d.loadOrtWasm,
            device: async () => (await gpuContext()).device,
            // The engine runs on the worker's own context: the same device ORT's WebGPU EP is given.
            gpuContext,
            env,
          },
          {
            signal: controller.signal,
            onProgress: (p) => safe(onProgress, p),
            onResult: (r) => {
              // Stored one by one, so a cancelled or crashed run keeps what it measured.
              store.put([r]).catch(() => undefined);
              safe(onResult, r);
            },
          },
        );
        await store.put(out.results);
        return { results: out.results, skipped: [...failedLoads, ...out.skipped] };
      } finally {
        if (running === controller) running = undefined;
      }
    },
    cancelBench() {
      running?.abort(new DOMException('benchmark cancelled', 'AbortError'));
    },
    async benchResults() {
      return (await sink()).list();
    },
    async importBenchResults(text, file) {
      const rs = importJson(text, file);
      await (await sink()).put(rs);
      return rs.length;
    },
    async clearBenchResults() {
      await (await sink()).clear();
    },
  };
}

function localImageDims(bytes: Uint8Array): [number, number, number] {
  const crop = preprocessFromMetadata(readMetadataProps(bytes))?.crop;
  return crop ? [3, crop.height, crop.width] : [3, 224, 224];
}
