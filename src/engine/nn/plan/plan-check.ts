// Independent check of a buffer plan by simulating memory: each step writes its outputs' byte ranges, then every
// tensor it reads (and writes) must still hold its own bytes. Catches any two live tensors sharing memory.
import { type BufferPlan, placementOf } from './buffer-plan.ts';
import { storageRoot } from './liveness.ts';
import type { Schedule } from './schedule-types.ts';

interface Segment {
  start: number;
  end: number;
  owner: string;
}

/** A message for the first violated read, or null when the plan keeps every tensor intact until its last read. */
export function simulatePlan(s: Schedule, plan: BufferPlan): string | null {
  const arenas: Segment[][] = plan.arenas.map(() => []);
  const write = (arena: number, start: number, end: number, owner: string) => {
    const next: Segment[] = [];
    for (const g of arenas[arena]) {
      if (g.end <= start || g.start >= end) next.push(g);
      else {
        if (g.start < start) next.push({ start: g.start, end: start, owner: g.owner });
        if (g.end > end) next.push({ start: end, end: g.end, owner: g.owner });
      }
    }
    next.push({ start, end, owner });
    arenas[arena] = next;
  };
  const intact = (arena: number, start: number, end: number, owner: string): string | null => {
    let covered = 0;
    for (const g of arenas[arena]) {
      if (g.end <= start || g.start >= end) continue;
      if (g.owner !== owner) return g.owner;
      covered += Math.min(g.end, end) - Math.max(g.start, start);
    }
    return covered === end - start ? null : '(never written)';
  };
  for (let i = 0; i < s.steps.length; i++) {
    const step = s.steps[i];
    const where = `step ${i} ${step.op} '${step.node}'`;
    for (const t of step.outputs) {
      if (!t) continue;
      const p = placementOf(s, plan, t);
      if (!p) continue;
      if (p.offset + p.bytes > plan.arenas[p.arena]) return `${where}: '${t}' runs past arena ${p.arena}`;
      write(p.arena, p.offset, p.offset + p.bytes, storageRoot(s, t));
    }
    for (const t of [...step.inputs, ...step.outputs]) {
      if (!t) continue;
      const p = placementOf(s, plan, t);
      if (!p) continue;
      const root = storageRoot(s, t);
      const other = intact(p.arena, p.offset, p.offset + p.bytes, root);
      if (other) return `${where}: '${t}' was overwritten by '${other}' in arena ${p.arena}`;
    }
  }
  return null;
}
