// WGSL for GlobalAveragePool over [N,C,spatial...]. Forward: one 64-wide workgroup per (n, c) plane, strided
// partial sums then a tree in workgroup memory (planes are few and long early, many and short late: 7×7 at the head).
// Backward: one invocation per input element, dX = dY[plane] / spatial.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const GAP_REDUCE_WG = 64;
export const GAP_LINEAR_WG = 256;

const PARAMS = /* wgsl */ `
struct Params { planes: u32, spatial: u32, _p0: u32, _p1: u32 }`;

export function globalAvgPoolForwardWgsl(): string {
  return /* wgsl */ `
${PARAMS}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
var<workgroup> part: array<f32, ${GAP_REDUCE_WG}>;
${LINEAR_WORKGROUP_WGSL}

@compute @workgroup_size(${GAP_REDUCE_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let plane = linear_workgroup(wid, nwg);
  var s = 0.0;
  if (plane < p.planes) {
    let base = plane * p.spatial;
    for (var j = li; j < p.spatial; j += ${GAP_REDUCE_WG}u) { s += X[base + j]; }
  }
  part[li] = s;
  workgroupBarrier();
  for (var half = ${GAP_REDUCE_WG / 2}u; half > 0u; half /= 2u) {
    if (li < half) { part[li] += part[li + half]; }
    workgroupBarrier();
  }
  if (li == 0u && plane < p.planes) { Y[plane] = part[0] / f32(p.spatial); }
}`;
}

export function globalAvgPoolBackwardWgsl(): string {
  return /* wgsl */ `
${PARAMS}
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read_write> DX: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}

@compute @workgroup_size(${GAP_LINEAR_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${GAP_LINEAR_WG}u + li;
  if (i >= p.planes * p.spatial) { return; }
  DX[i] = DY[i / p.spatial] / f32(p.spatial);
}`;
}
