// Typed readers for one op's parameter object, with messages that name the list, index, op and parameter.
import { evalArithmetic } from './expr.ts';

export class AugmentConfigError extends Error {
  override name = 'AugmentConfigError';
}

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

export class Params {
  private readonly used = new Set<string>();
  constructor(
    /** e.g. 'transform_ops[2] RandCropImage' */
    readonly where: string,
    private readonly raw: Record<string, unknown>,
  ) {}

  fail(name: string, expected: string, got: unknown): never {
    throw new AugmentConfigError(`${this.where}: parameter "${name}" must be ${expected}, got ${show(got)}`);
  }

  private get(name: string): unknown {
    this.used.add(name);
    return this.raw[name];
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  /** A number; strings are read as PaddleClas-style arithmetic ("1.0/255.0"). */
  num(
    name: string,
    dflt?: number,
    opts: { min?: number; max?: number; gt?: number; int?: boolean } = {},
  ): number {
    const v = this.get(name);
    if (v === undefined || v === null) {
      if (dflt === undefined)
        throw new AugmentConfigError(`${this.where}: missing required parameter "${name}"`);
      return dflt;
    }
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string') {
      try {
        n = evalArithmetic(v);
      } catch (e) {
        throw new AugmentConfigError(`${this.where}: parameter "${name}": ${(e as Error).message}`);
      }
    } else return this.fail(name, 'a number', v);
    const kind = opts.int ? 'an integer' : 'a number';
    if (!Number.isFinite(n) || (opts.int && !Number.isInteger(n))) this.fail(name, kind, v);
    if (opts.min !== undefined && n < opts.min) this.fail(name, `${kind} ≥ ${opts.min}`, v);
    if (opts.gt !== undefined && n <= opts.gt) this.fail(name, `${kind} > ${opts.gt}`, v);
    if (opts.max !== undefined && n > opts.max) this.fail(name, `${kind} ≤ ${opts.max}`, v);
    return n;
  }

  nums(name: string, len: number, dflt?: readonly number[]): number[] {
    const v = this.get(name);
    if (v === undefined || v === null) {
      if (dflt === undefined)
        throw new AugmentConfigError(`${this.where}: missing required parameter "${name}"`);
      return [...dflt];
    }
    if (!Array.isArray(v) || v.length !== len) return this.fail(name, `a list of ${len} numbers`, v);
    return v.map((x) => {
      const n = typeof x === 'string' ? Number.NaN : Number(x);
      if (typeof x !== 'number' || !Number.isFinite(n)) this.fail(name, `a list of ${len} numbers`, v);
      return x as number;
    });
  }

  /** An integer or [w, h] (PaddleClas size). */
  size(name: string): [number, number] {
    const v = this.get(name);
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return [v, v];
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      v.every((x) => typeof x === 'number' && Number.isInteger(x) && x > 0)
    ) {
      return [v[0], v[1]];
    }
    if (v === undefined || v === null)
      throw new AugmentConfigError(`${this.where}: missing required parameter "${name}"`);
    return this.fail(name, 'a positive integer or [w, h]', v);
  }

  str<T extends string>(name: string, allowed: readonly T[], dflt: T): T {
    const v = this.get(name);
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'string') return this.fail(name, `one of ${allowed.map(show).join(', ')}`, v);
    const lower = v.toLowerCase() as T;
    if (!allowed.includes(lower)) return this.fail(name, `one of ${allowed.map(show).join(', ')}`, v);
    return lower;
  }

  /** Free text (TimmAutoAugment's config_str). */
  text(name: string): string {
    const v = this.get(name);
    if (v === undefined || v === null)
      throw new AugmentConfigError(`${this.where}: missing required parameter "${name}"`);
    if (typeof v !== 'string' || v === '') return this.fail(name, 'a non-empty string', v);
    return v;
  }

  bool(name: string, dflt: boolean): boolean {
    const v = this.get(name);
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'boolean') return this.fail(name, 'true or false', v);
    return v;
  }

  /** A nested object parameter (OpSampler's per-op dicts). */
  obj(name: string): Record<string, unknown> {
    const v = this.get(name);
    if (v === null || v === undefined) return {};
    if (typeof v !== 'object' || Array.isArray(v)) return this.fail(name, 'an object', v);
    return v as Record<string, unknown>;
  }

  keys(): string[] {
    return Object.keys(this.raw);
  }

  /** After reading: any parameter the op does not know is an error (a typo must not be silently ignored). */
  finish(ignored: readonly string[] = []): void {
    for (const k of Object.keys(this.raw)) {
      if (!this.used.has(k) && !ignored.includes(k)) {
        const known = [...this.used].join(', ') || 'none';
        throw new AugmentConfigError(`${this.where}: unknown parameter "${k}" (known: ${known})`);
      }
    }
  }
}
