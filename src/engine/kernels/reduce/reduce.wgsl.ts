// WGSL for one-axis reductions over a [outer, length, inner] view. 'thread': one invocation per output, looping
// over the axis (many outputs). 'workgroup': one workgroup per output, strided loads + shared-memory tree (few
// long rows, e.g. a full reduction). Sizes are uniforms.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';
import type { ReduceOp } from './reduce.ref.ts';

export const WORKGROUP_SIZE = 256;
export type ReduceVariant = 'thread' | 'workgroup';

const HEAD = /* wgsl */ `
struct Params { outer: u32, length: u32, inner: u32, n_out: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
var<private> NEG_INF_BITS: u32 = 0xff800000u;
${LINEAR_WORKGROUP_WGSL}`;

function init(op: ReduceOp): string {
  return op === 'max' ? 'bitcast<f32>(NEG_INF_BITS)' : '0.0';
}

function combine(op: ReduceOp, a: string, b: string): string {
  return op === 'max' ? `max(${a}, ${b})` : `${a} + ${b}`;
}

function finish(op: ReduceOp, acc: string): string {
  return op === 'mean' ? `${acc} / f32(p.length)` : acc;
}

export function reduceWgsl(op: ReduceOp, variant: ReduceVariant): string {
  if (variant === 'thread') {
    return /* wgsl */ `${HEAD}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let o = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  if (o >= p.n_out) { return; }
  let base = (o / p.inner) * p.length * p.inner + o % p.inner;
  var acc = ${init(op)};
  for (var j = 0u; j < p.length; j++) {
    acc = ${combine(op, 'acc', 'x[base + j * p.inner]')};
  }
  y[o] = ${finish(op, 'acc')};
}`;
  }
  return /* wgsl */ `${HEAD}
var<workgroup> partial: array<f32, ${WORKGROUP_SIZE}>;
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  // Every invocation reaches the barriers: the bounds check only guards loads and the final store.
  let o = linear_workgroup(wid, nwg);
  let valid = o < p.n_out;
  let base = (o / p.inner) * p.length * p.inner + o % p.inner;
  var acc = ${init(op)};
  if (valid) {
    for (var j = lid; j < p.length; j += ${WORKGROUP_SIZE}u) {
      acc = ${combine(op, 'acc', 'x[base + j * p.inner]')};
    }
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = ${WORKGROUP_SIZE / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { partial[lid] = ${combine(op, 'partial[lid]', 'partial[lid + s]')}; }
    workgroupBarrier();
  }
  if (valid && lid == 0u) { y[o] = ${finish(op, 'partial[0]')}; }
}`;
}
