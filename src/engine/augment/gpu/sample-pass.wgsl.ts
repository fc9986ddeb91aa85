// The fused per-sample pass: one thread per output pixel runs its sample's program (program.ts layout):
// nearest index-map warps from the output back to the head, the head (copy | affine warp with PIL's
// nearest/bilinear/bicubic and fill | vertical resize | sharpness), then the per-pixel tail ops in order.
import { LINEAR_WORKGROUP_WGSL } from '../../gpu/dispatch-grid.ts';
import { PHILOX_WGSL } from './philox.wgsl.ts';
import {
  GEOM_WORDS,
  HEAD_AFFINE,
  HEAD_RESIZE,
  HEAD_SHARP,
  HEADER_WORDS,
  OPCODE,
  TAIL_WORDS,
} from './program.ts';

export const WORKGROUP_SIZE = 256;

/** Shared by the passes: reading program words, the split-matrix coordinate map, and resize filter taps. */
export const PROGRAM_WGSL = /* wgsl */ `
fn pw(i: u32) -> u32 { return prog[i]; }
fn pf(i: u32) -> f32 { return bitcast<f32>(prog[i]); }

// Input coordinate of output pixel (x, y) along one matrix row (row 0: a b c, row 1: d e f), as
// (integer part, fraction in [0,1)): the fixed-point part is exact in i32, only the remainder is f32.
fn map_axis(m: u32, row: u32, x: i32, y: i32) -> vec2<f32> {
  let k0 = bitcast<i32>(prog[m + row * 3u]);
  let k1 = bitcast<i32>(prog[m + row * 3u + 1u]);
  let k2 = bitcast<i32>(prog[m + row * 3u + 2u]);
  let hn = k0 * (2 * x + 1) + k1 * (2 * y + 1) + k2;
  let whole = hn >> 13u;
  let frac = f32(hn & 8191) / 8192.0;
  let lo = pf(m + 6u + row * 3u) * (f32(x) + 0.5) + pf(m + 7u + row * 3u) * (f32(y) + 0.5) + pf(m + 8u + row * 3u);
  let f = frac + lo;
  let fl = floor(f);
  return vec2<f32>(f32(whole) + fl, f - fl);
}

fn resize_filter(flt: u32, a: f32, x: f32) -> f32 {
  let t = abs(x);
  if (flt == 1u) { return max(0.0, 1.0 - t); }
  if (t < 1.0) { return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0; }
  if (t < 2.0) { return (((t - 5.0) * t + 8.0) * t - 4.0) * a; }
  return 0.0;
}

// PIL precompute_coeffs for output o: (first tap, tap count, centre, filter scale).
struct Window { first: i32, count: i32, center: f32, fscale: f32 }
fn resize_window(in_size: u32, out_size: u32, o: u32, flt: u32, antialias: u32) -> Window {
  let scale = f32(in_size) / f32(out_size);
  let fscale = select(1.0, max(scale, 1.0), antialias == 1u);
  let support = select(2.0, 1.0, flt == 1u) * fscale;
  let center = (f32(o) + 0.5) * scale;
  let first = max(i32(center - support + 0.5), 0);
  let count = min(i32(center + support + 0.5), i32(in_size)) - first;
  return Window(first, count, center, fscale);
}

fn clamp255(v: vec3<f32>) -> vec3<f32> { return clamp(v, vec3<f32>(0.0), vec3<f32>(255.0)); }
fn level(v: f32) -> u32 { return u32(clamp(floor(v + 0.5), 0.0, 255.0)); }
fn luma(v: vec3<f32>) -> f32 { return (299.0 * v.x + 587.0 * v.y + 114.0 * v.z) / 1000.0; }
`;

const O = OPCODE;

const TAIL_CASES: [number[], string][] = [
  [
    [O.brightness],
    /* wgsl */ `
    case ${O.brightness}u: { return clamp255(v * pf(t + 1u)); }`,
  ],
  [
    [O.contrast],
    /* wgsl */ `
    case ${O.contrast}u: {
      let grey = stats[n * 769u + 768u];
      return clamp255(grey + pf(t + 1u) * (v - grey));
    }`,
  ],
  [
    [O.color],
    /* wgsl */ `
    case ${O.color}u: {
      let g = luma(v);
      return clamp255(g + pf(t + 1u) * (v - g));
    }`,
  ],
  [
    [O.invert],
    /* wgsl */ `
    case ${O.invert}u: { return 255.0 - v; }`,
  ],
  [
    [O.solarize],
    /* wgsl */ `
    case ${O.solarize}u: { return select(255.0 - v, v, v < vec3<f32>(pf(t + 1u))); }`,
  ],
  [
    [O.solarizeAdd],
    /* wgsl */ `
    case ${O.solarizeAdd}u: { return select(v, min(vec3<f32>(255.0), v + pf(t + 1u)), v < vec3<f32>(pf(t + 2u))); }`,
  ],
  [
    [O.posterize],
    /* wgsl */ `
    case ${O.posterize}u: {
      let m = pw(t + 1u);
      return vec3<f32>(f32(level(v.x) & m), f32(level(v.y) & m), f32(level(v.z) & m));
    }`,
  ],
  [
    [O.equalize, O.autocontrast],
    /* wgsl */ `
    case ${O.equalize}u, ${O.autocontrast}u: {
      let s = n * 769u;
      return vec3<f32>(stats[s + level(v.x)], stats[s + 256u + level(v.y)], stats[s + 512u + level(v.z)]);
    }`,
  ],
  [
    [O.hue],
    /* wgsl */ `
    case ${O.hue}u: {
      let hsv = rgb_to_hsv(v);
      return hsv_to_rgb(hsv.x + pf(t + 1u), hsv.y, hsv.z);
    }`,
  ],
  [
    [O.normalize],
    /* wgsl */ `
    case ${O.normalize}u: {
      let s = pf(t + 1u);
      let mean = vec3<f32>(pf(t + 2u), pf(t + 3u), pf(t + 4u));
      let sd = vec3<f32>(pf(t + 5u), pf(t + 6u), pf(t + 7u));
      return (v * s - mean) / sd;
    }`,
  ],
  [
    [O.fillBox],
    /* wgsl */ `
    case ${O.fillBox}u: {
      if (x >= pw(t + 1u) && y >= pw(t + 2u) && x < pw(t + 3u) && y < pw(t + 4u)) {
        return vec3<f32>(pf(t + 5u), pf(t + 6u), pf(t + 7u));
      }
      return v;
    }`,
  ],
  [
    [O.noiseBox],
    /* wgsl */ `
    case ${O.noiseBox}u: {
      let top = pw(t + 1u); let left = pw(t + 2u); let bh = pw(t + 3u); let bw = pw(t + 4u);
      if (y < top || x < left || y >= top + bh || x >= left + bw) { return v; }
      let e = ((y - top) * bw + (x - left)) * 3u;
      let k = vec4<u32>(pw(t + 6u), pw(t + 7u), pw(t + 8u), pw(t + 9u));
      let sd = pw(t + 5u);
      return vec3<f32>(normal_at(sd, k.x, k.y, k.z, k.w, e), normal_at(sd, k.x, k.y, k.z, k.w, e + 1u),
                       normal_at(sd, k.x, k.y, k.z, k.w, e + 2u));
    }`,
  ],
  [
    [O.hide],
    /* wgsl */ `
    case ${O.hide}u: {
      let g = pw(t + 1u);
      let cell = (x / g) * pw(t + 2u) + y / g;
      let bit = (pw(pw(t + 3u) + cell / 32u) >> (cell % 32u)) & 1u;
      return select(v, vec3<f32>(0.0), bit == 1u);
    }`,
  ],
  [
    [O.gridMask],
    /* wgsl */ `
    case ${O.gridMask}u: {
      let d = i32(pw(t + 1u)); let l = i32(pw(t + 2u)); let mode = pw(t + 5u);
      var cx = i32(x) + i32(pw(t + 6u));
      var cy = i32(y) + i32(pw(t + 7u));
      var keep = 1u;
      var decided = false;
      if (pw(t + 8u) == 1u) {
        let e = pw(t + 9u);
        let mx = map_axis(e + 2u, 0u, cx, cy);
        let my = map_axis(e + 2u, 1u, cx, cy);
        let xi = i32(mx.x); let yi = i32(my.x);
        if (xi < 0 || yi < 0 || xi >= i32(pw(e)) || yi >= i32(pw(e + 1u))) {
          keep = select(0u, 1u, mode == 1u);
          decided = true;
        }
        cx = xi; cy = yi;
      }
      if (!decided) {
        let in_band = pmod(cy - i32(pw(t + 3u)), d) < l || pmod(cx - i32(pw(t + 4u)), d) < l;
        let m = select(1u, 0u, in_band);
        keep = select(m, 1u - m, mode == 1u);
      }
      return select(vec3<f32>(0.0), v, keep == 1u);
    }`,
  ],
];

function tailFn(ops: ReadonlySet<number>): string {
  const cases = TAIL_CASES.filter(([codes]) => codes.some((c) => ops.has(c))).map(([, code]) => code);
  return /* wgsl */ `
fn tail(n: u32, t: u32, v: vec3<f32>, x: u32, y: u32) -> vec3<f32> {
  switch (pw(t)) {${cases.join('')}
    default: { return v; }
  }
}`;
}

/** What one pass's programs use: the shader is specialised to it (a smaller shader; SwiftShader runs every branch). */
export interface PassVariant {
  readonly heads: ReadonlySet<number>;
  readonly ops: ReadonlySet<number>;
  readonly geoms: boolean;
  readonly philox: boolean;
}

export function variantKey(v: PassVariant): string {
  const list = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b).join('.');
  return `augment/sample-pass/h${list(v.heads)}/t${list(v.ops)}/g${v.geoms ? 1 : 0}`;
}

const HEAD_CALLS: [number, string][] = [
  [HEAD_AFFINE, 'v = head_affine(n, b, x, y);'],
  [HEAD_RESIZE, 'v = head_resize(n, b, u32(x), u32(y));'],
  [HEAD_SHARP, 'v = head_sharp(n, b, x, y);'],
];

function headSwitch(heads: ReadonlySet<number>): string {
  const cases = HEAD_CALLS.filter(([h]) => heads.has(h)).map(
    ([h, call]) => `\n      case ${h}u: { ${call} }`,
  );
  return `switch (pw(b + 4u)) {${cases.join('')}
      default: { v = src_px(n, pw(b), x, y); }
    }`;
}

const GEOM_LOOP = /* wgsl */ `
  for (var s = i32(pw(b + 7u)) - 1; s >= 0; s--) {
    let g = b + ${HEADER_WORDS}u + u32(s) * ${GEOM_WORDS}u;
    let mx = map_axis(g + 6u, 0u, x, y);
    let my = map_axis(g + 6u, 1u, x, y);
    let xi = i32(mx.x); let yi = i32(my.x);
    if (mx.x < 0.0 || my.x < 0.0 || xi >= i32(pw(g)) || yi >= i32(pw(g + 1u))) {
      v = vec3<f32>(pf(g + 2u), pf(g + 3u), pf(g + 4u));
      filled = true;
      break;
    }
    x = xi; y = yi;
  }`;

export function samplePassWgsl(variant: PassVariant): string {
  return /* wgsl */ `
struct Params { n: u32, in_stride: u32, out_stride: u32, mid_stride: u32, max_out: u32, nchw: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> mid: array<f32>;
@group(0) @binding(3) var<storage, read> prog: array<u32>;
@group(0) @binding(4) var<storage, read> stats: array<f32>;
@group(0) @binding(5) var<storage, read_write> dst: array<f32>;
${LINEAR_WORKGROUP_WGSL}
${PROGRAM_WGSL}
${variant.philox ? PHILOX_WGSL : ''}

fn src_px(n: u32, w: u32, x: i32, y: i32) -> vec3<f32> {
  let o = n * p.in_stride * 3u + (u32(y) * w + u32(x)) * 3u;
  return vec3<f32>(src[o], src[o + 1u], src[o + 2u]);
}

fn cubic_w(d: f32) -> vec4<f32> {
  let d2 = d * d;
  let d3 = d2 * d;
  return vec4<f32>(-d + 2.0 * d2 - d3, 1.0 - 2.0 * d2 + d3, d + d2 - d3, -d2 + d3);
}

// PIL Image.transform(AFFINE) at output (x, y); fill when outside.
fn head_affine(n: u32, b: u32, x: i32, y: i32) -> vec3<f32> {
  let w = i32(pw(b)); let h = i32(pw(b + 1u));
  let resample = pw(b + 9u);
  let fill = vec3<f32>(pf(b + 12u), pf(b + 13u), pf(b + 14u));
  let cx = map_axis(b + 20u, 0u, x, y);
  let cy = map_axis(b + 20u, 1u, x, y);
  let xi = i32(cx.x); let yi = i32(cy.x);
  if (xi < 0 || yi < 0 || xi >= w || yi >= h) { return fill; }
  if (resample == 0u) { return src_px(n, u32(w), xi, yi); }
  let gx = cx.y - 0.5; let gy = cy.y - 0.5;
  let x0 = xi + i32(floor(gx)); let y0 = yi + i32(floor(gy));
  let dx = gx - floor(gx); let dy = gy - floor(gy);
  var acc = vec3<f32>(0.0);
  if (resample == 1u) {
    let wx = vec2<f32>(1.0 - dx, dx); let wy = vec2<f32>(1.0 - dy, dy);
    for (var j = 0; j < 2; j++) {
      let yy = clamp(y0 + j, 0, h - 1);
      for (var k = 0; k < 2; k++) { acc += wx[k] * wy[j] * src_px(n, u32(w), clamp(x0 + k, 0, w - 1), yy); }
    }
  } else {
    let wx = cubic_w(dx); let wy = cubic_w(dy);
    for (var j = 0; j < 4; j++) {
      let yy = clamp(y0 - 1 + j, 0, h - 1);
      for (var k = 0; k < 4; k++) { acc += wx[k] * wy[j] * src_px(n, u32(w), clamp(x0 - 1 + k, 0, w - 1), yy); }
    }
  }
  return clamp255(acc);
}

// Vertical pass of the separable resize, reading the horizontal pass's rows from mid.
fn head_resize(n: u32, b: u32, x: u32, y: u32) -> vec3<f32> {
  let out_w = pw(b + 5u); let out_h = pw(b + 6u);
  let rows = pw(b + 18u);
  let flt = pw(b + 9u);
  let a = pf(b + 11u);
  let win = resize_window(rows, out_h, y, flt, pw(b + 10u));
  // one loop: Σ w·v / Σ w equals PIL's pre-normalised weights up to f32 rounding
  var sum = 0.0;
  var acc = vec3<f32>(0.0);
  for (var k = 0; k < win.count; k++) {
    let wt = resize_filter(flt, a, (f32(k + win.first) - win.center + 0.5) / win.fscale);
    let o = n * p.mid_stride * 3u + ((u32(win.first + k)) * out_w + x) * 3u;
    acc += wt * vec3<f32>(mid[o], mid[o + 1u], mid[o + 2u]);
    sum += wt;
  }
  return clamp255(select(acc, acc / sum, sum != 0.0));
}

// PIL ImageEnhance.Sharpness: blend with SMOOTH ([1 1 1; 1 5 1; 1 1 1]/13); the 1-pixel border is unchanged.
fn head_sharp(n: u32, b: u32, x: i32, y: i32) -> vec3<f32> {
  let w = i32(pw(b)); let h = i32(pw(b + 1u));
  let v = src_px(n, u32(w), x, y);
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1) { return clamp255(v); }
  var acc = 4.0 * v;
  for (var dy = -1; dy <= 1; dy++) {
    for (var dx = -1; dx <= 1; dx++) { acc += src_px(n, u32(w), x + dx, y + dy); }
  }
  let s = acc / 13.0;
  return clamp255(s + pf(b + 11u) * (v - s));
}

fn rgb_to_hsv(c: vec3<f32>) -> vec3<f32> {
  let mx = max(c.x, max(c.y, c.z));
  let mn = min(c.x, min(c.y, c.z));
  let delta = mx - mn;
  var h = 0.0;
  if (delta > 0.0) {
    if (mx == c.x) { h = ((c.y - c.z) / delta) % 6.0; }
    else if (mx == c.y) { h = (c.z - c.x) / delta + 2.0; }
    else { h = (c.x - c.y) / delta + 4.0; }
    h = h / 6.0;
    if (h < 0.0) { h = h + 1.0; }
  }
  return vec3<f32>(h, select(delta / mx, 0.0, mx == 0.0), mx);
}

fn hsv_to_rgb(hh: f32, s: f32, v: f32) -> vec3<f32> {
  let h6 = (((hh % 1.0) + 1.0) % 1.0) * 6.0;
  let i = u32(floor(h6)) % 6u;
  let f = h6 - floor(h6);
  let pp = v * (1.0 - s);
  let q = v * (1.0 - s * f);
  let t = v * (1.0 - s * (1.0 - f));
  switch (i) {
    case 0u: { return vec3<f32>(v, t, pp); }
    case 1u: { return vec3<f32>(q, v, pp); }
    case 2u: { return vec3<f32>(pp, v, t); }
    case 3u: { return vec3<f32>(pp, q, v); }
    case 4u: { return vec3<f32>(t, pp, v); }
    default: { return vec3<f32>(v, pp, q); }
  }
}

fn pmod(a: i32, m: i32) -> i32 { return ((a % m) + m) % m; }

${tailFn(variant.ops)}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  // every variant keeps the same bind group layout (layout 'auto' drops unused bindings)
  _ = &mid;
  _ = &stats;
  let idx = linear_workgroup(wid, nwg) * ${WORKGROUP_SIZE}u + lid;
  let n = idx / p.max_out;
  if (n >= p.n) { return; }
  let pix = idx % p.max_out;
  let b = pw(n);
  let out_w = pw(b + 2u); let out_h = pw(b + 3u);
  if (pix >= out_w * out_h) { return; }
  let ox = pix % out_w; let oy = pix / out_w;
  var x = i32(ox); var y = i32(oy);
  let n_geom = pw(b + 7u);
  var v = vec3<f32>(0.0);
  var filled = false;
${variant.geoms ? GEOM_LOOP : ''}
  if (!filled) {
    ${headSwitch(variant.heads)}
  }
  let n_tail = pw(b + 8u);
  let t0 = b + ${HEADER_WORDS}u + n_geom * ${GEOM_WORDS}u;
  for (var k = 0u; k < n_tail; k++) {
    v = tail(n, t0 + k * ${TAIL_WORDS}u, v, ox, oy);
  }
  if (p.nchw == 1u) {
    let plane = out_w * out_h;
    let o = n * 3u * plane + pix;
    dst[o] = v.x; dst[o + plane] = v.y; dst[o + 2u * plane] = v.z;
  } else {
    let o = n * p.out_stride * 3u + pix * 3u;
    dst[o] = v.x; dst[o + 1u] = v.y; dst[o + 2u] = v.z;
  }
}`;
}
