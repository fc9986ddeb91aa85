// Honest GPU timing: every measured repetition ends by awaiting finished GPU work (a readback), never just a submit.

export interface TimingOptions {
  /** Keep repeating until at least this much wall time was measured (ms). */
  minMs: number;
  minReps: number;
  maxReps: number;
}

export interface Timing {
  reps: number;
  totalMs: number;
  meanMs: number;
  /** First (warm-up) run, shader compilation included. */
  firstMs: number;
}

/**
 * Runs `once` (enqueue one unit of work) `reps` times and then `finish` (await completion), growing `reps` until the
 * measured span is at least `minMs`. A warm-up run (compile, allocation) is timed separately as `firstMs`.
 */
export async function timeGpuWork(
  once: () => void | Promise<void>,
  finish: () => Promise<void>,
  opts: TimingOptions,
): Promise<Timing> {
  const t0 = performance.now();
  await once();
  await finish();
  const firstMs = performance.now() - t0;
  let reps = Math.max(1, opts.minReps);
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) await once();
    await finish();
    const totalMs = performance.now() - start;
    if (totalMs >= opts.minMs || reps >= opts.maxReps)
      return { reps, totalMs, meanMs: totalMs / reps, firstMs };
    // Aim a little past minMs from the rate just seen.
    reps = Math.min(
      opts.maxReps,
      Math.max(reps + 1, Math.ceil((reps * opts.minMs * 1.2) / Math.max(totalMs, 1e-3))),
    );
  }
}
