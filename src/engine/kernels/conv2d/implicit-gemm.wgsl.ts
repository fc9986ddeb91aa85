// Barrier-free implicit-GEMM core shared by conv forward, dX and dW: each invocation owns an 8 m × 8 n register
// block (vec4 accumulators) and gathers its operands straight from the NCHW storage buffers, so neither an im2col
// buffer nor workgroup memory nor a barrier exists (SwiftShader pays dearly for both). Slices z = (group, K split).
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

/** Rows (GEMM m) per invocation. */
export const GEMM_ROWS = 8;
/**
 * Columns (GEMM n) per invocation, a multiple of 4 (vec4 accumulators). 8 × 8 beat 8 × 4 on MobileNetV2's stem and
 * 1×1 dW layers under SwiftShader (16 gathers per 64 FMAs instead of 12 per 32; the gathers are the cost).
 */
export const GEMM_COLS = 8;
/** Invocations per workgroup; they walk the blocks of one z-slice with n fastest (adjacent memory on the B side). */
export const GEMM_WG = 64;

export interface ImplicitGemmParts {
  /**
   * Bindings, the uniform struct `p` and helpers. `p` must have gm, gn, gk (the GEMM's M, N, K per group), splits
   * (K splits per group, 1 for none), kc (the K length of one split), and m, mpg (so m / mpg is the group count).
   */
  header: string;
  /**
   * The per-row, per-column and per-k index work, done once and shared by the whole block instead of once per
   * load: `struct RowInfo` with `fn row_info(g: u32, m: u32) -> RowInfo`, `struct ColInfo` with
   * `fn col_info(g: u32, n: u32) -> ColInfo` and `struct KInfo` with `fn k_info(g: u32, k: u32) -> KInfo`.
   * Called with m < p.gm, n < p.gn, k < p.gk (rows and columns past the edge are clamped, and never stored).
   */
  indexing: string;
  /** `fn load_a(r: RowInfo, k: KInfo) -> f32`: A[m, k] of group g. */
  loadA: string;
  /** `fn load_b(k: KInfo, c: ColInfo) -> f32`: B[k, n] of group g. */
  loadB: string;
  /** `fn store(s: u32, r: RowInfo, c: ColInfo, v: f32)`: C[m, n] of group g, K split s. */
  store: string;
}

const rows = Array.from({ length: GEMM_ROWS }, (_, i) => i);
const cols = Array.from({ length: GEMM_COLS }, (_, j) => j);
/** vec4 accumulator groups per row. */
const quads = Array.from({ length: GEMM_COLS / 4 }, (_, q) => q);
const LANE = ['x', 'y', 'z', 'w'];

export function implicitGemmWgsl(parts: ImplicitGemmParts): string {
  return /* wgsl */ `
${parts.header}
${LINEAR_WORKGROUP_WGSL}
${parts.indexing}
${parts.loadA}
${parts.loadB}
${parts.store}

@compute @workgroup_size(${GEMM_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  // One linear range of workgroups: slice z = (group, split) after slice, each covering all blocks of its GEMM.
  let nb = (p.gn + ${GEMM_COLS - 1}u) / ${GEMM_COLS}u;
  let blocks = nb * ((p.gm + ${GEMM_ROWS - 1}u) / ${GEMM_ROWS}u);
  let per_slice = (blocks + ${GEMM_WG - 1}u) / ${GEMM_WG}u;
  let wl = linear_workgroup(wid, nwg);
  let z = wl / per_slice;
  let i = (wl % per_slice) * ${GEMM_WG}u + li;
  if (i >= blocks || z >= (p.m / p.mpg) * p.splits) { return; }
  let g = z / p.splits;
  let s = z % p.splits;
  let m0 = (i / nb) * ${GEMM_ROWS}u;
  let n0 = (i % nb) * ${GEMM_COLS}u;
  let last_m = p.gm - 1u;
  let last_n = p.gn - 1u;
${rows.map((r) => `  let r${r} = row_info(g, min(m0 + ${r}u, last_m));`).join('\n')}
${cols.map((c) => `  let c${c} = col_info(g, min(n0 + ${c}u, last_n));`).join('\n')}
${rows.flatMap((r) => quads.map((q) => `  var acc${r}_${q} = vec4<f32>(0.0);`)).join('\n')}
  let k_end = min(p.gk, s * p.kc + p.kc);
  for (var k = s * p.kc; k < k_end; k++) {
    let ki = k_info(g, k);
${quads
  .map(
    (q) =>
      `    let b${q} = vec4<f32>(${cols
        .slice(4 * q, 4 * q + 4)
        .map((c) => `load_b(ki, c${c})`)
        .join(', ')});`,
  )
  .join('\n')}
${rows.map((r) => `    let a${r} = load_a(r${r}, ki);`).join('\n')}
${rows.flatMap((r) => quads.map((q) => `    acc${r}_${q} += a${r} * b${q};`)).join('\n')}
  }
${rows
  .map((r) =>
    [
      `  if (m0 + ${r}u < p.gm) {`,
      ...cols.map(
        (c) => `    if (n0 + ${c}u < p.gn) { store(s, r${r}, c${c}, acc${r}_${c >> 2}.${LANE[c & 3]}); }`,
      ),
      '  }',
    ].join('\n'),
  )
  .join('\n')}
}`;
}

/** Workgroups for one (group, split) slice: blocks of GEMM_ROWS × GEMM_COLS outputs, GEMM_WG blocks each. */
export function gemmWorkgroups(gm: number, gn: number): number {
  return Math.ceil((Math.ceil(gm / GEMM_ROWS) * Math.ceil(gn / GEMM_COLS)) / GEMM_WG);
}
