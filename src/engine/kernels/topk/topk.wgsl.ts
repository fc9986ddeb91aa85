// WGSL of softmax + top-k: one workgroup per row; a max and an exp-sum reduction, then k rounds of a parallel
// argmax that skips the classes already taken (ties go to the lower index, as topKRef orders them).

export const WORKGROUP_SIZE = 256;
/** Largest k the kernel's workgroup list holds. */
export const MAX_K = 32;

export function topkWgsl(): string {
  return /* wgsl */ `
struct Params {
  rows: u32,
  classes: u32,
  k: u32,
  /** 1: the scores are logits (apply softmax); 0: already probabilities (taken as they are). */
  softmax: u32,
}
@group(0) @binding(0) var<storage, read> scores: array<f32>;
@group(0) @binding(1) var<storage, read_write> probs: array<f32>;
@group(0) @binding(2) var<storage, read_write> indices: array<u32>;
@group(0) @binding(3) var<uniform> P: Params;

const WG = ${WORKGROUP_SIZE}u;
var<workgroup> red_v: array<f32, ${WORKGROUP_SIZE}>;
var<workgroup> red_i: array<u32, ${WORKGROUP_SIZE}>;
var<workgroup> taken: array<u32, ${MAX_K}>;

// Is (v, i) ranked before (bv, bi)? Larger first, then lower index.
fn better(v: f32, i: u32, bv: f32, bi: u32) -> bool {
  return v > bv || (v == bv && i < bi);
}

fn is_taken(c: u32, n: u32) -> bool {
  for (var j = 0u; j < n; j++) {
    if (taken[j] == c) { return true; }
  }
  return false;
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x;
  if (row >= P.rows) { return; }
  let base = row * P.classes;
  let NEG = -3.4028234663852886e38;

  var m = NEG;
  for (var c = lid; c < P.classes; c += WG) { m = max(m, scores[base + c]); }
  red_v[lid] = m;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red_v[lid] = max(red_v[lid], red_v[lid + s]); }
    workgroupBarrier();
  }
  let row_max = red_v[0];
  workgroupBarrier();

  var sum = 0.0;
  for (var c = lid; c < P.classes; c += WG) { sum += exp(scores[base + c] - row_max); }
  red_v[lid] = sum;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red_v[lid] += red_v[lid + s]; }
    workgroupBarrier();
  }
  let total = red_v[0];
  workgroupBarrier();

  for (var j = 0u; j < P.k; j++) {
    var bv = NEG;
    var bi = 0xffffffffu;
    for (var c = lid; c < P.classes; c += WG) {
      let v = scores[base + c];
      if (!is_taken(c, j) && better(v, c, bv, bi)) {
        bv = v;
        bi = c;
      }
    }
    red_v[lid] = bv;
    red_i[lid] = bi;
    workgroupBarrier();
    for (var s = WG / 2u; s > 0u; s >>= 1u) {
      if (lid < s && better(red_v[lid + s], red_i[lid + s], red_v[lid], red_i[lid])) {
        red_v[lid] = red_v[lid + s];
        red_i[lid] = red_i[lid + s];
      }
      workgroupBarrier();
    }
    if (lid == 0u) {
      let best = red_i[0];
      taken[j] = best;
      let out = row * P.k + j;
      indices[out] = best;
      probs[out] = select(red_v[0], exp(red_v[0] - row_max) / total, P.softmax == 1u);
    }
    workgroupBarrier();
  }
}
`;
}
