// Keyed random stream for augmentation: (seed, epoch, step, sample, stream) → reproducible draws via Philox.
// Layout: key = [seed, stream], counter = [blockIndex, sample, step, epoch]; draw n is word n%4 of block n/4.
import { philox4x32 } from './philox.ts';

/** Sample index used for draws that belong to a whole batch (Mixup λ, permutation, OpSampler choice). */
export const BATCH_SAMPLE = 0xffffffff;

export interface RngKey {
  readonly seed: number;
  readonly epoch: number;
  readonly step: number;
  readonly sample: number;
  readonly stream: number;
}

const TWO_POW_M24 = 2 ** -24;

function checkU32(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new RangeError(`RngStream: ${name} must be an integer in [0, 2^32), got ${v}`);
  }
  return v >>> 0;
}

/** Draw number `index` of a key without a stream object: what a GPU thread computes on its own. */
export function u32At(key: RngKey, index: number): number {
  const block = philox4x32([Math.floor(index / 4), key.sample, key.step, key.epoch], [key.seed, key.stream]);
  return block[index % 4];
}

/** Uniform in [0, 1) from one u32: the top 24 bits, so the value is exact in float32 (identical on the GPU). */
export function u32ToUnit(u: number): number {
  return (u >>> 8) * TWO_POW_M24;
}

/** Uniform in (0, 1]: for logarithms (Box-Muller, gamma) that must not see 0. */
export function u32ToUnitOpenLow(u: number): number {
  return ((u >>> 8) + 1) * TWO_POW_M24;
}

/** Integer in [0, n) as floor(u·n / 2^32): exact integer math (a mul-hi on the GPU), no float rounding. */
export function u32Below(u: number, n: number): number {
  return Math.floor(((u >>> 0) * n) / 2 ** 32);
}

/** Sequential draws from one key. Cheap to create: make one per (sample, op). */
export class RngStream {
  readonly key: RngKey;
  private index = 0;
  private readonly block = new Uint32Array(4);
  private readonly counter = new Uint32Array(4);
  private readonly keyWords: Uint32Array;
  private spareNormal: number | undefined;

  constructor(key: RngKey) {
    this.key = {
      seed: checkU32('seed', key.seed),
      epoch: checkU32('epoch', key.epoch),
      step: checkU32('step', key.step),
      sample: checkU32('sample', key.sample),
      stream: checkU32('stream', key.stream),
    };
    this.keyWords = Uint32Array.of(this.key.seed, this.key.stream);
    this.counter[1] = this.key.sample;
    this.counter[2] = this.key.step;
    this.counter[3] = this.key.epoch;
  }

  /** A child stream for the same (seed, epoch, step, sample) but another stream id (e.g. per-pixel noise). */
  derive(stream: number): RngStream {
    return new RngStream({ ...this.key, stream: stream >>> 0 });
  }

  /** How many u32 have been consumed: the GPU replays a draw by this index. */
  get position(): number {
    return this.index;
  }

  nextU32(): number {
    const lane = this.index % 4;
    if (lane === 0) {
      this.counter[0] = Math.floor(this.index / 4);
      philox4x32(this.counter, this.keyWords, this.block);
    }
    this.index++;
    return this.block[lane];
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return u32ToUnit(this.nextU32());
  }

  /** Uniform in [lo, hi) (Python's random.uniform(lo, hi)). */
  uniformRange(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer in [lo, hi] inclusive (Python's random.randint). */
  randint(lo: number, hi: number): number {
    if (hi < lo) throw new RangeError(`RngStream.randint: empty range [${lo}, ${hi}]`);
    return lo + u32Below(this.nextU32(), hi - lo + 1);
  }

  /** Integer in [0, n) (numpy's randint(n)). */
  below(n: number): number {
    if (!(n >= 1)) throw new RangeError(`RngStream.below: n must be ≥ 1, got ${n}`);
    return u32Below(this.nextU32(), n);
  }

  choice<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** ±1 with equal odds (PaddleClas's random.choice([-1, 1])). */
  sign(): number {
    return this.nextU32() & 1 ? 1 : -1;
  }

  /** Standard normal by Box-Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    const [a, b] = boxMuller(this.nextU32(), this.nextU32());
    this.spareNormal = b;
    return a;
  }

  /** Gamma(shape, 1) by Marsaglia-Tsang (shape < 1 boosted by U^(1/shape)). */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`RngStream.gamma: shape must be > 0, got ${shape}`);
    if (shape < 1) {
      const boost = u32ToUnitOpenLow(this.nextU32()) ** (1 / shape);
      return this.gamma(shape + 1) * boost;
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const t = 1 + c * x;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = u32ToUnitOpenLow(this.nextU32());
      if (u < 1 - 0.0331 * x ** 4) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) as X/(X+Y) with X~Gamma(a), Y~Gamma(b) (numpy's method for these α). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x + y > 0 ? x / (x + y) : this.uniform() < a / (a + b) ? 1 : 0;
  }
}

/** Two independent standard normals from two u32 (u1 ∈ (0,1] keeps the log finite). */
export function boxMuller(ua: number, ub: number): [number, number] {
  const r = Math.sqrt(-2 * Math.log(u32ToUnitOpenLow(ua)));
  const theta = 2 * Math.PI * u32ToUnit(ub);
  return [r * Math.cos(theta), r * Math.sin(theta)];
}

/** Per-element standard normal for pixel noise: element i uses block i/2 of the key, so any thread finds its own. */
export function normalAt(key: RngKey, i: number): number {
  const block = philox4x32([Math.floor(i / 2), key.sample, key.step, key.epoch], [key.seed, key.stream]);
  const [a, b] = boxMuller(block[0], block[1]);
  return i % 2 === 0 ? a : b;
}
