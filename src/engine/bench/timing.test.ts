import { describe, expect, it } from 'vitest';
import { timeGpuWork } from './timing.ts';

describe('timeGpuWork', () => {
  it('separates the warm-up and grows repetitions until minMs has been measured', async () => {
    let calls = 0;
    let finishes = 0;
    let queued = 0;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Like a GPU queue: enqueued work costs ~2 ms each when awaited; the first call also "compiles" for 30 ms.
    const t = await timeGpuWork(
      () => {
        calls++;
        queued++;
      },
      async () => {
        finishes++;
        await sleep((calls === 1 ? 30 : 0) + 2 * queued);
        queued = 0;
      },
      { minMs: 40, minReps: 1, maxReps: 1000 },
    );
    expect(t.firstMs).toBeGreaterThanOrEqual(25);
    expect(t.totalMs).toBeGreaterThanOrEqual(40);
    expect(t.reps).toBeGreaterThan(1);
    expect(calls).toBeGreaterThan(t.reps);
    expect(finishes).toBeGreaterThan(1);
  });

  it('stops at maxReps for slow work', async () => {
    const t = await timeGpuWork(
      () => {},
      () => new Promise((r) => setTimeout(r, 20)),
      { minMs: 10_000, minReps: 1, maxReps: 3 },
    );
    expect(t.reps).toBe(3);
  });
});
