// WGSL for BatchNormalization on [N,C,spatial]: per-channel statistics use one 256-invocation workgroup per
// channel (strided loads over N·spatial, shared-memory trees; two passes for mean then variance, no cancellation);
// normalisation and dX use one thread per element. Saved statistics are one [2,C] buffer: mean, then 1/√(var+ε).
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const WORKGROUP_SIZE = 256;

const PARAMS = /* wgsl */ `
struct Params { n: u32, c: u32, spatial: u32, count: u32, eps: f32, momentum: f32, unbiased: u32, total: u32 }
@group(0) @binding(0) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}
fn offset(k: u32, ch: u32) -> u32 { return ((k / p.spatial) * p.c + ch) * p.spatial + k % p.spatial; }`;

const TREE = /* wgsl */ `
var<workgroup> red: array<vec2<f32>, ${WORKGROUP_SIZE}>;
fn tree(lid: u32, v: vec2<f32>) -> vec2<f32> {
  red[lid] = v;
  workgroupBarrier();
  for (var s = ${WORKGROUP_SIZE / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}`;

const PER_CHANNEL = /* wgsl */ `
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  // One workgroup per channel; every invocation reaches the barriers.
  let ch = linear_workgroup(wid, nwg);
  let valid = ch < p.c;`;

const PER_ELEMENT = /* wgsl */ `
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.total) { return; }
  let ch = (i / p.spatial) % p.c;`;

/** Bindings: uniform, x, running_mean, running_var (updated in place), saved [2,C]. */
export function bnStatsTrainWgsl(): string {
  return /* wgsl */ `${PARAMS}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> running_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> running_var: array<f32>;
@group(0) @binding(4) var<storage, read_write> saved: array<f32>;
${TREE}
${PER_CHANNEL}
  var s = 0.0;
  if (valid) { for (var k = lid; k < p.count; k += ${WORKGROUP_SIZE}u) { s += x[offset(k, ch)]; } }
  let mu = tree(lid, vec2<f32>(s, 0.0)).x / f32(p.count);
  var v = 0.0;
  if (valid) {
    for (var k = lid; k < p.count; k += ${WORKGROUP_SIZE}u) { let d = x[offset(k, ch)] - mu; v += d * d; }
  }
  let sq = tree(lid, vec2<f32>(v, 0.0)).x;
  if (valid && lid == 0u) {
    let biased = sq / f32(p.count);
    saved[ch] = mu;
    saved[p.c + ch] = inverseSqrt(biased + p.eps);
    let for_running = select(biased, sq / f32(p.count - 1u), p.unbiased != 0u);
    running_mean[ch] = p.momentum * running_mean[ch] + (1.0 - p.momentum) * mu;
    running_var[ch] = p.momentum * running_var[ch] + (1.0 - p.momentum) * for_running;
  }
}`;
}

/** Bindings: uniform, running_mean, running_var, saved [2,C]. One thread per channel (total = C). */
export function bnStatsEvalWgsl(): string {
  return /* wgsl */ `${PARAMS}
@group(0) @binding(1) var<storage, read> running_mean: array<f32>;
@group(0) @binding(2) var<storage, read> running_var: array<f32>;
@group(0) @binding(3) var<storage, read_write> saved: array<f32>;
${PER_ELEMENT}
  saved[i] = running_mean[i];
  saved[p.c + i] = inverseSqrt(running_var[i] + p.eps);
}`;
}

/** Bindings: uniform, x, saved, scale, bias, y. */
export function bnNormalizeWgsl(): string {
  return /* wgsl */ `${PARAMS}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> saved: array<f32>;
@group(0) @binding(3) var<storage, read> scale: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;
${PER_ELEMENT}
  y[i] = (x[i] - saved[ch]) * (scale[ch] * saved[p.c + ch]) + bias[ch];
}`;
}

/** Bindings: uniform, x, dy, saved, d_scale = Σ dy·x̂, d_bias = Σ dy (one workgroup per channel). */
export function bnGradSumsWgsl(): string {
  return /* wgsl */ `${PARAMS}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read> saved: array<f32>;
@group(0) @binding(4) var<storage, read_write> d_scale: array<f32>;
@group(0) @binding(5) var<storage, read_write> d_bias: array<f32>;
${TREE}
${PER_CHANNEL}
  var acc = vec2<f32>(0.0);
  if (valid) {
    let mu = saved[ch];
    let is = saved[p.c + ch];
    for (var k = lid; k < p.count; k += ${WORKGROUP_SIZE}u) {
      let o = offset(k, ch);
      acc += vec2<f32>(dy[o], dy[o] * (x[o] - mu) * is);
    }
  }
  let sums = tree(lid, acc);
  if (valid && lid == 0u) {
    d_bias[ch] = sums.x;
    d_scale[ch] = sums.y;
  }
}`;
}

/** Train-mode dX = γ·invStd/count·(count·dy − Σdy − x̂·Σdy·x̂). Bindings: uniform, x, dy, saved, scale, d_scale, d_bias, dx. */
export function bnDxTrainWgsl(): string {
  return /* wgsl */ `${PARAMS}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read> saved: array<f32>;
@group(0) @binding(4) var<storage, read> scale: array<f32>;
@group(0) @binding(5) var<storage, read> d_scale: array<f32>;
@group(0) @binding(6) var<storage, read> d_bias: array<f32>;
@group(0) @binding(7) var<storage, read_write> dx: array<f32>;
${PER_ELEMENT}
  let is = saved[p.c + ch];
  let xhat = (x[i] - saved[ch]) * is;
  let cnt = f32(p.count);
  dx[i] = (scale[ch] * is / cnt) * (cnt * dy[i] - d_bias[ch] - xhat * d_scale[ch]);
}`;
}

/** Eval/frozen dX = γ·invStd·dy (statistics are constants). Bindings: uniform, dy, saved, scale, dx. */
export function bnDxEvalWgsl(): string {
  return /* wgsl */ `${PARAMS}
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> saved: array<f32>;
@group(0) @binding(3) var<storage, read> scale: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
${PER_ELEMENT}
  dx[i] = scale[ch] * saved[p.c + ch] * dy[i];
}`;
}
