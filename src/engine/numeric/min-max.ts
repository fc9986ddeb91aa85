// Largest / smallest of many numbers in one loop. `Math.max(...values)` passes every value as an argument and
// overflows the stack somewhere past ~100k of them (a 200,000-class label list did), so data-sized arrays use these.

/** Like `Math.max(...values)` (NaN wins, empty gives `ifEmpty`, -Infinity by default), for any number of values. */
export function maxOf(values: Iterable<number>, ifEmpty = Number.NEGATIVE_INFINITY): number {
  let m = ifEmpty;
  let any = false;
  for (const v of values) {
    m = any ? Math.max(m, v) : v;
    any = true;
  }
  return m;
}

/** Like `Math.min(...values)` (NaN wins, empty gives `ifEmpty`, Infinity by default), for any number of values. */
export function minOf(values: Iterable<number>, ifEmpty = Number.POSITIVE_INFINITY): number {
  let m = ifEmpty;
  let any = false;
  for (const v of values) {
    m = any ? Math.min(m, v) : v;
    any = true;
  }
  return m;
}
