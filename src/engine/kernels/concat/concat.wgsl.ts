// WGSL for the strided block copy behind Concat, Split and their backwards: `outer` blocks of `block` contiguous
// elements move from src (stride, offset) to dst (stride, offset), one thread per element; the 'zero' variant
// fills the destination blocks instead (a missing Split gradient). Geometry is a uniform.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';

export const WORKGROUP_SIZE = 256;

const HEAD = /* wgsl */ `
struct Params { count: u32, block: u32, src_stride: u32, src_offset: u32, dst_stride: u32, dst_offset: u32 }
@group(0) @binding(0) var<uniform> p: Params;
${LINEAR_WORKGROUP_WGSL}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.count) { return; }
  let o = i / p.block;
  let j = i % p.block;
  let d = o * p.dst_stride + p.dst_offset + j;`;

/** Bindings: uniform, src, dst. */
export function copyBlocksWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
${HEAD}
  dst[d] = src[o * p.src_stride + p.src_offset + j];
}`;
}

/** Bindings: uniform, dst. */
export function zeroBlocksWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
${HEAD}
  dst[d] = 0.0;
}`;
}
