// Durations and FLOP counts as the Train screen shows them: units, no exponent notation.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatFlops } from './human-units.ts';

describe('human units', () => {
  it('writes durations in s, min and h', () => {
    expect(formatDuration(0.42)).toBe('0.4 s');
    expect(formatDuration(6)).toBe('6 s');
    expect(formatDuration(6.84)).toBe('6.8 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(680)).toBe('11 min 20 s');
    expect(formatDuration(4000)).toBe('1 h 06 min');
    expect(formatDuration(Number.NaN)).toBe('unknown');
  });

  it('writes FLOP counts with a metric prefix and no exponent', () => {
    expect(formatFlops(0)).toBe('0 FLOP');
    expect(formatFlops(2562)).toBe('2.56 kFLOP');
    expect(formatFlops(3.1e8)).toBe('310 MFLOP');
    expect(formatFlops(6.8e11)).toBe('680 GFLOP');
    for (const v of [1e-3, 1, 1e5, 1e21]) expect(formatFlops(v)).not.toMatch(/e[+-]/);
  });
});
