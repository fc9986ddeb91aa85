// WGSL for Slice: forward gathers one output element per thread (start + index·step per axis); backward is also a
// gather, one dX element per thread, writing dY where the element lies on the slice lattice and 0 elsewhere, so no
// zero-fill pass and no atomics. Shapes, starts and steps are uniforms.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const WORKGROUP_SIZE = 256;

const HEAD = /* wgsl */ `
struct Params {
  n: u32,
  rank: u32,
  out_shape: array<vec4<u32>, 2>,
  x_shape: array<vec4<u32>, 2>,
  start: array<vec4<u32>, 2>,
  step: array<vec4<u32>, 2>,
}
@group(0) @binding(0) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}
fn at(v: array<vec4<u32>, 2>, k: u32) -> u32 { return v[k / 4u][k % 4u]; }
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }`;

/** Bindings: uniform, x, y. */
export function sliceForwardWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
${HEAD}
  var rem = i;
  var src = 0u;
  var stride = 1u;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let k = u32(d);
    let c = rem % at(p.out_shape, k);
    rem = rem / at(p.out_shape, k);
    let pos = i32(at(p.start, k)) + i32(c) * i32(at(p.step, k));
    src += u32(pos) * stride;
    stride *= at(p.x_shape, k);
  }
  y[i] = x[src];
}`;
}

/** Bindings: uniform, dy, dx. */
export function sliceBackwardWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
${HEAD}
  var rem = i;
  var src = 0u;
  var stride = 1u;
  var hit = true;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let k = u32(d);
    let c = rem % at(p.x_shape, k);
    rem = rem / at(p.x_shape, k);
    let q = i32(c) - i32(at(p.start, k));
    let st = i32(at(p.step, k));
    let j = q / st;
    if (q % st != 0 || j < 0 || j >= i32(at(p.out_shape, k))) { hit = false; }
    src += u32(max(j, 0)) * stride;
    stride *= at(p.out_shape, k);
  }
  if (hit) { dx[i] = dy[src]; } else { dx[i] = 0.0; }
}`;
}
