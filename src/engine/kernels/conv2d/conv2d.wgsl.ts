// WGSL for Conv2d (NCHW, weights [M, C/group, kH, kW]). Forward, dX and dW are implicit GEMMs on the shared tile
// (implicit-gemm.wgsl.ts), one z-slice per group: forward M = N·OH·OW, N = M/group, K = C/group·kH·kW; dX gathers dY
// through the flipped taps (M = N·H·W, N = C/group, K = M/group·kH·kW; no col2im scatter, so no atomics); dW
// reduces over K = N·OH·OW, split-K into scratch slabs plus a sum pass when its output tiles are few. dB is one
// thread per channel (per row chunk when N·OH·OW is long, plus the split-sum pass); the 1×1 bias add is in place.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';
import { implicitGemmWgsl } from './implicit-gemm.wgsl.ts';

export const LINEAR_WG = 256;
/** Workgroup width of the row-chunked reductions: small, so a short reduction still spreads over CPU cores. */
export const ROW_REDUCE_WG = 64;

/** The uniform block every conv kernel shares; `gm/gn/gk` are the GEMM sizes (or a count for linear kernels). */
export function convParamsWgsl(binding: number): string {
  return /* wgsl */ `
struct Params {
  batch: u32, c: u32, h: u32, w: u32,
  m: u32, oh: u32, ow: u32, cpg: u32,
  mpg: u32, kh: u32, kw: u32, sh: u32,
  sw: u32, dh: u32, dw: u32, pt: u32,
  pl: u32, gm: u32, gn: u32, gk: u32,
  splits: u32, kc: u32, _p0: u32, _p1: u32,
}
@group(0) @binding(${binding}) var<uniform> p: Params;`;
}

/** X[b, c] at the input pixel that output (oy, ox) sees through tap (ky, kx); 0 in the padding. */
export const X_GATHER_WGSL = /* wgsl */ `
fn x_at(b: u32, c: u32, oy: u32, ox: u32, ky: u32, kx: u32) -> f32 {
  let iy = i32(oy * p.sh + ky * p.dh) - i32(p.pt);
  let ix = i32(ox * p.sw + kx * p.dw) - i32(p.pl);
  if (iy < 0 || ix < 0 || iy >= i32(p.h) || ix >= i32(p.w)) { return 0.0; }
  return X[((b * p.c + c) * p.h + u32(iy)) * p.w + u32(ix)];
}`;

/** dY[b, oc] at the output whose tap (ky, kx) reads input pixel (iy, ix); 0 when no output does. */
export const DY_GATHER_WGSL = /* wgsl */ `
fn dy_at(b: u32, oc: u32, iy: u32, ix: u32, ky: u32, kx: u32) -> f32 {
  let ty = i32(iy + p.pt) - i32(ky * p.dh);
  let tx = i32(ix + p.pl) - i32(kx * p.dw);
  if (ty < 0 || tx < 0) { return 0.0; }
  let uy = u32(ty);
  let ux = u32(tx);
  if (uy % p.sh != 0u || ux % p.sw != 0u) { return 0.0; }
  let oy = uy / p.sh;
  let ox = ux / p.sw;
  if (oy >= p.oh || ox >= p.ow) { return 0.0; }
  return DY[((b * p.m + oc) * p.oh + oy) * p.ow + ox];
}`;

export function convForwardWgsl(bias: boolean): string {
  return implicitGemmWgsl({
    header: /* wgsl */ `
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
${convParamsWgsl(3)}
${bias ? '@group(0) @binding(4) var<storage, read> B: array<f32>;' : ''}
${X_GATHER_WGSL}`,
    // m = (b, oy, ox), k = (ci, ky, kx).
    loadA: /* wgsl */ `
fn load_a(g: u32, m: u32, k: u32) -> f32 {
  let ohw = p.oh * p.ow;
  let b = m / ohw;
  let r = m % ohw;
  let khw = p.kh * p.kw;
  let kr = k % khw;
  return x_at(b, g * p.cpg + k / khw, r / p.ow, r % p.ow, kr / p.kw, kr % p.kw);
}`,
    loadB: /* wgsl */ `
fn load_b(g: u32, k: u32, n: u32) -> f32 {
  return W[(g * p.mpg + n) * p.gk + k];
}`,
    store: /* wgsl */ `
fn store(g: u32, s: u32, m: u32, n: u32, v: f32) {
  let ohw = p.oh * p.ow;
  let oc = g * p.mpg + n;
  Y[((m / ohw) * p.m + oc) * ohw + m % ohw] = v${bias ? ' + B[oc]' : ''};
}`,
  });
}

export function convBackwardDataWgsl(): string {
  return implicitGemmWgsl({
    header: /* wgsl */ `
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> DX: array<f32>;
${convParamsWgsl(3)}
${DY_GATHER_WGSL}`,
    // m = (b, iy, ix), k = (oc within the group, ky, kx).
    loadA: /* wgsl */ `
fn load_a(g: u32, m: u32, k: u32) -> f32 {
  let hw = p.h * p.w;
  let b = m / hw;
  let r = m % hw;
  let khw = p.kh * p.kw;
  let kr = k % khw;
  return dy_at(b, g * p.mpg + k / khw, r / p.w, r % p.w, kr / p.kw, kr % p.kw);
}`,
    loadB: /* wgsl */ `
fn load_b(g: u32, k: u32, n: u32) -> f32 {
  let khw = p.kh * p.kw;
  return W[((g * p.mpg + k / khw) * p.cpg + n) * khw + k % khw];
}`,
    store: /* wgsl */ `
fn store(g: u32, s: u32, m: u32, n: u32, v: f32) {
  let hw = p.h * p.w;
  DX[((m / hw) * p.c + g * p.cpg + n) * hw + m % hw] = v;
}`,
  });
}

export function convBackwardFilterWgsl(): string {
  return implicitGemmWgsl({
    header: /* wgsl */ `
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> DW: array<f32>;
${convParamsWgsl(3)}
${X_GATHER_WGSL}`,
    // m = oc within the group, k = (b, oy, ox), n = (ci, ky, kx).
    loadA: /* wgsl */ `
fn load_a(g: u32, m: u32, k: u32) -> f32 {
  let ohw = p.oh * p.ow;
  return DY[((k / ohw) * p.m + g * p.mpg + m) * ohw + k % ohw];
}`,
    loadB: /* wgsl */ `
fn load_b(g: u32, k: u32, n: u32) -> f32 {
  let ohw = p.oh * p.ow;
  let r = k % ohw;
  let khw = p.kh * p.kw;
  let kr = n % khw;
  return x_at(k / ohw, g * p.cpg + n / khw, r / p.ow, r % p.ow, kr / p.kw, kr % p.kw);
}`,
    store: /* wgsl */ `
fn store(g: u32, s: u32, m: u32, n: u32, v: f32) {
  // Split s of a split-K run writes its partial sums to slab s of a scratch buffer (split-sum adds them up).
  DW[(s * p.m + g * p.mpg + m) * p.gn + n] = v;
}`,
  });
}

/** DW[i] = Σ_s P[s·size + i]: the second pass of a split-K dW (size = p.gm, the weight's element count). */
export function convSplitSumWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> P: array<f32>;
@group(0) @binding(1) var<storage, read_write> DW: array<f32>;
${convParamsWgsl(2)}
${LINEAR_WORKGROUP_WGSL}

@compute @workgroup_size(${LINEAR_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${LINEAR_WG}u + li;
  if (i >= p.gm) { return; }
  var acc = 0.0;
  for (var s = 0u; s < p.splits; s++) { acc += P[s * p.gm + i]; }
  DW[i] = acc;
}`;
}

/**
 * Entry point of the row-chunked reductions (depthwise dW, dB): thread i sums output e = i % p.gm over rows
 * [s·p.kc, (s+1)·p.kc) of the N·OH rows, s = i / p.gm, with a plain loop in registers and writes slab s of its
 * target. No workgroup memory or barriers: SwiftShader pays per barrier and per workgroup, not per loop trip.
 */
export const ROW_REDUCE_MAIN_WGSL = /* wgsl */ `
${LINEAR_WORKGROUP_WGSL}
@compute @workgroup_size(${ROW_REDUCE_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${ROW_REDUCE_WG}u + li;
  if (i >= p.splits * p.gm) { return; }
  let s = i / p.gm;
  let r0 = s * p.kc;
  run(i % p.gm, s, r0, min(r0 + p.kc, p.batch * p.oh));
}`;

/** dB[oc] = Σ_{b, oy, ox} dY, one thread per (split, channel) summing whole rows of dY[b, oc]. */
export function convBiasGradWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read_write> DB: array<f32>;
${convParamsWgsl(2)}

fn run(oc: u32, s: u32, r0: u32, r1: u32) {
  var acc = 0.0;
  for (var row = r0; row < r1; row++) {
    let base = (((row / p.oh) * p.m + oc) * p.oh + row % p.oh) * p.ow;
    for (var ox = 0u; ox < p.ow; ox++) { acc += DY[base + ox]; }
  }
  DB[s * p.gm + oc] = acc;
}
${ROW_REDUCE_MAIN_WGSL}`;
}

/** Y[b, oc, :] += B[oc] in place (the 1×1 matmul path writes Y without bias). */
export function convBiasAddWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> Y: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
${convParamsWgsl(2)}
${LINEAR_WORKGROUP_WGSL}

@compute @workgroup_size(${LINEAR_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${LINEAR_WG}u + li;
  if (i >= p.gm) { return; }
  Y[i] += B[(i / (p.oh * p.ow)) % p.m];
}`;
}
