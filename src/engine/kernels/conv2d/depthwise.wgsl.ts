// WGSL for depthwise Conv2d (group = C, one input channel per group, any channel multiplier M/C): forward is one
// invocation per four outputs of a row, dX one per input element, both looping over the kH×kW taps (a GEMM tile
// would be mostly padding); dW is one thread per weight element looping over N·OH·OW (row-chunked, plus a split-sum pass, when long).
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';
import { convParamsWgsl, DY_GATHER_WGSL, LINEAR_WG, ROW_REDUCE_MAIN_WGSL } from './conv2d.wgsl.ts';

const LINEAR_MAIN = /* wgsl */ `
${LINEAR_WORKGROUP_WGSL}
@compute @workgroup_size(${LINEAR_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${LINEAR_WG}u + li;
  if (i >= p.gm) { return; }
  run(i);
}`;

/** Outputs along a row that one forward invocation computes (they share the index math and the weight loads). */
export const DEPTHWISE_ROW_SPAN = 4;

/**
 * Forward: one invocation per DEPTHWISE_ROW_SPAN neighbouring outputs of a row (p.gm counts invocations). Why:
 * per output, the index arithmetic (integer divisions, which software adapters emulate) cost more than the
 * 9 taps; shared across four outputs, with one weight load per tap, the kernel ran ~2× faster on SwiftShader.
 */
export function depthwiseForwardWgsl(bias: boolean): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
${convParamsWgsl(3)}
${bias ? '@group(0) @binding(4) var<storage, read> B: array<f32>;' : ''}

fn x_row(row: u32, ix: i32) -> f32 {
  if (ix < 0 || ix >= i32(p.w)) { return 0.0; }
  return X[row + u32(ix)];
}

fn run(i: u32) {
  let spans = (p.ow + ${DEPTHWISE_ROW_SPAN - 1}u) / ${DEPTHWISE_ROW_SPAN}u;
  let ox0 = (i % spans) * ${DEPTHWISE_ROW_SPAN}u;
  let r = i / spans;
  let oy = r % p.oh;
  let boc = r / p.oh;
  let oc = boc % p.m;
  let b = boc / p.m;
  let c = oc / p.mpg;
  let w0 = oc * p.kh * p.kw;
  let plane = (b * p.c + c) * p.h;
  let sw = i32(p.sw);
  var acc = vec4<f32>(${bias ? 'B[oc]' : '0.0'});
  for (var ky = 0u; ky < p.kh; ky++) {
    let iy = i32(oy * p.sh + ky * p.dh) - i32(p.pt);
    if (iy < 0 || iy >= i32(p.h)) { continue; }
    let row = (plane + u32(iy)) * p.w;
    for (var kx = 0u; kx < p.kw; kx++) {
      let ix = i32(ox0 * p.sw + kx * p.dw) - i32(p.pl);
      let v = vec4<f32>(x_row(row, ix), x_row(row, ix + sw), x_row(row, ix + 2 * sw), x_row(row, ix + 3 * sw));
      acc += v * W[w0 + ky * p.kw + kx];
    }
  }
  let y0 = (boc * p.oh + oy) * p.ow + ox0;
  Y[y0] = acc.x;
  if (ox0 + 1u < p.ow) { Y[y0 + 1u] = acc.y; }
  if (ox0 + 2u < p.ow) { Y[y0 + 2u] = acc.z; }
  if (ox0 + 3u < p.ow) { Y[y0 + 3u] = acc.w; }
}
${LINEAR_MAIN}`;
}

export function depthwiseBackwardDataWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> DX: array<f32>;
${convParamsWgsl(3)}
${DY_GATHER_WGSL}

fn run(i: u32) {
  let hw = p.h * p.w;
  let r = i % hw;
  let iy = r / p.w;
  let ix = r % p.w;
  let bc = i / hw;
  let c = bc % p.c;
  let b = bc / p.c;
  let khw = p.kh * p.kw;
  var acc = 0.0;
  for (var j = 0u; j < p.mpg; j++) {
    let oc = c * p.mpg + j;
    for (var ky = 0u; ky < p.kh; ky++) {
      for (var kx = 0u; kx < p.kw; kx++) {
        acc += dy_at(b, oc, iy, ix, ky, kx) * W[oc * khw + ky * p.kw + kx];
      }
    }
  }
  DX[i] = acc;
}
${LINEAR_MAIN}`;
}

/**
 * dW[oc, ky, kx] = Σ dY[b, oc, oy, ox]·X[b, c, oy·sH + ky·dH − pt, ox·sW + kx·dW − pl]: one thread per (split,
 * weight element) over whole rows; each tap's in-bounds ox range is solved once, so the inner loop has no branch.
 */
export function depthwiseBackwardFilterWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> DW: array<f32>;
${convParamsWgsl(3)}

fn run(e: u32, s: u32, r0: u32, r1: u32) {
  let khw = p.kh * p.kw;
  let oc = e / khw;
  let ky = (e % khw) / p.kw;
  let kx = e % p.kw;
  let c = oc / p.mpg;
  // Input column of output column ox is ox·sW + offx; keep 0 ≤ it < W: ox in [ox0, ox1).
  let offx = i32(kx * p.dw) - i32(p.pl);
  var ox0 = 0u;
  if (offx < 0) { ox0 = (u32(-offx) + p.sw - 1u) / p.sw; }
  let lim = i32(p.w) - offx;
  var ox1 = 0u;
  if (lim > 0) { ox1 = min(p.ow, (u32(lim) + p.sw - 1u) / p.sw); }
  var acc = 0.0;
  for (var row = r0; row < r1; row++) {
    let b = row / p.oh;
    let oy = row % p.oh;
    let iy = i32(oy * p.sh + ky * p.dh) - i32(p.pt);
    if (iy < 0 || iy >= i32(p.h)) { continue; }
    let dy0 = ((b * p.m + oc) * p.oh + oy) * p.ow;
    let x0 = i32(((b * p.c + c) * p.h + u32(iy)) * p.w) + offx;
    for (var ox = ox0; ox < ox1; ox++) {
      acc += DY[dy0 + ox] * X[u32(x0 + i32(ox * p.sw))];
    }
  }
  DW[s * p.gm + e] = acc;
}
${ROW_REDUCE_MAIN_WGSL}`;
}
