// CSV/JSON export and JSON import of benchmark records: a round trip on random records, CSV quoting, and refusals.
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, exportCsv, exportJson, importJson } from './records.ts';
import type { BenchResult } from './types.ts';

function randomResult(i: number): BenchResult {
  const samples = Array.from({ length: 1 + (i % 4) }, () => 1 + Math.random() * 50);
  return {
    id: `r${i}`,
    at: 1_700_000_000_000 + i,
    model: {
      id: `model-${i}`,
      name: `Model, "quoted" ${i}`,
      family: i % 2 ? 'resnet' : 'mobilenet-v2',
      top1: i % 3 ? 70 + Math.random() * 10 : null,
      params: Math.floor(Math.random() * 1e7),
      gflops: null,
      sizeBytes: 1000 + i,
    },
    backend: i % 2 ? 'wasm' : 'webgpu',
    batch: 1 + (i % 16),
    threads: i % 2 ? 2 : null,
    env: {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      adapter: i % 2 ? null : 'google swiftshader',
      fallbackAdapter: true,
      crossOriginIsolated: true,
      hardwareConcurrency: 2,
    },
    sessionCreateMs: Math.random() * 1000,
    firstRunMs: Math.random() * 1000,
    warmupRuns: 1,
    samplesMs: samples,
    p50Ms: samples[0],
    p90Ms: samples[0],
    meanMs: samples[0],
    imagesPerSec: 1000 / samples[0],
    peakGpuBytes: i % 2 ? null : 123456,
    peakGpuNote: 'n',
  };
}

describe('bench records export/import', () => {
  it('JSON round-trips random records exactly', () => {
    const rs = Array.from({ length: 12 }, (_, i) => randomResult(i));
    expect(importJson(exportJson(rs))).toEqual(rs);
  });

  it('CSV has one header and one row per record, quoting commas and quotes', () => {
    const rs = Array.from({ length: 5 }, (_, i) => randomResult(i));
    const lines = exportCsv(rs).trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(6);
    expect(lines[1].startsWith('model-0,mobilenet-v2,webgpu,1,,')).toBe(true);
    const csv = exportCsv([{ ...rs[0], env: { ...rs[0].env, adapter: 'a, "b"' } }]);
    expect(csv).toContain('"a, ""b"""');
  });

  it('CSV neutralises formula-like text from an imported file and leaves the numbers alone', () => {
    const r = randomResult(0);
    const hostile: BenchResult = {
      ...r,
      model: { ...r.model, id: '=HYPERLINK("http://example.invalid","x")', family: '@SUM(A1)' },
      backend: 'wasm',
      env: { ...r.env, adapter: '-2+3+cmd|x', userAgent: '+1, "ua"' },
    };
    const [, row] = exportCsv([hostile]).trimEnd().split('\n');
    expect(row.startsWith(`"'=HYPERLINK(""http://example.invalid"",""x"")",'@SUM(A1),wasm,1,,`)).toBe(true);
    expect(row).toContain(`,${r.p50Ms},${r.p90Ms},${r.meanMs},${r.imagesPerSec},`);
    expect(row).toContain(`,'-2+3+cmd|x,"'+1, ""ua""",`);
  });

  it('refuses foreign or damaged files, naming the record and field', () => {
    expect(() => importJson('{', 'x.json')).toThrow(/x.json: not JSON/);
    expect(() => importJson('{"kind":"other"}', 'x.json')).toThrow(/not a WebClas benchmark export/);
    const bad = JSON.parse(exportJson([randomResult(0), randomResult(1)]));
    bad.results[1].p50Ms = 'fast';
    expect(() => importJson(JSON.stringify(bad), 'x.json')).toThrow(
      /x.json: results\[1\]\.p50Ms: missing or invalid/,
    );
    const bad2 = JSON.parse(exportJson([randomResult(0)]));
    delete bad2.results[0].model.params;
    expect(() => importJson(JSON.stringify(bad2), 'y.json')).toThrow(/y.json: results\[0\]\.model\.params/);
  });
});
