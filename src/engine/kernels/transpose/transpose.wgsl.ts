// WGSL for transpose: one invocation per output element; the output index is decomposed with the output shape
// and mapped through the permuted input strides (both uniforms, so one pipeline serves every shape and perm).
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const WORKGROUP_SIZE = 256;

export function transposeWgsl(): string {
  return /* wgsl */ `
struct Params {
  n: u32,
  rank: u32,
  shape: array<vec4<u32>, 2>,
  src_strides: array<vec4<u32>, 2>,
}
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }
  var rem = i;
  var src = 0u;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let k = u32(d);
    let dim = p.shape[k / 4u][k % 4u];
    src += (rem % dim) * p.src_strides[k / 4u][k % 4u];
    rem = rem / dim;
  }
  y[i] = x[src];
}`;
}
