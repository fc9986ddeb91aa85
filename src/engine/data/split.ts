// Seeded stratified split: per class, a deterministic shuffle then the first share goes to val (and test).
// The result depends only on (seed, item keys, labels), not on input order, and each class uses its own
// stream so adding a class leaves the others' assignment unchanged.
import { mulberry32 } from '../random/mulberry32.ts';

export interface SplitFractions {
  /** Share of each class for validation, 0..1. */
  val: number;
  /** Share of each class for test, 0..1 (default 0). */
  test?: number;
}

export interface Splittable {
  /** Stable identity, e.g. the relative path. */
  key: string;
  label: number;
}

/** Returns 'train' | 'val' | 'test' per input item, in input order. */
export function stratifiedSplit(
  items: readonly Splittable[],
  fractions: SplitFractions,
  seed: number,
): string[] {
  const test = fractions.test ?? 0;
  if (!(fractions.val >= 0 && test >= 0 && fractions.val + test < 1)) {
    throw new Error(
      `stratifiedSplit: fractions val=${fractions.val} test=${test} must be ≥ 0 and sum below 1`,
    );
  }
  const byClass = new Map<number, number[]>();
  items.forEach((it, i) => {
    const list = byClass.get(it.label) ?? [];
    list.push(i);
    byClass.set(it.label, list);
  });
  const out = new Array<string>(items.length).fill('train');
  for (const [label, indices] of byClass) {
    indices.sort((a, b) => compare(items[a]!.key, items[b]!.key));
    shuffle(indices, mulberry32(hashString(`${seed}:${label}`)));
    const n = indices.length;
    const { nVal, nTest } = shareCounts(n, fractions.val, test);
    indices.forEach((idx, k) => {
      out[idx] = k < nVal ? 'val' : k < nVal + nTest ? 'test' : 'train';
    });
  }
  return out;
}

/**
 * Rounded shares, but a class with ≥ 2 images gets at least one val image when val > 0, and always keeps at
 * least one training image.
 */
export function shareCounts(n: number, val: number, test: number): { nVal: number; nTest: number } {
  let nVal = Math.round(n * val);
  let nTest = Math.round(n * test);
  if (val > 0 && nVal === 0 && n >= 2) nVal = 1;
  if (test > 0 && nTest === 0 && n - nVal >= 2) nTest = 1;
  while (nVal + nTest > n - 1 && nVal + nTest > 0) {
    if (nTest >= nVal && nTest > 0) nTest--;
    else nVal--;
  }
  return { nVal, nTest };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function shuffle(a: number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}

/** FNV-1a 32-bit. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
