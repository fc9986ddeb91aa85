// The CPU half of the GPU pipeline: fusion of per-sample primitives into passes, program encoding, the
// AutoContrast float64 fix table, and the compiler's error messages (no GPU needed).
import { describe, expect, it } from 'vitest';
import { type OpDraw, planSample } from '../config/execute.ts';
import { RESNET50_VD_TRANSFORM_OPS } from '../config/fixtures.ts';
import { parsePipeline } from '../config/parse.ts';
import { autoContrastFixTable } from './ac-fix.ts';
import { splitMatrix } from './affine-split.ts';
import { compileBatch } from './compile.ts';
import { lowerPlan } from './primitives.ts';
import { HEADER_WORDS, segmentSample, TAIL_WORDS } from './program.ts';

const KEY = { seed: 11, epoch: 3, step: 5 };

describe('augment GPU compiler', () => {
  it('fuses RandCrop + flip + nearest warps + colour + normalize + erasing into few passes', () => {
    const pipeline = parsePipeline(RESNET50_VD_TRANSFORM_OPS);
    const compiled = compileBatch(
      pipeline,
      [
        [300, 200],
        [256, 256],
        [224, 320],
      ],
      KEY,
    );
    expect([compiled.outW, compiled.outH]).toEqual([224, 224]);
    // RandAugment's 2 ops may need their own passes (bicubic shear, stat ops); never more than 4 in total
    expect(compiled.passes.length).toBeGreaterThanOrEqual(1);
    expect(compiled.passes.length).toBeLessThanOrEqual(4);
    expect(compiled.passes[0].needsResize).toBe(true);
    expect(compiled.cap).toBeGreaterThanOrEqual(224 * 224);
  });

  it('segments: a stat op (Equalize) and a bicubic warp each start a pass; nearest warps and colour ops fuse', () => {
    const pipeline = parsePipeline([{ RandAugment: null }, { NormalizeImage: {} }]);
    const plan: OpDraw[] = [
      {
        kind: 'calls',
        calls: [
          { op: 'Rotate', degrees: 10, resample: 'nearest', fill: [1, 2, 3] },
          { op: 'TranslateX', pixels: 4, resample: 'nearest', fill: [0, 0, 0] },
          { op: 'Brightness', factor: 1.2 },
          { op: 'Equalize' },
          { op: 'ShearX', factor: 0.1, resample: 'bicubic', fill: [0, 0, 0] },
          { op: 'Invert' },
        ],
      },
      { kind: 'none' },
    ];
    const segs = segmentSample(lowerPlan(pipeline, plan, 40, 30), 40, 30);
    expect(segs.map((s) => [s.head.kind, s.geoms.length, s.tails.map((t) => t.op)])).toEqual([
      ['affine', 1, ['brightness']],
      ['copy', 0, ['equalize']],
      ['affine', 0, ['invert', 'normalize']],
    ]);
  });

  it('encodes hide-and-seek cells after the tails and keeps every program word a u32', () => {
    const pipeline = parsePipeline([{ HideAndSeek: null }]);
    const compiled = compileBatch(pipeline, [[64, 48]], { ...KEY, step: 2 });
    const words = compiled.passes[0].words;
    expect(words[0]).toBe(1);
    expect(words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).toBe(true);
    const plan = planSample(pipeline, { ...KEY, step: 2, sample: 0 }, 64, 48);
    if (plan[0].kind === 'hide' && plan[0].draw.gridSize > 0) {
      expect(words.length).toBe(1 + HEADER_WORDS + TAIL_WORDS + Math.ceil(plan[0].draw.hidden.length / 32));
    }
  });

  it('splits affine coefficients into an exact fixed-point part and a small remainder', () => {
    const w = splitMatrix([Math.cos(0.3), Math.sin(0.3), 100.123456, -0.25, 1, -3.5], 'test');
    const k = w.slice(0, 6).map((v) => v | 0);
    const lo = new Float32Array(Uint32Array.from(w.slice(6)).buffer);
    expect(k[3]).toBe(-1024);
    expect(k[5]).toBe(-3.5 * 8192);
    expect(Math.abs(k[0] / 4096 + lo[0] - Math.cos(0.3))).toBeLessThan(1e-9);
    expect(Math.abs(lo[2])).toBeLessThanOrEqual(1 / 16384);
    expect(() => splitMatrix([100, 0, 0, 0, 1, 0], 'RandomRotation')).toThrow(
      "RandomRotation: affine coefficient 100 is outside the GPU warp's range",
    );
  });

  it("the AutoContrast fix table reproduces PIL's float64 LUT for every (lo, hi, v)", () => {
    const table = new Set(autoContrastFixTable());
    expect(table.size).toBeGreaterThan(1000);
    let checked = 0;
    for (let lo = 0; lo < 256; lo += 3) {
      for (let hi = lo + 1; hi < 256; hi++) {
        const scale = 255 / (hi - lo);
        for (let v = lo; v <= hi; v++) {
          const pil = Math.trunc(v * scale + -lo * scale);
          const q = (v - lo) * 255;
          const gpu =
            Math.floor(q / (hi - lo)) -
            (q % (hi - lo) === 0 && table.has((lo << 16) | (hi << 8) | v) ? 1 : 0);
          if (gpu !== pil) throw new Error(`lo ${lo} hi ${hi} v ${v}: ${gpu} vs PIL ${pil}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(900_000);
  });

  it('names the op and sample when the batch cannot be compiled', () => {
    expect(() => compileBatch(parsePipeline([{ CropImage: { size: 64 } }]), [[50, 80]], KEY)).toThrow(
      'CropImage: crop 64×64 is larger than the 50×80 image',
    );
    expect(() => compileBatch(parsePipeline([{ RandFlipImage: null }]), [], KEY)).toThrow(
      'augment GPU: empty batch',
    );
    const pipeline = parsePipeline([{ RandFlipImage: null }]);
    expect(() => lowerPlan(pipeline, [{ kind: 'gray', gray: true }], 8, 8)).toThrow(
      "augment GPU compiler: transform_ops[0] RandFlipImage got a 'gray' draw",
    );
  });
});
