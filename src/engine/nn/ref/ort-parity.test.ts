// Forward parity of the float64 references with ONNX Runtime (WASM, float32) on one-node models with the
// attributes that matter (ceil_mode, count_include_pad, groups, negative Slice steps…). Tolerance: 1e-5 relative
// with floor 1, i.e. float32 accumulation error.
import { describe, expect, it } from 'vitest';
import { activationForward } from '../../kernels/activation/activation.ref.ts';
import { avgPoolForward } from '../../kernels/avg-pool/avg-pool.ref.ts';
import { batchNormForward } from '../../kernels/batchnorm/batchnorm.ref.ts';
import { type BinaryOp, binaryForward } from '../../kernels/broadcast-grad/broadcast-grad.ref.ts';
import { concatForward } from '../../kernels/concat/concat.ref.ts';
import { conv2dForward } from '../../kernels/conv2d/conv2d.ref.ts';
import { gemmForward } from '../../kernels/gemm/gemm.ref.ts';
import { globalAvgPoolForward } from '../../kernels/global-avg-pool/global-avg-pool.ref.ts';
import { maxPoolForward } from '../../kernels/max-pool/max-pool.ref.ts';
import { sliceForward } from '../../kernels/slice/slice.ref.ts';
import { softmaxForward } from '../../kernels/softmax/softmax.ref.ts';
import { splitForward } from '../../kernels/split/split.ref.ts';
import { closeness, randomF64 } from './gradcheck.ts';
import { type AttrValue, runOrtNode } from './ort-node.ts';
import { sizeOf, type Tensor64 } from './tensor64.ts';

/** A random float32 input and the same values as a float64 tensor. */
function input(shape: number[], lo = -1, hi = 1) {
  const f32 = Float32Array.from(randomF64(sizeOf(shape), lo, hi));
  return { feed: { data: f32, dims: shape }, t: { data: Float64Array.from(f32), shape } as Tensor64 };
}

async function expectParity(
  opType: string,
  opset: number,
  feeds: ({ data: Float32Array; dims: number[] } | null)[],
  attrs: Record<string, AttrValue>,
  want: Tensor64[],
  int64Inputs?: number[][],
) {
  const got = await runOrtNode({ opType, opset, inputs: feeds, attrs, int64Inputs, outputs: want.length });
  want.forEach((w, i) => {
    expect(got[i].dims, `${opType} output ${i} shape`).toEqual(w.shape);
    expect(closeness(got[i].data, w.data, 1e-5, 1), `${opType} output ${i}`).toBeNull();
  });
}

describe('references agree with ONNX Runtime (forward, float32 tolerance)', () => {
  it('Conv: grouped, strided, dilated, asymmetric pads, bias', async () => {
    const x = input([2, 4, 7, 6]);
    const w = input([6, 2, 3, 2]);
    const b = input([6]);
    const attrs = { strides: [2, 1], pads: [1, 0, 2, 1], dilations: [1, 2], group: 2 };
    await expectParity(
      'Conv',
      13,
      [x.feed, w.feed, b.feed],
      {
        strides: { ints: attrs.strides },
        pads: { ints: attrs.pads },
        dilations: { ints: attrs.dilations },
        group: { i: 2 },
      },
      [conv2dForward(x.t, w.t, b.t, attrs)],
    );
  });

  it('Conv: depthwise with auto_pad SAME_UPPER and stride 2', async () => {
    const x = input([1, 3, 6, 5]);
    const w = input([3, 1, 3, 3]);
    await expectParity(
      'Conv',
      13,
      [x.feed, w.feed],
      { group: { i: 3 }, auto_pad: { s: 'SAME_UPPER' }, strides: { ints: [2, 2] } },
      [conv2dForward(x.t, w.t, null, { group: 3, autoPad: 'SAME_UPPER', strides: [2, 2] })],
    );
  });

  it('Gemm: transA, transB, alpha, beta, C broadcast from [N]', async () => {
    const a = input([4, 3]);
    const b = input([5, 4]);
    const c = input([5]);
    const attrs = { transA: true, transB: true, alpha: 0.7, beta: -1.3 };
    await expectParity(
      'Gemm',
      13,
      [a.feed, b.feed, c.feed],
      { transA: { i: 1 }, transB: { i: 1 }, alpha: { f: 0.7 }, beta: { f: -1.3 } },
      [gemmForward(a.t, b.t, c.t, attrs)],
    );
  });

  it('BatchNormalization (inference)', async () => {
    const x = input([2, 3, 4, 4]);
    const [s, bias, mean, v] = [input([3]), input([3]), input([3]), input([3], 0.5, 2)];
    const eps = 1e-3;
    const ref = batchNormForward(
      x.t,
      { scale: s.t, bias: bias.t, runningMean: mean.t, runningVar: v.t },
      'eval',
      {
        epsilon: eps,
      },
    );
    await expectParity(
      'BatchNormalization',
      15,
      [x.feed, s.feed, bias.feed, mean.feed, v.feed],
      { epsilon: { f: eps } },
      [ref.y],
    );
  });

  it('BatchNormalization (training_mode=1): ONNX running stats use the biased variance', async () => {
    const x = input([3, 2, 2, 3]);
    const [s, bias, mean, v] = [input([2]), input([2]), input([2]), input([2], 0.5, 2)];
    const ref = batchNormForward(
      x.t,
      { scale: s.t, bias: bias.t, runningMean: mean.t, runningVar: v.t },
      'train',
      {
        epsilon: 1e-5,
        momentum: 0.8,
        runningVarUnbiased: false,
      },
    );
    await expectParity(
      'BatchNormalization',
      15,
      [x.feed, s.feed, bias.feed, mean.feed, v.feed],
      { epsilon: { f: 1e-5 }, momentum: { f: 0.8 }, training_mode: { i: 1 } },
      [ref.y, ref.runningMean, ref.runningVar],
    );
  });

  it('MaxPool: ceil_mode drops a window starting in the end padding; dilations', async () => {
    const x = input([1, 2, 5, 5]);
    await expectParity(
      'MaxPool',
      13,
      [x.feed],
      {
        kernel_shape: { ints: [2, 2] },
        strides: { ints: [3, 3] },
        pads: { ints: [1, 1, 1, 1] },
        ceil_mode: { i: 1 },
      },
      [maxPoolForward(x.t, { kernelShape: [2, 2], strides: [3, 3], pads: [1, 1, 1, 1], ceilMode: true }).y],
    );
    const y = input([1, 2, 7, 6]);
    await expectParity(
      'MaxPool',
      13,
      [y.feed],
      {
        kernel_shape: { ints: [2, 3] },
        dilations: { ints: [2, 1] },
        pads: { ints: [1, 0, 0, 2] },
        strides: { ints: [2, 2] },
      },
      [
        maxPoolForward(y.t, { kernelShape: [2, 3], dilations: [2, 1], pads: [1, 0, 0, 2], strides: [2, 2] })
          .y,
      ],
    );
  });

  for (const include of [0, 1]) {
    it(`AveragePool: count_include_pad=${include} with ceil_mode`, async () => {
      const x = input([1, 2, 6, 7]);
      const attrs = { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceilMode: true };
      await expectParity(
        'AveragePool',
        13,
        [x.feed],
        {
          kernel_shape: { ints: [3, 3] },
          strides: { ints: [2, 2] },
          pads: { ints: [1, 1, 1, 1] },
          ceil_mode: { i: 1 },
          count_include_pad: { i: include },
        },
        [avgPoolForward(x.t, { ...attrs, countIncludePad: include === 1 })],
      );
    });
  }

  it('GlobalAveragePool and Softmax(axis=1)', async () => {
    const x = input([2, 3, 4, 5]);
    await expectParity('GlobalAveragePool', 13, [x.feed], {}, [globalAvgPoolForward(x.t)]);
    await expectParity('Softmax', 13, [x.feed], { axis: { i: 1 } }, [softmaxForward(x.t, 1)]);
  });

  it('activations: Relu, Sigmoid, HardSigmoid(α=1/6), HardSwish', async () => {
    const x = input([2, 3, 4], -5, 5);
    await expectParity('Relu', 14, [x.feed], {}, [activationForward({ op: 'Relu' }, x.t)]);
    await expectParity('Sigmoid', 13, [x.feed], {}, [activationForward({ op: 'Sigmoid' }, x.t)]);
    await expectParity('HardSwish', 14, [x.feed], {}, [activationForward({ op: 'HardSwish' }, x.t)]);
    const alpha = Math.fround(1 / 6);
    await expectParity('HardSigmoid', 13, [x.feed], { alpha: { f: alpha } }, [
      activationForward({ op: 'HardSigmoid', alpha, beta: 0.5 }, x.t),
    ]);
  });

  it('Clip (ReLU6) with min/max inputs', async () => {
    const x = input([2, 5], -8, 8);
    const lo = { data: Float32Array.of(0), dims: [] };
    const hi = { data: Float32Array.of(6), dims: [] };
    await expectParity('Clip', 13, [x.feed, lo, hi], {}, [
      activationForward({ op: 'Clip', min: 0, max: 6 }, x.t),
    ]);
  });

  for (const op of ['Add', 'Sub', 'Mul', 'Div'] as BinaryOp[]) {
    it(`${op} with broadcasting`, async () => {
      const a = input([2, 1, 4]);
      const b = input([3, 1], 0.5, 2);
      await expectParity(op, 14, [a.feed, b.feed], {}, [binaryForward(op, a.t, b.t)]);
    });
  }

  it('Slice: negative starts/ends/steps, axes out of order, int64 sentinels', async () => {
    const x = input([3, 5, 6]);
    const p = {
      starts: [-1, 1, 5],
      ends: [Number.MIN_SAFE_INTEGER, 5, 0],
      axes: [0, 2, 1],
      steps: [-2, 2, -2],
    };
    await expectParity(
      'Slice',
      13,
      [x.feed],
      {},
      [sliceForward(x.t, p)],
      [p.starts, p.ends, p.axes, p.steps],
    );
  });

  it('Split (opset 18 num_outputs, uneven) and Concat', async () => {
    const x = input([2, 7, 3]);
    await expectParity(
      'Split',
      18,
      [x.feed],
      { axis: { i: 1 }, num_outputs: { i: 3 } },
      splitForward(x.t, 1, undefined, 3),
    );
    await expectParity('Split', 13, [x.feed], { axis: { i: -1 } }, splitForward(x.t, -1, [1, 2]), [[1, 2]]);
    const y = input([2, 2, 3]);
    await expectParity('Concat', 13, [x.feed, y.feed], { axis: { i: -2 } }, [concatForward([x.t, y.t], -2)]);
  });
});
