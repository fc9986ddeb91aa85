// WGSL builders for the elementwise kernels: one pipeline per op (and per broadcast/same-shape variant); sizes,
// shapes and strides are uniforms so a new shape never recompiles.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';
import type { BinaryOp, UnaryOp } from './elementwise.ref.ts';

export const WORKGROUP_SIZE = 256;

/** WGSL expression of `v` for each unary op; must match unaryScalar in elementwise.ref.ts. */
const UNARY_EXPR: Record<UnaryOp, string> = {
  relu: 'max(v, 0.0)',
  neg: '-v',
  exp: 'exp(v)',
  log: 'log(v)',
  sqrt: 'sqrt(v)',
  rsqrt: 'inverseSqrt(v)',
  abs: 'abs(v)',
  sigmoid: 'stable_sigmoid(v)',
  tanh: 'stable_tanh(v)',
  silu: 'v * stable_sigmoid(v)',
  gelu: '0.5 * v * (1.0 + stable_tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)))',
  square: 'v * v',
  reciprocal: '1.0 / v',
  sign: 'sign(v)',
  floor: 'floor(v)',
  ceil: 'ceil(v)',
  sin: 'sin(v)',
  cos: 'cos(v)',
};

const BINARY_EXPR: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  max: 'max(a, b)',
  min: 'min(a, b)',
  pow: 'np_pow(a, b)',
};

// Built-in tanh/sigmoid may overflow to inf/inf = NaN for large |v| on some drivers; these forms cannot.
// NaN and inf come from private vars: as constants they would be rejected by const-evaluation.
const MATH_HELPERS = /* wgsl */ `
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn stable_sigmoid(v: f32) -> f32 {
  let e = exp(-abs(v));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), v >= 0.0);
}
fn stable_tanh(v: f32) -> f32 {
  let e = exp(-2.0 * abs(v));
  return sign(v) * (1.0 - e) / (1.0 + e);
}
fn np_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (a > 0.0) { return pow(a, b); }
  if (a == 0.0) { return select(0.0, bitcast<f32>(INF_BITS), b < 0.0); }
  if (floor(b) != b) { return bitcast<f32>(NAN_BITS); }
  let r = pow(-a, b);
  return select(r, -r, abs(b) % 2.0 == 1.0);
}`;

const ENTRY = `@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }`;

export function unaryWgsl(op: UnaryOp): string {
  return /* wgsl */ `
struct Params { n: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}
${MATH_HELPERS}
${ENTRY}
  let v = x[i];
  y[i] = ${UNARY_EXPR[op]};
}`;
}

/**
 * broadcast=false: both inputs have the output's shape (flat index). broadcast=true: the output index is
 * decomposed with the output shape and mapped through each input's broadcast strides (0 on broadcast dims).
 */
export function binaryWgsl(op: BinaryOp, broadcast: boolean): string {
  const index = broadcast
    ? `
  var rem = i;
  var ia = 0u;
  var ib = 0u;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let k = u32(d);
    let dim = p.shape[k / 4u][k % 4u];
    let c = rem % dim;
    rem = rem / dim;
    ia += c * p.sa[k / 4u][k % 4u];
    ib += c * p.sb[k / 4u][k % 4u];
  }`
    : `
  let ia = i;
  let ib = i;`;
  return /* wgsl */ `
struct Params {
  n: u32,
  rank: u32,
  shape: array<vec4<u32>, 2>,
  sa: array<vec4<u32>, 2>,
  sb: array<vec4<u32>, 2>,
}
@group(0) @binding(0) var<storage, read> xa: array<f32>;
@group(0) @binding(1) var<storage, read> xb: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}
${MATH_HELPERS}
${ENTRY}
${index}
  let a = xa[ia];
  let b = xb[ib];
  y[i] = ${BINARY_EXPR[op]};
}`;
}
