// WGSL for MaxPool (2-D NCHW). Forward: one invocation per output, scanning its window and saving the flat NCHW
// index of the first maximum (NaN wins, as in the reference). Backward: one invocation per input element gathering
// dY from the windows whose saved argmax is that element, so no float atomics and a deterministic sum.
import { POOL_IN_WGSL, POOL_LINEAR_MAIN_WGSL, POOL_OUT_WGSL, POOL_PARAMS_WGSL } from './pool2d-params.ts';

export function maxPoolForwardWgsl(withIndices: boolean): string {
  return /* wgsl */ `
${POOL_PARAMS_WGSL}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${withIndices ? '@group(0) @binding(3) var<storage, read_write> I: array<i32>;' : ''}
${POOL_IN_WGSL}
// From a private var, not a constant: const-evaluation rejects infinities.
var<private> NEG_INF_BITS: u32 = 0xff800000u;
fn is_nan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }

fn run(i: u32) {
  let plane = i / (p.oh * p.ow);
  let r = i % (p.oh * p.ow);
  let oy = r / p.ow;
  let ox = r % p.ow;
  let base = plane * p.h * p.w;
  var best = bitcast<f32>(NEG_INF_BITS);
  var arg = -1;
  var done = false;
  for (var ky = 0u; ky < p.kh && !done; ky++) {
    let iy = in_row(oy, ky);
    if (iy < 0) { continue; }
    for (var kx = 0u; kx < p.kw; kx++) {
      let ix = in_col(ox, kx);
      if (ix < 0) { continue; }
      let at = i32(base) + iy * i32(p.w) + ix;
      let v = X[at];
      if (arg < 0 || v > best || is_nan(v)) {
        best = v;
        arg = at;
        if (is_nan(v)) {
          done = true;
          break;
        }
      }
    }
  }
  Y[i] = best;
  ${withIndices ? 'I[i] = arg;' : ''}
}
${POOL_LINEAR_MAIN_WGSL}`;
}

export function maxPoolBackwardWgsl(): string {
  return /* wgsl */ `
${POOL_PARAMS_WGSL}
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read> I: array<i32>;
@group(0) @binding(2) var<storage, read_write> DX: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
${POOL_OUT_WGSL}

fn run(i: u32) {
  let hw = p.h * p.w;
  let plane = i / hw;
  let iy = (i % hw) / p.w;
  let ix = i % p.w;
  var acc = 0.0;
  for (var ky = 0u; ky < p.kh; ky++) {
    let oy = out_row(iy, ky);
    if (oy < 0) { continue; }
    for (var kx = 0u; kx < p.kw; kx++) {
      let ox = out_col(ix, kx);
      if (ox < 0) { continue; }
      let o = (plane * p.oh + u32(oy)) * p.ow + u32(ox);
      if (I[o] == i32(i)) { acc += DY[o]; }
    }
  }
  DX[i] = acc;
}
${POOL_LINEAR_MAIN_WGSL}`;
}
