// Latency statistics over timed runs: nearest-rank percentiles (no interpolation, so p50 of one sample is that sample).

export interface LatencyStats {
  p50: number;
  p90: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile: the smallest sample with at least q·n samples at or below it. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('percentile: no samples');
  if (!(q > 0 && q <= 1)) throw new Error(`percentile: q must be in (0, 1], got ${q}`);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export function latencyStats(samples: readonly number[]): LatencyStats {
  if (samples.length === 0) throw new Error('latencyStats: no timed runs');
  for (const s of samples)
    if (!Number.isFinite(s) || s < 0) throw new Error(`latencyStats: bad sample ${s} ms`);
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

/** Images per second when one batch takes `ms`. */
export function imagesPerSecond(batch: number, ms: number): number {
  return ms > 0 ? (batch * 1000) / ms : Number.POSITIVE_INFINITY;
}
