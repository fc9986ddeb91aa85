// Tensor lifetimes over a schedule: for each planned tensor (with its views folded into the viewed tensor), the
// first step that writes it and the last step that reads it.
import { PLANNED_KINDS, type Schedule, tensorBytes } from './schedule-types.ts';

export interface Lifetime {
  /** The tensor owning the memory (views resolve to it). */
  name: string;
  bytes: number;
  /** Step indices, inclusive. */
  start: number;
  end: number;
  /** Views that share this tensor's memory. */
  views: string[];
}

/** The tensor whose memory `name` uses (follows view chains). */
export function storageRoot(s: Schedule, name: string): string {
  let t = name;
  for (let guard = 0; guard < 1000; guard++) {
    const spec = s.tensors.get(t);
    if (!spec) throw new Error(`liveness: unknown tensor '${t}'`);
    if (!spec.aliasOf) return t;
    t = spec.aliasOf;
  }
  throw new Error(`liveness: view cycle at '${name}'`);
}

/** Lifetimes of the planned (arena) tensors, in order of first write. */
export function lifetimes(s: Schedule): Lifetime[] {
  const lt = new Map<string, Lifetime>();
  const touch = (t: string, i: number, write: boolean) => {
    if (!t) return;
    const root = storageRoot(s, t);
    const spec = s.tensors.get(root)!;
    if (!PLANNED_KINDS.has(spec.kind)) return;
    let l = lt.get(root);
    if (!l) {
      if (!write) throw new Error(`liveness: step ${i} reads '${t}' before any step writes it`);
      l = { name: root, bytes: tensorBytes(spec), start: i, end: i, views: [] };
      lt.set(root, l);
    }
    if (t !== root && !l.views.includes(t)) l.views.push(t);
    l.end = Math.max(l.end, i);
  };
  s.steps.forEach((step, i) => {
    for (const t of step.outputs) touch(t, i, true);
    for (const t of step.inputs) touch(t, i, false);
  });
  return [...lt.values()];
}

/** Largest sum of simultaneously live planned bytes at any step: no plan can use less. */
export function liveLowerBound(lts: readonly Lifetime[], steps: number): number {
  const delta = new Float64Array(steps + 1);
  for (const l of lts) {
    delta[l.start] += l.bytes;
    delta[l.end + 1] -= l.bytes;
  }
  let cur = 0;
  let peak = 0;
  for (let i = 0; i < steps; i++) {
    cur += delta[i];
    peak = Math.max(peak, cur);
  }
  return peak;
}
