// Pure echarts options for the Train screen's curves (per epoch: loss and lr; top-1/top-5; images/s and peak
// GPU MB) and for overlaying two runs. No React, no echarts import: the tests check the series they hold.
import type { EpochReport } from '../../engine/nn/loop/head-loop.ts';

type Point = [number, number | null];

const base = (title: string) => ({
  animation: false,
  title: { text: title, left: 'center', textStyle: { fontSize: 13 } },
  tooltip: { trigger: 'axis' },
  legend: { bottom: 0 },
  // The x-axis title sits nameGap below the axis; the bottom margin leaves the legend a row of its own under it.
  grid: { left: 56, right: 56, top: 36, bottom: 72 },
  xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, minInterval: 1 },
});

const line = (name: string, data: Point[], yAxisIndex = 0) => ({
  name,
  type: 'line',
  yAxisIndex,
  showSymbol: true,
  symbolSize: 6,
  connectNulls: false,
  data,
});

const byEpoch = (h: readonly EpochReport[], f: (e: EpochReport) => number | null): Point[] =>
  [...h].sort((a, b) => a.epoch - b.epoch).map((e) => [e.epoch, f(e)]);

/** Accuracy fractions are drawn in percent, rounded to 0.01 points. */
const percent = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 100);

export function lossLrOption(h: readonly EpochReport[]) {
  return {
    ...base('Loss and learning rate'),
    yAxis: [
      { type: 'value', name: 'loss', scale: true },
      { type: 'value', name: 'lr', scale: true, splitLine: { show: false } },
    ],
    series: [
      line(
        'loss',
        byEpoch(h, (e) => e.loss),
      ),
      line(
        'lr',
        byEpoch(h, (e) => e.lr),
        1,
      ),
    ],
  };
}

export function accuracyOption(h: readonly EpochReport[]) {
  return {
    ...base('Accuracy'),
    yAxis: [{ type: 'value', name: '%', min: 0, max: 100 }],
    series: [
      line(
        'train top-1',
        byEpoch(h, (e) => percent(e.train_top1)),
      ),
      line(
        'val top-1',
        byEpoch(h, (e) => percent(e.val_top1)),
      ),
      line(
        'val top-5',
        byEpoch(h, (e) => percent(e.val_top5)),
      ),
    ],
  };
}

export function throughputOption(h: readonly EpochReport[]) {
  return {
    ...base('Throughput and GPU memory'),
    yAxis: [
      { type: 'value', name: 'images/s', min: 0 },
      { type: 'value', name: 'peak MB', min: 0, splitLine: { show: false } },
    ],
    series: [
      line(
        'images/s',
        byEpoch(h, (e) => e.images_per_s),
      ),
      line(
        'peak GPU MB',
        byEpoch(h, (e) => e.peak_gpu_mb),
        1,
      ),
    ],
  };
}

export const COMPARE_METRICS = {
  loss: { label: 'loss', get: (e: EpochReport) => e.loss },
  lr: { label: 'learning rate', get: (e: EpochReport) => e.lr },
  train_top1: { label: 'train top-1 %', get: (e: EpochReport) => percent(e.train_top1) },
  val_top1: { label: 'val top-1 %', get: (e: EpochReport) => percent(e.val_top1) },
  val_top5: { label: 'val top-5 %', get: (e: EpochReport) => percent(e.val_top5) },
  images_per_s: { label: 'images/s', get: (e: EpochReport) => e.images_per_s },
} as const;

export type CompareMetric = keyof typeof COMPARE_METRICS;

/** One metric of several runs on one chart; runs with the same name are told apart by their position. */
export function compareOption(
  runs: readonly { name: string; history: readonly EpochReport[] }[],
  metric: CompareMetric,
) {
  const m = COMPARE_METRICS[metric];
  const names = runs.map((r, i) =>
    runs.findIndex((x) => x.name === r.name) === i ? r.name : `${r.name} (${i + 1})`,
  );
  return {
    ...base(`Compare: ${m.label}`),
    yAxis: [{ type: 'value', name: m.label, scale: true }],
    series: runs.map((r, i) => line(names[i], byEpoch(r.history, m.get))),
  };
}
