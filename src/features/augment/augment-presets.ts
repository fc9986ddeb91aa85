// The Gallery's choices → the PaddleClas config JSON training will use: a base (RandCropImage + RandFlipImage),
// one op or policy at a magnitude (0–10) and probability, NormalizeImage, and erasing/mixing ops where they belong.

export const GALLERY_OPS = [
  'none',
  'RandAugment',
  'AutoAugment',
  'TimmAutoAugment',
  'ColorJitter',
  'RandomRotation',
  'RandomGrayscale',
  'Cutout',
  'RandomErasing',
  'HideAndSeek',
  'GridMask',
  'MixupOperator',
  'CutmixOperator',
] as const;

export type GalleryOp = (typeof GALLERY_OPS)[number];

export interface GallerySettings {
  readonly op: GalleryOp;
  /** 0..10, PaddleClas's magnitude scale */
  readonly magnitude: number;
  /** 0..1 where the op has a probability */
  readonly probability: number;
  readonly size: number;
}

export const DEFAULT_GALLERY: GallerySettings = {
  op: 'RandAugment',
  magnitude: 5,
  probability: 0.5,
  size: 160,
};

const round = (v: number, digits = 3) => Number(v.toFixed(digits));

type Entry = Record<string, Record<string, unknown> | null>;

export interface GalleryConfig {
  transform_ops: Entry[];
  batch_transform_ops: Entry[];
}

export function galleryConfig(s: GallerySettings): GalleryConfig {
  const m = Math.min(10, Math.max(0, s.magnitude));
  const p = Math.min(1, Math.max(0, s.probability));
  const before: Entry[] = [];
  const after: Entry[] = [];
  const batch: Entry[] = [];
  switch (s.op) {
    case 'none':
      break;
    case 'RandAugment':
      before.push({ RandAugment: { num_layers: 2, magnitude: round(m) } });
      break;
    case 'AutoAugment':
      before.push({ AutoAugment: null });
      break;
    case 'TimmAutoAugment':
      before.push({
        TimmAutoAugment: {
          config_str: `rand-m${Math.round(m)}-mstd0.5-inc1`,
          interpolation: 'bicubic',
          img_size: s.size,
        },
      });
      break;
    case 'ColorJitter': {
      const v = round(0.08 * m);
      before.push({
        ColorJitter: { brightness: v, contrast: v, saturation: v, hue: round(Math.min(0.5, 0.02 * m)) },
      });
      break;
    }
    case 'RandomRotation':
      before.push({ RandomRotation: { degrees: round(3 * m), interpolation: 'bilinear', fill: 128 } });
      break;
    case 'RandomGrayscale':
      before.push({ RandomGrayscale: { p: round(p) } });
      break;
    case 'Cutout':
      before.push({ Cutout: { n_holes: 1, length: Math.max(1, Math.round((s.size / 2) * (m / 10))) } });
      break;
    case 'RandomErasing':
      after.push({
        RandomErasing: { EPSILON: round(p), sl: 0.02, sh: 0.4, r1: 0.3, mode: 'pixel', use_log_aspect: true },
      });
      break;
    case 'HideAndSeek':
      before.push({ HideAndSeek: null });
      break;
    case 'GridMask':
      before.push({
        GridMask: {
          d1: Math.round(s.size * 0.43),
          d2: s.size,
          rotate: 1,
          ratio: 0.5,
          mode: 0,
          prob: round(p),
        },
      });
      break;
    case 'MixupOperator':
      batch.push({ MixupOperator: { alpha: round(Math.max(0.05, m / 10)) } });
      break;
    case 'CutmixOperator':
      batch.push({ CutmixOperator: { alpha: round(Math.max(0.05, m / 10)) } });
      break;
  }
  return {
    transform_ops: [
      { DecodeImage: { to_rgb: true, channel_first: false } },
      { RandCropImage: { size: s.size } },
      { RandFlipImage: { flip_code: 1 } },
      ...before,
      {
        NormalizeImage: {
          scale: '1.0/255.0',
          mean: [0.485, 0.456, 0.406],
          std: [0.229, 0.224, 0.225],
          order: '',
        },
      },
      ...after,
    ],
    batch_transform_ops: batch,
  };
}
