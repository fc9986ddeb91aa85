// AutoAugment ImageNet policy as PaddleClas has it (ppcls/data/preprocess/ops/autoaugment.py, from DeepVoltaire):
// 25 sub-policies of two (prob, op, magnitude index) steps, magnitudes from 10-step linspace ranges, fill 128.
import type { RngStream } from '../../rng/stream.ts';
import type { ImageOpCall } from '../image-op.ts';
import { type PaddleOp, paddleOpCall } from '../paddle-op-call.ts';

type Step = readonly [number, PaddleOp, number];
type SubPolicy = readonly [Step, Step];

export const IMAGENET_POLICY: readonly SubPolicy[] = [
  [
    [0.4, 'posterize', 8],
    [0.6, 'rotate', 9],
  ],
  [
    [0.6, 'solarize', 5],
    [0.6, 'autocontrast', 5],
  ],
  [
    [0.8, 'equalize', 8],
    [0.6, 'equalize', 3],
  ],
  [
    [0.6, 'posterize', 7],
    [0.6, 'posterize', 6],
  ],
  [
    [0.4, 'equalize', 7],
    [0.2, 'solarize', 4],
  ],
  [
    [0.4, 'equalize', 4],
    [0.8, 'rotate', 8],
  ],
  [
    [0.6, 'solarize', 3],
    [0.6, 'equalize', 7],
  ],
  [
    [0.8, 'posterize', 5],
    [1.0, 'equalize', 2],
  ],
  [
    [0.2, 'rotate', 3],
    [0.6, 'solarize', 8],
  ],
  [
    [0.6, 'equalize', 8],
    [0.4, 'posterize', 6],
  ],
  [
    [0.8, 'rotate', 8],
    [0.4, 'color', 0],
  ],
  [
    [0.4, 'rotate', 9],
    [0.6, 'equalize', 2],
  ],
  [
    [0.0, 'equalize', 7],
    [0.8, 'equalize', 8],
  ],
  [
    [0.6, 'invert', 4],
    [1.0, 'equalize', 8],
  ],
  [
    [0.6, 'color', 4],
    [1.0, 'contrast', 8],
  ],
  [
    [0.8, 'rotate', 8],
    [1.0, 'color', 2],
  ],
  [
    [0.8, 'color', 8],
    [0.8, 'solarize', 7],
  ],
  [
    [0.4, 'sharpness', 7],
    [0.6, 'invert', 8],
  ],
  [
    [0.6, 'shearX', 5],
    [1.0, 'equalize', 9],
  ],
  [
    [0.4, 'color', 0],
    [0.6, 'equalize', 3],
  ],
  [
    [0.4, 'equalize', 7],
    [0.2, 'solarize', 4],
  ],
  [
    [0.6, 'solarize', 5],
    [0.6, 'autocontrast', 5],
  ],
  [
    [0.6, 'invert', 4],
    [1.0, 'equalize', 8],
  ],
  [
    [0.6, 'color', 4],
    [1.0, 'contrast', 8],
  ],
  [
    [0.8, 'equalize', 8],
    [0.6, 'equalize', 3],
  ],
];

const linspace = (a: number, b: number, i: number) => a + ((b - a) * i) / 9;

/** SubPolicy's `ranges` table: np.linspace(lo, hi, 10)[index] (posterize rounded to int bits). */
export function autoAugmentMagnitude(op: PaddleOp, index: number): number {
  switch (op) {
    case 'shearX':
    case 'shearY':
      return linspace(0, 0.3, index);
    case 'translateX':
    case 'translateY':
      return linspace(0, 150 / 331, index);
    case 'rotate':
      return linspace(0, 30, index);
    case 'color':
    case 'contrast':
    case 'sharpness':
    case 'brightness':
      return linspace(0, 0.9, index);
    case 'posterize':
      return Math.round(linspace(8, 4, index));
    case 'solarize':
      return linspace(256, 0, index);
    default:
      return 0;
  }
}

export interface AutoAugmentDraw {
  readonly policyIndex: number;
  readonly calls: ImageOpCall[];
}

/** random.randint(0, 24) picks the sub-policy; each step fires when random() < p (then draws its sign). */
export function sampleAutoAugment(
  rng: RngStream,
  imgW: number,
  imgH: number,
  fill: readonly [number, number, number] = [128, 128, 128],
): AutoAugmentDraw {
  const policyIndex = rng.randint(0, IMAGENET_POLICY.length - 1);
  const calls: ImageOpCall[] = [];
  for (const [p, op, index] of IMAGENET_POLICY[policyIndex]) {
    if (rng.uniform() < p)
      calls.push(paddleOpCall(rng, op, autoAugmentMagnitude(op, index), fill, imgW, imgH));
  }
  return { policyIndex, calls };
}
