// Liveness-based buffer plan: every planned tensor gets an (arena, offset) so tensors whose lifetimes overlap
// never share bytes, computed once per schedule (greedy by size, as TFLite's arena planner); plus the peak report.
import { type Lifetime, lifetimes, liveLowerBound, storageRoot } from './liveness.ts';
import { PLANNED_KINDS, type Schedule, type TensorKind, tensorBytes } from './schedule-types.ts';

export interface Placement {
  arena: number;
  /** Byte offset inside the arena, a multiple of the plan's alignment. */
  offset: number;
  bytes: number;
}

export interface BufferPlanOptions {
  /** Offset alignment (WebGPU minStorageBufferOffsetAlignment, 256 by default). */
  alignment?: number;
  /** Largest arena (device maxBufferSize); a single larger tensor gets an arena of its own size. */
  maxArenaBytes?: number;
}

export interface PeakReport {
  /** Sum of the arenas' sizes: activations, saved extras, activation and parameter gradients. */
  arenaBytes: number;
  /** Max over steps of the live planned bytes (what a perfect packing would need). */
  liveLowerBound: number;
  /** Persistent buffers by kind (params, frozen params, constants, running stats, optimizer state, inputs). */
  persistent: Partial<Record<TensorKind, number>>;
  /** arenaBytes + all persistent bytes: the GPU memory one training step needs. */
  totalBytes: number;
}

export interface BufferPlan {
  arenas: number[];
  /** Placement of every planned tensor; views resolve to their root's placement. */
  placements: Map<string, Placement>;
  lifetimes: Lifetime[];
  peak: PeakReport;
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** The plan with its peak report: arenas plus every persistent buffer (params, state, inputs). */
function finish(
  s: Schedule,
  arenas: number[],
  placements: Map<string, Placement>,
  lts: Lifetime[],
): BufferPlan {
  const persistent: Partial<Record<TensorKind, number>> = {};
  for (const t of s.tensors.values()) {
    if (PLANNED_KINDS.has(t.kind) || t.aliasOf) continue;
    persistent[t.kind] = (persistent[t.kind] ?? 0) + tensorBytes(t);
  }
  const arenaBytes = arenas.reduce((sum, a) => sum + a, 0);
  const persistentBytes = Object.values(persistent).reduce((x, y) => x + (y ?? 0), 0);
  return {
    arenas,
    placements,
    lifetimes: lts,
    peak: {
      arenaBytes,
      liveLowerBound: liveLowerBound(lts, s.steps.length),
      persistent,
      totalBytes: arenaBytes + persistentBytes,
    },
  };
}

export function planBuffers(s: Schedule, o: BufferPlanOptions = {}): BufferPlan {
  const alignment = o.alignment ?? 256;
  const cap = o.maxArenaBytes ?? 1024 * 1024 * 1024;
  const lts = lifetimes(s);
  const order = [...lts].sort((a, b) => b.bytes - a.bytes || a.start - b.start);
  const arenas: { cap: number; size: number; placed: { l: Lifetime; offset: number; end: number }[] }[] = [];
  const placements = new Map<string, Placement>();
  for (const l of order) {
    const bytes = align(Math.max(l.bytes, 4), alignment);
    let done = false;
    for (let ai = 0; ai < arenas.length && !done; ai++) {
      const a = arenas[ai];
      // Lowest offset past every conflicting (time-overlapping) tensor's range that it would otherwise hit.
      const conflicts = a.placed
        .filter((p) => p.l.start <= l.end && l.start <= p.l.end)
        .sort((x, y) => x.offset - y.offset);
      let offset = 0;
      for (const c of conflicts) {
        if (offset + bytes <= c.offset) break;
        offset = Math.max(offset, c.end);
      }
      if (offset + bytes <= a.cap) {
        a.placed.push({ l, offset, end: offset + bytes });
        a.size = Math.max(a.size, offset + bytes);
        placements.set(l.name, { arena: ai, offset, bytes });
        done = true;
      }
    }
    if (!done) {
      arenas.push({ cap: Math.max(cap, bytes), size: bytes, placed: [{ l, offset: 0, end: bytes }] });
      placements.set(l.name, { arena: arenas.length - 1, offset: 0, bytes });
    }
  }
  return finish(
    s,
    arenas.map((a) => a.size),
    placements,
    lts,
  );
}

/** Placement of any planned tensor or view of one; null for persistent tensors. */
export function placementOf(s: Schedule, plan: BufferPlan, name: string): Placement | null {
  return plan.placements.get(storageRoot(s, name)) ?? null;
}

/**
 * The same liveness plan realised as whole-buffer slots (offset 0): tensors whose lifetimes do not overlap share
 * a slot sized for the largest of them. The GPU core binds a tensor as a whole buffer, so this is the form the
 * GPU executor uses; `planBuffers`' offset arenas need sub-buffer bindings to be realised.
 */
export function planSlots(s: Schedule): BufferPlan {
  const lts = lifetimes(s);
  const order = [...lts].sort((a, b) => a.start - b.start || b.bytes - a.bytes);
  const slots: { size: number; freeAfter: number }[] = [];
  const placements = new Map<string, Placement>();
  for (const l of order) {
    const bytes = align(Math.max(l.bytes, 4), 4);
    // Best fit among free slots: the smallest that holds it, else the largest (grown to fit).
    let best = -1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i].freeAfter >= l.start) continue;
      if (best < 0) best = i;
      else {
        const fits = slots[i].size >= bytes;
        const bestFits = slots[best].size >= bytes;
        if (
          (fits && (!bestFits || slots[i].size < slots[best].size)) ||
          (!fits && !bestFits && slots[i].size > slots[best].size)
        )
          best = i;
      }
    }
    if (best < 0) {
      slots.push({ size: bytes, freeAfter: l.end });
      best = slots.length - 1;
    } else {
      slots[best].size = Math.max(slots[best].size, bytes);
      slots[best].freeAfter = l.end;
    }
    placements.set(l.name, { arena: best, offset: 0, bytes });
  }
  return finish(
    s,
    slots.map((x) => x.size),
    placements,
    lts,
  );
}
