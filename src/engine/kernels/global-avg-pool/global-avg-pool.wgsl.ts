// WGSL for GlobalAveragePool over [N,C,spatial...]: one invocation per (plane, chunk) looping over its run of the
// plane, no workgroup memory or barriers (SwiftShader pays per barrier, not per loop trip). Forward sums (long
// planes take a second pass of the same kernel over the chunk sums); backward fills dY / spatial.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

/** Small, so the few hundred planes of a late-network GAP still spread over several CPU cores. */
export const GAP_SUM_WG = 64;

/**
 * Segment sum: output i = (row, chunk) = (i / chunks, i % chunks) sums elements [chunk·seg, min(chunk·seg + seg,
 * len)) of row `row` (rows are `len` long) and divides by `div`. Plain GAP is chunks 1, seg = len = div = H·W.
 */
export function globalAvgPoolSumWgsl(): string {
  return /* wgsl */ `
struct Params { outputs: u32, chunks: u32, len: u32, seg: u32, div: u32, _p0: u32, _p1: u32, _p2: u32 }
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}

@compute @workgroup_size(${GAP_SUM_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${GAP_SUM_WG}u + li;
  if (i >= p.outputs) { return; }
  let row = p.len * (i / p.chunks);
  let begin = row + (i % p.chunks) * p.seg;
  let end = min(begin + p.seg, row + p.len);
  var s = 0.0;
  for (var j = begin; j < end; j++) { s += X[j]; }
  Y[i] = s / f32(p.div);
}`;
}

/**
 * Segment fill, the backward: invocation i = (plane, chunk) = (i / chunks, i % chunks) writes DY[plane] / len to
 * elements [chunk·seg, min(chunk·seg + seg, len)) of its plane (5× faster than one invocation per element on
 * SwiftShader at 8×1280×7×7: no per-element divide).
 */
export function globalAvgPoolBackwardWgsl(): string {
  return /* wgsl */ `
struct Params { outputs: u32, chunks: u32, len: u32, seg: u32 }
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read_write> DX: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}

@compute @workgroup_size(${GAP_SUM_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${GAP_SUM_WG}u + li;
  if (i >= p.outputs) { return; }
  let plane = i / p.chunks;
  let row = p.len * plane;
  let begin = row + (i % p.chunks) * p.seg;
  let end = min(begin + p.seg, row + p.len);
  let v = DY[plane] / f32(p.len);
  for (var j = begin; j < end; j++) { DX[j] = v; }
}`;
}
