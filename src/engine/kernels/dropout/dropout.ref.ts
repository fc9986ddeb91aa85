// Float64 reference for ONNX Dropout: inverted dropout with a mask from a counter-based hash of (seed, index), so
// a WGSL kernel can regenerate the identical mask with u32 math and no RNG state. Identity in eval.
import { checkTensor, type Tensor64 } from '../../nn/ref/tensor64.ts';

/** The PCG hash (Jarzynski & Olano 2020): u32 → u32, a few u32 ops in WGSL too. */
export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul((state >>> (((state >>> 28) + 4) & 31)) ^ state, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** Uniform in [0, 1) for element `index` under `seed`: pcg(pcg(seed) ^ index) / 2³². */
export function dropoutUniform(seed: number, index: number): number {
  return pcgHash((pcgHash(seed) ^ index) >>> 0) / 4294967296;
}

export interface DropoutForward {
  y: Tensor64;
  /** 1 where kept, 0 where dropped (ONNX mask output); all ones in eval. */
  mask: Uint8Array;
}

/** y = x·mask/(1 − ratio) when training; y = x otherwise. */
export function dropoutForward(x: Tensor64, ratio: number, training: boolean, seed: number): DropoutForward {
  checkTensor('Dropout', 'input X', x);
  if (!(ratio >= 0 && ratio < 1)) throw new Error(`Dropout: ratio must be in [0, 1), got ${ratio}`);
  if (!Number.isInteger(seed)) throw new Error(`Dropout: seed must be an integer, got ${seed}`);
  const n = x.data.length;
  const mask = new Uint8Array(n).fill(1);
  if (!training || ratio === 0) return { y: { data: Float64Array.from(x.data), shape: [...x.shape] }, mask };
  const scale = 1 / (1 - ratio);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (dropoutUniform(seed, i) < ratio) mask[i] = 0;
    else y[i] = x.data[i] * scale;
  }
  return { y: { data: y, shape: [...x.shape] }, mask };
}

/** dX = dY·mask/(1 − ratio) when training; dY otherwise. */
export function dropoutBackward(dy: Tensor64, mask: Uint8Array, ratio: number, training: boolean): Tensor64 {
  checkTensor('Dropout backward', 'dY', dy);
  if (mask.length !== dy.data.length) {
    throw new Error(`Dropout backward: mask has ${mask.length} values, dY has ${dy.data.length}`);
  }
  if (!training || ratio === 0) return { data: Float64Array.from(dy.data), shape: [...dy.shape] };
  const scale = 1 / (1 - ratio);
  const dx = new Float64Array(dy.data.length);
  for (let i = 0; i < dx.length; i++) dx[i] = mask[i] ? dy.data[i] * scale : 0;
  return { data: dx, shape: [...dy.shape] };
}
