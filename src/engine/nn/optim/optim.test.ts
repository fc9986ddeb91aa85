// Reference optimizers against hand-derived step sequences, plus state()/load() round trips and validation.
import { describe, expect, it } from 'vitest';
import { AdamW } from './adamw.ts';
import { clipGradGlobalNorm } from './clip-grad.ts';
import { Ema } from './ema.ts';
import { Sgd } from './sgd.ts';

const f64 = (...v: number[]) => Float64Array.from(v);
const near = (a: ArrayLike<number>, b: number[], digits = 13) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => {
    expect(a[i]).toBeCloseTo(v, digits);
  });
};

describe('SGD', () => {
  it('momentum: buf = μ·buf + g, p −= lr·buf', () => {
    const p = f64(1);
    const opt = new Sgd([{ params: [p] }], { momentum: 0.9 });
    const seq: number[] = [];
    for (let i = 0; i < 3; i++) {
      opt.step([[f64(1)]], 0.1);
      seq.push(p[0]);
    }
    near(seq, [0.9, 0.71, 0.439]);
  });

  it('Nesterov: p −= lr·(g + μ·buf)', () => {
    const p = f64(1);
    const opt = new Sgd([{ params: [p] }], { momentum: 0.9, nesterov: true });
    opt.step([[f64(1)]], 0.1);
    near(p, [0.81]);
    opt.step([[f64(1)]], 0.1);
    near(p, [0.539]);
  });

  it('coupled L2 weight decay goes through momentum; groups override decay and scale lr', () => {
    const a = f64(1);
    const b = f64(1);
    const c = f64(1);
    const opt = new Sgd([{ params: [a] }, { params: [b], lrMult: 0.5 }, { params: [c], weightDecay: 0 }], {
      momentum: 0.5,
      weightDecay: 0.5,
    });
    const zero = [[f64(0)], [f64(0)], [f64(0)]];
    opt.step(zero, 0.2);
    near([a[0], b[0], c[0]], [0.9, 0.95, 1]);
    opt.step(zero, 0.2);
    // a: g' = 0.45, buf = 0.25 + 0.45; b: g' = 0.475, buf = 0.25 + 0.475, lr 0.1.
    near([a[0], b[0], c[0]], [0.9 - 0.2 * 0.7, 0.95 - 0.1 * 0.725, 1]);
  });

  it('state()/load() resumes bit-identically and snapshots are copies', () => {
    const grads = (k: number) => [[f64(Math.sin(k), Math.cos(k))]];
    const p = f64(0.3, -0.2);
    const opt = new Sgd([{ params: [p] }], { momentum: 0.9, nesterov: true, weightDecay: 1e-4 });
    opt.step(grads(1), 0.1);
    opt.step(grads(2), 0.1);
    const saved = opt.state();
    const q = Float64Array.from(p);
    for (let k = 3; k < 6; k++) opt.step(grads(k), 0.05);
    const resumed = new Sgd([{ params: [q] }], { momentum: 0.9, nesterov: true, weightDecay: 1e-4 });
    resumed.load(saved);
    for (let k = 3; k < 6; k++) resumed.step(grads(k), 0.05);
    expect([...q]).toEqual([...p]);
    expect(saved.step).toBe(2);
  });

  it('validates', () => {
    const p = f64(1, 2);
    expect(() => new Sgd([{ params: [p] }], { nesterov: true })).toThrow(
      'SGD: Nesterov momentum requires momentum > 0',
    );
    const opt = new Sgd([{ params: [p] }]);
    expect(() => opt.step([[f64(1)]], 0.1)).toThrow(
      'SGD: group 0 parameter 0 has 2 values but its gradient 1',
    );
    expect(() => opt.step([], 0.1)).toThrow('SGD: 0 gradient groups for 1 parameter groups');
    expect(() => opt.step([[f64(1, 1)]], Number.NaN)).toThrow(
      'SGD: learning rate must be a finite number ≥ 0',
    );
    expect(() => opt.load({ kind: 'sgd', step: 1, momentumBuffers: [[f64(1)]] })).toThrow(
      'SGD: saved momentum buffers does not match the parameter groups',
    );
  });
});

describe('AdamW', () => {
  it('matches two hand-derived steps with decoupled decay and bias correction', () => {
    const p = f64(1);
    const opt = new AdamW([{ params: [p] }], { weightDecay: 0.01 });
    opt.step([[f64(2)]], 0.1);
    // m̂ = g, v̂ = g²: the first step is lr·g/(|g| + ε) after decaying p by lr·wd.
    const p1 = 1 * (1 - 0.1 * 0.01) - (0.1 * 2) / (2 + 1e-8);
    near(p, [p1], 15);
    opt.step([[f64(-1)]], 0.1);
    const m2 = 0.9 * 0.2 + 0.1 * -1;
    const v2 = 0.999 * 0.004 + 0.001 * 1;
    const p2 = p1 * (1 - 0.001) - (0.1 * (m2 / (1 - 0.81))) / (Math.sqrt(v2 / (1 - 0.998001)) + 1e-8);
    near(p, [p2], 14);
  });

  it('lrMult scales both the step and the decay', () => {
    const a = f64(1);
    const b = f64(1);
    const opt = new AdamW([{ params: [a] }, { params: [b], lrMult: 0.1 }], { weightDecay: 0.5 });
    opt.step([[f64(3)], [f64(3)]], 0.2);
    near(a, [1 - 0.1 - 0.2 * (3 / (3 + 1e-8))]);
    near(b, [1 - 0.01 - 0.02 * (3 / (3 + 1e-8))]);
  });

  it('state()/load() resumes bit-identically', () => {
    const grads = (k: number) => [[f64(Math.sin(k), Math.cos(3 * k))]];
    const p = f64(0.3, -0.2);
    const opt = new AdamW([{ params: [p] }]);
    opt.step(grads(1), 1e-2);
    const saved = opt.state();
    const q = Float64Array.from(p);
    for (let k = 2; k < 5; k++) opt.step(grads(k), 1e-2);
    const resumed = new AdamW([{ params: [q] }]);
    resumed.load(saved);
    for (let k = 2; k < 5; k++) resumed.step(grads(k), 1e-2);
    expect([...q]).toEqual([...p]);
    expect(() => resumed.load({ kind: 'sgd' } as never)).toThrow(
      "AdamW: cannot load optimizer state of kind 'sgd'",
    );
  });

  it('minimises a quadratic', () => {
    const p = f64(5, -3);
    const opt = new AdamW([{ params: [p] }], { weightDecay: 0 });
    for (let k = 0; k < 2000; k++) opt.step([[f64(p[0] - 1, p[1] - 2)]], 0.05);
    near(p, [1, 2], 3);
  });
});

describe('global-norm clipping', () => {
  it('scales all gradients together when the norm exceeds the limit', () => {
    const a = f64(3);
    const b = f64(0, 4);
    expect(clipGradGlobalNorm([a, b], 1)).toBe(5);
    near([...a, ...b], [0.6, 0, 0.8]);
    const c = f64(0.3, 0.4);
    expect(clipGradGlobalNorm([c], 1)).toBeCloseTo(0.5, 15);
    expect([...c]).toEqual([0.3, 0.4]);
    expect(() => clipGradGlobalNorm([c], 0)).toThrow(
      'clipGradGlobalNorm: max norm must be a positive number',
    );
  });
});

describe('EMA of weights', () => {
  it('shadow = d·shadow + (1 − d)·p', () => {
    const p = f64(0);
    const ema = new Ema([p], { decay: 0.5 });
    p[0] = 1;
    ema.update([p]);
    ema.update([p]);
    near(ema.shadow[0], [0.75]);
  });

  it('warm-up uses min(decay, (1 + t)/(10 + t))', () => {
    const p = f64(0);
    const ema = new Ema([p], { decay: 0.9999, warmup: true });
    expect(ema.currentDecay()).toBeCloseTo(0.1, 15);
    p[0] = 1;
    ema.update([p]);
    near(ema.shadow[0], [0.9]);
    ema.update([p]);
    near(ema.shadow[0], [(2 / 11) * 0.9 + 9 / 11]);
    for (let i = 0; i < 100_000; i++) ema.update([p]);
    expect(ema.currentDecay()).toBe(0.9999);
  });

  it('state()/load() round trip and validation', () => {
    const ema = new Ema([f64(1, 2)], { decay: 0.9, warmup: true });
    ema.update([f64(3, 4)]);
    const s = ema.state();
    const other = new Ema([f64(0, 0)], { decay: 0.9, warmup: true });
    other.load(s);
    expect([...other.shadow[0]]).toEqual([...ema.shadow[0]]);
    expect(other.currentDecay()).toBe(ema.currentDecay());
    expect(() => other.update([f64(1)])).toThrow('EMA: parameters do not match the shadow copy');
  });
});
