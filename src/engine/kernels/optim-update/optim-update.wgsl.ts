// WGSL for in-place optimizer updates (SGD momentum/Nesterov, AdamW, weight EMA) with one thread per parameter and
// the step's lr and constants in a uniform (a new lr never recompiles), plus global-norm clipping: per-workgroup
// sums of squares of each gradient into a partials buffer, one workgroup folding them into (norm, scale), and an
// in-place scale that reads that scale from the GPU (no readback between the passes).
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const WORKGROUP_SIZE = 256;
/** Elements each sum-of-squares workgroup covers (8 per invocation). */
export const SUMSQ_CHUNK = WORKGROUP_SIZE * 8;

const ELEMENT = /* wgsl */ `
${LINEAR_WORKGROUP_WGSL}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }`;

/**
 * g' = g + wd·p; with momentum: buf = μ·buf + g', step = Nesterov ? g' + μ·buf : buf; p −= lr·step.
 * Bindings: uniform, grad, param, (momentum: buf).
 */
export function sgdWgsl(momentum: boolean): string {
  return /* wgsl */ `
struct Params { n: u32, nesterov: u32, lr: f32, wd: f32, mu: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> param: array<f32>;
${momentum ? '@group(0) @binding(3) var<storage, read_write> buf: array<f32>;' : ''}
${ELEMENT}
  let w = param[i];
  let g = grad[i] + p.wd * w;
${
  momentum
    ? `  let b = p.mu * buf[i] + g;
  buf[i] = b;
  param[i] = w - p.lr * select(b, g + p.mu * b, p.nesterov != 0u);`
    : '  param[i] = w - p.lr * g;'
}
}`;
}

/** Decoupled decay then bias-corrected Adam. Bindings: uniform, grad, param, m, v. */
export function adamwWgsl(): string {
  return /* wgsl */ `
struct Params { n: u32, lr: f32, wd: f32, b1: f32, b2: f32, eps: f32, bc1: f32, bc2: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> param: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
${ELEMENT}
  let g = grad[i];
  let w = param[i] * (1.0 - p.lr * p.wd);
  let m1 = p.b1 * m[i] + (1.0 - p.b1) * g;
  let v1 = p.b2 * v[i] + (1.0 - p.b2) * g * g;
  m[i] = m1;
  v[i] = v1;
  param[i] = w - p.lr * (m1 / p.bc1) / (sqrt(v1 / p.bc2) + p.eps);
}`;
}

/** shadow = d·shadow + (1 − d)·param. Bindings: uniform, param, shadow. */
export function emaWgsl(): string {
  return /* wgsl */ `
struct Params { n: u32, decay: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> param: array<f32>;
@group(0) @binding(2) var<storage, read_write> shadow: array<f32>;
${ELEMENT}
  shadow[i] = p.decay * shadow[i] + (1.0 - p.decay) * param[i];
}`;
}

/** partials[base + wg] = Σ g² over the workgroup's chunk. Bindings: uniform, grad, partials. */
export function sumSquaresWgsl(): string {
  return /* wgsl */ `
struct Params { n: u32, base: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
var<workgroup> red: array<f32, ${WORKGROUP_SIZE}>;
${LINEAR_WORKGROUP_WGSL}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let w = linear_workgroup(wid, nwg);
  let start = w * ${SUMSQ_CHUNK}u;
  var acc = 0.0;
  for (var j = 0u; j < ${SUMSQ_CHUNK / WORKGROUP_SIZE}u; j++) {
    let i = start + j * ${WORKGROUP_SIZE}u + lid;
    if (i < p.n) { let g = grad[i]; acc += g * g; }
  }
  red[lid] = acc;
  workgroupBarrier();
  for (var s = ${WORKGROUP_SIZE / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u && start < p.n) { partials[p.base + w] = red[0]; }
}`;
}

/** stats = (‖g‖, scale = c/max(‖g‖, c)) from the partials. Bindings: uniform, partials, stats. One workgroup. */
export function clipFinalizeWgsl(): string {
  return /* wgsl */ `
struct Params { count: u32, max_norm: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> stats: array<f32>;
var<workgroup> red: array<f32, ${WORKGROUP_SIZE}>;
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(local_invocation_index) lid: u32) {
  var acc = 0.0;
  for (var i = lid; i < p.count; i += ${WORKGROUP_SIZE}u) { acc += partials[i]; }
  red[lid] = acc;
  workgroupBarrier();
  for (var s = ${WORKGROUP_SIZE / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let norm = sqrt(red[0]);
    stats[0] = norm;
    stats[1] = select(1.0, p.max_norm / norm, norm > p.max_norm);
  }
}`;
}

/** grad *= stats[1]. Bindings: uniform, stats, grad. */
export function clipScaleWgsl(): string {
  return /* wgsl */ `
struct Params { n: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> stats: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;
${ELEMENT}
  grad[i] = grad[i] * stats[1];
}`;
}
