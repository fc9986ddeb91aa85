// The GPU launchers (Conv, BatchNormalization train, softmax cross-entropy, SGD update) vs PyTorch's goldens:
// forward rel 1e-4, gradients and optimizer state rel 1e-3, each floored at 1% of the tensor's peak (float32 sums
// that cancel to near zero carry an absolute error). Outputs are NaN-poisoned to catch unwritten elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../gpu/context.ts';
import type { GpuTensor } from '../gpu/tensor.ts';
import { gpuSkipped, requireGpu } from '../gpu/testing.ts';
import { batchNormBackward, batchNormForward } from '../kernels/batchnorm/batchnorm.ts';
import { conv2dBackward, conv2dForward } from '../kernels/conv2d/conv2d.ts';
import { sgdUpdate } from '../kernels/optim-update/optim-update.ts';
import { softmaxCrossEntropy } from '../kernels/softmax-cross-entropy/softmax-cross-entropy.ts';
import { closeness } from '../nn/ref/gradcheck.ts';
import bnText from './batchnorm.golden.json?raw';
import convText from './conv2d.golden.json?raw';
import ceText from './cross-entropy.golden.json?raw';
import sgdText from './sgd.golden.json?raw';
import type { BnCase, CeCase, ConvCase, SgdCase } from './testing/cases.ts';
import { expected64, type GoldenTensor, input32, parseGolden } from './testing/golden.ts';

const FWD = 1e-4;
const BWD = 1e-3;

describe.skipIf(gpuSkipped)('GPU kernels vs PyTorch goldens', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'golden test' });
  });
  afterAll(() => ctx?.destroy());

  const up = (t: GoldenTensor, label: string): GpuTensor =>
    ctx.upload(input32(t, label), [...t.shape], label);
  const poisoned = (shape: number[], label: string): GpuTensor =>
    ctx.upload(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(Number.NaN), shape, label);

  async function expectClose(
    t: GpuTensor | null | undefined,
    want: GoldenTensor,
    rtol: number,
    what: string,
  ) {
    expect(t, what).toBeTruthy();
    const e = expected64(want, what);
    expect(t!.shape, `${what} shape`).toEqual(e.shape);
    let peak = 0;
    for (const v of e.data) peak = Math.max(peak, Math.abs(v));
    expect(closeness(await ctx.read(t!), e.data, rtol, 0.01 * peak), what).toBeNull();
  }

  it('Conv forward and backward', async () => {
    const g = parseGolden<ConvCase>(convText, 'conv2d.golden.json');
    for (const c of g.cases) {
      const live = ctx.pool.stats().liveBuffers;
      const x = up(c.x, 'X');
      const w = up(c.w, 'W');
      const b = c.b ? up(c.b, 'B') : undefined;
      const dy = up(c.dy, 'dY');
      const y = conv2dForward(ctx, x, w, b, c.attrs, poisoned(c.y.shape, 'Y'));
      const grads = conv2dBackward(ctx, x, w, dy, c.attrs, {
        dx: poisoned(c.x.shape, 'dX'),
        dw: poisoned(c.w.shape, 'dW'),
        db: c.b ? poisoned(c.b.shape, 'dB') : false,
      });
      await expectClose(y, c.y, FWD, `${c.name}: Y`);
      await expectClose(grads.dx, c.dx, BWD, `${c.name}: dX`);
      await expectClose(grads.dw, c.dw, BWD, `${c.name}: dW`);
      if (c.db) await expectClose(grads.db, c.db, BWD, `${c.name}: dB`);
      for (const t of [x, w, b, dy, y, grads.dx, grads.dw, grads.db]) if (t) ctx.release(t);
      expect(ctx.pool.stats().liveBuffers, `${c.name}: live buffers after release`).toBe(live);
    }
  });

  it('BatchNormalization training step: forward, running stats in place, backward', async () => {
    const g = parseGolden<BnCase>(bnText, 'batchnorm.golden.json');
    for (const c of g.cases) {
      const x = up(c.x, 'X');
      const p = {
        scale: up(c.scale, 'scale'),
        bias: up(c.bias, 'B'),
        runningMean: up(c.runningMean, 'running mean'),
        runningVar: up(c.runningVar, 'running var'),
      };
      const f = batchNormForward(
        ctx,
        x,
        p,
        'train',
        { epsilon: c.epsilon, momentum: c.onnxMomentum },
        { y: poisoned(c.x.shape, 'Y') },
      );
      const dy = up(c.dy, 'dY');
      const grads = batchNormBackward(ctx, x, p.scale, dy, f.saved, 'train', {
        dx: poisoned(c.x.shape, 'dX'),
        dScale: poisoned(c.scale.shape, 'dγ'),
        dBias: poisoned(c.bias.shape, 'dβ'),
      });
      await expectClose(f.y, c.y, FWD, `${c.name}: Y`);
      await expectClose(p.runningMean, c.runningMeanAfter, FWD, `${c.name}: running mean`);
      await expectClose(p.runningVar, c.runningVarAfter, FWD, `${c.name}: running var`);
      await expectClose(grads.dx, c.dx, BWD, `${c.name}: dX`);
      await expectClose(grads.dScale, c.dScale, BWD, `${c.name}: dγ`);
      await expectClose(grads.dBias, c.dBias, BWD, `${c.name}: dβ`);
      for (const t of [x, dy, f.y, f.saved, grads.dx, grads.dScale, grads.dBias, ...Object.values(p)]) {
        if (t) ctx.release(t);
      }
    }
  });

  it('softmax cross-entropy with label smoothing: loss and dLogits', async () => {
    const g = parseGolden<CeCase>(ceText, 'cross-entropy.golden.json');
    for (const c of g.cases) {
      const logits = up(c.logits, 'logits');
      const labels = ctx.upload(Uint32Array.from(c.labels), [c.labels.length], 'labels');
      const r = softmaxCrossEntropy(
        ctx,
        logits,
        labels,
        { labelSmoothing: c.labelSmoothing },
        { loss: poisoned([1], 'loss'), dLogits: poisoned(c.logits.shape, 'dLogits') },
      );
      await expectClose(r.loss, { shape: [1], data: [c.loss] }, FWD, `${c.name}: loss`);
      await expectClose(r.dLogits, c.dLogits, BWD, `${c.name}: dLogits`);
      for (const t of [logits, labels, r.loss, r.dLogits, r.correct]) ctx.release(t);
    }
  });

  it('SGD update (momentum, Nesterov, weight decay, lr multiplier): parameters after each of 3 steps', async () => {
    const g = parseGolden<SgdCase>(sgdText, 'sgd.golden.json');
    for (const c of g.cases) {
      const params = c.initial.map((ps, gi) => ps.map((p, pi) => up(p, `group ${gi} param ${pi}`)));
      const bufs = params.map((ps) =>
        ps.map((p) =>
          c.momentum > 0 ? ctx.upload(new Float32Array(p.size), [...p.shape], 'momentum') : undefined,
        ),
      );
      for (const [si, s] of c.steps.entries()) {
        const grads = s.grads.map((gs, gi) => gs.map((t, pi) => up(t, `grad ${gi}.${pi}`)));
        params.forEach((ps, gi) => {
          ps.forEach((p, pi) => {
            sgdUpdate(ctx, p, grads[gi][pi], bufs[gi][pi], {
              lr: s.lr,
              lrMult: c.lrMults[gi],
              momentum: c.momentum,
              nesterov: c.nesterov,
              weightDecay: c.weightDecay,
            });
          });
        });
        for (const [gi, ps] of s.params.entries()) {
          for (const [pi, want] of ps.entries()) {
            await expectClose(params[gi][pi], want, FWD, `${c.name}: step ${si + 1} group ${gi} param ${pi}`);
          }
        }
        for (const t of grads.flat()) ctx.release(t);
      }
      for (const t of [...params.flat(), ...bufs.flat()]) if (t) ctx.release(t);
    }
  });
});
