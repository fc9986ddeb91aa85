// Philox4x32-10 and the augmentation RNG conversions in WGSL: the same u32 algorithm as rng/philox.ts and
// rng/stream.ts, so a GPU thread can regenerate any draw (e.g. RandomErasing's per-pixel noise) by index.

export const PHILOX_WGSL = /* wgsl */ `
fn mul_hi_lo(a: u32, b: u32) -> vec2<u32> {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let ll = a_lo * b_lo;
  let lh = a_lo * b_hi;
  let hl = a_hi * b_lo;
  let hh = a_hi * b_hi;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  let hi = hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
  return vec2<u32>(hi, a * b);
}

fn philox4x32(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) {
      k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
    }
    let p0 = mul_hi_lo(0xd2511f53u, c.x);
    let p1 = mul_hi_lo(0xcd9e8d57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
  }
  return c;
}

fn u32_to_unit(u: u32) -> f32 { return f32(u >> 8u) * 5.9604644775390625e-8; }
fn u32_to_unit_open_low(u: u32) -> f32 { return f32((u >> 8u) + 1u) * 5.9604644775390625e-8; }

// rng/stream.ts normalAt: element i uses block i/2 of key (seed, stream) at counter (sample, step, epoch).
fn normal_at(seed: u32, stream: u32, smp: u32, stp: u32, epoch: u32, i: u32) -> f32 {
  let b = philox4x32(vec4<u32>(i / 2u, smp, stp, epoch), vec2<u32>(seed, stream));
  let r = sqrt(-2.0 * log(u32_to_unit_open_low(b.x)));
  let theta = 6.283185307179586 * u32_to_unit(b.y);
  return select(r * sin(theta), r * cos(theta), i % 2u == 0u);
}
`;
