// Reference SGD with momentum, PyTorch/Paddle Momentum semantics: g ← g + wd·p (coupled L2, PaddleClas L2Decay),
// buf ← μ·buf + g (dampening 0), step = Nesterov ? g + μ·buf : buf, p ← p − lr·lrMult·step.
import {
  checkBuffers,
  checkGrads,
  checkLr,
  copyBuffers,
  type ParamGroup,
  zerosLike,
} from './param-groups.ts';

export interface SgdOptions {
  momentum?: number;
  nesterov?: boolean;
  /** L2 coefficient added to the gradient (PaddleClas regularizer L2 coeff). */
  weightDecay?: number;
}

export interface SgdState {
  kind: 'sgd';
  step: number;
  momentumBuffers: Float64Array[][];
}

export class Sgd {
  private buffers: Float64Array[][];
  private steps = 0;
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;

  constructor(
    private readonly groups: ParamGroup[],
    opts: SgdOptions = {},
  ) {
    this.momentum = opts.momentum ?? 0;
    this.nesterov = opts.nesterov ?? false;
    this.weightDecay = opts.weightDecay ?? 0;
    if (!(this.momentum >= 0 && this.momentum < 1))
      throw new Error(`SGD: momentum must be in [0, 1), got ${this.momentum}`);
    if (this.nesterov && this.momentum === 0) throw new Error('SGD: Nesterov momentum requires momentum > 0');
    if (!(this.weightDecay >= 0)) throw new Error(`SGD: weight decay must be ≥ 0, got ${this.weightDecay}`);
    this.buffers = zerosLike(groups);
  }

  /** Applies one update in place with the scheduled learning rate `lr`. */
  step(grads: readonly (readonly Float64Array[])[], lr: number): void {
    checkGrads('SGD', this.groups, grads);
    checkLr('SGD', lr);
    const mu = this.momentum;
    this.groups.forEach((group, gi) => {
      const glr = lr * (group.lrMult ?? 1);
      const wd = group.weightDecay ?? this.weightDecay;
      group.params.forEach((p, pi) => {
        const g = grads[gi][pi];
        const buf = this.buffers[gi][pi];
        for (let i = 0; i < p.length; i++) {
          const gi2 = g[i] + wd * p[i];
          let d = gi2;
          if (mu !== 0) {
            buf[i] = mu * buf[i] + gi2;
            d = this.nesterov ? gi2 + mu * buf[i] : buf[i];
          }
          p[i] -= glr * d;
        }
      });
    });
    this.steps++;
  }

  state(): SgdState {
    return { kind: 'sgd', step: this.steps, momentumBuffers: copyBuffers(this.buffers) };
  }

  load(s: SgdState): void {
    if (s.kind !== 'sgd') throw new Error(`SGD: cannot load optimizer state of kind '${s.kind}'`);
    checkBuffers('SGD', 'momentum buffers', this.groups, s.momentumBuffers);
    this.buffers = copyBuffers(s.momentumBuffers);
    this.steps = s.step;
  }
}
