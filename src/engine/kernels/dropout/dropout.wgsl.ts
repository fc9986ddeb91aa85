// WGSL for inverted Dropout: one thread per element; the mask bit is regenerated from (seed, index) with the same
// PCG hash as dropout.ref.ts, compared as integers (h ≥ ⌈ratio·2³²⌉ keeps) so it matches the reference exactly.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const WORKGROUP_SIZE = 256;

const HEAD = /* wgsl */ `
struct Params { n: u32, seed: u32, threshold: u32, drop_all: u32, scale: f32, use_mask: u32 }
@group(0) @binding(0) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}
fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}`;

const ENTRY = /* wgsl */ `
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }`;

/** Bindings: uniform, x, y, mask (u32 0/1, the ONNX mask output). */
export function dropoutForwardWgsl(): string {
  return /* wgsl */ `${HEAD}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> mask: array<u32>;
${ENTRY}
  let keep = p.drop_all == 0u && pcg(pcg(p.seed) ^ i) >= p.threshold;
  mask[i] = select(0u, 1u, keep);
  y[i] = select(0.0, x[i] * p.scale, keep);
}`;
}

/** Bindings: uniform, dy, mask, dx. */
export function dropoutBackwardWgsl(): string {
  return /* wgsl */ `${HEAD}
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> mask: array<u32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
${ENTRY}
  dx[i] = select(0.0, dy[i] * p.scale, p.use_mask == 0u || mask[i] != 0u);
}`;
}
