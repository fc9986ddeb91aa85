// Batch mixing on the NCHW output: Mixup (λ·x + (1−λ)·x[perm]) or Cutmix (the box from x[perm]), and the
// soft targets λ·onehot(label) + (1−λ)·onehot(label[perm]) the losses consume.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const MIX_WORKGROUP = 256;

/** Bindings: uniform, perm (u32), x (NCHW), y (NCHW out). */
export function mixWgsl(): string {
  return /* wgsl */ `
struct Params { total: u32, w: u32, h: u32, cutmix: u32, x1: u32, y1: u32, x2: u32, y2: u32, lam: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> perm: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
${LINEAR_WORKGROUP_WGSL}

@compute @workgroup_size(${MIX_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${MIX_WORKGROUP}u + lid;
  if (i >= p.total) { return; }
  let per_sample = 3u * p.w * p.h;
  let n = i / per_sample;
  let j = i % per_sample;
  let other = perm[n] * per_sample + j;
  if (p.cutmix == 1u) {
    let px = j % (p.w * p.h);
    let cx = px % p.w; let cy = px / p.w;
    let inside = cx >= p.x1 && cx < p.x2 && cy >= p.y1 && cy < p.y2;
    y[i] = select(x[i], x[other], inside);
  } else {
    y[i] = p.lam * x[i] + (1.0 - p.lam) * x[other];
  }
}`;
}

/** Bindings: uniform, labels (u32), perm (u32), targets ([N, classes] out). */
export function targetsWgsl(): string {
  return /* wgsl */ `
struct Params { total: u32, classes: u32, lam: f32, pad: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read> perm: array<u32>;
@group(0) @binding(3) var<storage, read_write> targets: array<f32>;
${LINEAR_WORKGROUP_WGSL}

@compute @workgroup_size(${MIX_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${MIX_WORKGROUP}u + lid;
  if (i >= p.total) { return; }
  let n = i / p.classes;
  let c = i % p.classes;
  var t = 0.0;
  if (labels[n] == c) { t += p.lam; }
  if (labels[perm[n]] == c) { t += 1.0 - p.lam; }
  targets[i] = t;
}`;
}
