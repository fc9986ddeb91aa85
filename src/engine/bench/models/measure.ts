// Times one model on one ORT backend: create the session, then for each batch size a first (compile) run, warm-up
// runs and N timed runs. Every timed run is awaited until its output is on the CPU (ORT's run resolves only after
// the outputs are downloaded when they live on the CPU, which is the default here), so queued-but-unfinished GPU
// work is never timed. Runtime-neutral: the caller passes the ORT module (and the shared device for WebGPU).
import type * as Ort from 'onnxruntime-web';
import type { OrtModule } from '../../infer/session-cache.ts';
import { type GpuMemoryTracker, trackGpuMemory } from './gpu-memory.ts';
import { checkAbort, errorText, timeRuns } from './time-runs.ts';

export interface MeasureRequest {
  ort: OrtModule;
  label: string;
  bytes: Uint8Array;
  backend: 'webgpu' | 'wasm';
  /** The studio's device, required on WebGPU (ORT then allocates on it, which is what lets us count its memory). */
  device?: GPUDevice;
  inputName?: string | null;
  /** One image's input dims when the model's own input shape is symbolic, e.g. [3, 224, 224]. */
  imageDims: number[];
  batches: number[];
  warmup: number;
  runs: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface BatchMeasurement {
  batch: number;
  firstRunMs: number;
  samplesMs: number[];
}

export interface MeasureOutcome {
  sessionCreateMs: number;
  measurements: BatchMeasurement[];
  /** Batches the model refused (fixed batch dimension, out of memory…), with ORT's reason. */
  failed: { batch: number; reason: string }[];
  peakGpuBytes: number | null;
  peakGpuNote: string;
}

/** The batch input shape: the model's own dims where they are numbers, `imageDims` where they are symbolic. */
export function batchShape(
  meta: readonly (number | string)[] | undefined,
  imageDims: number[],
  batch: number,
) {
  if (!meta || meta.length !== imageDims.length + 1) return [batch, ...imageDims];
  const fixed = meta[0];
  if (typeof fixed === 'number' && fixed > 0 && fixed !== batch)
    throw new Error(`the model's input has a fixed batch dimension of ${fixed}`);
  return [batch, ...meta.slice(1).map((d, i) => (typeof d === 'number' && d > 0 ? d : imageDims[i]))];
}

function randomInput(n: number): Float32Array {
  // Random, not zeros: some kernels short-cut on zeros, and real images are not zero.
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 4 - 2;
  return a;
}

export async function measureModel(r: MeasureRequest): Promise<MeasureOutcome> {
  const { ort } = r;
  if (r.backend === 'webgpu' && !r.device) throw new Error(`${r.label}: WebGPU needs the shared GPUDevice`);
  if (!(r.runs >= 1)) throw new Error(`${r.label}: runs must be ≥ 1, got ${r.runs}`);
  checkAbort(r.signal);
  const tracker: GpuMemoryTracker | undefined = r.device ? trackGpuMemory(r.device) : undefined;
  const ep = (
    r.backend === 'webgpu' ? { name: 'webgpu', device: r.device } : 'wasm'
  ) as Ort.InferenceSession.ExecutionProviderConfig;
  let session: Ort.InferenceSession | undefined;
  try {
    const t0 = performance.now();
    try {
      session = await ort.InferenceSession.create(r.bytes, {
        executionProviders: [ep],
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
      });
    } catch (e) {
      throw new Error(`ONNX Runtime could not load ${r.label} on ${r.backend}: ${errorText(e)}`);
    }
    const sessionCreateMs = performance.now() - t0;
    const inputName = r.inputName ?? session.inputNames[0];
    if (!session.inputNames.includes(inputName))
      throw new Error(`${r.label}: no input "${inputName}" (the model has ${session.inputNames.join(', ')})`);
    const meta = session.inputMetadata.find((m) => m.name === inputName);
    const metaShape = meta?.isTensor ? (meta.shape as readonly (number | string)[]) : undefined;
    const measurements: BatchMeasurement[] = [];
    const failed: MeasureOutcome['failed'] = [];
    for (const batch of r.batches) {
      checkAbort(r.signal);
      let dims: number[];
      try {
        dims = batchShape(metaShape, r.imageDims, batch);
      } catch (e) {
        failed.push({ batch, reason: errorText(e) });
        continue;
      }
      const s = session;
      const data = randomInput(dims.reduce((a, b) => a * b, 1));
      const once = async () => {
        const feed = new ort.Tensor('float32', data, dims);
        const out = await s.run({ [inputName]: feed });
        // Outputs are on the CPU (default location): reading them costs nothing more, and proves they exist.
        for (const v of Object.values(out)) {
          if (v.location !== 'cpu') await v.getData(true);
          v.dispose();
        }
      };
      try {
        measurements.push(await timeRuns(once, batch, r, `${r.label} ${r.backend} batch ${batch}`));
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') throw e;
        failed.push({ batch, reason: errorText(e) });
      }
    }
    return {
      sessionCreateMs,
      measurements,
      failed,
      peakGpuBytes: tracker ? tracker.peakBytes : null,
      peakGpuNote: tracker
        ? 'peak bytes of GPU buffers alive on the shared device during session creation and runs (createBuffer/destroy counted)'
        : 'WASM runs on the CPU: no GPU memory',
    };
  } finally {
    tracker?.stop();
    await session?.release().catch(() => undefined);
  }
}
