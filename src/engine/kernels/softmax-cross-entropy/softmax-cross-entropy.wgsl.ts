// WGSL for fused softmax + cross-entropy on [N,K] logits: one 64-invocation workgroup per row computes max/argmax,
// log-sum-exp, the row loss, dLogits and the top-1 hit (shared-memory trees); a single-workgroup pass then reduces
// the N row losses and hits to the batch mean loss and the correct count (deterministic, no atomics).
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const ROW_WORKGROUP = 64;
export const FINAL_WORKGROUP = 256;
export type TargetKind = 'hard' | 'soft';

const PARAMS = /* wgsl */ `
struct Params { n: u32, k: u32, eps: f32, inv_temp: f32 }
@group(0) @binding(0) var<uniform> p: Params;
var<private> NEG_INF_BITS: u32 = 0xff800000u;
var<private> NAN_BITS: u32 = 0x7fc00000u;
${LINEAR_WORKGROUP_WGSL}`;

/**
 * hard: bindings uniform, logits, labels (u32), d_logits, row_loss, row_hit; targets (1−ε)·onehot + ε/K.
 * soft: bindings uniform, logits, targets (f32 [N,K]), d_logits, row_loss, row_hit; logits scaled by 1/T, and the
 * hit compares the argmax of the logits with the argmax of the targets (Mixup/CutMix: the dominant label).
 */
export function sceRowsWgsl(kind: TargetKind): string {
  const hard = kind === 'hard';
  return /* wgsl */ `${PARAMS}
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> ${hard ? 'labels: array<u32>' : 'targets: array<f32>'};
@group(0) @binding(3) var<storage, read_write> d_logits: array<f32>;
@group(0) @binding(4) var<storage, read_write> row_loss: array<f32>;
@group(0) @binding(5) var<storage, read_write> row_hit: array<u32>;
var<workgroup> red_max: array<vec2<f32>, ${ROW_WORKGROUP}>;
var<workgroup> red_arg: array<vec2<u32>, ${ROW_WORKGROUP}>;
var<workgroup> red_sum: array<vec4<f32>, ${ROW_WORKGROUP}>;

// Larger value wins; on a tie the lower index (first maximum, as the reference's argmax).
fn better(v: f32, i: u32, w: f32, j: u32) -> bool { return w > v || (w == v && j < i); }

@compute @workgroup_size(${ROW_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  // One workgroup per row; every invocation reaches the barriers.
  let row = linear_workgroup(wid, nwg);
  let valid = row < p.n;
  let base = row * p.k;
  let neg_inf = bitcast<f32>(NEG_INF_BITS);
  var mx = vec2<f32>(neg_inf, neg_inf);
  var ag = vec2<u32>(0xffffffffu, 0xffffffffu);
  if (valid) {
    for (var j = lid; j < p.k; j += ${ROW_WORKGROUP}u) {
      let z = logits[base + j] * p.inv_temp;
      if (better(mx.x, ag.x, z, j)) { mx.x = z; ag.x = j; }
      ${hard ? '' : 'let t = targets[base + j]; if (better(mx.y, ag.y, t, j)) { mx.y = t; ag.y = j; }'}
    }
  }
  red_max[lid] = mx;
  red_arg[lid] = ag;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      var a = red_max[lid];
      var ai = red_arg[lid];
      let b = red_max[lid + s];
      let bi = red_arg[lid + s];
      if (better(a.x, ai.x, b.x, bi.x)) { a.x = b.x; ai.x = bi.x; }
      if (better(a.y, ai.y, b.y, bi.y)) { a.y = b.y; ai.y = bi.y; }
      red_max[lid] = a;
      red_arg[lid] = ai;
    }
    workgroupBarrier();
  }
  let m = red_max[0].x;
  let arg = red_arg[0];
  // x: Σ exp(z−m); y: Σ t·z (soft) or Σ z (hard); z: Σ t (soft target mass).
  var acc = vec4<f32>(0.0);
  if (valid) {
    for (var j = lid; j < p.k; j += ${ROW_WORKGROUP}u) {
      let z = logits[base + j] * p.inv_temp;
      ${hard ? 'acc += vec4<f32>(exp(z - m), z, 0.0, 0.0);' : 'let t = targets[base + j]; acc += vec4<f32>(exp(z - m), t * z, t, 0.0);'}
    }
  }
  red_sum[lid] = acc;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red_sum[lid] = red_sum[lid] + red_sum[lid + s]; }
    workgroupBarrier();
  }
  let sums = red_sum[0];
  let lse = m + log(sums.x);
  if (!valid) { return; }
  let inv_n = 1.0 / f32(p.n);
${
  hard
    ? `  let y = labels[row];
  let off = p.eps / f32(p.k);
  for (var j = lid; j < p.k; j += ${ROW_WORKGROUP}u) {
    let z = logits[base + j];
    let t = select(0.0, 1.0 - p.eps, j == y) + off;
    d_logits[base + j] = (exp(z - lse) - t) * inv_n;
  }
  if (lid == 0u) {
    // A label outside [0, K) makes the row loss NaN, so the batch loss shows it (the kernel cannot throw).
    let zy = logits[base + min(y, p.k - 1u)];
    let loss = -(1.0 - p.eps) * (zy - lse) - off * (sums.y - f32(p.k) * lse);
    row_loss[row] = select(loss, bitcast<f32>(NAN_BITS), y >= p.k);
    row_hit[row] = select(0u, 1u, arg.x == y);
  }`
    : `  let scale = inv_n * p.inv_temp;
  for (var j = lid; j < p.k; j += ${ROW_WORKGROUP}u) {
    let z = logits[base + j] * p.inv_temp;
    d_logits[base + j] = (exp(z - lse) * sums.z - targets[base + j]) * scale;
  }
  if (lid == 0u) {
    row_loss[row] = -(sums.y - sums.z * lse);
    row_hit[row] = select(0u, 1u, arg.x == arg.y);
  }`
}
}`;
}

/** Bindings: uniform, row_loss, row_hit, loss [1] (batch mean), correct [1] (u32). One workgroup. */
export function sceFinalizeWgsl(): string {
  return /* wgsl */ `${PARAMS}
@group(0) @binding(1) var<storage, read> row_loss: array<f32>;
@group(0) @binding(2) var<storage, read> row_hit: array<u32>;
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;
@group(0) @binding(4) var<storage, read_write> correct: array<u32>;
var<workgroup> red_loss: array<f32, ${FINAL_WORKGROUP}>;
var<workgroup> red_hit: array<u32, ${FINAL_WORKGROUP}>;
@compute @workgroup_size(${FINAL_WORKGROUP})
fn main(@builtin(local_invocation_index) lid: u32) {
  var l = 0.0;
  var h = 0u;
  for (var r = lid; r < p.n; r += ${FINAL_WORKGROUP}u) {
    l += row_loss[r];
    h += row_hit[r];
  }
  red_loss[lid] = l;
  red_hit[lid] = h;
  workgroupBarrier();
  for (var s = ${FINAL_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      red_loss[lid] = red_loss[lid] + red_loss[lid + s];
      red_hit[lid] = red_hit[lid] + red_hit[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    loss[0] = red_loss[0] / f32(p.n);
    correct[0] = red_hit[0];
  }
}`;
}
