// DeviceManager on a real device: an injected loss rejects in-flight and next work with GpuDeviceLostError,
// notifies listeners, and the following run gets a new device that computes correctly.
import { afterAll, describe, expect, it } from 'vitest';
import { unaryRef } from '../kernels/elementwise/elementwise.ref.ts';
import { unary } from '../kernels/elementwise/elementwise.ts';
import { describeAdapter } from './adapter-info.ts';
import { DeviceManager } from './device-manager.ts';
import { GpuDeviceLostError } from './errors.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from './testing.ts';

describe.skipIf(gpuSkipped)('DeviceManager', () => {
  let manager: DeviceManager | undefined;
  afterAll(() => manager?.dispose());

  it('recovers from an injected device loss', async () => {
    manager = new DeviceManager(requireGpu(), { label: 'loss test' });
    const losses: GPUDeviceLostInfo[] = [];
    manager.onLost((info) => losses.push(info));

    const first = await manager.get();
    expect(await manager.get()).toBe(first); // one device while it lives
    const data = randomF32(300, -2, 2);
    const okBefore = await manager.run(async (ctx) =>
      ctx.read(unary(ctx, 'sigmoid', ctx.upload(data, [300]))),
    );
    expect(maxRelError(okBefore, unaryRef('sigmoid', data)).err).toBeLessThan(1e-5);

    // In flight: work that would never finish on its own must reject once the device is lost.
    let started!: () => void;
    const running = new Promise<void>((r) => {
      started = r;
    });
    const inFlight = manager.run(async (ctx) => {
      unary(ctx, 'exp', ctx.upload(data, [300]));
      started();
      await new Promise(() => {});
    });
    await running;
    manager.injectLoss();
    await expect(inFlight).rejects.toBeInstanceOf(GpuDeviceLostError);
    await expect(inFlight).rejects.toMatchObject({ reason: 'destroyed' });
    expect(first.isLost).toBe(true);
    expect(losses).toHaveLength(1);
    expect(losses[0].reason).toBe('destroyed');
    // Work on the lost context itself fails with the typed error too, not a hang.
    await expect(first.read(first.upload(data, [300]))).rejects.toBeInstanceOf(GpuDeviceLostError);

    // The next run gets a fresh device and computes correctly.
    let second: unknown;
    const got = await manager.run(async (ctx) => {
      second = ctx;
      return ctx.read(unary(ctx, 'tanh', ctx.upload(data, [300])));
    });
    expect(second).not.toBe(first);
    expect(maxRelError(got, unaryRef('tanh', data)).err).toBeLessThan(1e-5);
    expect(manager.generation).toBe(2);
  });

  it('a loss injected between runs makes the next run use a new device', async () => {
    manager?.dispose();
    manager = new DeviceManager(requireGpu(), { label: 'loss test 2' });
    const a = await manager.get();
    let told = 0;
    manager.onLost(() => told++);
    manager.injectLoss();
    const b = await manager.run(async (ctx) => ctx);
    expect(b).not.toBe(a);
    await a.lost;
    expect(told).toBe(1);
    expect(() => new DeviceManager(requireGpu()).injectLoss()).toThrow('no device has been created yet');
  });

  it('describes the adapter it uses', async () => {
    const adapter = await requireGpu().requestAdapter();
    expect(adapter).not.toBeNull();
    const s = describeAdapter(adapter!);
    expect(s.limits.maxBufferSize).toBe(adapter!.limits.maxBufferSize);
    expect(s.features).toEqual([...adapter!.features].map(String).sort());
  });
});
