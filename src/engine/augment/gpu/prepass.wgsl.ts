// The pre-passes a fused pass may need, both over the pass input: the horizontal half of the separable resize
// (crop window → rows of the output width, in `mid`), and per-sample statistics (3×256 histogram with
// workgroup atomics → Equalize or AutoContrast LUT, mean grey for Contrast), one workgroup per sample.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';
import { OPCODE } from './program.ts';
import { PROGRAM_WGSL, WORKGROUP_SIZE } from './sample-pass.wgsl.ts';

/** Bindings: uniform, src, prog, mid (out). One thread per mid pixel of every resizing sample. */
export function resizeRowsWgsl(): string {
  return /* wgsl */ `
struct Params { n: u32, in_stride: u32, mid_stride: u32, max_mid: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> prog: array<u32>;
@group(0) @binding(3) var<storage, read_write> mid: array<f32>;
${LINEAR_WORKGROUP_WGSL}
${PROGRAM_WGSL}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let idx = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  let n = idx / p.max_mid;
  if (n >= p.n) { return; }
  let b = pw(n);
  if (pw(b + 4u) != 2u) { return; }
  let in_w = pw(b);
  let out_w = pw(b + 5u);
  let box_x = pw(b + 15u); let box_y = pw(b + 16u); let box_w = pw(b + 17u); let rows = pw(b + 18u);
  let pix = idx % p.max_mid;
  if (pix >= out_w * rows) { return; }
  let x = pix % out_w; let y = pix / out_w;
  let flt = pw(b + 9u);
  let a = pf(b + 11u);
  let win = resize_window(box_w, out_w, x, flt, pw(b + 10u));
  var sum = 0.0;
  var acc = vec3<f32>(0.0);
  let row = n * p.in_stride * 3u + ((box_y + y) * in_w + box_x) * 3u;
  for (var k = 0; k < win.count; k++) {
    let wt = resize_filter(flt, a, (f32(k + win.first) - win.center + 0.5) / win.fscale);
    let o = row + u32(win.first + k) * 3u;
    acc += wt * vec3<f32>(src[o], src[o + 1u], src[o + 2u]);
    sum += wt;
  }
  let o = n * p.mid_stride * 3u + pix * 3u;
  let c = clamp255(select(acc, acc / sum, sum != 0.0));
  mid[o] = c.x; mid[o + 1u] = c.y; mid[o + 2u] = c.z;
}`;
}

/**
 * Bindings: uniform, src, prog, ac_fix (sorted keys lo<<16 | hi<<8 | v where PIL's float64 AutoContrast LUT is one
 * below the exact rational), stats (out: per sample 3×256 LUT then the mean grey). Dispatch: one workgroup per sample.
 */
export function statsWgsl(): string {
  return /* wgsl */ `
struct Params { n: u32, in_stride: u32, fix_count: u32, pad: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> prog: array<u32>;
@group(0) @binding(3) var<storage, read> ac_fix: array<u32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;
${PROGRAM_WGSL}

var<workgroup> hist: array<atomic<u32>, 768>;
var<workgroup> partial: array<f32, 256>;

fn ac_lowered(key: u32) -> bool {
  var lo = 0u;
  var hi = p.fix_count;
  while (lo < hi) {
    let m = (lo + hi) / 2u;
    let v = ac_fix[m];
    if (v == key) { return true; }
    if (v < key) { lo = m + 1u; } else { hi = m; }
  }
  return false;
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let n = wid.x;
  let b = prog[n];
  let count = prog[b] * prog[b + 1u];
  for (var i = lid; i < 768u; i += 256u) { atomicStore(&hist[i], 0u); }
  workgroupBarrier();
  var sum = 0.0;
  for (var i = lid; i < count; i += 256u) {
    let o = n * p.in_stride * 3u + i * 3u;
    let v = vec3<f32>(src[o], src[o + 1u], src[o + 2u]);
    atomicAdd(&hist[level(v.x)], 1u);
    atomicAdd(&hist[256u + level(v.y)], 1u);
    atomicAdd(&hist[512u + level(v.z)], 1u);
    sum += luma(v);
  }
  partial[lid] = sum;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] += partial[lid + s]; }
    workgroupBarrier();
  }
  let base = n * 769u;
  if (lid == 0u) { stats[base + 768u] = floor(partial[0] / f32(count) + 0.5); }
  if (lid >= 3u) { return; }
  let c = lid;
  let h = c * 256u;
  let op = prog[b + ${32}u + prog[b + 7u] * 20u];
  if (op == ${OPCODE.equalize}u) {
    var total = 0u;
    var last = 0u;
    for (var i = 0u; i < 256u; i++) {
      let k = atomicLoad(&hist[h + i]);
      total += k;
      if (k != 0u) { last = k; }
    }
    let stp = (total - last) / 256u;
    var acc = stp / 2u;
    for (var i = 0u; i < 256u; i++) {
      stats[base + h + i] = select(f32(i), f32(min(255u, acc / max(stp, 1u))), stp != 0u);
      acc += atomicLoad(&hist[h + i]);
    }
  } else if (op == ${OPCODE.autocontrast}u) {
    var lo = 255u;
    var hi = 0u;
    for (var i = 0u; i < 256u; i++) {
      if (atomicLoad(&hist[h + i]) != 0u) { lo = min(lo, i); hi = max(hi, i); }
    }
    for (var i = 0u; i < 256u; i++) {
      var mapped = f32(i);
      if (hi > lo && i >= lo) {
        // exact floor((v − lo)·255/(hi − lo)), lowered where PIL's float64 v·scale − lo·scale truncates below it
        let exact = (i - lo) * 255u / (hi - lo);
        let fix = select(0u, 1u, (i - lo) * 255u % (hi - lo) == 0u && ac_lowered((lo << 16u) | (hi << 8u) | i));
        mapped = f32(min(exact - fix, 255u));
      } else if (hi > lo) {
        mapped = 0.0;
      }
      stats[base + h + i] = mapped;
    }
  }
}`;
}
