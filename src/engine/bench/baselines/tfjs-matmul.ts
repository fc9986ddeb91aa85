// Baseline for the matmul bench: TF.js's WebGPU backend `tf.matMul`, timed the same way as our kernels.
import type { Timing, TimingOptions } from '../timing.ts';
import { timeGpuWork } from '../timing.ts';

type Tf = typeof import('@tensorflow/tfjs');

let tfReady: Promise<Tf> | undefined;

/** Loads TF.js with its WebGPU backend once (dynamic import: the engine never bundles TF.js). */
export function loadTfWebgpu(): Promise<Tf> {
  tfReady ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) throw new Error('TF.js could not initialise its WebGPU backend');
    await tf.ready();
    return tf;
  })();
  return tfReady;
}

export async function timeTfMatmul(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  opts: TimingOptions,
): Promise<Timing> {
  const tf = await loadTfWebgpu();
  const ta = tf.tensor2d(a, [m, k]);
  const tb = tf.tensor2d(b, [k, n]);
  let last: import('@tensorflow/tfjs').Tensor | undefined;
  try {
    return await timeGpuWork(
      () => {
        last?.dispose();
        last = tf.matMul(ta, tb);
      },
      async () => {
        await last!.data();
      },
      opts,
    );
  } finally {
    last?.dispose();
    ta.dispose();
    tb.dispose();
  }
}
