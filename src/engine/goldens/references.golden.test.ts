// The float64 references (Conv, BatchNormalization train, softmax cross-entropy, SGD) vs PyTorch's float64 results
// in the committed goldens: rel 1e-9, floored at 1e-6 of each tensor's peak so near-zero cancellations stay fair.
import { describe, expect, it } from 'vitest';
import * as bn from '../kernels/batchnorm/batchnorm.ref.ts';
import * as conv from '../kernels/conv2d/conv2d.ref.ts';
import { softmaxCrossEntropy } from '../nn/losses/cross-entropy.ts';
import { Sgd } from '../nn/optim/sgd.ts';
import { closeness } from '../nn/ref/gradcheck.ts';
import type { Tensor64 } from '../nn/ref/tensor64.ts';
import bnText from './batchnorm.golden.json?raw';
import convText from './conv2d.golden.json?raw';
import ceText from './cross-entropy.golden.json?raw';
import sgdText from './sgd.golden.json?raw';
import type { BnCase, CeCase, ConvCase, SgdCase } from './testing/cases.ts';
import { expected64, type GoldenTensor, input64, parseGolden } from './testing/golden.ts';

const RTOL = 1e-9;

function peak(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function expectClose(actual: Tensor64 | null, want: GoldenTensor | null, what: string): void {
  expect(actual, what).not.toBeNull();
  const e = expected64(want!, what);
  expect(actual!.shape, `${what} shape`).toEqual(e.shape);
  expect(closeness(actual!.data, e.data, RTOL, 1e-6 * peak(e.data)), what).toBeNull();
}

describe('float64 references vs PyTorch goldens', () => {
  it('Conv forward and backward (strided, dilated, asymmetric pads, grouped, depthwise, 1×1, bias)', () => {
    const g = parseGolden<ConvCase>(convText, 'conv2d.golden.json');
    expect(convCoverage(g.cases)).toEqual({
      strided: true,
      dilated: true,
      grouped: true,
      depthwise: true,
      bias: true,
    });
    for (const c of g.cases) {
      const x = input64(c.x);
      const w = input64(c.w);
      const b = c.b ? input64(c.b) : null;
      expectClose(conv.conv2dForward(x, w, b, c.attrs), c.y, `${c.name}: Y`);
      const grads = conv.conv2dBackward(x, w, input64(c.dy), b !== null, c.attrs);
      expectClose(grads.dx, c.dx, `${c.name}: dX`);
      expectClose(grads.dw, c.dw, `${c.name}: dW`);
      if (c.db) expectClose(grads.db, c.db, `${c.name}: dB`);
      else expect(grads.db, `${c.name}: dB`).toBeNull();
    }
  });

  it('BatchNormalization training step: batch-stat forward, dX/dγ/dβ, running stats (PyTorch momentum)', () => {
    const g = parseGolden<BnCase>(bnText, 'batchnorm.golden.json');
    for (const c of g.cases) {
      const p: bn.BatchNormParams = {
        scale: input64(c.scale),
        bias: input64(c.bias),
        runningMean: input64(c.runningMean),
        runningVar: input64(c.runningVar),
      };
      const x = input64(c.x);
      // The engine speaks ONNX momentum (weight of the old running value) = 1 − PyTorch's momentum.
      const attrs = { epsilon: c.epsilon, momentum: c.onnxMomentum };
      const f = bn.batchNormForward(x, p, 'train', attrs);
      expectClose(f.y, c.y, `${c.name}: Y`);
      expectClose(f.runningMean, c.runningMeanAfter, `${c.name}: running mean`);
      expectClose(f.runningVar, c.runningVarAfter, `${c.name}: running var`);
      const grads = bn.batchNormBackward(x, p, input64(c.dy), f, 'train');
      expectClose(grads.dx, c.dx, `${c.name}: dX`);
      expectClose(grads.dScale, c.dScale, `${c.name}: dγ`);
      expectClose(grads.dBias, c.dBias, `${c.name}: dβ`);
    }
  });

  it('softmax cross-entropy with label smoothing: mean loss and dLogits', () => {
    const g = parseGolden<CeCase>(ceText, 'cross-entropy.golden.json');
    for (const c of g.cases) {
      const r = softmaxCrossEntropy(input64(c.logits), c.labels, { labelSmoothing: c.labelSmoothing });
      expect(closeness([r.loss], [c.loss], RTOL, 1e-12), `${c.name}: loss`).toBeNull();
      expectClose(r.dLogits, c.dLogits, `${c.name}: dLogits`);
    }
  });

  it('SGD (momentum, Nesterov, coupled weight decay, lr multiplier): parameters after each of 3 steps', () => {
    const g = parseGolden<SgdCase>(sgdText, 'sgd.golden.json');
    for (const c of g.cases) {
      const groups = c.initial.map((ps, gi) => ({
        params: ps.map((p) => input64(p).data),
        lrMult: c.lrMults[gi],
      }));
      const opt = new Sgd(groups, { momentum: c.momentum, nesterov: c.nesterov, weightDecay: c.weightDecay });
      c.steps.forEach((s, si) => {
        opt.step(
          s.grads.map((gs) => gs.map((t) => input64(t).data)),
          s.lr,
        );
        s.params.forEach((ps, gi) => {
          ps.forEach((want, pi) => {
            const got = { data: groups[gi].params[pi], shape: want.shape };
            expectClose(got, want, `${c.name}: step ${si + 1} group ${gi} param ${pi}`);
          });
        });
      });
    }
  });
});

/** Which conv features the golden exercises: regenerating with fewer cases must not pass silently. */
function convCoverage(cases: ConvCase[]): Record<string, boolean> {
  return {
    strided: cases.some((c) => c.attrs.strides.some((v) => v > 1)),
    dilated: cases.some((c) => c.attrs.dilations.some((v) => v > 1)),
    grouped: cases.some((c) => c.attrs.group > 1 && c.attrs.group < c.x.shape[1]),
    depthwise: cases.some((c) => c.attrs.group > 1 && c.attrs.group === c.x.shape[1]),
    bias: cases.some((c) => c.b !== null),
  };
}
