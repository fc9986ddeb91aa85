// WGSL for the training activations (Relu, Clip, HardSigmoid, HardSwish, Sigmoid): one thread per element; the op
// and its constants are uniforms, so two pipelines (forward, backward) serve every activation and every shape.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const WORKGROUP_SIZE = 256;

/** Op codes shared with the launcher's uniform; the order is part of the kernel's contract. */
export const ACTIVATION_CODE = { Relu: 0, Clip: 1, HardSigmoid: 2, HardSwish: 3, Sigmoid: 4 } as const;

// f(x) and f'(x) per op code; constants a, b are (min, max) for Clip and (alpha, beta) for HardSigmoid. Kinks
// follow activation.ref.ts (PyTorch): Relu'(0) = 0, Clip passes on [min, max], Hard* pass on the open segment.
const FUNCS = /* wgsl */ `
fn stable_sigmoid(v: f32) -> f32 {
  let e = exp(-abs(v));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), v >= 0.0);
}
fn act(v: f32) -> f32 {
  switch (p.op) {
    case 0u: { return max(v, 0.0); }
    case 1u: { return min(p.b, max(p.a, v)); }
    case 2u: { return clamp(p.a * v + p.b, 0.0, 1.0); }
    case 3u: { return v * clamp(v / 6.0 + 0.5, 0.0, 1.0); }
    default: { return stable_sigmoid(v); }
  }
}
fn act_grad(v: f32) -> f32 {
  switch (p.op) {
    case 0u: { return select(0.0, 1.0, v > 0.0); }
    case 1u: { return select(0.0, 1.0, v >= p.a && v <= p.b); }
    case 2u: {
      let t = p.a * v + p.b;
      return select(0.0, p.a, t > 0.0 && t < 1.0);
    }
    case 3u: { return select(select(v / 3.0 + 0.5, 1.0, v >= 3.0), 0.0, v <= -3.0); }
    default: {
      let s = stable_sigmoid(v);
      return s * (1.0 - s);
    }
  }
}`;

const HEAD = /* wgsl */ `
struct Params { n: u32, op: u32, a: f32, b: f32 }
@group(0) @binding(0) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}
${FUNCS}`;

const ENTRY = /* wgsl */ `
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }`;

/** Bindings: uniform, x, y. */
export function activationForwardWgsl(): string {
  return /* wgsl */ `${HEAD}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
${ENTRY}
  y[i] = act(x[i]);
}`;
}

/** Bindings: uniform, x, dy, dx. */
export function activationBackwardWgsl(): string {
  return /* wgsl */ `${HEAD}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
${ENTRY}
  dx[i] = dy[i] * act_grad(x[i]);
}`;
}
