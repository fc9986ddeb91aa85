// Tiled implicit-GEMM core shared by conv forward, dX and dW: the matmul kernel's 64×64 tile (16×16 invocations,
// 4×4 outputs each, 16-deep K tiles in workgroup memory) with the operand loads and the store supplied as WGSL
// functions that gather from NCHW tensors, so no im2col buffer is ever materialised. Workgroup z = (conv group,
// K split): split-K lets a GEMM with few output tiles and a long K (dW sums over N·OH·OW) fill the GPU.

export const GEMM_TILE = 64;
export const GEMM_TILE_K = 16;

export interface ImplicitGemmParts {
  /**
   * Bindings, the uniform struct `p` and helpers. `p` must have gm, gn, gk (the GEMM's M, N, K per group), splits
   * (K splits per group, 1 for none) and kc (the K length of one split, a multiple of GEMM_TILE_K).
   */
  header: string;
  /** `fn load_a(g: u32, m: u32, k: u32) -> f32`, called only with m < p.gm and k < p.gk. */
  loadA: string;
  /** `fn load_b(g: u32, k: u32, n: u32) -> f32`, called only with k < p.gk and n < p.gn. */
  loadB: string;
  /** `fn store(g: u32, s: u32, m: u32, n: u32, v: f32)` for split s, called only with m < p.gm and n < p.gn. */
  store: string;
}

export function implicitGemmWgsl(parts: ImplicitGemmParts): string {
  return /* wgsl */ `
${parts.header}
${parts.loadA}
${parts.loadB}
${parts.store}

fn a_at(g: u32, m: u32, k: u32, k_end: u32) -> f32 {
  if (m < p.gm && k < k_end) { return load_a(g, m, k); }
  return 0.0;
}
fn b_at(g: u32, k: u32, n: u32, k_end: u32) -> f32 {
  if (k < k_end && n < p.gn) { return load_b(g, k, n); }
  return 0.0;
}
fn store_row(g: u32, s: u32, m: u32, n0: u32, v: vec4<f32>) {
  if (m >= p.gm) { return; }
  if (n0 < p.gn) { store(g, s, m, n0, v.x); }
  if (n0 + 1u < p.gn) { store(g, s, m, n0 + 1u, v.y); }
  if (n0 + 2u < p.gn) { store(g, s, m, n0 + 2u, v.z); }
  if (n0 + 3u < p.gn) { store(g, s, m, n0 + 3u, v.w); }
}

var<workgroup> As: array<f32, ${GEMM_TILE_K * GEMM_TILE}>;
var<workgroup> Bs: array<vec4<f32>, ${GEMM_TILE_K * (GEMM_TILE / 4)}>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tx = lid.x;
  let ty = lid.y;
  let t = ty * 16u + tx;
  let g = wid.z / p.splits;
  let s = wid.z % p.splits;
  let k_begin = s * p.kc;
  let k_end = min(p.gk, k_begin + p.kc);
  let row0 = wid.y * ${GEMM_TILE}u;
  let col0 = wid.x * ${GEMM_TILE}u;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  for (var k0 = k_begin; k0 < k_end; k0 += ${GEMM_TILE_K}u) {
    {
      // A tile (64 m × 16 k): invocation t gathers row t / 4, k = 4·(t % 4) .. +3, stored transposed [k][m].
      let r = t / 4u;
      let q = (t % 4u) * 4u;
      let m = row0 + r;
      let k = k0 + q;
      As[q * ${GEMM_TILE}u + r] = a_at(g, m, k, k_end);
      As[(q + 1u) * ${GEMM_TILE}u + r] = a_at(g, m, k + 1u, k_end);
      As[(q + 2u) * ${GEMM_TILE}u + r] = a_at(g, m, k + 2u, k_end);
      As[(q + 3u) * ${GEMM_TILE}u + r] = a_at(g, m, k + 3u, k_end);
    }
    {
      // B tile (16 k × 64 n): invocation t gathers k row t / 16, columns 4·(t % 16) .. +3.
      let kr = t / 16u;
      let n = col0 + (t % 16u) * 4u;
      let k = k0 + kr;
      Bs[kr * 16u + t % 16u] = vec4<f32>(b_at(g, k, n, k_end), b_at(g, k, n + 1u, k_end), b_at(g, k, n + 2u, k_end), b_at(g, k, n + 3u, k_end));
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${GEMM_TILE_K}u; kk++) {
      let ai = kk * ${GEMM_TILE}u + ty * 4u;
      let b = Bs[kk * 16u + tx];
      acc0 += As[ai] * b;
      acc1 += As[ai + 1u] * b;
      acc2 += As[ai + 2u] * b;
      acc3 += As[ai + 3u] * b;
    }
    workgroupBarrier();
  }
  let m0 = row0 + ty * 4u;
  let n0 = col0 + tx * 4u;
  store_row(g, s, m0, n0, acc0);
  store_row(g, s, m0 + 1u, n0, acc1);
  store_row(g, s, m0 + 2u, n0, acc2);
  store_row(g, s, m0 + 3u, n0, acc3);
}`;
}
