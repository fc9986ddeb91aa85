// WGSL for Conv2d (NCHW, weights [M, C/group, kH, kW]). Forward, dX and dW are implicit GEMMs on the shared
// barrier-free register-block core (implicit-gemm.wgsl.ts), one slice per (group, K split), with the small channel
// side as GEMM m and the long pixel side as n: forward Y[oc, pixel] = W · X-gather (K = C/group·kH·kW); dX gathers
// dY through the flipped taps (m = C/group, n = N·H·W, K = M/group·kH·kW; no col2im scatter, so no atomics); dW
// reduces over K = N·OH·OW (m = M/group, n = C/group·kH·kW), split-K into scratch slabs plus a sum pass when its
// blocks are few. dB is one thread per channel (per row chunk when N·OH·OW is long, plus the split-sum pass); the
// 1×1 bias add is in place.
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

/** In-bounds test and clamped index for an input-pixel gather: a select instead of a branch (no divergence). */
const X_LOAD_WGSL = /* wgsl */ `
fn x_load(base: u32, iy: i32, ix: i32) -> f32 {
  // A negative coordinate wraps to a huge u32, so one compare per axis covers both edges.
  let inside = (u32(iy) < p.h) & (u32(ix) < p.w);
  return select(0.0, X[select(0u, base + u32(iy) * p.w + u32(ix), inside)], inside);
}`;

export function convForwardWgsl(bias: boolean): string {
  return implicitGemmWgsl({
    header: /* wgsl */ `
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
${convParamsWgsl(3)}
${bias ? '@group(0) @binding(4) var<storage, read> B: array<f32>;' : ''}
${X_LOAD_WGSL}`,
    // m = output channel within the group, n = (b, oy, ox), k = (ci, ky, kx): Y[oc, pixel] = Σ W[oc, k] · X[k, pixel].
    indexing: /* wgsl */ `
struct RowInfo { w: u32, y: u32, oc: u32 }
fn row_info(g: u32, m: u32) -> RowInfo {
  let oc = g * p.mpg + m;
  return RowInfo(oc * p.gk, oc * p.oh * p.ow, oc);
}
struct ColInfo { x: u32, iy: i32, ix: i32, y: u32 }
fn col_info(g: u32, n: u32) -> ColInfo {
  let ohw = p.oh * p.ow;
  let b = n / ohw;
  let r = n % ohw;
  let iy = i32((r / p.ow) * p.sh) - i32(p.pt);
  let ix = i32((r % p.ow) * p.sw) - i32(p.pl);
  return ColInfo(b * p.c * p.h * p.w, iy, ix, b * p.m * ohw + r);
}
struct KInfo { k: u32, x: u32, dy: i32, dx: i32 }
fn k_info(g: u32, k: u32) -> KInfo {
  let khw = p.kh * p.kw;
  let kr = k % khw;
  return KInfo(k, (g * p.cpg + k / khw) * p.h * p.w, i32((kr / p.kw) * p.dh), i32((kr % p.kw) * p.dw));
}`,
    loadA: /* wgsl */ `
fn load_a(r: RowInfo, k: KInfo) -> f32 { return W[r.w + k.k]; }`,
    loadB: /* wgsl */ `
fn load_b(k: KInfo, c: ColInfo) -> f32 { return x_load(c.x + k.x, c.iy + k.dy, c.ix + k.dx); }`,
    store: /* wgsl */ `
fn store(s: u32, r: RowInfo, c: ColInfo, v: f32) { Y[c.y + r.y] = v${bias ? ' + B[r.oc]' : ''}; }`,
  });
}

export function convBackwardDataWgsl(): string {
  return implicitGemmWgsl({
    header: /* wgsl */ `
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> DX: array<f32>;
${convParamsWgsl(3)}`,
    // m = input channel within the group, n = (b, iy, ix), k = (oc within the group, ky, kx): dY gathered through
    // the flipped taps, so every dX element is written once (no col2im scatter, no atomics).
    indexing: /* wgsl */ `
struct RowInfo { w: u32, dx: u32 }
fn row_info(g: u32, m: u32) -> RowInfo {
  let khw = p.kh * p.kw;
  return RowInfo((g * p.mpg * p.cpg + m) * khw, (g * p.cpg + m) * p.h * p.w);
}
struct ColInfo { dy: u32, ty: i32, tx: i32, dx: u32 }
fn col_info(g: u32, n: u32) -> ColInfo {
  let hw = p.h * p.w;
  let b = n / hw;
  let r = n % hw;
  return ColInfo(b * p.m * p.oh * p.ow, i32(r / p.w + p.pt), i32(r % p.w + p.pl), b * p.c * hw + r);
}
struct KInfo { w: u32, dy: u32, ky: i32, kx: i32 }
fn k_info(g: u32, k: u32) -> KInfo {
  let khw = p.kh * p.kw;
  let oc = k / khw;
  let kr = k % khw;
  return KInfo(oc * p.cpg * khw + kr, (g * p.mpg + oc) * p.oh * p.ow, i32((kr / p.kw) * p.dh), i32((kr % p.kw) * p.dw));
}`,
    loadA: /* wgsl */ `
fn load_a(r: RowInfo, k: KInfo) -> f32 { return W[r.w + k.w]; }`,
    // Output (oy, ox) reads input (iy, ix) through tap (ky, kx) iff iy + pt − ky·dh = oy·sh (same for x).
    loadB: /* wgsl */ `
fn load_b(k: KInfo, c: ColInfo) -> f32 {
  let ty = c.ty - k.ky;
  let tx = c.tx - k.kx;
  let oy = u32(max(ty, 0)) / p.sh;
  let ox = u32(max(tx, 0)) / p.sw;
  let hit = (ty >= 0) & (tx >= 0) & (i32(oy * p.sh) == ty) & (i32(ox * p.sw) == tx) & (oy < p.oh) & (ox < p.ow);
  return select(0.0, DY[select(0u, c.dy + k.dy + oy * p.ow + ox, hit)], hit);
}`,
    store: /* wgsl */ `
fn store(s: u32, r: RowInfo, c: ColInfo, v: f32) { DX[c.dx + r.dx] = v; }`,
  });
}

export function convBackwardFilterWgsl(): string {
  return implicitGemmWgsl({
    header: /* wgsl */ `
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> DW: array<f32>;
${convParamsWgsl(3)}
${X_LOAD_WGSL}`,
    // m = output channel within the group, n = (ci, ky, kx), k = (b, oy, ox): the long reduction, split-K.
    indexing: /* wgsl */ `
struct RowInfo { dy: u32, dw: u32 }
fn row_info(g: u32, m: u32) -> RowInfo {
  let oc = g * p.mpg + m;
  return RowInfo(oc * p.oh * p.ow, oc * p.gn);
}
struct ColInfo { x: u32, ky: i32, kx: i32, n: u32 }
fn col_info(g: u32, n: u32) -> ColInfo {
  let khw = p.kh * p.kw;
  let kr = n % khw;
  let ky = i32((kr / p.kw) * p.dh) - i32(p.pt);
  let kx = i32((kr % p.kw) * p.dw) - i32(p.pl);
  return ColInfo((g * p.cpg + n / khw) * p.h * p.w, ky, kx, n);
}
struct KInfo { dy: u32, x: u32, oy: i32, ox: i32 }
fn k_info(g: u32, k: u32) -> KInfo {
  let ohw = p.oh * p.ow;
  let b = k / ohw;
  let r = k % ohw;
  return KInfo(b * p.m * ohw + r, b * p.c * p.h * p.w, i32((r / p.ow) * p.sh), i32((r % p.ow) * p.sw));
}`,
    loadA: /* wgsl */ `
fn load_a(r: RowInfo, k: KInfo) -> f32 { return DY[r.dy + k.dy]; }`,
    loadB: /* wgsl */ `
fn load_b(k: KInfo, c: ColInfo) -> f32 { return x_load(k.x + c.x, k.oy + c.ky, k.ox + c.kx); }`,
    // Split s of a split-K run writes its partial sums to slab s of a scratch buffer (split-sum adds them up).
    store: /* wgsl */ `
fn store(s: u32, r: RowInfo, c: ColInfo, v: f32) { DW[s * p.m * p.gn + r.dw + c.n] = v; }`,
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
