// WGSL for Softmax over one axis of an [outer, len, inner] view, forward and backward. 'thread': one invocation per
// row (many short rows, e.g. channels at each pixel); 'workgroup': 64 invocations share a row through a
// shared-memory tree (few long rows, e.g. [N,1000] logits). Sizes are uniforms.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export type SoftmaxVariant = 'thread' | 'workgroup';
export const THREAD_WORKGROUP = 256;
export const ROW_WORKGROUP = 64;

const HEAD = /* wgsl */ `
struct Params { outer: u32, len: u32, inner: u32, rows: u32 }
@group(0) @binding(0) var<uniform> p: Params;
var<private> NEG_INF_BITS: u32 = 0xff800000u;
${LINEAR_WORKGROUP_WGSL}
fn row_base(r: u32) -> u32 { return (r / p.inner) * p.len * p.inner + r % p.inner; }`;

/** Bindings: uniform, x, y (forward) or uniform, y, dy, dx (backward). */
function bindings(backward: boolean): string {
  return backward
    ? `@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;`
    : `@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;`;
}

function threadBody(backward: boolean): string {
  if (backward) {
    return `
  var dot = 0.0;
  for (var k = 0u; k < p.len; k++) { let j = base + k * p.inner; dot += dy[j] * y[j]; }
  for (var k = 0u; k < p.len; k++) { let j = base + k * p.inner; dx[j] = y[j] * (dy[j] - dot); }`;
  }
  return `
  var m = bitcast<f32>(NEG_INF_BITS);
  for (var k = 0u; k < p.len; k++) { m = max(m, x[base + k * p.inner]); }
  var s = 0.0;
  for (var k = 0u; k < p.len; k++) { s += exp(x[base + k * p.inner] - m); }
  let inv = 1.0 / s;
  for (var k = 0u; k < p.len; k++) { let j = base + k * p.inner; y[j] = exp(x[j] - m) * inv; }`;
}

/** Tree reduction of `acc` over the workgroup into `red[0]` with combiner `op` (every invocation calls it). */
const TREE = (op: string) => `
  red[lid] = acc;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = ${op}; }
    workgroupBarrier();
  }`;

function workgroupBody(backward: boolean): string {
  if (backward) {
    return `
  var acc = 0.0;
  if (valid) { for (var k = lid; k < p.len; k += ${ROW_WORKGROUP}u) { let j = base + k * p.inner; acc += dy[j] * y[j]; } }
  ${TREE('red[lid] + red[lid + s]')}
  let dot = red[0];
  if (valid) { for (var k = lid; k < p.len; k += ${ROW_WORKGROUP}u) { let j = base + k * p.inner; dx[j] = y[j] * (dy[j] - dot); } }`;
  }
  return `
  var acc = bitcast<f32>(NEG_INF_BITS);
  if (valid) { for (var k = lid; k < p.len; k += ${ROW_WORKGROUP}u) { acc = max(acc, x[base + k * p.inner]); } }
  ${TREE('max(red[lid], red[lid + s])')}
  let m = red[0];
  workgroupBarrier();
  acc = 0.0;
  if (valid) { for (var k = lid; k < p.len; k += ${ROW_WORKGROUP}u) { acc += exp(x[base + k * p.inner] - m); } }
  ${TREE('red[lid] + red[lid + s]')}
  let inv = 1.0 / red[0];
  if (valid) { for (var k = lid; k < p.len; k += ${ROW_WORKGROUP}u) { let j = base + k * p.inner; y[j] = exp(x[j] - m) * inv; } }`;
}

export function softmaxWgsl(variant: SoftmaxVariant, backward: boolean): string {
  if (variant === 'thread') {
    return /* wgsl */ `${HEAD}
${bindings(backward)}
@compute @workgroup_size(${THREAD_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let r = linear_workgroup(wid, nwg) * ${THREAD_WORKGROUP}u + lid;
  if (r >= p.rows) { return; }
  let base = row_base(r);
  ${threadBody(backward)}
}`;
  }
  return /* wgsl */ `${HEAD}
${bindings(backward)}
var<workgroup> red: array<f32, ${ROW_WORKGROUP}>;
@compute @workgroup_size(${ROW_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  // Every invocation reaches the barriers; the bounds check only guards loads and stores.
  let r = linear_workgroup(wid, nwg);
  let valid = r < p.rows;
  let base = row_base(r);
  ${workgroupBody(backward)}
}`;
}
