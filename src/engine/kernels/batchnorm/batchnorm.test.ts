// BatchNorm reference: statistics and running-stat update by hand, validation, backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { tensor64 } from '../../nn/ref/tensor64.ts';
import {
  type BatchNormMode,
  type BatchNormParams,
  batchNormBackward,
  batchNormForward,
} from './batchnorm.ref.ts';

function params(c: number): BatchNormParams {
  return {
    scale: tensor64([c], randomF64(c, 0.5, 1.5)),
    bias: tensor64([c], randomF64(c)),
    runningMean: tensor64([c], randomF64(c)),
    runningVar: tensor64([c], randomF64(c, 0.5, 2)),
  };
}

describe('batchnorm reference', () => {
  it('normalises with the biased batch variance and updates running stats (ONNX momentum, unbiased var)', () => {
    // One channel, values 1..4: mean 2.5, biased var 1.25, unbiased var 5/3.
    const x = tensor64([2, 1, 2], [1, 2, 3, 4]);
    const p: BatchNormParams = {
      scale: tensor64([1], [2]),
      bias: tensor64([1], [1]),
      runningMean: tensor64([1], [0]),
      runningVar: tensor64([1], [1]),
    };
    const r = batchNormForward(x, p, 'train', { epsilon: 0, momentum: 0.9 });
    const s = Math.sqrt(1.25);
    expect([...r.y.data].map((v) => v.toFixed(12))).toEqual(
      [-1.5, -0.5, 0.5, 1.5].map((d) => ((2 * d) / s + 1).toFixed(12)),
    );
    expect(r.runningMean.data[0]).toBeCloseTo(0.25, 14);
    expect(r.runningVar.data[0]).toBeCloseTo(0.9 + 0.1 * (5 / 3), 14);
    const onnx = batchNormForward(x, p, 'train', { epsilon: 0, runningVarUnbiased: false });
    expect(onnx.runningVar.data[0]).toBeCloseTo(0.9 + 0.1 * 1.25, 14);
    expect([...p.runningMean.data]).toEqual([0]);
  });

  it('eval mode uses the running stats and leaves them unchanged', () => {
    const x = tensor64([1, 1, 1, 2], [3, 5]);
    const p: BatchNormParams = {
      scale: tensor64([1], [1]),
      bias: tensor64([1], [0]),
      runningMean: tensor64([1], [1]),
      runningVar: tensor64([1], [4]),
    };
    const r = batchNormForward(x, p, 'eval', { epsilon: 0 });
    expect([...r.y.data]).toEqual([1, 2]);
    expect([...r.runningVar.data]).toEqual([4]);
  });

  it('rejects mismatched parameter lengths', () => {
    const p = params(3);
    expect(() => batchNormForward(tensor64([2, 4, 2, 2]), p, 'train')).toThrow(
      'BatchNormalization: scale length 3 ≠ input channels 4',
    );
    expect(() => batchNormForward(tensor64([1, 3, 1, 1]), p, 'train')).toThrow(
      'BatchNormalization: training needs more than 1 value per channel',
    );
  });

  for (const mode of ['train', 'eval', 'frozen'] as BatchNormMode[]) {
    it(`${mode}: backward vs finite differences (1e-6 rel, floor 1)`, () => {
      const shape = [3, 2, 2, 3];
      const x = tensor64(shape, randomF64(36, -2, 2));
      const p = params(2);
      const fwd = batchNormForward(x, p, mode);
      const dy = tensor64(shape, randomF64(36));
      const g = batchNormBackward(x, p, dy, fwd, mode);
      const f = ([xd, sd, bd]: Float64Array[]) =>
        batchNormForward(
          { data: xd, shape },
          { ...p, scale: { data: sd, shape: [2] }, bias: { data: bd, shape: [2] } },
          mode,
        ).y.data;
      expect(
        vjpMismatch(
          f,
          [x.data, p.scale.data, p.bias.data],
          dy.data,
          [g.dx.data, g.dScale?.data ?? null, g.dBias?.data ?? null],
          ['dX', 'dScale', 'dBias'],
        ),
      ).toBeNull();
      expect(g.dScale === null).toBe(mode === 'frozen');
    });
  }

  it('works on [N,C] inputs (BatchNorm1d after a Linear layer)', () => {
    const x = tensor64([4, 3], randomF64(12));
    const p = params(3);
    const fwd = batchNormForward(x, p, 'train');
    const dy = tensor64([4, 3], randomF64(12));
    const g = batchNormBackward(x, p, dy, fwd, 'train');
    const f = ([xd]: Float64Array[]) => batchNormForward({ data: xd, shape: [4, 3] }, p, 'train').y.data;
    expect(vjpMismatch(f, [x.data], dy.data, [g.dx.data], ['dX'])).toBeNull();
  });
});
