// GpuContext, buffer pool and command batcher on a real device: round trips, pool accounting over a
// training-style loop, one submit per flush, auto-flush, and 2-D splitting of large 1-D dispatches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unaryRef } from '../kernels/elementwise/elementwise.ref.ts';
import { unary } from '../kernels/elementwise/elementwise.ts';
import { unaryWgsl, WORKGROUP_SIZE } from '../kernels/elementwise/elementwise.wgsl.ts';
import { CommandBatcher } from './command-batcher.ts';
import { GpuContext } from './context.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from './testing.ts';

describe.skipIf(gpuSkipped)('GpuContext', () => {
  let ctx: GpuContext;
  let submits = 0;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'context test', maxDispatchesPerFlush: 8 });
    const queue = ctx.device.queue;
    const submit = queue.submit.bind(queue);
    queue.submit = (buffers: Iterable<GPUCommandBuffer>) => {
      submits++;
      submit(buffers);
    };
  });
  afterAll(() => ctx?.destroy());

  it('summarises the adapter as JSON', () => {
    const info = JSON.parse(JSON.stringify(ctx.info));
    expect(info).toEqual(ctx.info);
    expect(info.limits.maxComputeWorkgroupsPerDimension).toBeGreaterThanOrEqual(65535);
    expect(info.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(Array.isArray(info.features)).toBe(true);
    expect(typeof info.isSoftware).toBe('boolean');
    // The device got the adapter's limits, not the defaults.
    expect(ctx.device.limits.maxStorageBufferBindingSize).toBe(
      ctx.adapter.limits.maxStorageBufferBindingSize,
    );
    expect(ctx.profiler === undefined).toBe(!ctx.device.features.has('timestamp-query'));
  });

  it('uploads and reads back f32, u32 and i32 tensors', async () => {
    const f = randomF32(777);
    const u = Uint32Array.from({ length: 33 }, () => Math.floor(Math.random() * 1e6));
    const i = Int32Array.from({ length: 5 }, () => Math.floor(Math.random() * 2000) - 1000);
    const tf = ctx.upload(f, [7, 111], 'f');
    const tu = ctx.upload(u, [33], 'u');
    const ti = ctx.upload(i, [5], 'i');
    expect(await ctx.read(tf)).toEqual(f);
    expect(await ctx.readTyped(tu)).toEqual(u);
    expect(await ctx.read(ti)).toEqual(Float32Array.from(i));
    expect(() => ctx.upload(f, [7, 110], 'bad')).toThrow(
      'upload(bad): 777 values do not fill shape [7,110] (770)',
    );
    for (const t of [tf, tu, ti]) ctx.release(t);
  });

  it('a training-style loop of 100 batches leaves the live-buffer count unchanged', async () => {
    const x = ctx.upload(randomF32(1000), [1000], 'x');
    await ctx.sync();
    const live = ctx.pool.stats().liveBuffers;
    const created = ctx.pool.stats().created;
    for (let step = 0; step < 100; step++) {
      const t1 = unary(ctx, 'relu', x);
      const t2 = unary(ctx, 'exp', t1);
      const t3 = ctx.pool.acquire(4096, GPUBufferUsage.STORAGE, 'scratch');
      ctx.release(t1);
      ctx.release(t2);
      ctx.pool.release(t3);
      await ctx.flush();
    }
    await ctx.sync();
    const s = ctx.pool.stats();
    expect(s.liveBuffers).toBe(live);
    // Buffers were reused: far fewer creations than the 400 acquires.
    expect(s.created - created).toBeLessThan(20);
    expect(s.reused).toBeGreaterThan(300);
    expect(s.allocatedBytes).toBe(s.liveBytes + s.pooledBytes);
    expect(s.peakLiveBytes).toBeGreaterThanOrEqual(s.liveBytes);
    ctx.release(x);
  });

  it('pool stats count live and pooled bytes; double and foreign releases throw', () => {
    const before = ctx.pool.stats();
    const b = ctx.pool.acquire(1000, GPUBufferUsage.STORAGE, 'stats probe');
    const mid = ctx.pool.stats();
    expect(mid.liveBuffers).toBe(before.liveBuffers + 1);
    expect(mid.liveBytes).toBe(before.liveBytes + 1024);
    ctx.pool.release(b);
    const after = ctx.pool.stats();
    expect(after.liveBuffers).toBe(before.liveBuffers);
    expect(after.pooledBytes).toBeGreaterThanOrEqual(1024);
    expect(() => ctx.pool.release(b)).toThrow("buffer 'stats probe' was released twice");
    const foreign = ctx.device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE, label: 'foreign' });
    expect(() => ctx.pool.release(foreign)).toThrow("buffer 'foreign' does not belong to this pool");
    foreign.destroy();
  });

  it('records many dispatches and submits them once per flush, auto-flushing every 8', async () => {
    const data = randomF32(500);
    const x = ctx.upload(data, [500], 'x');
    const outs = [];
    await ctx.sync();
    const s0 = submits;
    outs.push(unary(ctx, 'abs', x));
    await ctx.flush(); // compiles 'abs' once; from here on every pipeline is ready
    const s1 = submits;
    expect(s1 - s0).toBe(1);
    for (let i = 0; i < 5; i++) outs.push(unary(ctx, 'abs', x));
    expect(submits).toBe(s1); // recorded, not submitted
    await ctx.flush();
    expect(submits - s1).toBe(1);
    const s2 = submits;
    for (let i = 0; i < 8; i++) outs.push(unary(ctx, 'abs', x));
    expect(submits - s2).toBe(1); // the 8th dispatch triggered an automatic flush
    expect(ctx.batcher.pendingCount).toBe(0);
    const ref = unaryRef('abs', data);
    for (const o of outs) expect(maxRelError(await ctx.read(o), ref).err).toBe(0);
    for (const o of outs) ctx.release(o);
    ctx.release(x);
  });

  it('splits a linear dispatch over the per-dimension limit into a 2-D grid', async () => {
    // A batcher that pretends the limit is 4 workgroups: 2600 elements = 11 workgroups of 256 → grid [4, 3].
    const batcher = new CommandBatcher(ctx.device, ctx.pool, {
      errors: ctx.errors,
      maxWorkgroupsPerDimension: 4,
    });
    const data = randomF32(2600);
    const x = ctx.upload(data, [2600], 'x');
    const y = ctx.upload(new Float32Array(2600).fill(Number.NaN), [2600], 'y');
    const neg = ctx.pipelines.ref({ key: 'elementwise/unary/neg', code: () => unaryWgsl('neg') });
    batcher.dispatch({
      pipeline: neg,
      bindings: [x, y, { uniform: new Uint32Array([2600, 0, 0, 0]) }],
      workgroups: Math.ceil(2600 / WORKGROUP_SIZE),
      label: 'split neg',
    });
    await batcher.flush();
    const got = await ctx.read(y);
    expect(maxRelError(got, unaryRef('neg', data)).err).toBe(0);
    expect(() =>
      batcher.dispatch({ pipeline: neg, bindings: [], workgroups: [5, 1, 1], label: 'Neg grid' }),
    ).toThrow('Neg grid: workgroup grid [5,1,1] exceeds maxComputeWorkgroupsPerDimension 4');
    for (const t of [x, y]) ctx.release(t);
  });

  it('quarantines buffers released while their dispatch is unsubmitted, so uploads cannot overwrite them', async () => {
    const data = randomF32(300);
    const x = ctx.upload(data, [300], 'x');
    await ctx.sync();
    // A pipeline not compiled yet: the flush has to wait for the compile, keeping x's buffer pending longer.
    const y = unary(ctx, 'silu', x);
    ctx.release(x);
    const other = ctx.upload(randomF32(300, 5, 6), [300], 'other'); // same size class as x
    expect(other.buffer).not.toBe(x.buffer);
    await ctx.flush();
    expect(maxRelError(await ctx.read(y), unaryRef('silu', data)).err).toBeLessThan(1e-5);
    // Once submitted, the quarantined buffer is reusable.
    const again = ctx.empty([300], 'f32', 'again');
    expect(again.buffer).toBe(x.buffer);
    for (const t of [y, other, again]) ctx.release(t);
  });

  it('destroys released buffers beyond the idle cap', async () => {
    const small = await GpuContext.create(requireGpu(), { label: 'capped', maxPooledBytes: 4096 });
    try {
      const bufs = [1, 2, 3].map(() => small.pool.acquire(2048, GPUBufferUsage.STORAGE, 'capped'));
      for (const b of bufs) small.pool.release(b);
      const s = small.pool.stats();
      expect(s.liveBuffers).toBe(0);
      expect(s.pooledBuffers).toBe(2);
      expect(s.pooledBytes).toBe(4096);
      expect(s.peakLiveBytes).toBe(3 * 2048);
      expect(() => small.pool.acquire(2 ** 40, GPUBufferUsage.STORAGE, 'huge')).toThrow(
        "BufferPool.acquire(huge): 1099511627776 bytes exceeds the device's maxBufferSize",
      );
    } finally {
      small.destroy();
    }
  });
});
