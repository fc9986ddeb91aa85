// Broadcast binary backward kernels (both variants) vs the float64 reference on fresh random inputs: rel 1e-3
// (floor 1); gradients NaN-poisoned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { type BinaryOp, binaryBackward as refBackward } from './broadcast-grad.ref.ts';
import { binaryBackward, chooseBroadcastGradVariant } from './broadcast-grad.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const OPS: BinaryOp[] = ['Add', 'Sub', 'Mul', 'Div'];

describe.skipIf(gpuSkipped)('broadcast binary backward on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'broadcast-grad test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: readonly number[]): GpuTensor =>
    ctx.upload(new Float32Array(size(shape)).fill(Number.NaN), [...shape], 'poisoned');

  const cases: [number[], number[]][] = [
    [
      [2, 4, 9, 9],
      [4, 1, 1],
    ], // per-channel parameter: workgroup variant for dB
    [
      [4, 1, 5],
      [3, 1],
    ], // both inputs broadcast
    [
      [7, 3],
      [7, 3],
    ],
    [[2, 3], []],
  ];

  it('covers both variants', () => {
    expect(chooseBroadcastGradVariant(4, 162)).toBe('workgroup');
    expect(chooseBroadcastGradVariant(648, 1)).toBe('thread');
  });

  for (const op of OPS) {
    it(`${op}: dA and dB for every broadcast case`, async () => {
      for (const [sa, sb] of cases) {
        const da0 = randomF32(size(sa), -3, 3);
        // Div: denominators away from 0, with both signs.
        const db0 = randomF32(size(sb), 0.5, 2).map((v) => (op === 'Div' && Math.random() < 0.5 ? -v : v));
        const a64 = { data: Float64Array.from(da0), shape: sa };
        const b64 = { data: Float64Array.from(op === 'Div' ? db0 : randomF32(size(sb), -3, 3)), shape: sb };
        const outShape = sa.length >= sb.length ? [...sa] : [...sb];
        for (let i = 0; i < outShape.length; i++) {
          const x = sa[i - (outShape.length - sa.length)] ?? 1;
          const y = sb[i - (outShape.length - sb.length)] ?? 1;
          outShape[i] = Math.max(x, y);
        }
        const dys = randomF32(size(outShape), -2, 2);
        const ref = refBackward(op, a64, b64, { data: Float64Array.from(dys), shape: outShape });
        const a = ctx.upload(Float32Array.from(a64.data), sa, 'a');
        const b = ctx.upload(Float32Array.from(b64.data), sb, 'b');
        const dy = ctx.upload(dys, outShape, 'dy');
        const got = binaryBackward(ctx, op, a, b, dy, { da: poisoned(sa), db: poisoned(sb) });
        const ea = maxRelError(await ctx.read(got.da!), ref.da.data, 1);
        const eb = maxRelError(await ctx.read(got.db!), ref.db.data, 1);
        const what = `${op} ${JSON.stringify([sa, sb])}`;
        expect(ea.err, `${what} dA at ${ea.index}`).toBeLessThan(1e-3);
        expect(eb.err, `${what} dB at ${eb.index}`).toBeLessThan(1e-3);
        for (const t of [a, b, dy, got.da!, got.db!]) ctx.release(t);
      }
    });
  }

  it('the same tensor on both sides (x·x) and only one gradient requested', async () => {
    const xs = randomF32(24, -2, 2);
    const dys = randomF32(24, -2, 2);
    const x = ctx.upload(xs, [4, 6], 'x');
    const dy = ctx.upload(dys, [4, 6], 'dy');
    const got = binaryBackward(ctx, 'Mul', x, x, dy, { db: poisoned([4, 6]) }, { da: false });
    expect(got.da).toBeUndefined();
    const ref = refBackward(
      'Mul',
      { data: Float64Array.from(xs), shape: [4, 6] },
      { data: Float64Array.from(xs), shape: [4, 6] },
      { data: Float64Array.from(dys), shape: [4, 6] },
    );
    expect(maxRelError(await ctx.read(got.db!), ref.db.data, 1).err).toBeLessThan(1e-3);
    for (const t of [x, dy, got.db!]) ctx.release(t);
  });

  it('rejects bad shapes naming the op', () => {
    const a = ctx.upload(randomF32(6), [2, 3], 'a');
    const b = ctx.upload(randomF32(3), [3], 'b');
    const dy = ctx.upload(randomF32(3), [3], 'dy');
    expect(() => binaryBackward(ctx, 'Add', a, b, dy)).toThrow(
      'Add backward: dY shape [3] ≠ output shape [2,3]',
    );
    const c = ctx.upload(randomF32(4), [4], 'c');
    expect(() => binaryBackward(ctx, 'Sub', a, c, a)).toThrow('Sub: shapes [2,3] and [4] do not broadcast');
    for (const t of [a, b, dy, c]) ctx.release(t);
  });
});
