// Reads a PaddleClas `Optimizer` block (Momentum or AdamW, L2 regularizer, clip_norm, no-weight-decay rules, lr)
// into options for the reference optimizers, so a recipe's YAML drives training unchanged.
import { parseLrConfig } from '../schedule/parse-lr-config.ts';
import type { LrSchedule } from '../schedule/schedules.ts';
import { AdamW, type AdamWOptions } from './adamw.ts';
import type { ParamGroup } from './param-groups.ts';
import { Sgd, type SgdOptions } from './sgd.ts';

export type OptimizerConfig =
  | { kind: 'sgd'; options: SgdOptions; common: CommonConfig }
  | { kind: 'adamw'; options: AdamWOptions; common: CommonConfig };

export interface CommonConfig {
  lr: LrSchedule;
  /** Global-norm clip (PaddleClas clip_norm), if any. */
  clipNorm?: number;
  /** Parameters whose name contains one of these get no weight decay (PaddleClas no_weight_decay_name). */
  noWeightDecayNames: string[];
  /** 1-D parameters (BN γ/β, biases) get no weight decay (PaddleClas one_dim_param_no_weight_decay). */
  oneDimNoWeightDecay: boolean;
}

const KEYS: Record<string, readonly string[]> = {
  Momentum: ['momentum', 'use_nesterov', 'regularizer', 'weight_decay'],
  AdamW: ['beta1', 'beta2', 'epsilon', 'weight_decay'],
};
const COMMON = [
  'name',
  'lr',
  'clip_norm',
  'no_weight_decay_name',
  'one_dim_param_no_weight_decay',
  'multi_precision',
];

function num(block: string, cfg: Record<string, unknown>, key: string, dflt: number): number {
  const v = cfg[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(`optimizer config ${block}: '${key}' must be a number, got ${JSON.stringify(cfg[key])}`);
  }
  return v;
}

/** L2 coefficient from `regularizer: {name: L2, coeff}` (or a bare weight_decay number). */
function l2Coeff(cfg: Record<string, unknown>): number {
  const reg = cfg.regularizer;
  if (reg === undefined || reg === null) return num('Momentum', cfg, 'weight_decay', 0);
  const r = reg as Record<string, unknown>;
  if (typeof reg !== 'object' || (r.name !== 'L2' && r.name !== 'L2Decay')) {
    throw new Error(
      `optimizer config Momentum: regularizer must be {name: L2, coeff}, got ${JSON.stringify(reg)}`,
    );
  }
  return num('Momentum regularizer', r, 'coeff', 0);
}

export function parseOptimizerConfig(cfg: Record<string, unknown>, stepsPerEpoch: number): OptimizerConfig {
  const name = cfg.name;
  if (typeof name !== 'string' || !(name in KEYS)) {
    throw new Error(
      `optimizer config: unknown optimizer ${JSON.stringify(name)} (expected ${Object.keys(KEYS).join(', ')})`,
    );
  }
  for (const k of Object.keys(cfg)) {
    if (!COMMON.includes(k) && !KEYS[name].includes(k)) {
      throw new Error(
        `optimizer config ${name}: unknown key '${k}' (expected ${[...KEYS[name], ...COMMON].join(', ')})`,
      );
    }
  }
  if (typeof cfg.lr !== 'object' || cfg.lr === null)
    throw new Error(`optimizer config ${name}: missing lr block`);
  const noWd = cfg.no_weight_decay_name ?? '';
  if (typeof noWd !== 'string') {
    throw new Error(`optimizer config ${name}: no_weight_decay_name must be a space-separated string`);
  }
  const common: CommonConfig = {
    lr: parseLrConfig(cfg.lr as Record<string, unknown>, stepsPerEpoch),
    clipNorm: cfg.clip_norm === undefined ? undefined : num(name, cfg, 'clip_norm', 0),
    noWeightDecayNames: noWd.split(/\s+/).filter((s) => s.length > 0),
    oneDimNoWeightDecay: cfg.one_dim_param_no_weight_decay === true,
  };
  if (name === 'Momentum') {
    return {
      kind: 'sgd',
      options: {
        momentum: num(name, cfg, 'momentum', 0.9),
        nesterov: cfg.use_nesterov === true,
        weightDecay: l2Coeff(cfg),
      },
      common,
    };
  }
  return {
    kind: 'adamw',
    options: {
      beta1: num(name, cfg, 'beta1', 0.9),
      beta2: num(name, cfg, 'beta2', 0.999),
      epsilon: num(name, cfg, 'epsilon', 1e-8),
      weightDecay: num(name, cfg, 'weight_decay', 0.01),
    },
    common,
  };
}

/** True when PaddleClas would exempt this parameter from weight decay. */
export function exemptFromWeightDecay(
  common: CommonConfig,
  paramName: string,
  shape: readonly number[],
): boolean {
  return (
    (common.oneDimNoWeightDecay && shape.length === 1) ||
    common.noWeightDecayNames.some((s) => paramName.includes(s))
  );
}

export function buildOptimizer(cfg: OptimizerConfig, groups: ParamGroup[]): Sgd | AdamW {
  return cfg.kind === 'sgd' ? new Sgd(groups, cfg.options) : new AdamW(groups, cfg.options);
}
