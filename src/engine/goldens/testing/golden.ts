// Test-only: the shapes of the PyTorch goldens written by ../generate.py, and their conversion into engine tensors.
// Inputs were stored as float32-exact values (9 significant digits); results as float64 to 12 digits.
import type { Tensor64 } from '../../nn/ref/tensor64.ts';

export interface GoldenTensor {
  shape: number[];
  data: number[];
}

/** Every golden file starts with where it came from. */
export interface GoldenFile<C> {
  generator: string;
  torch: string;
  op: string;
  cases: C[];
}

/** Parses a golden's text (imported with `?raw`, which works in Node and in the browser) and checks its header. */
export function parseGolden<C>(text: string, file: string): GoldenFile<C> {
  const g = JSON.parse(text) as GoldenFile<C>;
  if (!g.generator?.endsWith('generate.py') || !Array.isArray(g.cases) || g.cases.length === 0) {
    throw new Error(`${file}: not a golden written by src/engine/goldens/generate.py (regenerate it)`);
  }
  return g;
}

function checked(g: GoldenTensor, what: string): GoldenTensor {
  const n = g.shape.reduce((a, b) => a * b, 1);
  if (g.data.length !== n) throw new Error(`golden ${what}: ${g.data.length} values for shape [${g.shape}]`);
  return g;
}

/** A golden input as the exact float32 values torch used (promoted to float64 for the references). */
export function input64(g: GoldenTensor, what = 'input'): Tensor64 {
  checked(g, what);
  return { data: Float64Array.from(g.data, Math.fround), shape: [...g.shape] };
}

/** A golden input as float32, for GPU uploads. */
export function input32(g: GoldenTensor, what = 'input'): Float32Array {
  return Float32Array.from(checked(g, what).data);
}

/** A golden result (torch's float64 output). */
export function expected64(g: GoldenTensor, what = 'result'): Tensor64 {
  checked(g, what);
  return { data: Float64Array.from(g.data), shape: [...g.shape] };
}
