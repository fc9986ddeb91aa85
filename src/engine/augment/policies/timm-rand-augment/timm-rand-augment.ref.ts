// timm-style RandAugment as PaddleClas's TimmAutoAugment runs it (ppcls/data/preprocess/ops/timm_autoaugment.py,
// from timm's auto_augment.py): config strings like 'rand-m9-mstd0.5-inc1', each chosen op applied with p=0.5,
// magnitude ~ N(m, mstd) clipped to [0, 10], fill = round(255·mean).
import type { Resample } from '../../core/affine.ts';
import type { RngStream } from '../../rng/stream.ts';
import type { ImageOpCall } from '../image-op.ts';

export const TIMM_RAND_OPS = [
  'AutoContrast',
  'Equalize',
  'Invert',
  'Rotate',
  'Posterize',
  'Solarize',
  'SolarizeAdd',
  'Color',
  'Contrast',
  'Brightness',
  'Sharpness',
  'ShearX',
  'ShearY',
  'TranslateXRel',
  'TranslateYRel',
] as const;

/** timm's _RAND_INCREASING_TRANSFORMS: same list, with magnitude that always strengthens the op. */
export const TIMM_RAND_INCREASING_OPS = [
  'AutoContrast',
  'Equalize',
  'Invert',
  'Rotate',
  'PosterizeIncreasing',
  'SolarizeIncreasing',
  'SolarizeAdd',
  'ColorIncreasing',
  'ContrastIncreasing',
  'BrightnessIncreasing',
  'SharpnessIncreasing',
  'ShearX',
  'ShearY',
  'TranslateXRel',
  'TranslateYRel',
] as const;

export type TimmOp = (typeof TIMM_RAND_OPS)[number] | (typeof TIMM_RAND_INCREASING_OPS)[number];

export interface TimmRandAugmentConfig {
  readonly numLayers: number;
  readonly magnitude: number;
  readonly magnitudeStd: number;
  readonly increasing: boolean;
  /** 'random' = timm's per-call choice of bilinear/bicubic */
  readonly interpolation: 'bilinear' | 'bicubic' | 'random';
  readonly fill: readonly [number, number, number];
  readonly prob: number;
}

/** Parse timm's 'rand-m9-n2-mstd0.5-inc1' (keys m, n, mstd, inc; timm's weighted 'w' is not supported). */
export function parseTimmRandConfig(
  configStr: string,
  interpolation: TimmRandAugmentConfig['interpolation'],
  fill: readonly [number, number, number],
): TimmRandAugmentConfig {
  const parts = configStr.split('-');
  if (parts[0] !== 'rand') {
    throw new Error(
      `TimmAutoAugment: config_str '${configStr}' is not a RandAugment string (must start with 'rand')`,
    );
  }
  let numLayers = 2;
  let magnitude = 10;
  let magnitudeStd = 0;
  let increasing = false;
  for (const part of parts.slice(1)) {
    const m = /^([a-z]+)([0-9.]+)$/.exec(part);
    if (!m) throw new Error(`TimmAutoAugment: cannot read '${part}' in config_str '${configStr}'`);
    const value = Number(m[2]);
    if (m[1] === 'm') magnitude = value;
    else if (m[1] === 'n') numLayers = value;
    else if (m[1] === 'mstd') magnitudeStd = value;
    else if (m[1] === 'inc') increasing = value !== 0;
    else
      throw new Error(
        `TimmAutoAugment: unknown key '${m[1]}' in config_str '${configStr}' (known: m, n, mstd, inc)`,
      );
  }
  if (!Number.isInteger(numLayers) || numLayers < 0) {
    throw new Error(`TimmAutoAugment: n must be a non-negative integer in '${configStr}'`);
  }
  return { numLayers, magnitude, magnitudeStd, increasing, interpolation, fill, prob: 0.5 };
}

/** timm's _randomly_negate: −v if random() > 0.5. */
const negate = (rng: RngStream, v: number) => (rng.uniform() > 0.5 ? -v : v);

function resampleOf(rng: RngStream, cfg: TimmRandAugmentConfig): Resample {
  return cfg.interpolation === 'random' ? rng.choice(['bilinear', 'bicubic'] as const) : cfg.interpolation;
}

/** One op's level → call, in timm's draw order (sign first, then the resample choice of affine ops). */
export function timmOpCall(
  rng: RngStream,
  op: TimmOp,
  level: number,
  cfg: TimmRandAugmentConfig,
  imgW: number,
  imgH: number,
): ImageOpCall {
  const l = level / 10;
  const fill = cfg.fill;
  switch (op) {
    case 'AutoContrast':
    case 'Equalize':
    case 'Invert':
      return { op };
    case 'Rotate': {
      const degrees = negate(rng, l * 30);
      return { op: 'Rotate', degrees, resample: resampleOf(rng, cfg), fill };
    }
    case 'Posterize':
      return { op: 'Posterize', bits: Math.trunc(l * 4) };
    case 'PosterizeIncreasing':
      return { op: 'Posterize', bits: 4 - Math.trunc(l * 4) };
    case 'Solarize':
      return { op: 'Solarize', threshold: Math.trunc(l * 256) };
    case 'SolarizeIncreasing':
      return { op: 'Solarize', threshold: 256 - Math.trunc(l * 256) };
    case 'SolarizeAdd':
      return { op: 'SolarizeAdd', add: Math.trunc(l * 110), threshold: 128 };
    case 'Color':
    case 'Contrast':
    case 'Brightness':
    case 'Sharpness':
      return { op, factor: l * 1.8 + 0.1 };
    case 'ColorIncreasing':
    case 'ContrastIncreasing':
    case 'BrightnessIncreasing':
    case 'SharpnessIncreasing': {
      const factor = 1 + negate(rng, l * 0.9);
      return {
        op: op.replace('Increasing', '') as 'Color' | 'Contrast' | 'Brightness' | 'Sharpness',
        factor,
      };
    }
    case 'ShearX':
    case 'ShearY': {
      const factor = negate(rng, l * 0.3);
      return { op, factor, resample: resampleOf(rng, cfg), fill };
    }
    case 'TranslateXRel':
    case 'TranslateYRel': {
      const pct = negate(rng, l * 0.45);
      const x = op === 'TranslateXRel';
      return {
        op: x ? 'TranslateX' : 'TranslateY',
        pixels: pct * (x ? imgW : imgH),
        resample: resampleOf(rng, cfg),
        fill,
      };
    }
  }
}

export interface TimmDrawStep {
  readonly op: TimmOp;
  /** the magnitude after noise and clipping, or undefined when the op's p=0.5 coin skipped it */
  readonly magnitude: number | undefined;
}

/** All N ops are chosen first (np.random.choice with replacement), then each runs with p = 0.5. */
export function sampleTimmRandAugment(
  rng: RngStream,
  cfg: TimmRandAugmentConfig,
  imgW: number,
  imgH: number,
): { steps: TimmDrawStep[]; calls: ImageOpCall[] } {
  const table = cfg.increasing ? TIMM_RAND_INCREASING_OPS : TIMM_RAND_OPS;
  const ops: TimmOp[] = [];
  for (let i = 0; i < cfg.numLayers; i++) ops.push(rng.choice(table));
  const steps: TimmDrawStep[] = [];
  const calls: ImageOpCall[] = [];
  for (const op of ops) {
    if (cfg.prob < 1 && rng.uniform() > cfg.prob) {
      steps.push({ op, magnitude: undefined });
      continue;
    }
    let m = cfg.magnitude;
    if (cfg.magnitudeStd > 0) m = m + cfg.magnitudeStd * rng.normal();
    m = Math.min(10, Math.max(0, m));
    steps.push({ op, magnitude: m });
    calls.push(timmOpCall(rng, op, m, cfg, imgW, imgH));
  }
  return { steps, calls };
}
