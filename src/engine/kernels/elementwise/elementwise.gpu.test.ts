// Elementwise kernels vs the float64 reference on fresh random inputs (rel 1e-5, floor 1; outputs NaN-poisoned).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { BINARY_OPS, binaryRef, UNARY_OPS, type UnaryOp, unaryRef } from './elementwise.ref.ts';
import { binary, unary } from './elementwise.ts';

const TOL = 1e-5;
/** WGSL only promises sin/cos to an absolute 2^-11 on [-π, π]. */
const TRIG_TOL = 1e-3;

/** Inputs inside each op's domain (log/sqrt/... need positive values). */
function inputFor(op: UnaryOp, n: number): Float32Array {
  if (['log', 'sqrt', 'rsqrt', 'reciprocal'].includes(op)) return randomF32(n, 0.1, 4);
  if (op === 'exp') return randomF32(n, -8, 8);
  if (op === 'sin' || op === 'cos') return randomF32(n, -Math.PI, Math.PI);
  return randomF32(n, -6, 6);
}

describe.skipIf(gpuSkipped)('elementwise kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'elementwise test' });
  });
  afterAll(() => ctx?.destroy());

  /** An output pre-filled with NaN so an element the kernel never writes fails the comparison. */
  function poisoned(shape: number[]): GpuTensor {
    const n = shape.reduce((a, b) => a * b, 1);
    return ctx.upload(new Float32Array(n).fill(Number.NaN), shape, 'poisoned out');
  }

  it('computes every unary op (1000 elements: not a multiple of the workgroup)', async () => {
    for (const op of UNARY_OPS) {
      const data = inputFor(op, 1000);
      const x = ctx.upload(data, [10, 100], op);
      const y = unary(ctx, op, x, poisoned([10, 100]));
      const got = await ctx.read(y);
      const { err, index } = maxRelError(got, unaryRef(op, data), 1);
      expect(err, `${op} at ${index}: got ${got[index]} for x=${data[index]}`).toBeLessThan(
        op === 'sin' || op === 'cos' ? TRIG_TOL : TOL,
      );
      ctx.release(x);
      ctx.release(y);
    }
  });

  it('computes every binary op with and without broadcasting', async () => {
    const cases: [number[], number[]][] = [
      [
        [7, 33],
        [7, 33],
      ],
      [
        [4, 1, 5],
        [3, 1],
      ],
      [[2, 3, 4, 5], [5]],
      [[1], [2, 2, 2, 2, 2, 2, 2, 2]],
    ];
    for (const op of BINARY_OPS) {
      for (const [sa, sb] of cases) {
        const na = sa.reduce((p, d) => p * d, 1);
        const nb = sb.reduce((p, d) => p * d, 1);
        // pow: positive bases (the negative-base rule is covered below with integer exponents).
        const da = op === 'pow' ? randomF32(na, 0.2, 3) : randomF32(na, -3, 3);
        const db =
          op === 'div' ? randomF32(nb, 0.5, 3) : op === 'pow' ? randomF32(nb, -2, 2) : randomF32(nb, -3, 3);
        const ref = binaryRef(op, da, sa, db, sb);
        const a = ctx.upload(da, sa, 'a');
        const b = ctx.upload(db, sb, 'b');
        const y = binary(ctx, op, a, b, poisoned(ref.shape));
        expect(y.shape).toEqual(ref.shape);
        const got = await ctx.read(y);
        const { err, index } = maxRelError(got, ref.data, 1);
        expect(err, `${op} ${JSON.stringify([sa, sb])} at ${index}`).toBeLessThan(TOL);
        for (const t of [a, b, y]) ctx.release(t);
      }
    }
  });

  it('pow follows numpy for negative bases with integer exponents', async () => {
    const a = ctx.upload(new Float32Array([-2, -3, -1.5, 0, 2]), [5], 'a');
    const b = ctx.upload(new Float32Array([3, 2, 0.5, 0, -1]), [5], 'b');
    const got = await ctx.read(binary(ctx, 'pow', a, b));
    expect(got[0]).toBeCloseTo(-8, 4);
    expect(got[1]).toBeCloseTo(9, 4);
    expect(got[2]).toBeNaN();
    expect(got[3]).toBe(1);
    expect(got[4]).toBeCloseTo(0.5, 6);
  });

  it('a new shape reuses the compiled pipeline', async () => {
    const before = ctx.pipelines.stats().compiled;
    for (const shape of [[3, 5], [17], [2, 2, 9]]) {
      const n = shape.reduce((p, d) => p * d, 1);
      const a = ctx.upload(randomF32(n), shape, 'a');
      const b = ctx.upload(randomF32(1), [1], 'b');
      const y = binary(ctx, 'add', a, b);
      await ctx.read(y);
      for (const t of [a, b, y]) ctx.release(t);
    }
    // add/broadcast was compiled by the previous test; no shape here adds a pipeline.
    expect(ctx.pipelines.stats().compiled).toBe(before);
  });

  it('rejects shapes that do not broadcast and non-f32 inputs, naming the op', () => {
    const a = ctx.upload(randomF32(6), [2, 3], 'a');
    const b = ctx.upload(randomF32(4), [4], 'b');
    const i = ctx.upload(new Int32Array(6), [2, 3], 'i');
    expect(() => binary(ctx, 'add', a, b)).toThrow('Add: shapes [2,3] and [4] do not broadcast');
    expect(() => unary(ctx, 'exp', i)).toThrow('Exp: input has dtype i32, expected f32');
    expect(() => binary(ctx, 'mul', a, a, a)).toThrow('Mul: out must not alias an input');
  });
});
