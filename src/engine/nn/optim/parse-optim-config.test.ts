// PaddleClas Optimizer blocks → reference optimizer options, decay exemptions and a working optimizer.
import { describe, expect, it } from 'vitest';
import { buildOptimizer, exemptFromWeightDecay, parseOptimizerConfig } from './parse-optim-config.ts';
import { Sgd } from './sgd.ts';

describe('PaddleClas optimizer config', () => {
  it('Momentum with L2 regularizer and a Cosine lr', () => {
    const cfg = parseOptimizerConfig(
      {
        name: 'Momentum',
        momentum: 0.9,
        lr: { name: 'Cosine', learning_rate: 0.1, warmup_epoch: 1 },
        regularizer: { name: 'L2', coeff: 4e-5 },
      },
      10,
    );
    expect(cfg.kind).toBe('sgd');
    expect(cfg.options).toEqual({ momentum: 0.9, nesterov: false, weightDecay: 4e-5 });
    expect(cfg.common.lr(10, 110)).toBeCloseTo(0.1, 15);
    expect(cfg.common.lr(60, 110)).toBeCloseTo(0.05, 15);
    expect(cfg.common.clipNorm).toBeUndefined();
    const p = Float64Array.of(1);
    const opt = buildOptimizer(cfg, [{ params: [p] }]);
    expect(opt).toBeInstanceOf(Sgd);
    opt.step([[Float64Array.of(0.5)]], cfg.common.lr(10, 110));
    expect(p[0]).toBeCloseTo(1 - 0.1 * (0.5 + 4e-5), 15);
  });

  it('AdamW with clip_norm and no-weight-decay rules', () => {
    const cfg = parseOptimizerConfig(
      {
        name: 'AdamW',
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
        weight_decay: 0.05,
        no_weight_decay_name: 'pos_embed cls_token .bias',
        one_dim_param_no_weight_decay: true,
        clip_norm: 5,
        lr: { name: 'Cosine', learning_rate: 5e-4, eta_min: 1e-5, warmup_epoch: 2, warmup_start_lr: 1e-6 },
      },
      4,
    );
    expect(cfg.kind).toBe('adamw');
    expect(cfg.options.weightDecay).toBe(0.05);
    expect(cfg.common.clipNorm).toBe(5);
    expect(cfg.common.lr(0, 40)).toBeCloseTo(1e-6, 18);
    expect(exemptFromWeightDecay(cfg.common, 'blocks.0.attn.qkv.bias', [96])).toBe(true);
    expect(exemptFromWeightDecay(cfg.common, 'bn1.weight', [64])).toBe(true);
    expect(exemptFromWeightDecay(cfg.common, 'pos_embed', [1, 197, 768])).toBe(true);
    expect(exemptFromWeightDecay(cfg.common, 'conv1.weight', [64, 3, 7, 7])).toBe(false);
  });

  it('rejects unknown optimizers, keys and regularizers', () => {
    const lr = { name: 'Constant', learning_rate: 0.1 };
    expect(() => parseOptimizerConfig({ name: 'Lamb', lr }, 1)).toThrow(
      'optimizer config: unknown optimizer "Lamb" (expected Momentum, AdamW)',
    );
    expect(() => parseOptimizerConfig({ name: 'Momentum', momentun: 0.9, lr }, 1)).toThrow(
      "optimizer config Momentum: unknown key 'momentun'",
    );
    expect(() =>
      parseOptimizerConfig({ name: 'Momentum', lr, regularizer: { name: 'L1', coeff: 1 } }, 1),
    ).toThrow('optimizer config Momentum: regularizer must be {name: L2, coeff}');
    expect(() => parseOptimizerConfig({ name: 'AdamW' }, 1)).toThrow(
      'optimizer config AdamW: missing lr block',
    );
  });
});
