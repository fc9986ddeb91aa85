// StageClock: busy time and calls add up per stage, a throwing step is still counted, snapshots are copies.
import { describe, expect, it } from 'vitest';
import { StageClock, timed } from './stage-clock.ts';

describe('StageClock', () => {
  it('sums busy time and calls per stage, also for steps that throw', async () => {
    let t = 0;
    const clock = new StageClock(() => t);
    const a = 1 + Math.random() * 10;
    const b = 1 + Math.random() * 10;
    await clock.time('decode', async () => {
      t += a;
    });
    await expect(
      timed(clock, 'decode', async () => {
        t += b;
        throw new Error('bad file');
      }),
    ).rejects.toThrow('bad file');
    clock.add('write', 7, 2);
    const snap = clock.snapshot();
    expect(snap.decode!.calls).toBe(2);
    expect(snap.decode!.ms).toBeCloseTo(a + b, 9);
    expect(snap.write).toEqual({ ms: 7, calls: 2 });
    snap.write!.ms = 0;
    expect(clock.snapshot().write!.ms).toBe(7);
  });

  it('timed() without a clock just runs the step', async () => {
    expect(await timed(undefined, 'x', async () => 42)).toBe(42);
  });
});
