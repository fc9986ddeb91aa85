// WGSL for depthwise Conv2d (group = C, one input channel per group, any channel multiplier M/C): forward and dX
// are one invocation per output / input element looping over the kH×kW taps (a GEMM tile would be mostly
// padding); dW is one 256-wide workgroup per weight element reducing over N·OH·OW.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';
import { convParamsWgsl, DY_GATHER_WGSL, LINEAR_WG, REDUCE_WG, X_GATHER_WGSL } from './conv2d.wgsl.ts';

const LINEAR_MAIN = /* wgsl */ `
${LINEAR_WORKGROUP_WGSL}
@compute @workgroup_size(${LINEAR_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${LINEAR_WG}u + li;
  if (i >= p.gm) { return; }
  run(i);
}`;

export function depthwiseForwardWgsl(bias: boolean): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
${convParamsWgsl(3)}
${bias ? '@group(0) @binding(4) var<storage, read> B: array<f32>;' : ''}
${X_GATHER_WGSL}

fn run(i: u32) {
  let ohw = p.oh * p.ow;
  let r = i % ohw;
  let oy = r / p.ow;
  let ox = r % p.ow;
  let boc = i / ohw;
  let oc = boc % p.m;
  let b = boc / p.m;
  let c = oc / p.mpg;
  let w0 = oc * p.kh * p.kw;
  var acc = ${bias ? 'B[oc]' : '0.0'};
  for (var ky = 0u; ky < p.kh; ky++) {
    for (var kx = 0u; kx < p.kw; kx++) {
      acc += x_at(b, c, oy, ox, ky, kx) * W[w0 + ky * p.kw + kx];
    }
  }
  Y[i] = acc;
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

export function depthwiseBackwardFilterWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> DW: array<f32>;
${convParamsWgsl(3)}
${X_GATHER_WGSL}
var<workgroup> part: array<f32, ${REDUCE_WG}>;
${LINEAR_WORKGROUP_WGSL}

@compute @workgroup_size(${REDUCE_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  // One workgroup per weight element (oc, ky, kx).
  let e = linear_workgroup(wid, nwg);
  let khw = p.kh * p.kw;
  let oc = e / khw;
  let ky = (e % khw) / p.kw;
  let kx = e % p.kw;
  let ohw = p.oh * p.ow;
  var s = 0.0;
  if (e < p.gm) {
    let c = oc / p.mpg;
    for (var j = li; j < p.batch * ohw; j += ${REDUCE_WG}u) {
      let b = j / ohw;
      let r = j % ohw;
      s += DY[(b * p.m + oc) * ohw + r] * x_at(b, c, r / p.ow, r % p.ow, ky, kx);
    }
  }
  part[li] = s;
  workgroupBarrier();
  for (var half = ${REDUCE_WG / 2}u; half > 0u; half /= 2u) {
    if (li < half) { part[li] += part[li + half]; }
    workgroupBarrier();
  }
  if (li == 0u && e < p.gm) { DW[e] = part[0]; }
}`;
}
