// WGSL for matmul. Register-blocked: each invocation computes an 8-row × 4-column block straight from storage
// (no workgroup memory, no barriers). Tiled: 16×16 invocations, each computing a 4×4 block of a 64×64 output
// tile, with 16-deep K tiles staged in workgroup memory. Naive: one invocation per output, the benchmark
// baseline. Shapes and strides are uniforms; batch is workgroup z.

export const TILE = 64;
export const TILE_K = 16;
/** Register-blocked kernel: rows per invocation, columns per invocation (one vec4), invocations per workgroup. */
export const REG_ROWS = 8;
export const REG_COLS = 4;
export const REG_WORKGROUP = 64;

const PARAMS = /* wgsl */ `
struct Params {
  M: u32, N: u32, K: u32, batch: u32,
  a_batch: u32, a_row: u32, a_col: u32, _pad0: u32,
  b_batch: u32, b_row: u32, b_col: u32, _pad1: u32,
}
@group(0) @binding(3) var<uniform> p: Params;`;

// Stores four consecutive columns of row m, skipping what lies outside C.
const STORE_ROW = /* wgsl */ `
fn store_row(c_off: u32, m: u32, n0: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  let base = c_off + m * p.N + n0;
  if (n0 < p.N) { C[base] = v.x; }
  if (n0 + 1u < p.N) { C[base + 1u] = v.y; }
  if (n0 + 2u < p.N) { C[base + 2u] = v.z; }
  if (n0 + 3u < p.N) { C[base + 3u] = v.w; }
}`;

// Bounds-checked scalar loads through the strides: zero padding outside the matrix, transposes for free.
const LOAD_A = /* wgsl */ `
fn load_a(off: u32, m: u32, k: u32) -> f32 {
  if (m < p.M && k < p.K) { return A[off + m * p.a_row + k * p.a_col]; }
  return 0.0;
}`;

const LOAD_B = /* wgsl */ `
fn load_b(off: u32, k: u32, n: u32) -> f32 {
  if (k < p.K && n < p.N) { return B[off + k * p.b_row + n * p.b_col]; }
  return 0.0;
}`;

/**
 * vecA: A is row-major (not transposed) with K % 4 == 0, bound as vec4s. vecB: B is row-major with N % 4 == 0.
 * Batch offsets are then multiples of 4 as well, so the vec4 index is exact.
 */
export function tiledMatmulWgsl(vecA: boolean, vecB: boolean): string {
  const loadATile = vecA
    ? `var va = vec4<f32>(0.0);
      if (m < p.M && k < p.K) { va = A[(a_off + m * p.K + k) / 4u]; }`
    : `let va = vec4<f32>(load_a(a_off, m, k), load_a(a_off, m, k + 1u), load_a(a_off, m, k + 2u),
                          load_a(a_off, m, k + 3u));`;
  const loadBTile = vecB
    ? `var vb = vec4<f32>(0.0);
      if (k < p.K && n < p.N) { vb = B[(b_off + k * p.N + n) / 4u]; }`
    : `let vb = vec4<f32>(load_b(b_off, k, n), load_b(b_off, k, n + 1u), load_b(b_off, k, n + 2u),
                          load_b(b_off, k, n + 3u));`;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> A: array<${vecA ? 'vec4<f32>' : 'f32'}>;
@group(0) @binding(1) var<storage, read> B: array<${vecB ? 'vec4<f32>' : 'f32'}>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
${PARAMS}
${vecA ? '' : LOAD_A}
${vecB ? '' : LOAD_B}
var<workgroup> As: array<vec4<f32>, ${TILE_K * (TILE / 4)}>;
var<workgroup> Bs: array<vec4<f32>, ${TILE_K * (TILE / 4)}>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tx = lid.x;
  let ty = lid.y;
  let t = ty * 16u + tx;
  let row0 = wid.y * ${TILE}u;
  let col0 = wid.x * ${TILE}u;
  let a_off = wid.z * p.a_batch;
  let b_off = wid.z * p.b_batch;
  // Four named rows rather than an array: dynamically indexed private arrays end up in memory on some compilers.
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  let tiles = (p.K + ${TILE_K - 1}u) / ${TILE_K}u;
  for (var tile = 0u; tile < tiles; tile++) {
    let k0 = tile * ${TILE_K}u;
    {
      // A tile (64 rows × 16 k): invocation t loads row t / 4, k = 4·(t % 4) .. +3, stored transposed [k][m].
      let r = t / 4u;
      let q = (t % 4u) * 4u;
      let m = row0 + r;
      let k = k0 + q;
      ${loadATile}
      let slot = r / 4u;
      let lane = r % 4u;
      As[q * 16u + slot][lane] = va.x;
      As[(q + 1u) * 16u + slot][lane] = va.y;
      As[(q + 2u) * 16u + slot][lane] = va.z;
      As[(q + 3u) * 16u + slot][lane] = va.w;
    }
    {
      // B tile (16 k × 64 columns): invocation t loads k row t / 16, columns 4·(t % 16) .. +3.
      let kr = t / 16u;
      let c = (t % 16u) * 4u;
      let k = k0 + kr;
      let n = col0 + c;
      ${loadBTile}
      Bs[kr * 16u + t % 16u] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TILE_K}u; kk++) {
      // Two workgroup loads per 16 multiply-adds: four rows of A and four columns of B.
      let a = As[kk * 16u + ty];
      let b = Bs[kk * 16u + tx];
      acc0 += a.x * b;
      acc1 += a.y * b;
      acc2 += a.z * b;
      acc3 += a.w * b;
    }
    workgroupBarrier();
  }
  let c_off = wid.z * p.M * p.N;
  let m0 = row0 + ty * 4u;
  let n0 = col0 + tx * 4u;
  store_row(c_off, m0, n0, acc0);
  store_row(c_off, m0 + 1u, n0, acc1);
  store_row(c_off, m0 + 2u, n0, acc2);
  store_row(c_off, m0 + 3u, n0, acc3);
}

${STORE_ROW}`;
}

/**
 * Register-blocked matmul. Why: on software adapters (SwiftShader) a workgroup barrier costs far more than the
 * arithmetic it saves — this kernel was 9–33× faster than the tiled one on MobileNetV2's 1×1-conv shapes (small K)
 * and 1.7–2.3× at K 320–1024. A is read through its strides as scalars (every invocation of a workgroup reads the
 * same A values: one cache line); B as one vec4 per k when its rows are contiguous and N % 4 == 0 (vecB), else as
 * four scalars through the strides. Rows and columns past the matrix are clamped on load and skipped on store.
 */
export function registerMatmulWgsl(vecB: boolean): string {
  const rows = Array.from({ length: REG_ROWS }, (_, i) => i);
  const each = (line: (i: number) => string) => rows.map(line).join('\n');
  const loadB = vecB
    ? 'let b = B[(b_off + k * p.N + n0) / 4u];'
    : `let bk = b_off + k * p.b_row;
    let b = vec4<f32>(B[bk + c0], B[bk + c1], B[bk + c2], B[bk + c3]);`;
  const columns = vecB
    ? ''
    : `let last_n = p.N - 1u;
  let c0 = n0 * p.b_col;
  let c1 = min(n0 + 1u, last_n) * p.b_col;
  let c2 = min(n0 + 2u, last_n) * p.b_col;
  let c3 = min(n0 + 3u, last_n) * p.b_col;`;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<${vecB ? 'vec4<f32>' : 'f32'}>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
${PARAMS}

@compute @workgroup_size(${REG_WORKGROUP})
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let n0 = g.x * ${REG_COLS}u;
  let m0 = g.y * ${REG_ROWS}u;
  if (n0 >= p.N || m0 >= p.M) { return; }
  let a_off = g.z * p.a_batch;
  let b_off = g.z * p.b_batch;
  let last_m = p.M - 1u;
  // Row offsets of A, clamped into the matrix (a clamped row is computed and never stored).
${each((i) => `  let ar${i} = a_off + min(m0 + ${i}u, last_m) * p.a_row;`)}
  ${columns}
  // Named accumulators rather than an array: dynamically indexed private arrays end up in memory on some compilers.
${each((i) => `  var acc${i} = vec4<f32>(0.0);`)}
  for (var k = 0u; k < p.K; k++) {
    ${loadB}
    let ak = k * p.a_col;
${each((i) => `    acc${i} += A[ar${i} + ak] * b;`)}
  }
  let c_off = g.z * p.M * p.N;
${each((i) => `  store_row(c_off, m0 + ${i}u, n0, acc${i});`)}
}
${STORE_ROW}`;
}

export function naiveMatmulWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
${PARAMS}

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let n = g.x;
  let m = g.y;
  if (m >= p.M || n >= p.N) { return; }
  let a_off = g.z * p.a_batch + m * p.a_row;
  let b_off = g.z * p.b_batch + n * p.b_col;
  var acc = 0.0;
  for (var k = 0u; k < p.K; k++) {
    acc += A[a_off + k * p.a_col] * B[b_off + k * p.b_row];
  }
  C[(g.z * p.M + m) * p.N + n] = acc;
}`;
}
