// Learning-rate schedules as pure functions of (step, total steps), per iteration, with Paddle's semantics.

/** lr at optimizer step `step` (0-based) of a run of `total` steps. */
export type LrSchedule = (step: number, total: number) => number;

function checkStep(step: number, total: number): void {
  if (!Number.isInteger(step) || step < 0)
    throw new Error(`lr schedule: step must be an integer ≥ 0, got ${step}`);
  if (!Number.isInteger(total) || total < 1)
    throw new Error(`lr schedule: total must be an integer ≥ 1, got ${total}`);
}

export function constantLr(lr: number): LrSchedule {
  return (step, total) => {
    checkStep(step, total);
    return lr;
  };
}

/**
 * Cosine annealing from `lr` to `etaMin` over the whole run: etaMin + (lr − etaMin)·(1 + cos(π·step/total))/2.
 * Held at etaMin past the end (Paddle's recursive form would rise again).
 */
export function cosineLr(lr: number, etaMin = 0): LrSchedule {
  return (step, total) => {
    checkStep(step, total);
    const t = Math.min(step, total);
    return etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * t) / total))) / 2;
  };
}

/** lr·gamma^⌊step/stepSize⌋ (Paddle StepDecay). */
export function stepDecayLr(lr: number, stepSize: number, gamma: number): LrSchedule {
  if (!Number.isInteger(stepSize) || stepSize < 1)
    throw new Error(`Step: step_size must be an integer ≥ 1 step, got ${stepSize}`);
  return (step, total) => {
    checkStep(step, total);
    return lr * gamma ** Math.floor(step / stepSize);
  };
}

/** values[i] for boundaries[i−1] ≤ step < boundaries[i] (Paddle PiecewiseDecay; one more value than boundaries). */
export function piecewiseLr(boundaries: readonly number[], values: readonly number[]): LrSchedule {
  if (values.length !== boundaries.length + 1) {
    throw new Error(
      `Piecewise: needs ${boundaries.length + 1} values for ${boundaries.length} boundaries, got ${values.length}`,
    );
  }
  if (boundaries.some((b, i) => i > 0 && b <= boundaries[i - 1])) {
    throw new Error(`Piecewise: boundaries must increase, got [${boundaries.join(',')}]`);
  }
  return (step, total) => {
    checkStep(step, total);
    let i = 0;
    while (i < boundaries.length && step >= boundaries[i]) i++;
    return values[i];
  };
}

/**
 * Paddle LinearWarmup: startLr → endLr linearly over `warmupSteps`, then `inner` run on the remaining steps as if
 * they were a fresh run (inner sees step − warmupSteps of total − warmupSteps).
 */
export function withLinearWarmup(
  inner: LrSchedule,
  warmupSteps: number,
  startLr: number,
  endLr: number,
): LrSchedule {
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0) {
    throw new Error(`warmup: warmup steps must be an integer ≥ 0, got ${warmupSteps}`);
  }
  if (warmupSteps === 0) return inner;
  return (step, total) => {
    checkStep(step, total);
    if (total <= warmupSteps)
      throw new Error(`warmup: ${warmupSteps} warm-up steps leave nothing of a ${total}-step run`);
    if (step < warmupSteps) return startLr + ((endLr - startLr) * step) / warmupSteps;
    return inner(step - warmupSteps, total - warmupSteps);
  };
}
