// Reference AdamW (Loshchilov & Hutter; PyTorch/Paddle semantics): decoupled decay p ← p·(1 − lr·wd), then Adam
// with bias correction: p ← p − lr·m̂/(√v̂ + ε). Group lr multipliers scale both the step and the decay.
import {
  checkBuffers,
  checkGrads,
  checkLr,
  copyBuffers,
  type ParamGroup,
  zerosLike,
} from './param-groups.ts';

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay (default 0.01, as PyTorch and Paddle). */
  weightDecay?: number;
}

export interface AdamWState {
  kind: 'adamw';
  step: number;
  m: Float64Array[][];
  v: Float64Array[][];
}

export class AdamW {
  private m: Float64Array[][];
  private v: Float64Array[][];
  private t = 0;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;
  private readonly weightDecay: number;

  constructor(
    private readonly groups: ParamGroup[],
    opts: AdamWOptions = {},
  ) {
    this.b1 = opts.beta1 ?? 0.9;
    this.b2 = opts.beta2 ?? 0.999;
    this.eps = opts.epsilon ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0.01;
    for (const [name, b] of [
      ['beta1', this.b1],
      ['beta2', this.b2],
    ] as const) {
      if (!(b >= 0 && b < 1)) throw new Error(`AdamW: ${name} must be in [0, 1), got ${b}`);
    }
    if (!(this.eps > 0)) throw new Error(`AdamW: epsilon must be > 0, got ${this.eps}`);
    this.m = zerosLike(groups);
    this.v = zerosLike(groups);
  }

  step(grads: readonly (readonly Float64Array[])[], lr: number): void {
    checkGrads('AdamW', this.groups, grads);
    checkLr('AdamW', lr);
    this.t++;
    const bc1 = 1 - this.b1 ** this.t;
    const bc2 = 1 - this.b2 ** this.t;
    this.groups.forEach((group, gi) => {
      const glr = lr * (group.lrMult ?? 1);
      const wd = group.weightDecay ?? this.weightDecay;
      group.params.forEach((p, pi) => {
        const g = grads[gi][pi];
        const m = this.m[gi][pi];
        const v = this.v[gi][pi];
        for (let i = 0; i < p.length; i++) {
          p[i] *= 1 - glr * wd;
          m[i] = this.b1 * m[i] + (1 - this.b1) * g[i];
          v[i] = this.b2 * v[i] + (1 - this.b2) * g[i] * g[i];
          p[i] -= (glr * (m[i] / bc1)) / (Math.sqrt(v[i] / bc2) + this.eps);
        }
      });
    });
  }

  state(): AdamWState {
    return { kind: 'adamw', step: this.t, m: copyBuffers(this.m), v: copyBuffers(this.v) };
  }

  load(s: AdamWState): void {
    if (s.kind !== 'adamw') throw new Error(`AdamW: cannot load optimizer state of kind '${s.kind}'`);
    checkBuffers('AdamW', 'first moments', this.groups, s.m);
    checkBuffers('AdamW', 'second moments', this.groups, s.v);
    this.m = copyBuffers(s.m);
    this.v = copyBuffers(s.v);
    this.t = s.step;
  }
}
