// Helpers for GPU tests that run in Chromium (vitest browser) and in Node (Dawn): one device per test file.
import { inject } from 'vitest';

/** True when the run was explicitly told to skip GPU suites (WEBCLAS_SKIP_GPU=1); otherwise a missing GPU fails. */
export const gpuSkipped: boolean = inject('skipGpu' as never) === true;

/** navigator.gpu or a loud error: GPU tests never pass silently without WebGPU. */
export function requireGpu(): GPU {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu)
    throw new Error('WebGPU is not available here (navigator.gpu missing); set WEBCLAS_SKIP_GPU=1 to skip');
  return gpu;
}

/** Fresh random float32 values in [lo, hi) (never zeros-only inputs). */
export function randomF32(n: number, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * Math.random();
  return a;
}

/** Max relative error |a-b| / max(|b|, floor) over all elements, and where it happened. */
export function maxRelError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  floor = 1,
): { err: number; index: number } {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let err = 0;
  let index = -1;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor);
    if (!(e <= err)) {
      err = e;
      index = i;
    }
  }
  return { err, index };
}
