// Pure planning for the conv launchers: which kernels a conv runs on, and how a long dW reduction is split.
import type { Conv2dGeometry } from './conv2d.ref.ts';

export type Conv2dPath = 'pointwise-matmul' | 'depthwise' | 'implicit-gemm';

/** Which kernels a conv runs on: 1×1/stride 1/no pad/group 1 is a plain matmul; group = C is depthwise. */
export function conv2dPath(g: Conv2dGeometry): Conv2dPath {
  if (g.kh === 1 && g.kw === 1 && g.sH === 1 && g.sW === 1 && g.group === 1 && g.pads.every((v) => v === 0)) {
    return 'pointwise-matmul';
  }
  if (g.group > 1 && g.group === g.c) return 'depthwise';
  return 'implicit-gemm';
}

/** Fewer output workgroups than this get their K split so the GPU has enough workgroups. */
const TARGET_WORKGROUPS = 256;
/** Split lengths are whole multiples of this many k (the barrier-free core needs no alignment; it is a unit). */
const K_STEP = 16;
/** Each split sums at least this many K_STEPs (a shorter one costs more in partials than it saves). */
const MIN_SPLIT_STEPS = 8;
const MAX_SPLITS = 64;

/** K splits (and the K length kc of each) for a GEMM whose output takes `workgroups` workgroups. */
export function chooseSplitK(workgroups: number, gk: number, groups = 1): { splits: number; kc: number } {
  const kSteps = Math.ceil(gk / K_STEP);
  const splits = Math.max(
    1,
    Math.min(
      Math.ceil(TARGET_WORKGROUPS / workgroups),
      Math.floor(kSteps / MIN_SPLIT_STEPS),
      MAX_SPLITS,
      // Keeps group × split slices (and the partial slabs) within 65535.
      Math.floor(65535 / groups),
    ),
  );
  const kc = Math.ceil(kSteps / splits) * K_STEP;
  return { splits: Math.max(1, Math.ceil(gk / kc)), kc };
}

/** Row-chunked reductions (depthwise dW, dB) aim for at least this many threads so a real GPU is kept busy. */
const REDUCE_TARGET_THREADS = 16384;
/** Each split sums at least this many positions: shorter splits cost an extra pass for little parallelism. */
const REDUCE_MIN_SPLIT = 2048;
const REDUCE_MAX_SPLITS = 64;

/**
 * How a reduction over `rows` rows of `rowLen` positions (N·OH rows of OW for the conv gradients) is split for
 * `outputs` one-thread-per-output sums: `splits` chunks of `rowsPerSplit` whole rows each. One split means the
 * kernel writes its outputs directly; more go to scratch slabs that the split-sum pass adds up.
 */
export function chooseReduceSplits(
  outputs: number,
  rows: number,
  rowLen: number,
): { splits: number; rowsPerSplit: number } {
  const want = Math.max(
    1,
    Math.min(
      Math.ceil(REDUCE_TARGET_THREADS / outputs),
      Math.floor((rows * rowLen) / REDUCE_MIN_SPLIT),
      REDUCE_MAX_SPLITS,
      rows,
    ),
  );
  const rowsPerSplit = Math.ceil(rows / want);
  return { splits: Math.ceil(rows / rowsPerSplit), rowsPerSplit };
}
