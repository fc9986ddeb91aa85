// WGSL for AveragePool (2-D NCHW). Forward: one invocation per output summing its in-bounds taps; backward: one
// invocation per input element gathering dY/divisor from the windows that contain it (no atomics). The divisor
// counts in-bounds taps, or with count_include_pad the taps inside the padded extent (never past the end pads).
import {
  POOL_IN_WGSL,
  POOL_LINEAR_MAIN_WGSL,
  POOL_OUT_WGSL,
  POOL_PARAMS_WGSL,
} from '../max-pool/pool2d-params.ts';

const DIVISOR_WGSL = /* wgsl */ `
fn taps(start: i32, k: u32, d: u32, lo: i32, hi: i32) -> u32 {
  var n = 0u;
  for (var i = 0u; i < k; i++) {
    let q = start + i32(i * d);
    if (q >= lo && q < hi) { n++; }
  }
  return n;
}
fn divisor(oy: u32, ox: u32) -> f32 {
  let y0 = i32(oy * p.sh) - i32(p.pt);
  let x0 = i32(ox * p.sw) - i32(p.pl);
  if (p.include_pad != 0u) {
    return f32(taps(y0, p.kh, p.dh, -i32(p.pt), i32(p.h + p.pb)) * taps(x0, p.kw, p.dw, -i32(p.pl), i32(p.w + p.pr)));
  }
  return f32(taps(y0, p.kh, p.dh, 0, i32(p.h)) * taps(x0, p.kw, p.dw, 0, i32(p.w)));
}`;

export function avgPoolForwardWgsl(): string {
  return /* wgsl */ `
${POOL_PARAMS_WGSL}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${POOL_IN_WGSL}
${DIVISOR_WGSL}

fn run(i: u32) {
  let plane = i / (p.oh * p.ow);
  let r = i % (p.oh * p.ow);
  let oy = r / p.ow;
  let ox = r % p.ow;
  let base = plane * p.h * p.w;
  var s = 0.0;
  for (var ky = 0u; ky < p.kh; ky++) {
    let iy = in_row(oy, ky);
    if (iy < 0) { continue; }
    for (var kx = 0u; kx < p.kw; kx++) {
      let ix = in_col(ox, kx);
      if (ix < 0) { continue; }
      s += X[base + u32(iy) * p.w + u32(ix)];
    }
  }
  Y[i] = s / divisor(oy, ox);
}
${POOL_LINEAR_MAIN_WGSL}`;
}

export function avgPoolBackwardWgsl(): string {
  return /* wgsl */ `
${POOL_PARAMS_WGSL}
@group(0) @binding(0) var<storage, read> DY: array<f32>;
@group(0) @binding(1) var<storage, read_write> DX: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${POOL_OUT_WGSL}
${DIVISOR_WGSL}

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
      acc += DY[(plane * p.oh + u32(oy)) * p.ow + u32(ox)] / divisor(u32(oy), u32(ox));
    }
  }
  DX[i] = acc;
}
${POOL_LINEAR_MAIN_WGSL}`;
}
