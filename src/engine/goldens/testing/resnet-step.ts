// Test-only: the resnet18 one-step golden (per-parameter summaries of PyTorch's SGD step) and the comparison of an
// engine's parameters before/after its own step against it, shared by the CPU and GPU executor tests.
import type { GoldenTensor } from './golden.ts';
import { lcgInput } from './lcg-input.ts';

/** sum, Σ|v|, Σv² and values at fixed flat indices of one tensor (generate.py `summary`). */
export interface Summary {
  n: number;
  sum: number;
  sumAbs: number;
  sumSq: number;
  indices: number[];
  samples: number[];
}

export interface ResnetStepGolden {
  model: string;
  input: { shape: number[]; lcgSeed: number; sum: number; first: number[] };
  labels: number[];
  recipe: { labelSmoothing: number; lr: number; momentum: number; weightDecay: number };
  evalLogits: GoldenTensor;
  trainLogits: Summary;
  loss: number;
  /** By ONNX initializer name (= torch state_dict name): the parameter after the step and the step's change. */
  params: Record<string, { shape: number[]; after: Summary; update: Summary }>;
  /** BatchNorm running_mean / running_var after the step. */
  runningStats: Record<string, { shape: number[]; after: Summary }>;
}

export function parseResnetGolden(text: string): ResnetStepGolden {
  const g = JSON.parse(text) as ResnetStepGolden;
  if (!g.params || !g.runningStats || !g.evalLogits) {
    throw new Error('resnet18-sgd-step.golden.json: missing params/runningStats/evalLogits (regenerate it)');
  }
  return g;
}

/** The golden's image batch, checked against the sum and first values torch saw. */
export function resnetInput(g: ResnetStepGolden): Float64Array {
  const n = g.input.shape.reduce((a, b) => a * b, 1);
  const x = lcgInput(n, g.input.lcgSeed);
  let sum = 0;
  for (const v of x) sum += v;
  const first = Array.from(x.subarray(0, g.input.first.length));
  if (Math.abs(sum - g.input.sum) > 1e-9 * n || first.some((v, i) => v !== g.input.first[i])) {
    throw new Error(`lcg input differs from generate.py's: sum ${sum} vs ${g.input.sum}, first [${first}]`);
  }
  return x;
}

/**
 * Mismatches of one tensor against its summary, each judged at relative tolerance `rtol`: Σv² relative to itself,
 * Σv against rtol·Σ|v| (a sum of values each within rtol), sampled values against rtol·max(|v|, rms).
 */
export function summaryMismatches(
  what: string,
  values: ArrayLike<number>,
  want: Summary,
  rtol: number,
  slack: (index: number) => number = () => 0,
): string[] {
  if (values.length !== want.n) return [`${what}: ${values.length} values, golden has ${want.n}`];
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    sumSq += values[i] * values[i];
  }
  const bad: string[] = [];
  if (Math.abs(sumSq - want.sumSq) > rtol * want.sumSq) bad.push(`${what}: Σv² ${sumSq} vs ${want.sumSq}`);
  if (Math.abs(sum - want.sum) > rtol * want.sumAbs) bad.push(`${what}: Σv ${sum} vs ${want.sum}`);
  const rms = Math.sqrt(want.sumSq / want.n);
  want.indices.forEach((idx, j) => {
    const v = values[idx];
    const w = want.samples[j];
    if (!(Math.abs(v - w) <= rtol * Math.max(Math.abs(w), rms) + slack(idx)))
      bad.push(`${what}[${idx}]: ${v} vs ${w}`);
  });
  return bad;
}

/** One unit in the last place of |x| as a float32. */
export function ulp32(x: number): number {
  const a = Math.abs(x);
  return a === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
}

/**
 * Every trainable parameter (after and update) and running stat of an engine step vs the golden. `updateUlps`:
 * a float32 engine's update is after − before of two rounded weights, so each sampled update may also be off
 * by that many float32 ulps of the weight (matters when lr·grad is ~1e-3 of the weight, as at lr 0.001).
 */
export function resnetStepMismatches(
  g: ResnetStepGolden,
  before: ReadonlyMap<string, ArrayLike<number>>,
  after: ReadonlyMap<string, ArrayLike<number>>,
  rtol: number,
  updateUlps = 0,
): string[] {
  const bad: string[] = [];
  const read = (name: string, m: ReadonlyMap<string, ArrayLike<number>>, when: string) => {
    const v = m.get(name);
    if (!v) throw new Error(`resnet18 golden: the engine has no tensor '${name}' ${when} the step`);
    return v;
  };
  for (const [name, p] of Object.entries(g.params)) {
    const a = read(name, after, 'after');
    const b = read(name, before, 'before');
    const update = Float64Array.from(a, (v, i) => v - b[i]);
    bad.push(...summaryMismatches(`${name} after`, a, p.after, rtol));
    const slack = (i: number) => updateUlps * ulp32(Math.max(Math.abs(a[i]), Math.abs(b[i])));
    bad.push(...summaryMismatches(`${name} update`, update, p.update, rtol, slack));
  }
  for (const [name, s] of Object.entries(g.runningStats)) {
    bad.push(...summaryMismatches(`${name} after`, read(name, after, 'after'), s.after, rtol));
  }
  return bad;
}
