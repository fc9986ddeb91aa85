// Exponential moving average of weights (PaddleClas ExponentialMovingAverage / timm ModelEma): shadow ←
// d·shadow + (1 − d)·param. Optional TF-style warm-up d_t = min(decay, (1 + t)/(10 + t)), t = updates so far,
// so early shadows track the fast-moving weights instead of the initialisation.

export interface EmaOptions {
  decay?: number;
  warmup?: boolean;
}

export interface EmaState {
  kind: 'ema';
  updates: number;
  shadow: Float64Array[];
}

export class Ema {
  private shadowParams: Float64Array[];
  private updates = 0;
  readonly decay: number;
  readonly warmup: boolean;

  constructor(params: readonly Float64Array[], opts: EmaOptions = {}) {
    this.decay = opts.decay ?? 0.9999;
    this.warmup = opts.warmup ?? false;
    if (!(this.decay >= 0 && this.decay <= 1))
      throw new Error(`EMA: decay must be in [0, 1], got ${this.decay}`);
    this.shadowParams = params.map((p) => Float64Array.from(p));
  }

  /** The decay the next update will use. */
  currentDecay(): number {
    return this.warmup ? Math.min(this.decay, (1 + this.updates) / (10 + this.updates)) : this.decay;
  }

  update(params: readonly Float64Array[]): void {
    if (
      params.length !== this.shadowParams.length ||
      params.some((p, i) => p.length !== this.shadowParams[i].length)
    ) {
      throw new Error('EMA: parameters do not match the shadow copy (count or lengths differ)');
    }
    const d = this.currentDecay();
    params.forEach((p, k) => {
      const s = this.shadowParams[k];
      for (let i = 0; i < p.length; i++) s[i] = d * s[i] + (1 - d) * p[i];
    });
    this.updates++;
  }

  /** The averaged weights (live views; copy before mutating). */
  get shadow(): readonly Float64Array[] {
    return this.shadowParams;
  }

  state(): EmaState {
    return { kind: 'ema', updates: this.updates, shadow: this.shadowParams.map((s) => Float64Array.from(s)) };
  }

  load(s: EmaState): void {
    if (s.kind !== 'ema') throw new Error(`EMA: cannot load state of kind '${s.kind}'`);
    if (
      s.shadow.length !== this.shadowParams.length ||
      s.shadow.some((p, i) => p.length !== this.shadowParams[i].length)
    ) {
      throw new Error('EMA: saved shadow does not match the parameters');
    }
    this.shadowParams = s.shadow.map((p) => Float64Array.from(p));
    this.updates = s.updates;
  }
}
