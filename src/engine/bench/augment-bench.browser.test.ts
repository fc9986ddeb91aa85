// The augment bench end to end in Chromium at a tiny size: ours (fused GPU) and the OffscreenCanvas CPU column
// run the same workload and emit comparison lines with finite images/s. The TF.js column is left to the bench run:
// its first dynamic import makes Vite re-optimise dependencies and reload the test page on a cold cache.
import { describe, expect, it } from 'vitest';
import { gpuSkipped, requireGpu } from '../gpu/testing.ts';
import { augmentBenchTask } from './augment-bench.ts';

describe.skipIf(gpuSkipped)('bench augment (quick)', () => {
  it('emits the CPU comparison with positive rates', async () => {
    const lines: Record<string, unknown>[] = [];
    await augmentBenchTask(
      requireGpu(),
      { batch: '2', size: '32', 'min-ms': '1', 'no-tfjs': true },
      { emit: (r) => lines.push(r as Record<string, unknown>), progress: () => {} },
    );
    const cmp = lines.filter((l) => 'ratio' in l);
    expect(cmp.map((l) => l.baseline)).toEqual(['cpu-canvas']);
    for (const l of cmp) {
      expect(l.unit).toBe('images/s');
      expect(Number(l.ours)).toBeGreaterThan(0);
      expect(Number(l.baseline_value)).toBeGreaterThan(0);
      expect(Number.isFinite(Number(l.ratio))).toBe(true);
    }
  });
});
