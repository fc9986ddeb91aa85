// The CPU reference executor: whole-graph gradients vs central finite differences of the loss on small graphs
// (conv+bn+relu+pool+gemm, residual Add, Concat/Split, channel shuffle, SE-style gating, random DAGs), loss
// decreasing under SGD, and mode structure (frozen parts skip backward, BatchNorm frozen).
import { describe, expect, it } from 'vitest';
import type { Graph } from '../graph/ir.ts';
import { compileTrainSchedule, type TrainOptions } from '../plan/compile.ts';
import { GraphBuilder, mulberry32, randomGraph } from '../plan/testing/graph-builder.ts';
import { closeness } from '../ref/gradcheck.ts';
import { type Tensor64, tensor64 } from '../ref/tensor64.ts';
import { CpuExecutor } from './cpu-executor.ts';

const sgd: TrainOptions['optimizer'] = { kind: 'sgd', momentum: 0.9 };
// Seeded draws: a fresh random input lands within a finite-difference step of a Relu/Clip kink now and then.
const rng = mulberry32(0x5eed);

function convBnReluPoolGemm(rand: () => number = rng): Graph {
  const b = new GraphBuilder('cbrpg', ['batch', 3, 6, 6], rand);
  let x = b.conv(b.input, 3, 4, 3, 1);
  x = b.bn(x, 4);
  x = b.one('Relu', [x]);
  x = b.one('MaxPool', [x], { kernelShape: [2, 2], strides: [2, 2] });
  x = b.conv(x, 4, 4, 3, 2, 4, false);
  x = b.one('GlobalAveragePool', [x]);
  return b.build(b.head(x, 4, 3));
}

function residual(): Graph {
  const b = new GraphBuilder('residual', ['batch', 2, 5, 5], rng);
  const stem = b.one('Clip', [b.conv(b.input, 2, 3)], { min: 0, max: 6 });
  let y = b.one('Relu', [b.bn(b.conv(stem, 3, 3), 3)]);
  y = b.conv(y, 3, 3, 1);
  const sum = b.one('Relu', [b.one('Add', [stem, y])]);
  return b.build(b.head(b.one('GlobalAveragePool', [sum]), 3, 4));
}

function concatSplit(): Graph {
  const b = new GraphBuilder('concat-split', ['batch', 2, 4, 4], rng);
  const x = b.conv(b.input, 2, 4);
  const [p, q] = b.node('Split', [x], { axis: 1, split: [1, 3] }, 2);
  const c = b.one('Concat', [b.conv(p, 1, 2, 1), b.one('HardSwish', [q])], { axis: 1 });
  const s = b.one('Slice', [c], { starts: [1], ends: [4], axes: [1], steps: [1] });
  const pooled = b.one('AveragePool', [s], { kernelShape: [2, 2], strides: [2, 2] });
  return b.build(b.head(pooled, 3 * 2 * 2, 3));
}

function channelShuffle(): Graph {
  const b = new GraphBuilder('shuffle', ['batch', 2, 3, 3], rng);
  const x = b.conv(b.input, 2, 4);
  const r = b.one('Reshape', [x], { shape: [0, 2, 2, 3, 3] });
  const t = b.one('Transpose', [r], { perm: [0, 2, 1, 3, 4] });
  const back = b.one('Reshape', [t], { shape: [0, -1, 3, 3] });
  // SE-style gate: ReduceMean → 1×1 conv → Sigmoid → Mul, then Softmax over channels before the head.
  const squeeze = b.one('ReduceMean', [back], { axes: [2, 3], keepdims: 1 });
  const gate = b.one('Sigmoid', [b.conv(squeeze, 4, 4, 1)]);
  const y = b.one('Mul', [back, gate]);
  const sm = b.one('Softmax', [b.conv(y, 4, 2, 1)], { axis: 1 });
  return b.build(b.head(b.one('GlobalAveragePool', [sm]), 2, 3));
}

function randomBatch(g: Graph, batch: number): Tensor64 {
  const shape = [batch, ...(g.inputs[0].shape.slice(1) as number[])];
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor64(
    shape,
    Float64Array.from({ length: n }, () => 2 * rng() - 1),
  );
}

/** Every trainable param's analytic gradient vs central differences of the executor's own loss. */
function gradcheck(g: Graph, opts: Partial<TrainOptions> = {}, batch = 3): void {
  const s = compileTrainSchedule(g, { batch, mode: 'full', optimizer: sgd, labelSmoothing: 0.1, ...opts });
  const ex = new CpuExecutor(s, g);
  const x = randomBatch(g, batch);
  const k = s.tensors.get(s.logits)!.shape[1];
  const labels = Array.from({ length: batch }, (_, i) => i % k);
  ex.gradients(x, labels);
  expect(ex.grads.size).toBe(s.trainable.length);
  const h = 1e-5;
  for (const { name } of s.trainable) {
    const p = ex.params.get(name)!.data;
    const numeric = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const keep = p[i];
      p[i] = keep + h;
      const up = ex.lossOf(x, labels);
      p[i] = keep - h;
      const down = ex.lossOf(x, labels);
      p[i] = keep;
      numeric[i] = (up - down) / (2 * h);
    }
    const msg = closeness(ex.grads.get(name)!, numeric, 1e-5, 1e-3);
    expect(msg, `${g.name}: d loss / d ${name}`).toBeNull();
  }
}

describe('whole-graph gradients vs finite differences', () => {
  it('conv + batchnorm(train) + relu + maxpool + depthwise conv + gemm', () =>
    gradcheck(convBnReluPoolGemm()));
  it('residual Add (fan-out summed)', () => gradcheck(residual()));
  it('Concat / Split / Slice / AveragePool / HardSwish', () => gradcheck(concatSplit()));
  it('channel shuffle Reshape/Transpose, ReduceMean, Sigmoid·Mul gate, Softmax', () =>
    gradcheck(channelShuffle()));
  it('random DAGs (fan-out, concat of the same tensor twice, BN, pools)', () => {
    for (const seed of [11, 12, 13]) gradcheck(randomGraph(seed, { ops: 8, size: 4 }), {}, 2);
  });
  it('last-k gradients equal the full-mode gradients of the same params (no BatchNorm to switch mode)', () => {
    const g = channelShuffle();
    const x = randomBatch(g, 2);
    const full = new CpuExecutor(compileTrainSchedule(g, { batch: 2, mode: 'full', optimizer: sgd }), g);
    const last = new CpuExecutor(
      compileTrainSchedule(g, { batch: 2, mode: 'last-k', k: 2, optimizer: sgd }),
      g,
    );
    full.gradients(x, [0, 1]);
    last.gradients(x, [0, 1]);
    expect(last.grads.size).toBe(4);
    for (const [name, gl] of last.grads) expect(closeness(gl, full.grads.get(name)!, 1e-12)).toBeNull();
  });
});

describe('modes and schedule structure', () => {
  it('head mode runs no backward outside the head and BatchNorm frozen', () => {
    const g = convBnReluPoolGemm();
    const s = compileTrainSchedule(g, { batch: 2, mode: 'head', optimizer: sgd });
    const bwd = s.steps.filter((x) => x.phase === 'backward');
    expect(bwd.map((x) => x.op)).toEqual(['GemmGrad']);
    expect(bwd[0].outputs[0]).toBe('');
    expect(s.steps.find((x) => x.op === 'BatchNormalization')!.attrs.mode).toBe('frozen');
    expect(s.trainable.map((t) => t.name).every((n) => n.startsWith('fc_'))).toBe(true);
  });

  it('head mode with cached features trains from the pooled features only', () => {
    const g = convBnReluPoolGemm();
    const s = compileTrainSchedule(g, { batch: 2, mode: 'head', cacheFeatures: true, optimizer: sgd });
    expect(s.steps.filter((x) => x.phase === 'forward').map((x) => x.op)).toEqual(['Gemm']);
    expect(s.tensors.get(s.input)!.shape).toEqual([2, 4]);
  });

  it('a fanned-out tensor gets a GradSum; BatchNorm in full mode trains', () => {
    const s = compileTrainSchedule(residual(), { batch: 2, mode: 'full', optimizer: sgd });
    expect(s.steps.filter((x) => x.op === 'GradSum')).toHaveLength(1);
    expect(s.steps.find((x) => x.op === 'BatchNormalization')!.attrs.mode).toBe('train');
  });

  it('SGD steps reduce the loss on a tiny problem and update BatchNorm running stats', () => {
    // Seeded weights and data: random draws can make 26 steps of momentum SGD overshoot now and then.
    for (const seed of [1, 2, 3]) {
      const rand = mulberry32(seed);
      const g = convBnReluPoolGemm(rand);
      const s = compileTrainSchedule(g, { batch: 6, mode: 'full', optimizer: sgd });
      const ex = new CpuExecutor(s, g);
      const x = tensor64(
        [6, 3, 6, 6],
        Float64Array.from({ length: 6 * 3 * 36 }, () => 2 * rand() - 1),
      );
      const labels = [0, 1, 2, 0, 1, 2];
      const bn = s.steps.find((st) => st.op === 'BatchNormalization')!;
      const mean0 = Float64Array.from(ex.params.get(bn.inputs[3])!.data);
      const first = ex.step(x, labels, 0.05).loss;
      let last = first;
      for (let i = 0; i < 40; i++) last = ex.step(x, labels, 0.05).loss;
      expect(last, `seed ${seed}`).toBeLessThan(0.5 * first);
      expect(closeness(ex.params.get(bn.inputs[3])!.data, mean0, 1e-6)).not.toBeNull();
    }
  });

  it('AdamW with clipping and lr multipliers matches the reference optimizer by hand', () => {
    const g = residual();
    const s = compileTrainSchedule(g, {
      batch: 2,
      mode: 'full',
      optimizer: { kind: 'adamw', weightDecay: 0.01 },
      clipNorm: 0.5,
      lrMult: (_p, isHead) => (isHead ? 1 : 0.1),
    });
    expect(s.trainable.filter((t) => t.lrMult === 1).map((t) => t.name.split('_')[0])).toEqual(['fc', 'fc']);
    const ex = new CpuExecutor(s, g);
    const before = new Map([...ex.params].map(([k, v]) => [k, Float64Array.from(v.data)]));
    const x = randomBatch(g, 2);
    ex.step(x, [1, 2], 0.01);
    // First AdamW step moves each element by ≈ lr·lrMult·sign(g) (bias-corrected m̂/√v̂ = ±1) plus decay.
    for (const t of s.trainable) {
      const g0 = ex.grads.get(t.name)!;
      const p0 = before.get(t.name)!;
      const p1 = ex.params.get(t.name)!.data;
      for (let i = 0; i < p1.length; i++) {
        if (Math.abs(g0[i]) < 1e-6) continue;
        const lr = 0.01 * t.lrMult;
        const want = p0[i] * (1 - lr * 0.01) - lr * Math.sign(g0[i]);
        expect(Math.abs(p1[i] - want)).toBeLessThan(lr * 1e-3);
      }
    }
  });
});
