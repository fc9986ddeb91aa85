// Times one model on the studio's own engine: importOnnx → a forward-only (eval) schedule per batch size →
// GpuExecutor.forward on the shared GpuContext. Session create = import + schedule compile + executor creation
// (a schedule is static in its batch, so each batch has its own); first run = pipeline (shader) compilation.
// Every timed run writes the input and awaits the logits on the CPU: queued-but-unfinished GPU work is never timed.
import type { GpuContext } from '../../gpu/context.ts';
import type { Graph } from '../../nn/graph/ir.ts';
import { compileEvalSchedule, withInputSize } from '../../nn/plan/compile.ts';
import { GpuExecutor } from '../../nn/train/gpu-executor.ts';
import { importOnnx } from '../../onnx/import.ts';
import type { BatchMeasurement, MeasureOutcome } from './measure.ts';
import { checkAbort, errorText, timeRuns } from './time-runs.ts';

export interface EngineMeasureRequest {
  /** The shared context, asked for only after the import succeeded (a refused model needs no GPU to say so). */
  ctx: () => Promise<GpuContext>;
  label: string;
  bytes: Uint8Array;
  /** One image's input dims where the model's own shape is symbolic, e.g. [3, 224, 224]. */
  imageDims: number[];
  batches: number[];
  warmup: number;
  runs: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface EngineOutcome extends MeasureOutcome {
  /** Import + compile + executor creation for each measured batch size (ms). */
  createMsByBatch: Map<number, number>;
}

/** The imported graph at one image's size: the model's own dims where they are numbers, `imageDims` elsewhere. */
function sizedGraph(graph: Graph, imageDims: number[], label: string): Graph {
  const input = graph.inputs[0];
  if (!input) throw new Error(`${label}: the model has no graph input`);
  if (input.shape.length !== imageDims.length + 1)
    throw new Error(
      `${label}: input '${input.name}' has shape [${input.shape.join(',')}], expected a batch of [${imageDims.join(',')}]`,
    );
  const dims = input.shape.slice(1).map((d, i) => (typeof d === 'number' && d > 0 ? d : imageDims[i]));
  if (dims.length !== 3) return graph;
  return withInputSize(graph, dims[1], dims[2]);
}

function randomInput(n: number): Float32Array {
  // Random, not zeros: real images are not zero, and the ORT backends are fed the same way.
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 4 - 2;
  return a;
}

export async function measureEngine(r: EngineMeasureRequest): Promise<EngineOutcome> {
  if (!(r.runs >= 1)) throw new Error(`${r.label}: runs must be ≥ 1, got ${r.runs}`);
  checkAbort(r.signal);
  r.onProgress?.(`${r.label} engine: importing`);
  const t0 = performance.now();
  let graph: Graph;
  try {
    graph = sizedGraph(importOnnx(r.bytes, r.label).graph, r.imageDims, r.label);
  } catch (e) {
    // The importer's own message names the op and node it refused: it is the skip row's reason.
    throw new Error(`the studio engine cannot import ${r.label}: ${errorText(e)}`);
  }
  const importMs = performance.now() - t0;
  const ctx = await r.ctx();
  const measurements: BatchMeasurement[] = [];
  const failed: MeasureOutcome['failed'] = [];
  const createMs = new Map<number, number>();
  let peakBytes = 0;
  for (const batch of r.batches) {
    checkAbort(r.signal);
    let exec: GpuExecutor | undefined;
    try {
      const c0 = performance.now();
      const schedule = compileEvalSchedule(graph, batch);
      exec = GpuExecutor.create(ctx, schedule, graph);
      createMs.set(batch, importMs + performance.now() - c0);
      peakBytes = Math.max(peakBytes, exec.plan.peak.totalBytes);
      const data = randomInput(exec.input.size);
      const e = exec;
      const once = async () => {
        // forward() reads the logits back: it resolves only once the GPU has finished this run.
        const out = await e.forward(data);
        if (out.length === 0) throw new Error(`${r.label}: the engine produced no logits`);
      };
      measurements.push(await timeRuns(once, batch, r, `${r.label} engine batch ${batch}`));
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      failed.push({ batch, reason: errorText(e) });
    } finally {
      exec?.dispose();
    }
  }
  return {
    // The first measured batch's figure, for callers that want one number; records use createMsByBatch.
    sessionCreateMs: createMs.get(measurements[0]?.batch ?? -1) ?? importMs,
    createMsByBatch: createMs,
    measurements,
    failed,
    peakGpuBytes: measurements.length > 0 ? peakBytes : null,
    peakGpuNote:
      "bytes the engine's executor holds for a forward pass (weights + liveness-planned activation slots), largest over the batch sizes; pipeline scratch not counted",
  };
}
