// Shaping benchmark records for the charts: latest-per-key, scatter series per family (models without a reference
// top-1 left out and listed), accuracy axes within 0–100 %, "My models" by name, bars per backend.
import { describe, expect, it } from 'vitest';
import type { BenchBackend, BenchResult } from '../../engine/bench/models/types.ts';
import {
  barsOption,
  fineTunedOption,
  fineTunedPoints,
  latest,
  modelLabel,
  percentRange,
  scatterOption,
  scatterPoints,
  symbolSize,
  unreferenced,
} from './chart-data.ts';

function r(
  id: string,
  family: string,
  top1: number | null,
  backend: BenchBackend,
  batch: number,
  p50: number,
  at: number,
): BenchResult {
  return {
    id: `${id}-${backend}-${batch}-${at}`,
    at,
    model: { id, name: id, family, top1, params: 3.5e6, gflops: null, sizeBytes: 1 },
    backend,
    batch,
    threads: backend === 'wasm' ? 1 : null,
    env: {
      userAgent: 'u',
      adapter: 'a',
      fallbackAdapter: true,
      crossOriginIsolated: true,
      hardwareConcurrency: 2,
    },
    sessionCreateMs: 1,
    firstRunMs: 1,
    warmupRuns: 0,
    samplesMs: [p50],
    p50Ms: p50,
    p90Ms: p50,
    meanMs: p50,
    imagesPerSec: (batch * 1000) / p50,
    peakGpuBytes: null,
    peakGpuNote: '',
  };
}

const rs = [
  r('mnv2', 'mobilenet-v2', 69.5, 'wasm', 1, 80, 1),
  r('mnv2', 'mobilenet-v2', 69.5, 'wasm', 1, 70, 2), // newer: wins
  r('mnv2-int8', 'mobilenet-v2', 68.3, 'wasm', 1, 50, 1),
  r('arch/x.onnx', 'x', null, 'wasm', 1, 30, 1),
  r('mnv2', 'mobilenet-v2', 69.5, 'webgpu', 1, 900, 1),
];

describe('compare chart data', () => {
  it('keeps the newest record per model × backend × batch', () => {
    const l = latest(rs);
    expect(l).toHaveLength(4);
    expect(l.find((x) => x.model.id === 'mnv2' && x.backend === 'wasm')?.p50Ms).toBe(70);
  });

  it('scatter: one line per family in latency order; a model without a reference top-1 is not drawn', () => {
    const points = scatterPoints(rs, 'wasm', 1);
    const o = scatterOption(points, 't');
    const series = o.series as { name: string; data: { name: string; value: number[] }[] }[];
    expect(series.map((s) => s.name)).toEqual(['mobilenet-v2']);
    expect(series[0].data.map((d) => d.name)).toEqual(['mnv2-int8', 'mnv2']);
    expect(series[0].data[1].value).toEqual([70, 69.5, 3.5e6]);
    expect(unreferenced(points).map((p) => p.model)).toEqual(['arch/x.onnx']);
    expect(o.yAxis).toMatchObject({ min: 60, max: 75 });
  });

  it('accuracy axes fit the data and stay within 0–100 %', () => {
    expect(percentRange([92.36, 100])).toEqual({ min: 85, max: 100, interval: 5 });
    expect(percentRange([99])).toEqual({ min: 90, max: 100, interval: 1 });
    expect(percentRange([2, 40])).toEqual({ min: 0, max: 45, interval: 10 });
    expect(percentRange([])).toEqual({ min: 0, max: 100, interval: 10 });
  });

  it('"My models" go by their name, everything else by id', () => {
    expect(modelLabel({ id: 'local/a4da6d014b996498', name: 'flowers-head.onnx' })).toBe('flowers-head.onnx');
    expect(modelLabel({ id: 'arch/x.onnx', name: 'x' })).toBe('arch/x.onnx');
    const mine = { ...r('local/a4da6d014b996498', 'my', null, 'wasm', 1, 5, 1) };
    mine.model = { ...mine.model, name: 'flowers-head.onnx' };
    expect(barsOption([mine], 't').xAxis.data).toEqual(['flowers-head.onnx b1']);
    expect(scatterPoints([mine], 'wasm', 1)[0].model).toBe('flowers-head.onnx');
  });

  it('bars: one series per backend over model × batch', () => {
    const o = barsOption(rs, 't');
    expect(o.xAxis.data).toEqual(['arch/x.onnx b1', 'mnv2 b1', 'mnv2-int8 b1']);
    expect(o.series.map((s) => s.name)).toEqual(['ORT WASM', 'ORT WebGPU']);
    expect(o.series[1].data).toEqual([null, 900, null]);
  });

  it('bars: the studio engine is a third series beside the ORT backends', () => {
    const o = barsOption([...rs, r('mnv2', 'mobilenet-v2', 69.5, 'engine', 1, 400, 3)], 't');
    expect(o.series.map((s) => s.name)).toEqual(['Studio engine', 'ORT WASM', 'ORT WebGPU']);
    expect(o.series[0].data).toEqual([null, 400, null]);
    expect(scatterPoints([...rs, r('mnv2', 'mobilenet-v2', 69.5, 'engine', 1, 400, 3)], 'engine', 1)).toEqual(
      [{ model: 'mnv2', family: 'mobilenet-v2', latencyMs: 400, top1: 69.5, params: 3.5e6 }],
    );
  });

  it('symbol size grows with params and stays in range', () => {
    expect(symbolSize(1e6)).toBeLessThan(symbolSize(25e6));
    expect(symbolSize(0)).toBe(6);
    expect(symbolSize(1e12)).toBe(40);
  });
});

describe('fine-tuned panel', () => {
  it('plots only studio fine-tunes with a validation top-1, per dataset, in %', () => {
    const plain = r('m', 'f', 70, 'wasm', 1, 10, 1);
    const tuned = {
      ...r('local/abc', 'my models', null, 'wasm', 1, 12.5, 2),
      model: {
        ...r('local/abc', 'my models', null, 'wasm', 1, 12.5, 2).model,
        name: 'flowers-epoch2.onnx',
        fineTuned: { dataset: 'flowers12', valTop1: 0.9236111, base: 'mobilenetv2-12-float' },
      },
    };
    const noVal = {
      ...tuned,
      id: 'x',
      model: { ...tuned.model, id: 'local/def', fineTuned: { ...tuned.model.fineTuned, valTop1: null } },
    };
    const points = fineTunedPoints([plain, tuned, noVal], 'wasm', 1);
    expect(points).toEqual([
      {
        model: 'flowers-epoch2.onnx',
        dataset: 'flowers12',
        base: 'mobilenetv2-12-float',
        latencyMs: 12.5,
        valTop1: 92.36,
        params: 3.5e6,
      },
    ]);
    expect(fineTunedPoints([tuned], 'webgpu', 1)).toEqual([]);
    const option = fineTunedOption(points, 't');
    expect(option.series).toHaveLength(1);
    expect(option.series[0]).toMatchObject({ name: 'flowers12', type: 'scatter' });
    expect(option.series[0].data[0].value).toEqual([12.5, 92.36, 3.5e6]);
    expect(option.yAxis).toMatchObject({ min: 85, max: 100 });
  });
});

describe('tooltips of hostile records (an imported JSON, an ONNX with crafted metadata)', () => {
  const evil = '<img src=x onerror="window.__xss=1">';
  const escaped = '&#60;img src=x onerror=&#34;window.__xss=1&#34;&#62;';
  const hostile = {
    ...r(evil, `${evil}family`, 71, 'wasm', 1, 20, 5),
    model: {
      ...r(evil, `${evil}family`, 71, 'wasm', 1, 20, 5).model,
      name: `${evil}name`,
      fineTuned: { dataset: `${evil}data`, valTop1: 0.5, base: `${evil}base` },
    },
  };

  it('the scatter tooltip shows id and family as text', () => {
    const o = scatterOption(scatterPoints([hostile], 'wasm', 1), 't');
    const s = (o.series as { name: string; data: { name: string; value: number[] }[] }[])[0];
    const tip = o.tooltip.formatter({ seriesName: s.name, name: s.data[0].name, value: s.data[0].value });
    expect(tip).toContain(`${escaped}<br/>${escaped}family<br/>latency 20.0 ms`);
    expect(tip).not.toContain('<img');
  });

  it('the fine-tuned tooltip shows name and base model as text', () => {
    const o = fineTunedOption(fineTunedPoints([hostile], 'wasm', 1), 't');
    const tip = o.tooltip.formatter({ data: o.series[0].data[0] });
    expect(tip).toBe(`${escaped}name (from ${escaped}base)<br/>val top-1 50% · 20 ms`);
    expect(tip).not.toContain('<img');
  });
});
