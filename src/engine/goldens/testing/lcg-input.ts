// Test-only: the deterministic image batch of the resnet18 golden, the same LCG as generate.py's lcg_input (u32
// maths, so both languages produce bit-identical float32-exact values in [-2, 2)).

export function lcgInput(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let u = seed >>> 0;
  for (let i = 0; i < n; i++) {
    u = (Math.imul(1664525, u) + 1013904223) >>> 0;
    out[i] = ((u >>> 8) / 16777216) * 4 - 2;
  }
  return out;
}
