// Timestamp profiler: with 'timestamp-query', each dispatch gets its own timed pass and collect() returns
// non-negative per-pass milliseconds in submission order; without it, ctx.profiler is undefined.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unaryRef } from '../kernels/elementwise/elementwise.ref.ts';
import { unary } from '../kernels/elementwise/elementwise.ts';
import { GpuContext } from './context.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from './testing.ts';

describe.skipIf(gpuSkipped)('GpuProfiler', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'profiler test' });
  });
  afterAll(() => ctx?.destroy());

  it('times each pass when timestamp-query exists', async () => {
    const profiler = ctx.profiler;
    if (!profiler) {
      expect(ctx.device.features.has('timestamp-query')).toBe(false);
      return;
    }
    const data = randomF32(4096);
    const x = ctx.upload(data, [4096], 'x');
    profiler.enabled = true;
    const y = unary(ctx, 'exp', x);
    const z = unary(ctx, 'neg', y);
    await ctx.flush();
    profiler.enabled = false;
    const timings = await profiler.collect();
    expect(timings.map((t) => t.label)).toEqual(['Exp', 'Neg']);
    for (const t of timings) {
      expect(Number.isFinite(t.ms)).toBe(true);
      expect(t.ms).toBeGreaterThanOrEqual(0);
    }
    // Timed passes compute the same result as the single batched pass.
    const ref = unaryRef('neg', unaryRef('exp', data));
    expect(maxRelError(await ctx.read(z), ref).err).toBeLessThan(1e-5);
    expect(await profiler.collect()).toEqual([]);
    for (const t of [x, y, z]) ctx.release(t);
  });
});
