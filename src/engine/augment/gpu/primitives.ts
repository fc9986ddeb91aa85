// Lowers one sample's drawn plan (config/execute.ts planSample) into GPU primitives: resize (crop window +
// separable resample), affine warps, per-pixel colour/erase ops, and ops that need image statistics.

import type { OpDraw } from '../config/execute.ts';
import type { AugmentPipeline, TransformOp } from '../config/types.ts';
import { type AffineMatrix, type Resample, rotationMatrix } from '../core/affine.ts';
import { floorDiv, pyInt } from '../core/py-math.ts';
import type { ResizeFilter } from '../core/resample.ts';
import type { JitterStep } from '../ops/color-jitter/color-jitter.ref.ts';
import type { FlipCode } from '../ops/rand-flip/rand-flip.ref.ts';
import { resizeTargetSize } from '../ops/resize/resize.ref.ts';
import type { ImageOpCall } from '../policies/image-op.ts';

type Rgb = readonly [number, number, number];

/** Per-pixel ops; `stat` ones read the pass input's histogram / mean grey, so they start a pass. */
export type PointOp =
  | { readonly op: 'brightness' | 'color' | 'hue'; readonly factor: number }
  | { readonly op: 'contrast'; readonly factor: number }
  | { readonly op: 'equalize' | 'autocontrast' | 'invert' }
  | { readonly op: 'solarize'; readonly threshold: number }
  | { readonly op: 'solarizeAdd'; readonly add: number; readonly threshold: number }
  | { readonly op: 'posterize'; readonly bits: number }
  | { readonly op: 'normalize'; readonly scale: number; readonly mean: Rgb; readonly std: Rgb }
  | {
      readonly op: 'fillBox';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly fill: Rgb;
    }
  | {
      readonly op: 'noiseBox';
      readonly top: number;
      readonly left: number;
      readonly h: number;
      readonly w: number;
      /** seed, stream, sample, step, epoch of rng/stream.ts normalAt */
      readonly key: readonly [number, number, number, number, number];
    }
  | { readonly op: 'hide'; readonly gridSize: number; readonly rows: number; readonly hidden: Uint8Array }
  | {
      readonly op: 'gridMask';
      readonly d: number;
      readonly l: number;
      readonly stH: number;
      readonly stW: number;
      readonly mode: 0 | 1;
      readonly offX: number;
      readonly offY: number;
      /** the canvas rotation (nearest) or undefined for angle 0, with the canvas size */
      readonly rotation: { readonly m: AffineMatrix; readonly w: number; readonly h: number } | undefined;
    };

export const STAT_OPS: ReadonlySet<PointOp['op']> = new Set(['contrast', 'equalize', 'autocontrast']);

export type Primitive =
  | {
      readonly t: 'resize';
      readonly box: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
      readonly outW: number;
      readonly outH: number;
      readonly filter: ResizeFilter;
      readonly antialias: boolean;
      readonly cubicA: number;
    }
  | {
      readonly t: 'geom';
      readonly m: AffineMatrix;
      readonly resample: Resample;
      readonly fill: Rgb;
      readonly outW: number;
      readonly outH: number;
    }
  | { readonly t: 'sharp'; readonly factor: number }
  | { readonly t: 'point'; readonly p: PointOp };

/** A primitive with the image size it receives. */
export interface SizedPrimitive {
  readonly prim: Primitive;
  readonly inW: number;
  readonly inH: number;
}

const point = (p: PointOp): Primitive => ({ t: 'point', p });

function flipMatrix(code: FlipCode, w: number, h: number): AffineMatrix {
  // output centre x+0.5 ↦ w − (x+0.5): nearest truncation gives w−1−x exactly.
  const fx = code !== 0;
  const fy = code !== 1;
  return [fx ? -1 : 1, 0, fx ? w : 0, 0, fy ? -1 : 1, fy ? h : 0];
}

function callPrims(call: ImageOpCall, w: number, h: number): Primitive[] {
  const geom = (m: AffineMatrix, resample: Resample, fill: Rgb): Primitive => ({
    t: 'geom',
    m,
    resample,
    fill,
    outW: w,
    outH: h,
  });
  switch (call.op) {
    case 'ShearX':
      return [geom([1, call.factor, 0, 0, 1, 0], call.resample, call.fill)];
    case 'ShearY':
      return [geom([1, 0, 0, call.factor, 1, 0], call.resample, call.fill)];
    case 'TranslateX':
      return [geom([1, 0, call.pixels, 0, 1, 0], call.resample, call.fill)];
    case 'TranslateY':
      return [geom([1, 0, 0, 0, 1, call.pixels], call.resample, call.fill)];
    case 'Rotate':
      return [geom(rotationMatrix(call.degrees, w, h), call.resample, call.fill)];
    case 'AutoContrast':
      return [point({ op: 'autocontrast' })];
    case 'Equalize':
      return [point({ op: 'equalize' })];
    case 'Invert':
      return [point({ op: 'invert' })];
    case 'Solarize':
      return [point({ op: 'solarize', threshold: call.threshold })];
    case 'SolarizeAdd':
      return [point({ op: 'solarizeAdd', add: call.add, threshold: call.threshold })];
    case 'Posterize':
      if (!Number.isInteger(call.bits) || call.bits < 0 || call.bits > 8) {
        throw new RangeError(`Posterize: bits must be an integer in [0, 8], got ${call.bits}`);
      }
      return [point({ op: 'posterize', bits: call.bits })];
    case 'Contrast':
      return [point({ op: 'contrast', factor: call.factor })];
    case 'Color':
      return [point({ op: 'color', factor: call.factor })];
    case 'Brightness':
      return [point({ op: 'brightness', factor: call.factor })];
    case 'Sharpness':
      return [{ t: 'sharp', factor: call.factor }];
  }
}

function jitterPrim(s: JitterStep): Primitive {
  if (s.kind === 'brightness') return point({ op: 'brightness', factor: s.factor });
  if (s.kind === 'contrast') return point({ op: 'contrast', factor: s.factor });
  if (s.kind === 'saturation') return point({ op: 'color', factor: s.factor });
  return point({ op: 'hue', factor: s.factor });
}

function lowerOp(op: TransformOp, draw: OpDraw, w: number, h: number, where: string): Primitive[] {
  const mismatch = () =>
    new Error(
      `augment GPU compiler: ${where} ${op.kind} got a '${draw.kind}' draw (plan and pipeline do not match)`,
    );
  switch (op.kind) {
    case 'DecodeImage':
    case 'ToCHWImage':
      return [];
    case 'ResizeImage': {
      const [outW, outH] = resizeTargetSize(op.target, w, h);
      const pil = op.backend === 'pil';
      const box = { x: 0, y: 0, w, h };
      return [
        {
          t: 'resize',
          box,
          outW,
          outH,
          filter: op.interpolation,
          antialias: pil,
          cubicA: pil ? -0.5 : -0.75,
        },
      ];
    }
    case 'CropImage': {
      const [cw, ch] = op.size;
      if (cw > w || ch > h)
        throw new RangeError(`CropImage: crop ${cw}×${ch} is larger than the ${w}×${h} image`);
      const m: AffineMatrix = [1, 0, floorDiv(w - cw, 2), 0, 1, floorDiv(h - ch, 2)];
      return [{ t: 'geom', m, resample: 'nearest', fill: [0, 0, 0], outW: cw, outH: ch }];
    }
    case 'RandCropImage':
    case 'RandomResizedCrop': {
      if (draw.kind !== 'crop') throw mismatch();
      const b = draw.box;
      if (b.x < 0 || b.y < 0 || b.w < 1 || b.h < 1 || b.x + b.w > w || b.y + b.h > h) {
        throw new RangeError(`crop: box x=${b.x} y=${b.y} w=${b.w} h=${b.h} is outside the ${w}×${h} image`);
      }
      const box = { x: b.x, y: b.y, w: b.w, h: b.h };
      const [outW, outH] = op.size;
      return [
        {
          t: 'resize',
          box,
          outW,
          outH,
          filter: op.interpolation,
          antialias: op.backend === 'pil',
          cubicA: -0.5,
        },
      ];
    }
    case 'RandFlipImage':
      if (draw.kind !== 'flip') throw mismatch();
      if (!draw.flip) return [];
      return [
        {
          t: 'geom',
          m: flipMatrix(op.flipCode, w, h),
          resample: 'nearest',
          fill: [0, 0, 0],
          outW: w,
          outH: h,
        },
      ];
    case 'NormalizeImage':
      return [point({ op: 'normalize', scale: op.scale, mean: op.mean, std: op.std })];
    case 'ColorJitter':
      if (draw.kind !== 'jitter') throw mismatch();
      return draw.steps.map(jitterPrim);
    case 'RandomRotation':
      if (draw.kind !== 'angle') throw mismatch();
      return [
        {
          t: 'geom',
          m: rotationMatrix(draw.angle, w, h),
          resample: op.interpolation,
          fill: op.fill,
          outW: w,
          outH: h,
        },
      ];
    case 'RandomGrayscale':
      if (draw.kind !== 'gray') throw mismatch();
      return draw.gray ? [point({ op: 'color', factor: 0 })] : [];
    case 'AutoAugment':
    case 'RandAugment':
    case 'TimmAutoAugment':
      if (draw.kind !== 'calls') throw mismatch();
      return draw.calls.flatMap((c) => callPrims(c, w, h));
    case 'Cutout':
      if (draw.kind !== 'boxes') throw mismatch();
      return draw.boxes.map((b) => point({ op: 'fillBox', ...b, fill: [0, 0, 0] }));
    case 'RandomErasing': {
      if (draw.kind !== 'erasing') throw mismatch();
      const d = draw.draw;
      if (!d) return [];
      if (d.noiseKey) {
        const k = d.noiseKey;
        return [
          point({
            op: 'noiseBox',
            top: d.top,
            left: d.left,
            h: d.h,
            w: d.w,
            key: [k.seed, k.stream, k.sample, k.step, k.epoch],
          }),
        ];
      }
      return [
        point({ op: 'fillBox', x1: d.left, y1: d.top, x2: d.left + d.w, y2: d.top + d.h, fill: d.colour }),
      ];
    }
    case 'HideAndSeek':
      if (draw.kind !== 'hide') throw mismatch();
      if (draw.draw.gridSize === 0) return [];
      return [
        point({ op: 'hide', gridSize: draw.draw.gridSize, rows: draw.draw.rows, hidden: draw.draw.hidden }),
      ];
    case 'GridMask': {
      if (draw.kind !== 'grid') throw mismatch();
      const g = draw.draw;
      if (!g) return [];
      const hh = pyInt(1.5 * h);
      const ww = pyInt(1.5 * w);
      const rotation = g.angle === 0 ? undefined : { m: rotationMatrix(g.angle, ww, hh), w: ww, h: hh };
      return [
        point({
          op: 'gridMask',
          d: g.d,
          l: g.l,
          stH: g.stH,
          stW: g.stW,
          mode: g.mode,
          offX: floorDiv(ww - w, 2),
          offY: floorDiv(hh - h, 2),
          rotation,
        }),
      ];
    }
  }
}

/** Size after a primitive. */
export function primOutSize(p: Primitive, w: number, h: number): [number, number] {
  if (p.t === 'resize' || p.t === 'geom') return [p.outW, p.outH];
  return [w, h];
}

/** One sample's primitives in data-flow order, each with its input size. */
export function lowerPlan(
  pipeline: AugmentPipeline,
  plan: readonly OpDraw[],
  width: number,
  height: number,
): SizedPrimitive[] {
  if (plan.length !== pipeline.transforms.length) {
    throw new Error(
      `augment GPU compiler: plan has ${plan.length} draws for ${pipeline.transforms.length} ops`,
    );
  }
  let w = width;
  let h = height;
  const out: SizedPrimitive[] = [];
  pipeline.transforms.forEach((op, i) => {
    for (const prim of lowerOp(op, plan[i], w, h, `transform_ops[${i}]`)) {
      out.push({ prim, inW: w, inH: h });
      [w, h] = primOutSize(prim, w, h);
    }
  });
  return out;
}
