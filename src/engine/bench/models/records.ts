// Export of benchmark results as CSV or JSON, and import of a JSON export (from this or another device), validated
// field by field so a foreign or damaged file is refused with the record and field named.
import { csvCell } from '../../text/spreadsheet-cell.ts';
import type { BenchResult } from './types.ts';

export const EXPORT_KIND = 'webclas-bench-results';

export interface BenchExport {
  kind: typeof EXPORT_KIND;
  version: 1;
  exportedAt: string;
  results: BenchResult[];
}

export function exportJson(results: readonly BenchResult[], now = new Date()): string {
  const doc: BenchExport = {
    kind: EXPORT_KIND,
    version: 1,
    exportedAt: now.toISOString(),
    results: [...results],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export const CSV_COLUMNS = [
  'model',
  'family',
  'backend',
  'batch',
  'threads',
  'p50_ms',
  'p90_ms',
  'mean_ms',
  'images_per_s',
  'session_create_ms',
  'first_run_ms',
  'runs',
  'params',
  'gflops',
  'size_bytes',
  'ref_top1',
  'peak_gpu_bytes',
  'adapter',
  'user_agent',
  'measured_at',
] as const;

/** Ids, names, adapter and user agent may come from an imported file: csvCell keeps them from running as formulas. */
export function exportCsv(results: readonly BenchResult[]): string {
  const rows = results.map((r) =>
    [
      r.model.id,
      r.model.family,
      r.backend,
      r.batch,
      r.threads,
      r.p50Ms,
      r.p90Ms,
      r.meanMs,
      r.imagesPerSec,
      r.sessionCreateMs,
      r.firstRunMs,
      r.samplesMs.length,
      r.model.params,
      r.model.gflops,
      r.model.sizeBytes,
      r.model.top1,
      r.peakGpuBytes,
      r.env.adapter,
      r.env.userAgent,
      new Date(r.at).toISOString(),
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

type Check = (v: unknown) => boolean;
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const numOrNull: Check = (v) => v === null || num(v);
const str: Check = (v) => typeof v === 'string';
const strOrNull: Check = (v) => v === null || str(v);
const bool: Check = (v) => typeof v === 'boolean';

const resultFields: Record<string, Check> = {
  id: str,
  at: num,
  backend: (v) => v === 'webgpu' || v === 'wasm' || v === 'engine',
  batch: (v) => num(v) && Number.isInteger(v) && (v as number) >= 1,
  threads: numOrNull,
  sessionCreateMs: num,
  firstRunMs: num,
  warmupRuns: num,
  samplesMs: (v) => Array.isArray(v) && v.length > 0 && v.every(num),
  p50Ms: num,
  p90Ms: num,
  meanMs: num,
  imagesPerSec: num,
  peakGpuBytes: numOrNull,
  peakGpuNote: str,
};
const modelFields: Record<string, Check> = {
  id: str,
  name: str,
  family: str,
  top1: numOrNull,
  params: num,
  gflops: numOrNull,
  sizeBytes: num,
};
const envFields: Record<string, Check> = {
  userAgent: str,
  adapter: strOrNull,
  fallbackAdapter: bool,
  crossOriginIsolated: bool,
  hardwareConcurrency: num,
};

function checkFields(obj: unknown, fields: Record<string, Check>, where: string): void {
  if (typeof obj !== 'object' || obj === null) throw new Error(`${where}: not an object`);
  for (const [key, ok] of Object.entries(fields)) {
    if (!ok((obj as Record<string, unknown>)[key]))
      throw new Error(
        `${where}.${key}: missing or invalid (${JSON.stringify((obj as Record<string, unknown>)[key])})`,
      );
  }
}

/** Parses a JSON export; `file` names the source in errors. */
export function importJson(text: string, file = 'import.json'): BenchResult[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const d = doc as Partial<BenchExport>;
  if (d?.kind !== EXPORT_KIND || d.version !== 1)
    throw new Error(`${file}: not a WebClas benchmark export (expected kind "${EXPORT_KIND}", version 1)`);
  if (!Array.isArray(d.results)) throw new Error(`${file}: "results" is not an array`);
  d.results.forEach((r, i) => {
    const where = `${file}: results[${i}]`;
    checkFields(r, resultFields, where);
    checkFields(r.model, modelFields, `${where}.model`);
    checkFields(r.env, envFields, `${where}.env`);
  });
  return d.results;
}
