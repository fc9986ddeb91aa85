// WGSL for Gemm's epilogues around the tiled matmul: Y = α·Y + β·C[broadcast] in place (one invocation per
// element; C read through [M,N] broadcast strides), and dC = β·Σ dY over C's broadcast axes (one invocation per
// element of C, looping over the rows/columns it was broadcast along: C is a bias, so those loops are short).
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const GEMM_WG = 256;

/** u32 fields then the two f32 scalars; packed by gemmParams in gemm.ts. */
const PARAMS = /* wgsl */ `
struct Params {
  M: u32, N: u32, c_rows: u32, c_cols: u32,
  alpha: f32, beta: f32, _p0: u32, _p1: u32,
}`;

const LINEAR_MAIN = /* wgsl */ `
${LINEAR_WORKGROUP_WGSL}
@compute @workgroup_size(${GEMM_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${GEMM_WG}u + li;
  if (i >= count()) { return; }
  run(i);
}`;

/** withC: Y = α·Y + β·C (C is [c_rows, c_cols] with each dim 1 or the full M / N); else Y = α·Y. */
export function gemmEpilogueWgsl(withC: boolean): string {
  const cTerm = withC
    ? /* wgsl */ `
  let r = select(0u, i / p.N, p.c_rows == p.M);
  let c = select(0u, i % p.N, p.c_cols == p.N);
  v += p.beta * C[r * p.c_cols + c];`
    : '';
  return /* wgsl */ `
${PARAMS}
@group(0) @binding(0) var<storage, read_write> Y: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;
${withC ? '@group(0) @binding(2) var<storage, read> C: array<f32>;' : ''}
fn count() -> u32 { return p.M * p.N; }
fn run(i: u32) {
  var v = p.alpha * Y[i];${cTerm}
  Y[i] = v;
}
${LINEAR_MAIN}`;
}

/** dC[r, c] = β·Σ dY over the rows (c_rows = 1 < M) and columns (c_cols = 1 < N) that C was broadcast along. */
export function gemmBiasGradWgsl(): string {
  return /* wgsl */ `
${PARAMS}
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read_write> DC: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
fn count() -> u32 { return p.c_rows * p.c_cols; }
fn run(i: u32) {
  let r = i / p.c_cols;
  let c = i % p.c_cols;
  let full_rows = p.c_rows == p.M;
  let full_cols = p.c_cols == p.N;
  let r0 = select(0u, r, full_rows);
  let r1 = select(p.M, r + 1u, full_rows);
  let c0 = select(0u, c, full_cols);
  let c1 = select(p.N, c + 1u, full_cols);
  var s = 0.0;
  for (var y = r0; y < r1; y++) {
    for (var x = c0; x < c1; x++) { s += DY[y * p.N + x]; }
  }
  DC[i] = p.beta * s;
}
${LINEAR_MAIN}`;
}
