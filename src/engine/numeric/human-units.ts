// Numbers as people read them: durations in s / min / h and operation counts with a metric prefix, never in
// exponent notation ("6.8e+2 s", "0.00 GFLOP" told a newcomer nothing).

/** 0.42 → '0.4 s', 6.84 → '6.8 s', 42 → '42 s', 680 → '11 min 20 s', 4000 → '1 h 07 min'. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (seconds < 10) return `${Number(seconds.toFixed(1))} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P'];

/** 1234 → '1.23 kFLOP', 3.1e8 → '310 MFLOP', 0 → '0 FLOP' (three significant digits). */
export function formatFlops(flops: number): string {
  if (!Number.isFinite(flops) || flops < 0) return 'unknown';
  let v = flops;
  let p = 0;
  while (v >= 1000 && p < PREFIXES.length - 1) {
    v /= 1000;
    p++;
  }
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${Number(v.toFixed(digits))} ${PREFIXES[p]}FLOP`;
}
