// LR schedules at key points (warm-up end, cosine midpoint, end, step and piecewise boundaries) and the
// PaddleClas config parser.
import { describe, expect, it } from 'vitest';
import { parseLrConfig } from './parse-lr-config.ts';
import { constantLr, cosineLr, piecewiseLr, stepDecayLr, withLinearWarmup } from './schedules.ts';

describe('lr schedules', () => {
  it('cosine: base at 0, half-way value at the midpoint, etaMin at the end', () => {
    const s = cosineLr(0.1, 0.01);
    expect(s(0, 100)).toBeCloseTo(0.1, 15);
    expect(s(50, 100)).toBeCloseTo(0.055, 15);
    expect(s(25, 100)).toBeCloseTo(0.01 + (0.09 * (1 + Math.SQRT1_2)) / 2, 15);
    expect(s(100, 100)).toBeCloseTo(0.01, 15);
    expect(s(150, 100)).toBeCloseTo(0.01, 15);
  });

  it('linear warm-up hands over to the shifted inner schedule', () => {
    const s = withLinearWarmup(cosineLr(0.1), 10, 0, 0.1);
    expect(s(0, 110)).toBe(0);
    expect(s(5, 110)).toBeCloseTo(0.05, 15);
    expect(s(10, 110)).toBeCloseTo(0.1, 15);
    expect(s(60, 110)).toBeCloseTo(0.05, 15);
    expect(s(110, 110)).toBeCloseTo(0, 15);
    expect(() => s(0, 10)).toThrow('warmup: 10 warm-up steps leave nothing of a 10-step run');
  });

  it('step decay and piecewise switch exactly at their boundaries', () => {
    const st = stepDecayLr(0.1, 30, 0.1);
    expect([st(0, 90), st(29, 90), st(30, 90), st(60, 90)].map((v) => +v.toPrecision(12))).toEqual([
      0.1, 0.1, 0.01, 0.001,
    ]);
    const pw = piecewiseLr([10, 20], [1, 0.5, 0.25]);
    expect([pw(0, 30), pw(9, 30), pw(10, 30), pw(19, 30), pw(20, 30), pw(29, 30)]).toEqual([
      1, 1, 0.5, 0.5, 0.25, 0.25,
    ]);
    expect(() => piecewiseLr([10, 20], [1, 0.5])).toThrow(
      'Piecewise: needs 3 values for 2 boundaries, got 2',
    );
    expect(constantLr(0.3)(7, 10)).toBe(0.3);
    expect(() => constantLr(0.3)(-1, 10)).toThrow('lr schedule: step must be an integer ≥ 0, got -1');
  });
});

describe('PaddleClas lr config parser', () => {
  it('Cosine with warmup_epoch: warm-up end, cosine midpoint and end in iterations', () => {
    // 20 epochs × 10 steps, 5 warm-up epochs: the cosine spans the remaining 150 steps.
    const s = parseLrConfig({ name: 'Cosine', learning_rate: 0.1, warmup_epoch: 5 }, 10);
    expect(s(0, 200)).toBe(0);
    expect(s(25, 200)).toBeCloseTo(0.05, 15);
    expect(s(50, 200)).toBeCloseTo(0.1, 15);
    expect(s(125, 200)).toBeCloseTo(0.05, 15);
    expect(s(200, 200)).toBeCloseTo(0, 15);
  });

  it('Step, Piecewise and Constant', () => {
    const st = parseLrConfig({ name: 'Step', learning_rate: 0.1, step_size: 3, gamma: 0.5 }, 4);
    expect([st(11, 40), st(12, 40), st(24, 40)]).toEqual([0.1, 0.05, 0.025]);
    const pw = parseLrConfig(
      { name: 'Piecewise', decay_epochs: [2, 4], values: [0.1, 0.01, 0.001], warmup_epoch: 1 },
      5,
    );
    // Warm-up reaches values[0]; PaddleClas then shifts the boundaries by the warm-up steps.
    expect(
      [pw(0, 50), pw(4, 50), pw(5, 50), pw(14, 50), pw(15, 50), pw(25, 50)].map((v) => +v.toPrecision(12)),
    ).toEqual([0, 0.08, 0.1, 0.1, 0.01, 0.001]);
    expect(parseLrConfig({ name: 'Constant', learning_rate: 0.02, epochs: 3 }, 7)(5, 21)).toBe(0.02);
  });

  it('rejects unknown names, unknown keys and bad values', () => {
    expect(() => parseLrConfig({ name: 'Poly', learning_rate: 0.1 }, 10)).toThrow(
      'lr config: unknown schedule "Poly" (expected Cosine, Step, Piecewise, Constant, ConstLR)',
    );
    expect(() => parseLrConfig({ name: 'Cosine', learning_rate: 0.1, warmup_epochs: 5 }, 10)).toThrow(
      "lr config Cosine: unknown key 'warmup_epochs'",
    );
    expect(() => parseLrConfig({ name: 'Cosine', learning_rate: '0.1' }, 10)).toThrow(
      'lr config Cosine: \'learning_rate\' must be a number, got "0.1"',
    );
    expect(() => parseLrConfig({ name: 'Cosine', learning_rate: 0.1, by_epoch: true }, 10)).toThrow(
      'by_epoch: true is not supported',
    );
  });
});
