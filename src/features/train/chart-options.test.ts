// The chart option builders: series per metric, epochs in order, accuracy in percent, lr and GPU MB on the second
// axis, and compare overlays keeping runs with equal names apart.
import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../../engine/nn/loop/head-loop.ts';
import { accuracyOption, compareOption, lossLrOption, throughputOption } from './chart-options.ts';

function history(n: number): EpochReport[] {
  return Array.from({ length: n }, (_, i) => ({
    epoch: n - i, // out of order on purpose
    loss: Math.random() * 4,
    lr: Math.random() * 0.1,
    train_top1: Math.random(),
    val_top1: i === 0 ? null : Math.random(),
    val_top5: Math.random(),
    images_per_s: Math.random() * 500,
    peak_gpu_mb: Math.random() * 2000,
  }));
}

const seriesOf = (o: { series: { name: string; yAxisIndex: number; data: [number, number | null][] }[] }) =>
  Object.fromEntries(o.series.map((s) => [s.name, s]));

describe('chart options', () => {
  it('loss and lr per epoch, lr on the right axis', () => {
    const h = history(6);
    const s = seriesOf(lossLrOption(h));
    const sorted = [...h].sort((a, b) => a.epoch - b.epoch);
    expect(s.loss.data).toEqual(sorted.map((e) => [e.epoch, e.loss]));
    expect(s.lr.data).toEqual(sorted.map((e) => [e.epoch, e.lr]));
    expect([s.loss.yAxisIndex, s.lr.yAxisIndex]).toEqual([0, 1]);
  });

  it('accuracy in percent with gaps where an epoch had no validation', () => {
    const h = history(4);
    const s = seriesOf(accuracyOption(h));
    const sorted = [...h].sort((a, b) => a.epoch - b.epoch);
    sorted.forEach((e, i) => {
      expect(s['train top-1'].data[i][1]).toBeCloseTo(e.train_top1 * 100, 2);
      expect(s['val top-5'].data[i][1]).toBeCloseTo((e.val_top5 as number) * 100, 2);
    });
    expect(s['val top-1'].data[3]).toEqual([4, null]);
  });

  it('images/s and peak GPU MB', () => {
    const h = history(3);
    const s = seriesOf(throughputOption(h));
    expect(s['images/s'].data.map((p) => p[1])).toEqual(
      [...h].sort((a, b) => a.epoch - b.epoch).map((e) => e.images_per_s),
    );
    expect(s['peak GPU MB'].yAxisIndex).toBe(1);
  });

  it('overlays two runs, naming equal names apart', () => {
    const a = history(3);
    const b = history(5);
    const o = compareOption(
      [
        { name: 'run', history: a },
        { name: 'run', history: b },
      ],
      'loss',
    );
    expect(o.series.map((s) => s.name)).toEqual(['run', 'run (2)']);
    expect(o.series[1].data).toHaveLength(5);
    expect(o.series[0].data[0]).toEqual([1, a.find((e) => e.epoch === 1)!.loss]);
  });
});
