// Builds an LrSchedule from a PaddleClas `Optimizer.lr` block ({name: 'Cosine', learning_rate: 0.1,
// warmup_epoch: 5}): epochs become steps through stepsPerEpoch, warm-up wraps the schedule as PaddleClas does.
import {
  constantLr,
  cosineLr,
  type LrSchedule,
  piecewiseLr,
  stepDecayLr,
  withLinearWarmup,
} from './schedules.ts';

const KEYS: Record<string, readonly string[]> = {
  Cosine: ['learning_rate', 'eta_min', 'warmup_epoch', 'warmup_start_lr', 'by_epoch'],
  Step: ['learning_rate', 'step_size', 'gamma', 'warmup_epoch', 'warmup_start_lr', 'by_epoch'],
  Piecewise: ['decay_epochs', 'values', 'warmup_epoch', 'warmup_start_lr', 'by_epoch'],
  Constant: ['learning_rate'],
  ConstLR: ['learning_rate'],
};
// Keys the trainer supplies itself or that do not change the curve.
const IGNORED = new Set(['name', 'epochs', 'step_each_epoch', 'last_epoch', 'verbose']);

function num(cfg: Record<string, unknown>, key: string, dflt?: number): number {
  const v = cfg[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(
      `lr config ${String(cfg.name)}: '${key}' must be a number, got ${JSON.stringify(cfg[key])}`,
    );
  }
  return v;
}

function nums(cfg: Record<string, unknown>, key: string): number[] {
  const v = cfg[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new Error(
      `lr config ${String(cfg.name)}: '${key}' must be a list of numbers, got ${JSON.stringify(v)}`,
    );
  }
  return v as number[];
}

export function parseLrConfig(cfg: Record<string, unknown>, stepsPerEpoch: number): LrSchedule {
  if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1) {
    throw new Error(`lr config: stepsPerEpoch must be an integer ≥ 1, got ${stepsPerEpoch}`);
  }
  const name = cfg.name;
  if (typeof name !== 'string' || !(name in KEYS)) {
    throw new Error(
      `lr config: unknown schedule ${JSON.stringify(name)} (expected ${Object.keys(KEYS).join(', ')})`,
    );
  }
  for (const k of Object.keys(cfg)) {
    if (!IGNORED.has(k) && !KEYS[name].includes(k)) {
      throw new Error(`lr config ${name}: unknown key '${k}' (expected ${KEYS[name].join(', ')})`);
    }
  }
  if (cfg.by_epoch === true)
    throw new Error(`lr config ${name}: by_epoch: true is not supported (per-iteration only)`);
  const warmupSteps = Math.round(num(cfg, 'warmup_epoch', 0) * stepsPerEpoch);
  const warmupStart = num(cfg, 'warmup_start_lr', 0);
  switch (name) {
    case 'Cosine': {
      const lr = num(cfg, 'learning_rate');
      return withLinearWarmup(cosineLr(lr, num(cfg, 'eta_min', 0)), warmupSteps, warmupStart, lr);
    }
    case 'Step': {
      const lr = num(cfg, 'learning_rate');
      const inner = stepDecayLr(
        lr,
        Math.round(num(cfg, 'step_size') * stepsPerEpoch),
        num(cfg, 'gamma', 0.1),
      );
      return withLinearWarmup(inner, warmupSteps, warmupStart, lr);
    }
    case 'Piecewise': {
      const values = nums(cfg, 'values');
      const boundaries = nums(cfg, 'decay_epochs').map((e) => Math.round(e * stepsPerEpoch));
      return withLinearWarmup(piecewiseLr(boundaries, values), warmupSteps, warmupStart, values[0]);
    }
    default:
      return constantLr(num(cfg, 'learning_rate'));
  }
}
