// Optimizer update kernels vs the float64 optimizers in nn/optim over 3 steps on fresh random parameters and
// gradients (two parameter groups with different lr multipliers and weight decay): rel 1e-4 (floor 1), and the
// same for global-norm clipping and EMA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { AdamW } from '../../nn/optim/adamw.ts';
import { clipGradGlobalNorm as refClip } from '../../nn/optim/clip-grad.ts';
import { Ema } from '../../nn/optim/ema.ts';
import type { ParamGroup } from '../../nn/optim/param-groups.ts';
import { Sgd } from '../../nn/optim/sgd.ts';
import { clipGradGlobalNorm } from './clip-grad-norm.ts';
import { adamwUpdate, emaDecay, emaUpdate, sgdUpdate } from './optim-update.ts';

/** Sizes: one spanning several sum-of-squares chunks and workgroups, two small. */
const SIZES = [[5000], [37], [3]];
const GROUP_OF = [0, 0, 1];
const LRS = [0.1, 0.05, 0.02];

describe.skipIf(gpuSkipped)('optimizer update kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'optim-update test' });
  });
  afterAll(() => ctx?.destroy());

  /** A NaN-poisoned (norm, scale) buffer: the finalize pass must write both. */
  const nanStats = () => ctx.upload(new Float32Array(2).fill(Number.NaN), [2], 'poisoned stats');

  async function expectClose(t: GpuTensor, expected: ArrayLike<number>, what: string, tol = 1e-4) {
    const { err, index } = maxRelError(await ctx.read(t), expected, 1);
    expect(err, `${what} at ${index}`).toBeLessThan(tol);
  }

  /** Host parameters (float64 copies of float32 values) in two groups, and their GPU twins. */
  function setup(groupOpts: Omit<ParamGroup, 'params'>[]) {
    const host = SIZES.map(([n]) => Float64Array.from(randomF32(n, -1, 1)));
    const groups: ParamGroup[] = groupOpts.map((g) => ({ ...g, params: [] }));
    host.forEach((p, i) => {
      groups[GROUP_OF[i]].params.push(p);
    });
    const gpu = host.map((p, i) => ctx.upload(Float32Array.from(p), SIZES[i], `param ${i}`));
    return { host, groups, gpu };
  }

  /** Random gradients as float32 values (so both sides see identical inputs), grouped like the parameters. */
  function gradients(scale = 1) {
    const flat = SIZES.map(([n]) => randomF32(n, -scale, scale));
    const grouped: Float64Array[][] = [[], []];
    flat.forEach((g, i) => {
      grouped[GROUP_OF[i]].push(Float64Array.from(g));
    });
    return { flat, grouped, gpu: flat.map((g, i) => ctx.upload(g, SIZES[i], `grad ${i}`)) };
  }

  for (const nesterov of [false, true]) {
    it(`SGD momentum 0.9${nesterov ? ' Nesterov' : ''}, coupled L2, lr multipliers, with clipping: 3 steps`, async () => {
      const groupOpts = [{ lrMult: 1 }, { lrMult: 0.1, weightDecay: 0 }];
      const { host, groups, gpu } = setup(groupOpts);
      const ref = new Sgd(groups, { momentum: 0.9, nesterov, weightDecay: 1e-3 });
      const bufs = SIZES.map(([n], i) => ctx.upload(new Float32Array(n), SIZES[i], `momentum ${i}`));
      for (let step = 0; step < 3; step++) {
        const g = gradients();
        // Norm ≈ √(5040/3) ≈ 41: clipping to 10 scales every step.
        const refNorm = refClip(g.grouped.flat(), 10);
        const stats = clipGradGlobalNorm(ctx, g.gpu, 10, nanStats());
        ref.step(g.grouped, LRS[step]);
        gpu.forEach((p, i) => {
          const o = groupOpts[GROUP_OF[i]];
          sgdUpdate(ctx, p, g.gpu[i], bufs[i], {
            lr: LRS[step],
            lrMult: o.lrMult,
            momentum: 0.9,
            nesterov,
            weightDecay: o.weightDecay ?? 1e-3,
          });
        });
        await expectClose(stats, [refNorm, 10 / refNorm], `step ${step} norm/scale`);
        for (const t of [...g.gpu, stats]) ctx.release(t);
      }
      const refBufs = ref.state().momentumBuffers;
      for (let i = 0; i < SIZES.length; i++) {
        await expectClose(gpu[i], host[i], `param ${i}`);
        const k = groups[GROUP_OF[i]].params.indexOf(host[i]);
        await expectClose(bufs[i], refBufs[GROUP_OF[i]][k], `momentum ${i}`);
      }
      for (const t of [...gpu, ...bufs]) ctx.release(t);
    });
  }

  it('plain SGD (no momentum buffer) and clipping below the threshold leaves gradients alone', async () => {
    const { host, groups, gpu } = setup([{}, { lrMult: 2 }]);
    const ref = new Sgd(groups, { weightDecay: 5e-4 });
    for (let step = 0; step < 3; step++) {
      const g = gradients(0.001);
      const stats = clipGradGlobalNorm(ctx, g.gpu, 100, nanStats());
      ref.step(g.grouped, LRS[step]);
      gpu.forEach((p, i) => {
        sgdUpdate(ctx, p, g.gpu[i], undefined, {
          lr: LRS[step],
          lrMult: GROUP_OF[i] === 1 ? 2 : 1,
          weightDecay: 5e-4,
        });
      });
      const [norm, scale] = await ctx.read(stats);
      expect(scale).toBe(1);
      expect(maxRelError([norm], [refClip(g.grouped.flat(), 100)], 1e-6).err).toBeLessThan(1e-4);
      for (const t of [...g.gpu, stats]) ctx.release(t);
    }
    for (let i = 0; i < SIZES.length; i++) await expectClose(gpu[i], host[i], `param ${i}`);
    for (const t of gpu) ctx.release(t);
  });

  it('AdamW with decoupled decay, bias correction and lr multipliers: 3 steps', async () => {
    const groupOpts = [{ lrMult: 1 }, { lrMult: 0.5, weightDecay: 0 }];
    const { host, groups, gpu } = setup(groupOpts);
    const ref = new AdamW(groups, { weightDecay: 0.05, beta2: 0.99 });
    const ms = SIZES.map(([n], i) => ctx.upload(new Float32Array(n), SIZES[i], `m ${i}`));
    const vs = SIZES.map(([n], i) => ctx.upload(new Float32Array(n), SIZES[i], `v ${i}`));
    for (let step = 0; step < 3; step++) {
      const g = gradients();
      ref.step(g.grouped, LRS[step]);
      gpu.forEach((p, i) => {
        const o = groupOpts[GROUP_OF[i]];
        adamwUpdate(ctx, p, g.gpu[i], ms[i], vs[i], {
          lr: LRS[step],
          lrMult: o.lrMult,
          step: step + 1,
          beta2: 0.99,
          weightDecay: o.weightDecay ?? 0.05,
        });
      });
      for (const t of g.gpu) ctx.release(t);
    }
    const st = ref.state();
    for (let i = 0; i < SIZES.length; i++) {
      const k = groups[GROUP_OF[i]].params.indexOf(host[i]);
      await expectClose(gpu[i], host[i], `param ${i}`);
      await expectClose(ms[i], st.m[GROUP_OF[i]][k], `m ${i}`);
      await expectClose(vs[i], st.v[GROUP_OF[i]][k], `v ${i}`);
    }
    for (const t of [...gpu, ...ms, ...vs]) ctx.release(t);
  });

  it('EMA with warm-up: 3 updates', async () => {
    const params = SIZES.map(([n]) => randomF32(n, -1, 1));
    const ref = new Ema(
      params.map((p) => Float64Array.from(p)),
      { decay: 0.99, warmup: true },
    );
    const shadows = params.map((p, i) => ctx.upload(p, SIZES[i], `shadow ${i}`));
    for (let u = 0; u < 3; u++) {
      const next = params.map((p) => p.map((v) => v + 0.1 * (Math.random() - 0.5)));
      const d = emaDecay(0.99, true, u);
      expect(d).toBe(ref.currentDecay());
      ref.update(next.map((p) => Float64Array.from(p)));
      const gpuParams = next.map((p, i) => ctx.upload(p, SIZES[i], `param ${i}`));
      shadows.forEach((s, i) => {
        emaUpdate(ctx, s, gpuParams[i], d);
      });
      params.splice(0, params.length, ...next);
      for (const t of gpuParams) ctx.release(t);
    }
    for (let i = 0; i < SIZES.length; i++) await expectClose(shadows[i], ref.shadow[i], `shadow ${i}`);
    for (const t of shadows) ctx.release(t);
  });

  it('rejects bad hyper-parameters and mismatched buffers naming the optimizer', () => {
    const p = ctx.upload(randomF32(4), [4], 'p');
    const g = ctx.upload(randomF32(3), [3], 'g');
    const g4 = ctx.upload(randomF32(4), [4], 'g4');
    expect(() => sgdUpdate(ctx, p, g, undefined, { lr: 0.1 })).toThrow('SGD: grad has 3 values, param has 4');
    expect(() => sgdUpdate(ctx, p, g4, undefined, { lr: 0.1, momentum: 0.9 })).toThrow(
      'SGD: momentum 0.9 needs a momentum buffer',
    );
    expect(() => sgdUpdate(ctx, p, g4, undefined, { lr: Number.NaN })).toThrow(
      'SGD: learning rate must be a finite number ≥ 0',
    );
    expect(() => adamwUpdate(ctx, p, g4, g4, p, { lr: 0.1, step: 1 })).toThrow(
      'AdamW: first moments aliases another buffer of the update',
    );
    expect(() => adamwUpdate(ctx, p, g4, g4, p, { lr: 0.1, step: 0 })).toThrow(
      'AdamW: step must be an integer ≥ 1, got 0',
    );
    expect(() => clipGradGlobalNorm(ctx, [g, g], 1)).toThrow('clipGradGlobalNorm: gradient 1 appears twice');
    expect(() => emaUpdate(ctx, g4, p, 1.5)).toThrow('EMA: decay must be in [0, 1], got 1.5');
    for (const t of [p, g, g4]) ctx.release(t);
  });
});
