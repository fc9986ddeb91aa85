// Import progress: ETA from the rate of this run only (work done before a resume does not inflate it).
import { describe, expect, it } from 'vitest';
import { formatEta, ProgressMeter } from './progress.ts';

describe('ProgressMeter', () => {
  it('has no ETA before any bytes are done, then extrapolates the byte rate', () => {
    let t = 1000;
    const m = new ProgressMeter('processing', 10, 1000, () => t);
    expect(m.snapshot().etaMs).toBeNull();
    t += 500;
    m.add(2, 250);
    expect(m.snapshot()).toEqual({
      phase: 'processing',
      filesDone: 2,
      filesTotal: 10,
      bytesDone: 250,
      bytesTotal: 1000,
      etaMs: 1500,
    });
    m.add(8, 750);
    expect(m.snapshot().etaMs).toBe(0);
  });

  it('counts resumed work as done but not toward the rate', () => {
    let t = 0;
    const m = new ProgressMeter('processing', 4, 400, () => t, { files: 2, bytes: 200 });
    expect(m.snapshot()).toMatchObject({ filesDone: 2, bytesDone: 200, etaMs: null });
    t = 100;
    m.add(1, 100);
    expect(m.snapshot().etaMs).toBe(100);
  });

  it('formats ETAs', () => {
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(1200)).toBe('2 s left');
    expect(formatEta(125_000)).toBe('2 min 05 s left');
  });
});
