// Parse PaddleClas `transform_ops` / `batch_transform_ops` lists (pasted as JSON, or already parsed) into the
// typed pipeline, with messages naming the list index, op and parameter.
import type { Resample } from '../core/affine.ts';
import { DEFAULT_GRID_MASK } from '../ops/grid-mask/grid-mask.ref.ts';
import { DEFAULT_RANDOM_ERASING, type ErasingMode } from '../ops/random-erasing/random-erasing.ref.ts';
import { parseTimmRandConfig } from '../policies/timm-rand-augment/timm-rand-augment.ref.ts';
import { AugmentConfigError, Params } from './params.ts';
import type { AugmentPipeline, BatchOp, MixOp, TransformOp } from './types.ts';

export { AugmentConfigError } from './params.ts';

export interface ParseOptions {
  /** GridMask's probability ramp length in epochs (PaddleClas's NUM_EPOCHS global; 240 there) */
  readonly numEpochs?: number;
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

type Reader = (p: Params, opts: ParseOptions) => TransformOp;

const rgb = (v: number[]) => [v[0], v[1], v[2]] as const;

function fillParam(p: Params, name: string, dflt: number): readonly [number, number, number] {
  if (!p.has(name)) {
    p.num(name, dflt);
    return [dflt, dflt, dflt];
  }
  try {
    const n = p.num(name);
    return [n, n, n];
  } catch {
    return rgb(p.nums(name, 3));
  }
}

const TRANSFORM_READERS: Record<string, Reader> = {
  DecodeImage: (p) => {
    if (!p.bool('to_rgb', true)) p.fail('to_rgb', 'true (images are RGB here)', false);
    p.bool('to_np', false);
    p.bool('channel_first', false);
    p.str('backend', ['cv2', 'pil'] as const, 'cv2');
    return { kind: 'DecodeImage' };
  },
  ResizeImage: (p) => {
    const interpolation = p.str('interpolation', ['bilinear', 'bicubic'] as const, 'bilinear');
    const backend = p.str('backend', ['cv2', 'pil'] as const, 'cv2');
    if (p.has('resize_short')) {
      p.num('size', 0);
      return {
        kind: 'ResizeImage',
        target: { resizeShort: p.num('resize_short', undefined, { int: true, min: 1 }) },
        interpolation,
        backend,
      };
    }
    p.num('resize_short', 0);
    if (!p.has('size')) throw new AugmentConfigError(`${p.where}: needs "size" or "resize_short"`);
    return { kind: 'ResizeImage', target: { size: p.size('size') }, interpolation, backend };
  },
  CropImage: (p) => ({ kind: 'CropImage', size: p.size('size') }),
  RandCropImage: (p) => ({
    kind: 'RandCropImage',
    size: p.size('size'),
    crop: {
      scale: [...(p.nums('scale', 2, [0.08, 1]) as [number, number])],
      ratio: [...(p.nums('ratio', 2, [3 / 4, 4 / 3]) as [number, number])],
      useLogAspect: p.bool('use_log_aspect', false),
    },
    interpolation: p.str('interpolation', ['bilinear', 'bicubic'] as const, 'bilinear'),
    backend: p.str('backend', ['cv2', 'pil'] as const, 'cv2'),
  }),
  RandomResizedCrop: (p) => ({
    kind: 'RandomResizedCrop',
    size: p.size('size'),
    crop: {
      scale: [...(p.nums('scale', 2, [0.08, 1]) as [number, number])],
      ratio: [...(p.nums('ratio', 2, [3 / 4, 4 / 3]) as [number, number])],
      useLogAspect: true,
    },
    interpolation: p.str('interpolation', ['bilinear', 'bicubic'] as const, 'bilinear'),
    backend: p.str('backend', ['cv2', 'pil'] as const, 'pil'),
  }),
  RandFlipImage: (p) => {
    const code = p.num('flip_code', 1, { int: true });
    if (code !== -1 && code !== 0 && code !== 1) p.fail('flip_code', 'one of -1, 0, 1', code);
    return { kind: 'RandFlipImage', flipCode: code as -1 | 0 | 1 };
  },
  NormalizeImage: (p) => {
    const scale = p.num('scale', 1 / 255);
    const mean = rgb(p.nums('mean', 3, IMAGENET_MEAN));
    const std = rgb(p.nums('std', 3, IMAGENET_STD));
    if (std.some((s) => s === 0)) p.fail('std', 'non-zero values', std);
    const order = p.str('order', ['', 'hwc', 'chw'] as const, 'chw');
    if (p.bool('output_fp16', false)) p.fail('output_fp16', 'false (the pipeline emits float32)', true);
    p.num('channel_num', 3, { int: true, min: 3, max: 3 });
    return { kind: 'NormalizeImage', scale, mean, std, order };
  },
  ToCHWImage: () => ({ kind: 'ToCHWImage' }),
  ColorJitter: (p) => ({
    kind: 'ColorJitter',
    jitter: {
      brightness: p.num('brightness', 0, { min: 0 }),
      contrast: p.num('contrast', 0, { min: 0 }),
      saturation: p.num('saturation', 0, { min: 0 }),
      hue: p.num('hue', 0, { min: 0, max: 0.5 }),
    },
  }),
  RandomRotation: (p) => {
    let degrees: [number, number];
    if (!p.has('degrees')) throw new AugmentConfigError(`${p.where}: missing required parameter "degrees"`);
    try {
      const d = p.num('degrees', undefined, { min: 0 });
      degrees = [-d, d];
    } catch {
      degrees = p.nums('degrees', 2) as [number, number];
    }
    const interpolation: Resample = p.str(
      'interpolation',
      ['nearest', 'bilinear', 'bicubic'] as const,
      'nearest',
    );
    return { kind: 'RandomRotation', degrees, interpolation, fill: fillParam(p, 'fill', 0) };
  },
  RandomGrayscale: (p) => ({ kind: 'RandomGrayscale', p: p.num('p', 0.1, { min: 0, max: 1 }) }),
  AutoAugment: () => ({ kind: 'AutoAugment' }),
  RandAugment: (p) => ({
    kind: 'RandAugment',
    numLayers: p.num('num_layers', 2, { int: true, min: 0 }),
    magnitude: p.num('magnitude', 5, { min: 0, max: 10 }),
  }),
  TimmAutoAugment: (p) => {
    const configStr = p.text('config_str');
    const interpolation = p.str('interpolation', ['random', 'bilinear', 'bicubic'] as const, 'random');
    p.num('img_size', 224, { int: true, min: 1 });
    const mean = p.nums('mean', 3, IMAGENET_MEAN);
    const fill = rgb(mean.map((m) => Math.min(255, Math.round(255 * m))));
    try {
      return {
        kind: 'TimmAutoAugment',
        configStr,
        timm: parseTimmRandConfig(configStr, interpolation, fill),
      };
    } catch (e) {
      throw new AugmentConfigError(`${p.where}: ${(e as Error).message.replace(/^TimmAutoAugment: /, '')}`);
    }
  },
  Cutout: (p) => ({
    kind: 'Cutout',
    nHoles: p.num('n_holes', 1, { int: true, min: 0 }),
    length: p.num('length', 112, { int: true, min: 0 }),
  }),
  RandomErasing: (p) => {
    const d = DEFAULT_RANDOM_ERASING;
    const sl = p.num('sl', d.sl, { min: 0, max: 1 });
    const sh = p.num('sh', d.sh, { min: sl, max: 1 });
    return {
      kind: 'RandomErasing',
      erasing: {
        EPSILON: p.num('EPSILON', d.EPSILON, { min: 0, max: 1 }),
        sl,
        sh,
        r1: p.num('r1', d.r1, { gt: 0 }),
        mean: rgb(p.nums('mean', 3, d.mean)),
        attempt: p.num('attempt', d.attempt, { int: true, min: 1 }),
        useLogAspect: p.bool('use_log_aspect', d.useLogAspect),
        mode: p.str('mode', ['const', 'rand', 'pixel'] as ErasingMode[], d.mode),
      },
    };
  },
  HideAndSeek: () => ({ kind: 'HideAndSeek' }),
  GridMask: (p, opts) => {
    const d = DEFAULT_GRID_MASK;
    const d1 = p.num('d1', d.d1, { int: true, min: 1 });
    const mode = p.num('mode', d.mode, { int: true, min: 0, max: 1 }) as 0 | 1;
    return {
      kind: 'GridMask',
      grid: {
        d1,
        d2: p.num('d2', d.d2, { int: true, min: d1 + 1 }),
        rotate: p.num('rotate', d.rotate, { int: true, min: 1 }),
        ratio: p.num('ratio', d.ratio, { min: 0, max: 1 }),
        mode,
        prob: p.num('prob', d.prob, { min: 0, max: 1 }),
        numEpochs: opts.numEpochs ?? d.numEpochs,
      },
    };
  },
};

function readMix(name: string, p: Params): MixOp {
  if (name === 'MixupOperator') return { kind: 'MixupOperator', alpha: p.num('alpha', 1, { gt: 0 }) };
  return { kind: 'CutmixOperator', alpha: p.num('alpha', 0.2, { gt: 0 }) };
}

const MIX_NAMES = ['MixupOperator', 'CutmixOperator'];

/** One `{OpName: {params}}` entry of a list → [name, params]. */
function entry(list: string, i: number, item: unknown): [string, Record<string, unknown>] {
  if (typeof item === 'string') return [item, {}];
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new AugmentConfigError(`${list}[${i}]: expected {OpName: {params}}, got ${JSON.stringify(item)}`);
  }
  const keys = Object.keys(item);
  if (keys.length !== 1) {
    throw new AugmentConfigError(
      `${list}[${i}]: expected exactly one op name, got ${keys.length} (${keys.join(', ')})`,
    );
  }
  const params = (item as Record<string, unknown>)[keys[0]];
  if (params !== null && params !== undefined && (typeof params !== 'object' || Array.isArray(params))) {
    throw new AugmentConfigError(
      `${list}[${i}] ${keys[0]}: parameters must be an object, got ${JSON.stringify(params)}`,
    );
  }
  return [keys[0], (params ?? {}) as Record<string, unknown>];
}

function asList(input: unknown, list: string): unknown[] {
  let v = input;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new AugmentConfigError(`${list}: not valid JSON (${(e as Error).message})`);
    }
  }
  if (!Array.isArray(v)) throw new AugmentConfigError(`${list}: expected a list of ops, got ${typeof v}`);
  return v;
}

export const SUPPORTED_TRANSFORM_OPS = Object.keys(TRANSFORM_READERS);
export const SUPPORTED_BATCH_OPS = [...MIX_NAMES, 'OpSampler'];

export function parseTransformOps(input: unknown, opts: ParseOptions = {}): TransformOp[] {
  return asList(input, 'transform_ops').map((item, i) => {
    const [name, raw] = entry('transform_ops', i, item);
    const reader = TRANSFORM_READERS[name];
    if (!reader) {
      const hint = SUPPORTED_BATCH_OPS.includes(name)
        ? ' (it is a batch op: put it in batch_transform_ops)'
        : '';
      throw new AugmentConfigError(
        `transform_ops[${i}]: unknown op "${name}"${hint}; supported: ${SUPPORTED_TRANSFORM_OPS.join(', ')}`,
      );
    }
    const p = new Params(`transform_ops[${i}] ${name}`, raw);
    const op = reader(p, opts);
    p.finish();
    return op;
  });
}

export function parseBatchTransformOps(input: unknown): BatchOp[] {
  return asList(input, 'batch_transform_ops').map((item, i) => {
    const [name, raw] = entry('batch_transform_ops', i, item);
    const where = `batch_transform_ops[${i}] ${name}`;
    if (MIX_NAMES.includes(name)) {
      const p = new Params(where, raw);
      const op = readMix(name, p);
      p.finish(['class_num']);
      return op;
    }
    if (name !== 'OpSampler') {
      throw new AugmentConfigError(
        `batch_transform_ops[${i}]: unknown op "${name}"; supported: ${SUPPORTED_BATCH_OPS.join(', ')}`,
      );
    }
    const outer = new Params(where, raw);
    const ops = outer.keys().map((sub) => {
      if (!MIX_NAMES.includes(sub)) {
        throw new AugmentConfigError(
          `${where}: unknown op "${sub}"; OpSampler can hold ${MIX_NAMES.join(', ')}`,
        );
      }
      const p = new Params(`${where}.${sub}`, outer.obj(sub));
      const op = readMix(sub, p);
      const prob = p.num('prob', 0, { min: 0, max: 1 });
      p.finish(['class_num']);
      return { op, prob };
    });
    const total = ops.reduce((s, o) => s + o.prob, 0);
    if (total > 1 + 1e-12)
      throw new AugmentConfigError(`${where}: the total prob of operators should be ≤ 1, got ${total}`);
    return { kind: 'OpSampler', ops };
  });
}

/** Either the two lists, or an object holding `transform_ops` and optionally `batch_transform_ops`. */
export function parsePipeline(
  input: unknown | { transform_ops: unknown; batch_transform_ops?: unknown },
  opts: ParseOptions = {},
): AugmentPipeline {
  let v = input;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new AugmentConfigError(`pipeline: not valid JSON (${(e as Error).message})`);
    }
  }
  if (Array.isArray(v)) return { transforms: parseTransformOps(v, opts), batch: [] };
  if (typeof v !== 'object' || v === null || !('transform_ops' in v)) {
    throw new AugmentConfigError('pipeline: expected a transform_ops list or an object with "transform_ops"');
  }
  const o = v as { transform_ops: unknown; batch_transform_ops?: unknown };
  for (const k of Object.keys(o)) {
    if (k !== 'transform_ops' && k !== 'batch_transform_ops') {
      throw new AugmentConfigError(
        `pipeline: unknown key "${k}" (known: transform_ops, batch_transform_ops)`,
      );
    }
  }
  return {
    transforms: parseTransformOps(o.transform_ops, opts),
    batch: o.batch_transform_ops == null ? [] : parseBatchTransformOps(o.batch_transform_ops),
  };
}
