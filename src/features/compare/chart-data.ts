// Pure shaping of benchmark records for the Compare screen: the latest result per model/backend/batch on one
// device, and the echarts options (PaddleClas-style scatter, fine-tuned panel, bars per backend). No React, no
// echarts import.
// Ids, names, families and fine-tune facts come from imported JSON and ONNX metadata: tooltips escape them
// (tooltipHtml); titles, legends and axis labels are drawn by echarts as text.
import type { BenchBackend, BenchModelInfo, BenchResult } from '../../engine/bench/models/types.ts';
import { maxOf, minOf } from '../../engine/numeric/min-max.ts';
import { tooltipHtml } from '../../shared/charts/tooltip-html.ts';

/** The device a record came from: adapter + browser, so imported results from other machines stay apart. */
export const deviceKey = (r: BenchResult) => `${r.env.adapter ?? 'no WebGPU adapter'} · ${r.env.userAgent}`;

/** Newest record per model × backend × batch among `rs` (of one device). */
export function latest(rs: readonly BenchResult[]): BenchResult[] {
  const m = new Map<string, BenchResult>();
  for (const r of rs) {
    const k = `${r.model.id}|${r.backend}|${r.batch}`;
    const prev = m.get(k);
    if (!prev || prev.at <= r.at) m.set(k, r);
  }
  return [...m.values()];
}

/**
 * What charts and the table call a model: its id, except for "My models" (`local/<sha>`, meaningless to people),
 * which go by the name they were added or exported under.
 */
export const modelLabel = (m: Pick<BenchModelInfo, 'id' | 'name'>) =>
  m.id.startsWith('local/') && m.name ? m.name : m.id;

/** Chart titles: echarts draws them on one line, so long ones break at this width instead of running off. */
const titleOf = (text: string, subtext: string) => ({
  text,
  subtext,
  left: 'center',
  textStyle: { fontSize: 14, width: 380, overflow: 'break' },
  subtextStyle: { width: 380, overflow: 'break' },
});

/** Room above the plot for the title and its subtext, so neither sits on the y axis name. */
export const CHART_GRID = { left: 56, right: 24, top: 72, bottom: 64 };

export interface ScatterPoint {
  model: string;
  family: string;
  latencyMs: number;
  top1: number | null;
  params: number;
}

/** Symbol diameter in px from the parameter count: area ∝ params, clamped to stay readable. */
export function symbolSize(params: number): number {
  return Math.max(6, Math.min(40, 4 * Math.sqrt(params / 1e6) + 4));
}

export function scatterPoints(
  rs: readonly BenchResult[],
  backend: BenchBackend,
  batch: number,
): ScatterPoint[] {
  return latest(rs)
    .filter((r) => r.backend === backend && r.batch === batch)
    .map((r) => ({
      model: modelLabel(r.model),
      family: r.model.family,
      latencyMs: r.p50Ms,
      top1: r.model.top1,
      params: r.model.params,
    }));
}

/** Models the reference panel cannot place: no reference ImageNet top-1 (mirror files, your own models). */
export const unreferenced = (points: readonly ScatterPoint[]) => points.filter((p) => p.top1 === null);

/**
 * The PaddleClas-style panel: one series per family, points joined in latency order. Only models with a reference
 * top-1 are drawn: any y given to the others would read as an accuracy (the page lists them beside the chart).
 */
export function scatterOption(points: readonly ScatterPoint[], title: string, subtitle = '') {
  const placed = points.filter((p) => p.top1 !== null);
  const families = [...new Set(placed.map((p) => p.family))].sort();
  const series: object[] = families.map((family) => ({
    name: family,
    type: 'line',
    showAllSymbol: true,
    data: placed
      .filter((p) => p.family === family)
      .sort((a, b) => a.latencyMs - b.latencyMs)
      .map((p) => ({
        name: p.model,
        value: [p.latencyMs, p.top1 as number, p.params],
        symbolSize: symbolSize(p.params),
      })),
  }));
  return {
    animation: false,
    title: titleOf(title, subtitle),
    legend: { bottom: 0, type: 'scroll' },
    grid: CHART_GRID,
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; name: string; value: number[] }) =>
        tooltipHtml(
          p.name,
          p.seriesName,
          `latency ${p.value[0].toFixed(1)} ms`,
          `top-1 ${p.value[1].toFixed(2)}%`,
          `${(p.value[2] / 1e6).toFixed(2)} M params`,
        ),
    },
    xAxis: { type: 'value', name: 'latency (ms, p50)', nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: {
      type: 'value',
      name: 'ImageNet top-1 (%)',
      nameLocation: 'middle',
      nameGap: 40,
      ...percentRange(placed.map((p) => p.top1 as number)),
    },
    series,
  };
}

/**
 * A y range for accuracies in %: a margin around the data, whole multiples of 5, never below 0 or above 100
 * (echarts' own `scale` padding ran the fine-tuned axis to 160 %), and a tick step that divides it, so no odd
 * label (66, 78) appears beside the ends.
 */
export function percentRange(values: readonly number[]): { min: number; max: number; interval: number } {
  if (values.length === 0) return { min: 0, max: 100, interval: 10 };
  const min = Math.max(0, Math.floor((minOf(values) - 5) / 5) * 5);
  const max = Math.min(100, Math.ceil((maxOf(values) + 5) / 5) * 5);
  const span = max - min;
  return { min, max, interval: span <= 10 ? 1 : span <= 40 ? 5 : 10 };
}

/** What the charts and the table call each backend. */
export const BACKEND_NAMES: Record<BenchBackend, string> = {
  webgpu: 'ORT WebGPU',
  wasm: 'ORT WASM',
  engine: 'Studio engine',
};

export interface FineTunedPoint {
  model: string;
  dataset: string;
  base: string;
  latencyMs: number;
  /** Validation top-1 on its own dataset, in %. */
  valTop1: number;
  params: number;
}

/** Fine-tuned models (studio exports with a validation top-1) measured on `backend` at `batch`. */
export function fineTunedPoints(
  rs: readonly BenchResult[],
  backend: BenchBackend,
  batch: number,
): FineTunedPoint[] {
  return latest(rs)
    .filter((r) => r.backend === backend && r.batch === batch && r.model.fineTuned?.valTop1 != null)
    .map((r) => ({
      model: r.model.name,
      dataset: r.model.fineTuned!.dataset,
      base: r.model.fineTuned!.base,
      latencyMs: r.p50Ms,
      valTop1: Number((r.model.fineTuned!.valTop1! * 100).toFixed(2)),
      params: r.model.params,
    }));
}

/** The second panel: one series per dataset, validation top-1 on that dataset against measured latency. */
export function fineTunedOption(points: readonly FineTunedPoint[], title: string, subtitle = '') {
  const datasets = [...new Set(points.map((p) => p.dataset))].sort();
  return {
    animation: false,
    title: titleOf(title, subtitle),
    legend: { bottom: 0, type: 'scroll' },
    grid: CHART_GRID,
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: { name: string; value: number[]; base: string } }) =>
        tooltipHtml(
          `${p.data.name} (from ${p.data.base})`,
          `val top-1 ${p.data.value[1]}% · ${p.data.value[0]} ms`,
        ),
    },
    xAxis: { type: 'value', name: 'latency (ms, p50)', nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: {
      type: 'value',
      name: 'validation top-1 (%)',
      nameLocation: 'middle',
      nameGap: 40,
      ...percentRange(points.map((p) => p.valTop1)),
    },
    series: datasets.map((d) => ({
      name: d,
      type: 'scatter',
      data: points
        .filter((p) => p.dataset === d)
        .map((p) => ({
          name: p.model,
          base: p.base,
          value: [Number(p.latencyMs.toFixed(2)), p.valTop1, p.params],
          symbolSize: symbolSize(p.params),
        })),
    })),
  };
}

/** Grouped bars: p50 per model × batch, one bar series per backend. */
export function barsOption(rs: readonly BenchResult[], title: string, subtitle = '') {
  const l = latest(rs);
  const cat = (r: BenchResult) => `${modelLabel(r.model)} b${r.batch}`;
  const cats = [...new Set(l.map(cat))].sort();
  const backends = [...new Set(l.map((r) => r.backend))].sort();
  return {
    animation: false,
    title: titleOf(title, subtitle),
    legend: { bottom: 0 },
    grid: { ...CHART_GRID, bottom: 96 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: cats, axisLabel: { rotate: 20, fontSize: 10 } },
    yAxis: { type: 'value', name: 'ms (p50)' },
    series: backends.map((b) => ({
      name: BACKEND_NAMES[b],
      type: 'bar',
      data: cats.map((c) => {
        const r = l.find((x) => x.backend === b && cat(x) === c);
        return r ? Number(r.p50Ms.toFixed(2)) : null;
      }),
    })),
  };
}
