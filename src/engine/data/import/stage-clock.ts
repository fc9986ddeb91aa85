// Where an import's time goes: busy milliseconds and call counts per stage (read, hash, stage, decode, copy,
// thumb, write). Stages overlap (several decodes in flight, a write beside them), so busy time can exceed wall time.

export interface StageTotal {
  ms: number;
  calls: number;
}

export class StageClock {
  private readonly totals = new Map<string, StageTotal>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  add(stage: string, ms: number, calls = 1): void {
    const t = this.totals.get(stage) ?? { ms: 0, calls: 0 };
    t.ms += ms;
    t.calls += calls;
    this.totals.set(stage, t);
  }

  /** Times one awaited step under `stage` (counted even when it throws). */
  async time<T>(stage: string, run: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    try {
      return await run();
    } finally {
      this.add(stage, this.now() - t0);
    }
  }

  snapshot(): Record<string, StageTotal> {
    return Object.fromEntries([...this.totals].map(([k, v]) => [k, { ...v }]));
  }
}

/** Times `run` on `clock` when there is one, else just runs it. */
export function timed<T>(clock: StageClock | undefined, stage: string, run: () => Promise<T>): Promise<T> {
  return clock ? clock.time(stage, run) : run();
}
