// `webclas bench matmul`: GFLOP/s of our tiled matmul vs a naive one-thread-per-output kernel vs TF.js WebGPU
// `tf.matMul`, square fp32 sizes, all in the same run on the same adapter.
import { GpuContext } from '../gpu/context.ts';
import type { GpuTensor } from '../gpu/tensor.ts';
import { matmul } from '../kernels/matmul/matmul.ts';
import { matmulNaive } from '../kernels/matmul/matmul-naive.ts';
import type { Task, TaskArgs } from '../tasks/task-types.ts';
import { loadTfWebgpu, timeTfMatmul } from './baselines/tfjs-matmul.ts';
import { type Timing, type TimingOptions, timeGpuWork } from './timing.ts';

export const defaultMatmulSizes = [256, 1024, 2048];

function parseSizes(args: TaskArgs): number[] {
  if (typeof args.sizes !== 'string') return defaultMatmulSizes;
  const sizes = args.sizes.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes: '${args.sizes}' is not a list of sizes`);
  return sizes;
}

function randomMatrix(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

const gflops = (n: number, t: Timing) => (2 * n * n * n) / (t.meanMs * 1e6);

async function timeOurs(
  ctx: GpuContext,
  kernel: typeof matmul,
  a: GpuTensor,
  b: GpuTensor,
  opts: TimingOptions,
): Promise<Timing> {
  const out = ctx.empty([a.shape[0], b.shape[1]], 'f32', 'bench out');
  try {
    return await timeGpuWork(
      async () => {
        kernel(ctx, a, b, out);
        await ctx.flush();
      },
      async () => {
        await ctx.read(out); // the readback waits for every submitted multiply to finish
      },
      opts,
    );
  } finally {
    ctx.release(out);
  }
}

export const matmulBenchTask: Task = async (gpu, args, io) => {
  const sizes = parseSizes(args);
  const minMs = typeof args['min-ms'] === 'string' ? Number(args['min-ms']) : 1500;
  let withTf = args['no-tfjs'] !== true;
  if (withTf) {
    // The standalone Node bundle (dist-node) ships without TF.js: say so and go on with the naive baseline.
    try {
      await loadTfWebgpu();
    } catch (e) {
      withTf = false;
      const reason = e instanceof Error ? e.message : String(e);
      io.progress(`tfjs-webgpu baseline skipped: ${reason}`);
      io.emit({ bench: 'matmul', skipped: 'tfjs-webgpu', reason });
    }
  }
  const ctx = await GpuContext.create(gpu, { label: 'bench-matmul' });
  io.emit({ bench: 'matmul', adapter: ctx.info, sizes });
  try {
    for (const n of sizes) {
      // Slow kernels at big sizes get one timed repetition; fast ones repeat until minMs has passed.
      const opts: TimingOptions = { minMs, minReps: 1, maxReps: 200 };
      const ha = randomMatrix(n * n);
      const hb = randomMatrix(n * n);
      const a = ctx.upload(ha, [n, n], 'bench A');
      const b = ctx.upload(hb, [n, n], 'bench B');
      io.progress(`matmul ${n}: ours…`);
      const ours = await timeOurs(ctx, matmul, a, b, opts);
      io.progress(`matmul ${n}: ours ${gflops(n, ours).toFixed(2)} GFLOP/s; naive…`);
      const naive = await timeOurs(ctx, matmulNaive, a, b, opts);
      io.progress(`matmul ${n}: naive ${gflops(n, naive).toFixed(2)} GFLOP/s`);
      ctx.release(a);
      ctx.release(b);
      const line = (baseline: string, t: Timing) => ({
        bench: 'matmul',
        case: String(n),
        unit: 'GFLOP/s',
        ours: gflops(n, ours),
        baseline,
        baseline_value: gflops(n, t),
        ratio: gflops(n, ours) / gflops(n, t),
        ours_ms: ours.meanMs,
        baseline_ms: t.meanMs,
        reps: { ours: ours.reps, baseline: t.reps },
      });
      io.emit(line('naive-webgpu', naive));
      if (withTf) {
        io.progress(`matmul ${n}: tfjs-webgpu…`);
        const tf = await timeTfMatmul(ha, hb, n, n, n, opts);
        io.progress(`matmul ${n}: tfjs-webgpu ${gflops(n, tf).toFixed(2)} GFLOP/s`);
        io.emit(line('tfjs-webgpu', tf));
      }
    }
  } finally {
    ctx.destroy();
  }
};
