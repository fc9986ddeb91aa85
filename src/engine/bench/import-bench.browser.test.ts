// The import bench end to end in Chromium on the first 12 flowers12 files: the worker decodes and imports them
// into a throwaway database, stores all 12, and emits a comparison line with finite rates and both ratios.
import { describe, expect, it } from 'vitest';
import { flowers12Paths, importBenchTask } from './import-bench.ts';

describe.skipIf(typeof indexedDB === 'undefined')('bench import (quick)', () => {
  it('lists the 720 flowers12 files as class folders', async () => {
    const paths = await flowers12Paths();
    expect(paths).toHaveLength(720);
    expect(new Set(paths.map((p) => p.split('/')[1])).size).toBe(12);
    expect(paths.every((p) => /^train\/[a-z-]+\/image_\d{4}\.jpg$/.test(p))).toBe(true);
  });

  it('imports every file and emits the comparison line', async () => {
    const lines: Record<string, unknown>[] = [];
    await importBenchTask(
      undefined as unknown as GPU,
      { images: '12', reps: '1' },
      { emit: (r) => lines.push(r as Record<string, unknown>), progress: () => {} },
    );
    const cmp = lines.find((l) => 'ratio' in l)!;
    expect(cmp).toBeDefined();
    expect(cmp.baseline).toBe('createImageBitmap');
    expect(cmp.unit).toBe('images/s');
    expect(cmp.stored).toBe(12);
    for (const k of ['ours', 'baseline_value', 'ratio', 'time_ratio']) {
      expect(Number(cmp[k])).toBeGreaterThan(0);
      expect(Number.isFinite(Number(cmp[k]))).toBe(true);
    }
    expect(Number(cmp.ratio) * Number(cmp.time_ratio)).toBeCloseTo(1, 6);
    // The breakdown names where the time went: every stage the import always runs took some time.
    const stages = cmp.ours_stage_ms as Record<string, number>;
    for (const k of ['check', 'read', 'stage.write', 'decode', 'write']) expect(stages[k]).toBeGreaterThan(0);
    // Chromium has WebCodecs: the disclosure line against ImageDecoder is there too.
    const wc = lines.find((l) => l.baseline === 'ImageDecoder (WebCodecs)');
    expect(Number(wc?.baseline_value)).toBeGreaterThan(0);
    // The throwaway databases are gone afterwards.
    const left = (await indexedDB.databases()).filter((d) => d.name?.startsWith('webclas-bench-import-'));
    expect(left).toEqual([]);
  });
});
