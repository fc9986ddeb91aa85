// RandAugment as PaddleClas has it (ppcls/data/preprocess/ops/randaugment.py; defaults N=2, M=5, fill 128):
// N ops drawn uniformly (with replacement) from the 14, each always applied at level M/10 of its range.
import type { RngStream } from '../../rng/stream.ts';
import type { ImageOpCall } from '../image-op.ts';
import { PADDLE_OPS, type PaddleOp, paddleOpCall } from '../paddle-op-call.ts';

export interface RandAugmentConfig {
  readonly numLayers: number;
  readonly magnitude: number;
  readonly fill: readonly [number, number, number];
}

export const DEFAULT_RAND_AUGMENT: RandAugmentConfig = { numLayers: 2, magnitude: 5, fill: [128, 128, 128] };

/** PaddleClas level_map at abso_level = magnitude / 10 (posterize = int(4·level) bits: 2 at M=5). */
export function randAugmentLevel(op: PaddleOp, magnitude: number): number {
  const level = magnitude / 10;
  switch (op) {
    case 'shearX':
    case 'shearY':
      return 0.3 * level;
    case 'translateX':
    case 'translateY':
      return (150 / 331) * level;
    case 'rotate':
      return 30 * level;
    case 'color':
    case 'contrast':
    case 'sharpness':
    case 'brightness':
      return 0.9 * level;
    case 'posterize':
      return Math.trunc(4 * level);
    case 'solarize':
      return 256 * level;
    default:
      return 0;
  }
}

export function sampleRandAugment(
  rng: RngStream,
  cfg: RandAugmentConfig,
  imgW: number,
  imgH: number,
): ImageOpCall[] {
  const calls: ImageOpCall[] = [];
  for (let i = 0; i < cfg.numLayers; i++) {
    const op = rng.choice(PADDLE_OPS);
    calls.push(paddleOpCall(rng, op, randAugmentLevel(op, cfg.magnitude), cfg.fill, imgW, imgH));
  }
  return calls;
}
