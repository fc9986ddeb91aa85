// Time left in a run, from rates measured in this run: one for any counted phase (the feature pass, its reuse),
// one for the epochs, which also counts what happens between the steps (validation, the checkpoint write).

/** Seconds left in a phase of `total` items at the rate seen since its first report; null before a rate exists. */
export class PhaseEta {
  private phase = '';
  private t0 = 0;
  private done0 = 0;

  update(phase: string, done: number, total: number, nowMs: number): number | null {
    if (phase !== this.phase || done < this.done0) {
      this.phase = phase;
      this.t0 = nowMs;
      this.done0 = done;
    }
    if (done >= total) return 0;
    const counted = done - this.done0;
    const ms = nowMs - this.t0;
    return counted > 0 && ms > 0 ? ((total - done) * ms) / counted / 1000 : null;
  }
}

/**
 * Seconds left in the epochs: the steps still to do at the measured step time, plus, for this epoch and each one
 * after it, the time an epoch spent outside its steps (validation, checkpoint) as measured in the epochs done.
 * Counting only step time made the ETA of a head-only run ~10× short: its steps take milliseconds, its validation
 * and checkpoint do not.
 */
export class EpochEta {
  private stepMs = 0;
  private steps = 0;
  private overheadMs = 0;
  private epochs = 0;

  /** One step took `ms` (pauses excluded). */
  step(ms: number): void {
    this.stepMs += ms;
    this.steps++;
  }

  /** An epoch ended: `wallMs` from its start to its checkpoint, of which `stepMs` were its steps. */
  epochDone(wallMs: number, stepMs: number): void {
    this.overheadMs += Math.max(0, wallMs - stepMs);
    this.epochs++;
  }

  /** `stepsLeft` in the run, `epochsLeft` counting the one under way. */
  secondsLeft(stepsLeft: number, epochsLeft: number): number | null {
    if (this.steps === 0) return null;
    const perEpoch = this.epochs > 0 ? this.overheadMs / this.epochs : 0;
    return (stepsLeft * (this.stepMs / this.steps) + epochsLeft * perEpoch) / 1000;
  }
}
