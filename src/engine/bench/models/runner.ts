// Benchmarks models × backends × batch sizes and turns each measurement into a BenchResult record. Shared by the
// GPU worker (Compare screen) and the CLI task (`webclas bench models`). Progress and cancel via the options.
import type { GpuContext } from '../../gpu/context.ts';
import type { OrtModule } from '../../infer/session-cache.ts';
import { type MeasureOutcome, measureModel } from './measure.ts';
import { measureEngine } from './measure-engine.ts';
import { imagesPerSecond, latencyStats } from './stats.ts';
import type { BenchBackend, BenchEnvironment, BenchModelInfo, BenchResult, BenchSkip } from './types.ts';

export interface BenchModel {
  info: BenchModelInfo;
  bytes: Uint8Array;
  inputName: string | null;
  /** One image's input dims where the model's own shape is symbolic, e.g. [3, 224, 224]. */
  imageDims: number[];
}

export interface BenchPlan {
  backends: BenchBackend[];
  batches: number[];
  warmup: number;
  runs: number;
}

export interface BenchDeps {
  ortWebGpu: () => Promise<OrtModule>;
  ortWasm: () => Promise<OrtModule>;
  device: () => Promise<GPUDevice>;
  /** The studio's GPU context on that same device, for the engine backend. */
  gpuContext: () => Promise<GpuContext>;
  env: BenchEnvironment;
}

export interface BenchProgress {
  message: string;
  /** Model × backend pairs finished, of total. */
  done: number;
  total: number;
}

export interface BenchRunOptions {
  signal?: AbortSignal;
  onProgress?: (p: BenchProgress) => void;
  /** Each record as soon as it is measured (the UI stores and draws it at once). */
  onResult?: (r: BenchResult) => void;
}

export function parseBackends(text: string): BenchBackend[] {
  const out = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const b of out)
    if (b !== 'webgpu' && b !== 'wasm' && b !== 'engine')
      throw new Error(`--backends: '${b}' is not one of webgpu, wasm, engine`);
  if (out.length === 0) throw new Error('--backends: no backend given');
  return out as BenchBackend[];
}

export function parseBatches(text: string): number[] {
  const out = text.split(',').map((s) => Number(s.trim()));
  if (out.length === 0 || out.some((n) => !Number.isInteger(n) || n < 1 || n > 1024))
    throw new Error(`--batch: '${text}' is not a list of batch sizes (1…1024)`);
  return out;
}

export async function runBench(
  models: readonly BenchModel[],
  plan: BenchPlan,
  deps: BenchDeps,
  o: BenchRunOptions = {},
): Promise<{ results: BenchResult[]; skipped: BenchSkip[] }> {
  const results: BenchResult[] = [];
  const skipped: BenchSkip[] = [];
  const total = models.length * plan.backends.length;
  let done = 0;
  const progress = (message: string) => o.onProgress?.({ message, done, total });
  for (const m of models) {
    for (const backend of plan.backends) {
      if (o.signal?.aborted) throw new DOMException('benchmark cancelled', 'AbortError');
      try {
        // The engine compiles one schedule per batch size, so its create time is per batch.
        let out: MeasureOutcome & { createMsByBatch?: Map<number, number> };
        let threads: number | null = null;
        if (backend === 'engine') {
          out = await measureEngine({
            ctx: deps.gpuContext,
            label: m.info.id,
            bytes: m.bytes,
            imageDims: m.imageDims,
            batches: plan.batches,
            warmup: plan.warmup,
            runs: plan.runs,
            signal: o.signal,
            onProgress: progress,
          });
        } else {
          const ort = backend === 'webgpu' ? await deps.ortWebGpu() : await deps.ortWasm();
          out = await measureModel({
            ort,
            label: m.info.id,
            bytes: m.bytes,
            backend,
            device: backend === 'webgpu' ? await deps.device() : undefined,
            inputName: m.inputName,
            imageDims: m.imageDims,
            batches: plan.batches,
            warmup: plan.warmup,
            runs: plan.runs,
            signal: o.signal,
            onProgress: progress,
          });
          if (backend === 'wasm') threads = Number(ort.env.wasm.numThreads ?? 1);
        }
        for (const f of out.failed)
          skipped.push({ modelId: m.info.id, backend, reason: `batch ${f.batch}: ${f.reason}` });
        for (const meas of out.measurements) {
          const s = latencyStats(meas.samplesMs);
          const at = Date.now();
          const r: BenchResult = {
            id: `${at}-${m.info.id}-${backend}-${meas.batch}`,
            at,
            model: m.info,
            backend,
            batch: meas.batch,
            threads,
            env: deps.env,
            sessionCreateMs: out.createMsByBatch?.get(meas.batch) ?? out.sessionCreateMs,
            firstRunMs: meas.firstRunMs,
            warmupRuns: plan.warmup,
            samplesMs: meas.samplesMs,
            p50Ms: s.p50,
            p90Ms: s.p90,
            meanMs: s.mean,
            imagesPerSec: imagesPerSecond(meas.batch, s.p50),
            peakGpuBytes: out.peakGpuBytes,
            peakGpuNote: out.peakGpuNote,
          };
          results.push(r);
          o.onResult?.(r);
        }
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') throw e;
        skipped.push({ modelId: m.info.id, backend, reason: e instanceof Error ? e.message : String(e) });
      }
      done++;
      progress(`${m.info.id} on ${backend}: done`);
    }
  }
  return { results, skipped };
}
