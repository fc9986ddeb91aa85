// Uniform block and tap-walking WGSL shared by the MaxPool and AveragePool kernels (2-D NCHW), packed from the
// same Pool2dGeometry the references use.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';
import { packU32 } from '../../gpu/kernel-helpers.ts';
import type { Pool2dGeometry } from './pool2d-geometry.ts';

export const POOL_WG = 256;

export const POOL_PARAMS_WGSL = /* wgsl */ `
struct Params {
  planes: u32, h: u32, w: u32, oh: u32,
  ow: u32, kh: u32, kw: u32, sh: u32,
  sw: u32, dh: u32, dw: u32, pt: u32,
  pl: u32, pb: u32, pr: u32, include_pad: u32,
  total: u32, _p0: u32, _p1: u32, _p2: u32,
}`;

/** Input row (col) of tap ky (kx) of output row oy (col ox), or -1 in the padding. */
export const POOL_IN_WGSL = /* wgsl */ `
fn in_row(oy: u32, ky: u32) -> i32 {
  let iy = i32(oy * p.sh + ky * p.dh) - i32(p.pt);
  return select(-1, iy, iy < i32(p.h));
}
fn in_col(ox: u32, kx: u32) -> i32 {
  let ix = i32(ox * p.sw + kx * p.dw) - i32(p.pl);
  return select(-1, ix, ix < i32(p.w));
}`;

/** Output row (col) whose tap ky (kx) reads input row iy (col ix), or -1 when none does (the backward gather). */
export const POOL_OUT_WGSL = /* wgsl */ `
fn out_row(iy: u32, ky: u32) -> i32 {
  let t = i32(iy + p.pt) - i32(ky * p.dh);
  if (t < 0 || u32(t) % p.sh != 0u || u32(t) / p.sh >= p.oh) { return -1; }
  return t / i32(p.sh);
}
fn out_col(ix: u32, kx: u32) -> i32 {
  let t = i32(ix + p.pl) - i32(kx * p.dw);
  if (t < 0 || u32(t) % p.sw != 0u || u32(t) / p.sw >= p.ow) { return -1; }
  return t / i32(p.sw);
}`;

/** `fn main` calling `run(i)` for i < p.total over a (possibly split) linear dispatch of POOL_WG-wide groups. */
export const POOL_LINEAR_MAIN_WGSL = /* wgsl */ `
${LINEAR_WORKGROUP_WGSL}
@compute @workgroup_size(${POOL_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let i = linear_workgroup(wid, nwg) * ${POOL_WG}u + li;
  if (i >= p.total) { return; }
  run(i);
}`;

export function poolParams(g: Pool2dGeometry, total: number, includePad = false): Uint32Array<ArrayBuffer> {
  return packU32([
    g.n * g.c,
    g.h,
    g.w,
    g.oh,
    g.ow,
    g.kh,
    g.kw,
    g.sH,
    g.sW,
    g.dH,
    g.dW,
    g.pads[0],
    g.pads[1],
    g.pads[2],
    g.pads[3],
    includePad ? 1 : 0,
    total,
  ]);
}
