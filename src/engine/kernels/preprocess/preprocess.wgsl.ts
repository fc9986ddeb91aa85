// WGSL of the GPU preprocessing: two separable passes over an rgba8unorm texture, as the reference does them
// (horizontal into a float scratch buffer of the needed rows × cropped columns, then vertical + normalize written
// straight into the model's input buffer). Weights come precomputed (preprocess-plan.ts), so no filter maths here.

export const TILE = 8;

const PARAMS_WGSL = /* wgsl */ `
struct Params {
  size: vec4<u32>,    // in width, in height, out width, out height
  rows: vec4<u32>,    // first input row read, rows read, max taps x, max taps y
  misc: vec4<u32>,    // float offset of row taps, output element offset, NHWC flag, BGR flag
  mean: vec4<f32>,    // mean r, g, b (model channel order), scale
  inv_std: vec4<f32>, // 1/std per channel
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> taps: array<f32>;
`;

/** Pass 1: scratch[(y − rowStart)·outW + x] = clamp(Σ w·pixel(start+k, y), 0, 255) for the needed rows. */
export function horizontalWgsl(): string {
  return /* wgsl */ `${PARAMS_WGSL}
@group(0) @binding(2) var src: texture_2d<f32>;
@group(0) @binding(3) var<storage, read_write> scratch: array<vec4<f32>>;

@compute @workgroup_size(${TILE}, ${TILE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let x = gid.x;
  let r = gid.y;
  if (x >= P.size.z || r >= P.rows.y) { return; }
  let y = P.rows.x + r;
  let at = x * (2u + P.rows.z);
  let start = u32(taps[at]);
  let count = u32(taps[at + 1u]);
  var acc = vec3<f32>(0.0);
  for (var k = 0u; k < count; k++) {
    let px = textureLoad(src, vec2<u32>(start + k, y), 0).rgb * 255.0;
    acc += taps[at + 2u + k] * px;
  }
  scratch[r * P.size.z + x] = vec4<f32>(clamp(acc, vec3<f32>(0.0), vec3<f32>(255.0)), 0.0);
}
`;
}

/** Pass 2: vertical taps over the scratch rows, clamp, normalize, write NCHW/NHWC at the image's batch offset. */
export function verticalWgsl(): string {
  return /* wgsl */ `${PARAMS_WGSL}
@group(0) @binding(2) var<storage, read> scratch: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(${TILE}, ${TILE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let x = gid.x;
  let y = gid.y;
  let w = P.size.z;
  let h = P.size.w;
  if (x >= w || y >= h) { return; }
  let at = P.misc.x + y * (2u + P.rows.w);
  let start = u32(taps[at]);
  let count = u32(taps[at + 1u]);
  var acc = vec3<f32>(0.0);
  for (var k = 0u; k < count; k++) {
    acc += taps[at + 2u + k] * scratch[(start + k - P.rows.x) * w + x].rgb;
  }
  var rgb = clamp(acc, vec3<f32>(0.0), vec3<f32>(255.0));
  if (P.misc.w == 1u) { rgb = rgb.bgr; }
  let v = (rgb * P.mean.w - P.mean.rgb) * P.inv_std.rgb;
  let base = P.misc.y;
  if (P.misc.z == 1u) {
    let o = base + (y * w + x) * 3u;
    dst[o] = v.r;
    dst[o + 1u] = v.g;
    dst[o + 2u] = v.b;
  } else {
    let plane = w * h;
    let o = base + y * w + x;
    dst[o] = v.r;
    dst[o + plane] = v.g;
    dst[o + 2u * plane] = v.b;
  }
}
`;
}
