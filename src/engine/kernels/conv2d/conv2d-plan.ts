// Pure planning for the conv launchers: which kernels a conv runs on, and how a long dW reduction is split.
import type { Conv2dGeometry } from './conv2d.ref.ts';
import { GEMM_TILE_K } from './implicit-gemm.wgsl.ts';

export type Conv2dPath = 'pointwise-matmul' | 'depthwise' | 'implicit-gemm';

/** Which kernels a conv runs on: 1×1/stride 1/no pad/group 1 is a plain matmul; group = C is depthwise. */
export function conv2dPath(g: Conv2dGeometry): Conv2dPath {
  if (g.kh === 1 && g.kw === 1 && g.sH === 1 && g.sW === 1 && g.group === 1 && g.pads.every((v) => v === 0)) {
    return 'pointwise-matmul';
  }
  if (g.group > 1 && g.group === g.c) return 'depthwise';
  return 'implicit-gemm';
}

/** Fewer output tiles than this get their K split so the GPU has enough workgroups. */
const TARGET_WORKGROUPS = 256;
/** Each split sums at least this many K tiles (a shorter one costs more in partials than it saves). */
const MIN_SPLIT_TILES = 8;
const MAX_SPLITS = 64;

/** K splits (and the K length kc of each, a whole number of K tiles) for a GEMM with `tiles` output tiles. */
export function chooseSplitK(tiles: number, gk: number, groups = 1): { splits: number; kc: number } {
  const kTiles = Math.ceil(gk / GEMM_TILE_K);
  const splits = Math.max(
    1,
    Math.min(
      Math.ceil(TARGET_WORKGROUPS / tiles),
      Math.floor(kTiles / MIN_SPLIT_TILES),
      MAX_SPLITS,
      // z = group × split must stay within WebGPU's guaranteed 65535 workgroups per dimension.
      Math.floor(65535 / groups),
    ),
  );
  const kc = Math.ceil(kTiles / splits) * GEMM_TILE_K;
  return { splits: Math.max(1, Math.ceil(gk / kc)), kc };
}
