// WGSL for the backward of broadcasting Add/Sub/Mul/Div: one output per gradient element of the chosen input, the
// sum over the axes that input was broadcast along of dY·∂y/∂input. 'thread': one invocation per output (little
// or no reduction); 'workgroup': 64 invocations per output with a shared-memory tree (a bias-like [C] gradient
// summing N·H·W values). Op, side and shapes are uniforms: two pipelines in all.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export type BroadcastGradVariant = 'thread' | 'workgroup';
export const THREAD_WORKGROUP = 256;
export const ROW_WORKGROUP = 64;

/** Op codes in the uniform; the order is part of the kernel's contract. */
export const BINARY_CODE = { Add: 0, Sub: 1, Mul: 2, Div: 3 } as const;

const HEAD = /* wgsl */ `
struct Params {
  n: u32,
  rank: u32,
  r_count: u32,
  op_side: u32,
  keep_shape: array<vec4<u32>, 2>,
  red_shape: array<vec4<u32>, 2>,
  dy_strides: array<vec4<u32>, 2>,
  sa: array<vec4<u32>, 2>,
  sb: array<vec4<u32>, 2>,
}
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad: array<f32>;
${LINEAR_WORKGROUP_WGSL}
fn at(v: array<vec4<u32>, 2>, k: u32) -> u32 { return v[k / 4u][k % 4u]; }

// Flat offsets (into dY, A, B) of output element t's kept coordinates (or of reduction index r's reduced ones).
fn offsets(idx: u32, shape: array<vec4<u32>, 2>) -> vec3<u32> {
  var rem = idx;
  var o = vec3<u32>(0u);
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let k = u32(d);
    let c = rem % at(shape, k);
    rem = rem / at(shape, k);
    o += c * vec3<u32>(at(p.dy_strides, k), at(p.sa, k), at(p.sb, k));
  }
  return o;
}

// dY·∂y/∂A (side 0) or dY·∂y/∂B (side 1) at one broadcast element.
fn term(o: vec3<u32>) -> f32 {
  let g = dy[o.x];
  switch (p.op_side) {
    case 0u, 1u, 4u: { return g; }
    case 5u: { return -g; }
    case 2u: { return g * b[o.z]; }
    case 6u: { return g * a[o.y]; }
    case 3u: { return g / b[o.z]; }
    default: {
      let bv = b[o.z];
      return -g * a[o.y] / (bv * bv);
    }
  }
}`;

export function broadcastGradWgsl(variant: BroadcastGradVariant): string {
  if (variant === 'thread') {
    return /* wgsl */ `${HEAD}
@compute @workgroup_size(${THREAD_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let t = linear_workgroup(wid, nwg) * ${THREAD_WORKGROUP}u + lid;
  if (t >= p.n) { return; }
  let base = offsets(t, p.keep_shape);
  var acc = 0.0;
  for (var r = 0u; r < p.r_count; r++) { acc += term(base + offsets(r, p.red_shape)); }
  grad[t] = acc;
}`;
  }
  return /* wgsl */ `${HEAD}
var<workgroup> red: array<f32, ${ROW_WORKGROUP}>;
@compute @workgroup_size(${ROW_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  // Every invocation reaches the barriers; the bounds check only guards loads and the store.
  let t = linear_workgroup(wid, nwg);
  let valid = t < p.n;
  var acc = 0.0;
  if (valid) {
    let base = offsets(t, p.keep_shape);
    for (var r = lid; r < p.r_count; r += ${ROW_WORKGROUP}u) { acc += term(base + offsets(r, p.red_shape)); }
  }
  red[lid] = acc;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
    workgroupBarrier();
  }
  if (valid && lid == 0u) { grad[t] = red[0]; }
}`;
}
