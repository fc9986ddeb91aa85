// `webclas bench models --models ID,… --backends webgpu,wasm,engine --batch 1,16 [--runs N] [--warmup N]`, run in
// the CLI's browser harness page: models come from the dev server's `/mirror/` (../shared/models; zoo entries
// sha256-checked), results are emitted as plain result lines plus comparison lines per model × batch: ORT WebGPU
// against ORT WASM (ratio = wasm / webgpu: above 1 means WebGPU is faster) and, where measured, the studio's own
// engine against ORT WebGPU on the same device (ratio = ort-webgpu / engine: above 1 means the engine is faster).

import { describeAdapter } from '../../gpu/adapter-info.ts';
import { GpuContext } from '../../gpu/context.ts';
import { fromBase64, PAYLOAD_ARG } from '../../nn/loop/task-payload.ts';
import type { Task, TaskArgs } from '../../tasks/task-types.ts';
import { sha256Hex } from '../../zoo/download.ts';
import { parseManifest } from '../../zoo/load.ts';
import { mirrorFileUrl } from '../../zoo/mirror.ts';
import { fileBenchModel, loadBenchModel } from './load-models.ts';
import { benchEnvironment } from './model-info.ts';
import { type BenchPlan, parseBackends, parseBatches, runBench } from './runner.ts';
import type { BenchResult } from './types.ts';

/** What `webclas bench models` passes along: local `.onnx` files named in --models, by that name, as base64. */
export interface ModelsBenchPayload {
  files: Record<string, string>;
}

export const DEFAULT_BENCH_MODELS = 'mobilenetv2-12-float,mobilenetv2-12-int8';

function intArg(args: TaskArgs, name: string, fallback: number): number {
  const v = args[name];
  if (typeof v !== 'string') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: '${v}' is not a whole number`);
  return n;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The comparison lines `webclas bench` tabulates: WebGPU vs WASM, and engine vs WebGPU, per model × batch. */
export function comparisonLines(results: readonly BenchResult[]) {
  const lines: Record<string, unknown>[] = [];
  for (const gpu of results.filter((r) => r.backend === 'webgpu')) {
    const wasm = results.find(
      (r) => r.backend === 'wasm' && r.model.id === gpu.model.id && r.batch === gpu.batch,
    );
    if (!wasm) continue;
    lines.push({
      bench: 'models',
      case: `${gpu.model.id} b${gpu.batch}`,
      unit: 'ms',
      ours: gpu.p50Ms,
      baseline: 'ort-wasm',
      baseline_value: wasm.p50Ms,
      ratio: wasm.p50Ms / gpu.p50Ms,
      threads: wasm.threads,
    });
  }
  for (const engine of results.filter((r) => r.backend === 'engine')) {
    const gpu = results.find(
      (r) => r.backend === 'webgpu' && r.model.id === engine.model.id && r.batch === engine.batch,
    );
    if (!gpu) continue;
    lines.push({
      bench: 'models',
      case: `${engine.model.id} b${engine.batch} engine`,
      unit: 'ms',
      ours: engine.p50Ms,
      baseline: 'ort-webgpu',
      baseline_value: gpu.p50Ms,
      ratio: gpu.p50Ms / engine.p50Ms,
    });
  }
  return lines;
}

export const modelsBenchTask: Task = async (gpu, args, io) => {
  const ids = (typeof args.models === 'string' ? args.models : DEFAULT_BENCH_MODELS)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const local: Record<string, string> =
    typeof args[PAYLOAD_ARG] === 'string' ? (JSON.parse(args[PAYLOAD_ARG]) as ModelsBenchPayload).files : {};
  const plan: BenchPlan = {
    backends: parseBackends(typeof args.backends === 'string' ? args.backends : 'webgpu,wasm'),
    batches: parseBatches(typeof args.batch === 'string' ? args.batch : '1'),
    warmup: intArg(args, 'warmup', 1),
    runs: Math.max(1, intArg(args, 'runs', 3)),
  };
  if (typeof location === 'undefined')
    throw new Error('bench models reads models from the dev server: use --runtime browser (the default)');
  const mirror = new URL('/mirror/', location.href).href;
  const manifest = parseManifest(await (await fetch('/models/zoo.json')).text());
  const adapter = await gpu.requestAdapter();
  const summary = adapter ? describeAdapter(adapter) : null;
  // One device for ORT's WebGPU EP and the engine, created on first use, as the GPU worker shares its own.
  let ctx: Promise<GpuContext> | undefined;
  const context = () => {
    if (!adapter) return Promise.reject(new Error('no WebGPU adapter in this browser'));
    ctx ??= GpuContext.create(gpu, { label: 'webclas bench models' });
    return ctx;
  };
  const ort = await import('onnxruntime-web/webgpu');
  const env = benchEnvironment(globalThis, summary);
  io.emit({ bench: 'models', plan, env });
  try {
    const models = [];
    for (const id of ids) {
      io.progress(`loading ${id}…`);
      if (local[id] !== undefined) {
        models.push(fileBenchModel(id, fromBase64(local[id])));
        continue;
      }
      models.push(
        await loadBenchModel(id, {
          manifest,
          mirror,
          mirrorBytes: fetchBytes,
          zooBytes: async (entry, variant) => {
            const v = entry.variants.find((x) => x.name === variant);
            if (!v?.path) throw new Error(`${entry.id}/${variant}: no mirror path in the manifest`);
            const bytes = await fetchBytes(mirrorFileUrl(mirror, v.path));
            if (v.sha256 && (await sha256Hex(bytes)) !== v.sha256)
              throw new Error(
                `${entry.id}/${variant}: sha256 of the mirror file does not match the manifest`,
              );
            return bytes;
          },
        }),
      );
    }
    const { results, skipped } = await runBench(
      models,
      plan,
      {
        // One ORT module for both EPs: in one page, two ORT builds would fight over the WASM runtime.
        ortWebGpu: async () => ort,
        ortWasm: async () => ort,
        device: async () => (await context()).device,
        gpuContext: context,
        env,
      },
      { onProgress: (p) => io.progress(`[${p.done}/${p.total}] ${p.message}`) },
    );
    for (const r of results) {
      const { samplesMs, env: _env, ...line } = r;
      io.emit({ ...line, samplesMs });
    }
    for (const s of skipped) io.emit({ bench: 'models', skipped: s });
    for (const c of comparisonLines(results)) io.emit(c);
    io.progress(formatModelsTable(results));
  } finally {
    (await ctx?.catch(() => undefined))?.destroy();
  }
};

/** The same table the Compare screen shows: params, FLOPs, size, reference top-1 and measured latency. */
export function formatModelsTable(results: readonly BenchResult[]): string {
  const head = [
    'model',
    'backend',
    'batch',
    'threads',
    'p50 ms',
    'p90 ms',
    'img/s',
    'params M',
    'GFLOPs',
    'MB',
    'top-1',
  ];
  const f = (v: number | null, d = 2) => (v == null ? '–' : v.toFixed(d));
  const body = results.map((r) => [
    r.model.id,
    r.backend,
    String(r.batch),
    r.threads == null ? '–' : String(r.threads),
    f(r.p50Ms, 1),
    f(r.p90Ms, 1),
    f(r.imagesPerSec, 2),
    f(r.model.params / 1e6, 2),
    f(r.model.gflops, 2),
    f(r.model.sizeBytes / 1e6, 1),
    f(r.model.top1, 2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
