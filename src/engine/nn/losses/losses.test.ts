// Loss references: known values (log K at uniform logits, hand-computed cases), validation, and gradients w.r.t.
// logits vs central finite differences of the loss (1e-6 relative, floor 1).
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../ref/gradcheck.ts';
import { tensor64 } from '../ref/tensor64.ts';
import { softmaxCrossEntropy } from './cross-entropy.ts';
import { jsDivergence, klDivergence } from './divergence.ts';
import { softTargetCrossEntropy, softTargetsFromLogits } from './soft-target-cross-entropy.ts';

const N = 3;
const K = 5;
const one = Float64Array.of(1);
const randLogits = () => tensor64([N, K], randomF64(N * K, -3, 3));
const randLabels = () => Int32Array.from({ length: N }, () => Math.floor(Math.random() * K));
const randProbs = () => softTargetsFromLogits(randLogits());

describe('softmax cross-entropy with label smoothing', () => {
  it('is log K at uniform logits for any smoothing', () => {
    for (const eps of [0, 0.1, 0.5]) {
      const r = softmaxCrossEntropy(tensor64([N, K], new Float64Array(N * K).fill(2.5)), randLabels(), {
        labelSmoothing: eps,
      });
      expect(r.loss).toBeCloseTo(Math.log(K), 14);
    }
  });

  it('matches a hand-computed two-class case', () => {
    const logits = tensor64([1, 2], [0, Math.log(3)]); // p = [1/4, 3/4]
    expect(softmaxCrossEntropy(logits, [1]).loss).toBeCloseTo(-Math.log(0.75), 14);
    const smooth = softmaxCrossEntropy(logits, [1], { labelSmoothing: 0.1 });
    expect(smooth.loss).toBeCloseTo(-0.05 * Math.log(0.25) - 0.95 * Math.log(0.75), 14);
    expect([...smooth.dLogits.data].map((v) => +v.toFixed(14))).toEqual([0.2, -0.2]);
  });

  it('validates', () => {
    expect(() => softmaxCrossEntropy(randLogits(), [0, 1])).toThrow(
      'softmaxCrossEntropy: 2 labels for 3 rows',
    );
    expect(() => softmaxCrossEntropy(randLogits(), [0, 5, 1])).toThrow(
      'softmaxCrossEntropy: label 5 at row 1 outside [0, 5)',
    );
    expect(() => softmaxCrossEntropy(randLogits(), [0, 1, 2], { labelSmoothing: 2 })).toThrow(
      'label smoothing must be in [0, 1]',
    );
  });

  for (const eps of [0, 0.1]) {
    it(`ε=${eps}: gradient vs finite differences`, () => {
      const logits = randLogits();
      const labels = randLabels();
      const r = softmaxCrossEntropy(logits, labels, { labelSmoothing: eps });
      const f = ([z]: Float64Array[]) =>
        Float64Array.of(
          softmaxCrossEntropy({ data: z, shape: [N, K] }, labels, { labelSmoothing: eps }).loss,
        );
      expect(vjpMismatch(f, [logits.data], one, [r.dLogits.data], ['dLogits'])).toBeNull();
    });
  }
});

describe('soft-target cross-entropy', () => {
  it('equals hard-label cross-entropy for one-hot targets, and smoothing for smoothed ones', () => {
    const logits = randLogits();
    const labels = randLabels();
    const smoothed = new Float64Array(N * K).fill(0.1 / K);
    labels.forEach((y, i) => {
      smoothed[i * K + y] += 0.9;
    });
    const a = softTargetCrossEntropy(logits, tensor64([N, K], smoothed));
    const b = softmaxCrossEntropy(logits, labels, { labelSmoothing: 0.1 });
    expect(a.loss).toBeCloseTo(b.loss, 13);
    a.dLogits.data.forEach((v, i) => {
      expect(v).toBeCloseTo(b.dLogits.data[i], 14);
    });
  });

  it('validates', () => {
    expect(() =>
      softTargetCrossEntropy(randLogits(), tensor64([N, K], new Float64Array(N * K).fill(-1))),
    ).toThrow('softTargetCrossEntropy: target -1 at [0,0] is not a finite value ≥ 0');
    expect(() => softTargetCrossEntropy(randLogits(), randProbs(), { temperature: 0 })).toThrow(
      'softTargetCrossEntropy: temperature must be a positive number, got 0',
    );
    expect(() => softTargetCrossEntropy(randLogits(), tensor64([N, K + 1]))).toThrow(
      'softTargetCrossEntropy: targets shape [3,6] ≠ logits shape [3,5]',
    );
  });

  for (const temperature of [1, 4]) {
    it(`T=${temperature}: gradient vs finite differences (targets not summing to 1 too)`, () => {
      const logits = randLogits();
      const targets = tensor64([N, K], randomF64(N * K, 0, 1));
      const r = softTargetCrossEntropy(logits, targets, { temperature });
      const f = ([z]: Float64Array[]) =>
        Float64Array.of(softTargetCrossEntropy({ data: z, shape: [N, K] }, targets, { temperature }).loss);
      expect(vjpMismatch(f, [logits.data], one, [r.dLogits.data], ['dLogits'])).toBeNull();
    });
  }
});

describe('KL and JS divergence between logits', () => {
  it('KL matches a hand-computed case and is 0 for identical logits', () => {
    const a = tensor64([1, 2], [0, 0]);
    const b = tensor64([1, 2], [0, Math.log(3)]);
    expect(klDivergence(a, b).loss).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 14);
    const same = randLogits();
    const r = klDivergence(same, same);
    expect(r.loss).toBeCloseTo(0, 14);
    for (const v of r.dA.data) expect(Math.abs(v)).toBeLessThan(1e-15);
  });

  it('JS is symmetric and approaches log 2 for disjoint distributions', () => {
    const a = randLogits();
    const b = randLogits();
    expect(jsDivergence(a, b).loss).toBeCloseTo(jsDivergence(b, a).loss, 14);
    const far = jsDivergence(tensor64([1, 2], [60, -60]), tensor64([1, 2], [-60, 60]));
    expect(far.loss).toBeCloseTo(Math.log(2), 12);
  });

  it('validates', () => {
    expect(() => klDivergence(randLogits(), tensor64([N, K + 1]))).toThrow(
      'klDivergence: logits A shape [3,5] ≠ logits B shape [3,6]',
    );
  });

  for (const [name, fn] of [
    ['KL', klDivergence],
    ['JS', jsDivergence],
  ] as const) {
    for (const temperature of [1, 2.5]) {
      it(`${name} T=${temperature}: gradients w.r.t. both logits vs finite differences`, () => {
        const a = randLogits();
        const b = randLogits();
        const r = fn(a, b, { temperature });
        const f = ([x, y]: Float64Array[]) =>
          Float64Array.of(fn({ data: x, shape: [N, K] }, { data: y, shape: [N, K] }, { temperature }).loss);
        expect(vjpMismatch(f, [a.data, b.data], one, [r.dA.data, r.dB.data], ['dA', 'dB'])).toBeNull();
      });
    }
  }
});
