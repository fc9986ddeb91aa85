// Pure shaping of benchmark records for the Compare screen: the latest result per model/backend/batch on one
// device, and the echarts options (PaddleClas-style scatter, bars per backend). No React, no echarts import.
// Ids, names, families and fine-tune facts come from imported JSON and ONNX metadata: tooltips escape them
// (tooltipHtml); titles, legends and axis labels are drawn by echarts as text.
import type { BenchBackend, BenchResult } from '../../engine/bench/models/types.ts';
import { minOf } from '../../engine/numeric/min-max.ts';
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
      model: r.model.id,
      family: r.model.family,
      latencyMs: r.p50Ms,
      top1: r.model.top1,
      params: r.model.params,
    }));
}

export const NO_REFERENCE = 'no reference top-1';

/** One series per family, points joined in latency order; models without a reference top-1 sit on the floor. */
export function scatterOption(points: readonly ScatterPoint[], title: string) {
  const known = points.filter((p) => p.top1 !== null).map((p) => p.top1 as number);
  const floor = known.length > 0 ? Math.floor(minOf(known) - 5) : 50;
  const families = [...new Set(points.filter((p) => p.top1 !== null).map((p) => p.family))].sort();
  const datum = (p: ScatterPoint, y: number) => ({
    name: p.model,
    value: [p.latencyMs, y, p.params],
    symbolSize: symbolSize(p.params),
  });
  const series: object[] = families.map((family) => ({
    name: family,
    type: 'line',
    showAllSymbol: true,
    data: points
      .filter((p) => p.family === family && p.top1 !== null)
      .sort((a, b) => a.latencyMs - b.latencyMs)
      .map((p) => datum(p, p.top1 as number)),
  }));
  const unknown = points.filter((p) => p.top1 === null);
  if (unknown.length > 0)
    series.push({
      name: NO_REFERENCE,
      type: 'scatter',
      symbol: 'emptyCircle',
      data: unknown.map((p) => datum(p, floor)),
    });
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 56, right: 24, top: 48, bottom: 64 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; name: string; value: number[] }) =>
        tooltipHtml(
          p.name,
          p.seriesName,
          `latency ${p.value[0].toFixed(1)} ms`,
          p.seriesName === NO_REFERENCE
            ? 'no reference top-1 in the manifest'
            : `top-1 ${p.value[1].toFixed(2)}%`,
          `${(p.value[2] / 1e6).toFixed(2)} M params`,
        ),
    },
    xAxis: { type: 'value', name: 'latency (ms, p50)', nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: 'ImageNet top-1 (%)', scale: true, min: floor - 1 },
    series,
  };
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
export function fineTunedOption(points: readonly FineTunedPoint[], title: string) {
  const datasets = [...new Set(points.map((p) => p.dataset))].sort();
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 56, right: 24, top: 48, bottom: 64 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: { name: string; value: number[]; base: string } }) =>
        tooltipHtml(
          `${p.data.name} (from ${p.data.base})`,
          `val top-1 ${p.data.value[1]}% · ${p.data.value[0]} ms`,
        ),
    },
    xAxis: { type: 'value', name: 'ms (p50)', scale: true },
    yAxis: { type: 'value', name: 'val top-1 %', scale: true },
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
export function barsOption(rs: readonly BenchResult[], title: string) {
  const l = latest(rs);
  const cats = [...new Set(l.map((r) => `${r.model.id} b${r.batch}`))].sort();
  const backends = [...new Set(l.map((r) => r.backend))].sort();
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 56, right: 24, top: 48, bottom: 96 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: cats, axisLabel: { rotate: 20, fontSize: 10 } },
    yAxis: { type: 'value', name: 'ms (p50)' },
    series: backends.map((b) => ({
      name: BACKEND_NAMES[b],
      type: 'bar',
      data: cats.map((c) => {
        const r = l.find((x) => x.backend === b && `${x.model.id} b${x.batch}` === c);
        return r ? Number(r.p50Ms.toFixed(2)) : null;
      }),
    })),
  };
}
