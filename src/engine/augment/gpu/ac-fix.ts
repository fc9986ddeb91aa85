// Where PIL's AutoContrast LUT (float64: int(v·scale + (−lo·scale)), scale = 255/(hi−lo)) lands one below the
// exact rational floor((v−lo)·255/(hi−lo)): a sorted key list (lo<<16 | hi<<8 | v) the GPU binary-searches, so
// its integer LUT matches the reference bit for bit without float64 on the GPU.
let table: Uint32Array<ArrayBuffer> | undefined;

export function autoContrastFixTable(): Uint32Array<ArrayBuffer> {
  if (table) return table;
  const keys: number[] = [];
  for (let lo = 0; lo < 256; lo++) {
    for (let hi = lo + 1; hi < 256; hi++) {
      const d = hi - lo;
      const scale = 255 / d;
      const step = d / gcd(d, 255);
      // only exact-integer rationals can be hit by float64 rounding (others are ≥ 1/255 from an integer)
      for (let v = lo; v <= hi; v += step) {
        const pil = Math.trunc(v * scale + -lo * scale);
        const exact = ((v - lo) * 255) / d;
        if (pil === exact - 1) keys.push(((lo << 16) | (hi << 8) | v) >>> 0);
        else if (pil !== exact)
          throw new Error(`AutoContrast fix table: lo ${lo} hi ${hi} v ${v}: ${pil} vs ${exact}`);
      }
    }
  }
  table = Uint32Array.from(keys.sort((a, b) => a - b));
  return table;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
