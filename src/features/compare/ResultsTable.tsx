// The side-by-side table: params, FLOPs, size, reference top-1 and the measured latencies of every stored result.
import type { BenchResult } from '../../engine/bench/models/types.ts';
import { BACKEND_NAMES, modelLabel } from './chart-data.ts';

const f = (v: number | null, digits = 1) => (v == null ? '–' : v.toFixed(digits));

export function ResultsTable({ results }: { results: readonly BenchResult[] }) {
  return (
    <div className="compare-table-wrap">
      <table className="compare-table" data-testid="bench-table">
        <thead>
          <tr>
            <th>Model</th>
            <th>Family</th>
            <th>Backend</th>
            <th>Batch</th>
            <th>Threads</th>
            <th>p50 ms</th>
            <th>p90 ms</th>
            <th>img/s</th>
            <th>Create ms</th>
            <th>First run ms</th>
            <th>Params M</th>
            <th>GFLOPs</th>
            <th>Size MB</th>
            <th>Ref. top-1</th>
            <th>Peak GPU MB</th>
            <th>Device</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr
              key={r.id}
              data-testid="bench-row"
              data-model={r.model.id}
              data-backend={r.backend}
              data-batch={r.batch}
              data-p50={r.p50Ms}
            >
              <td title={r.model.id}>{modelLabel(r.model)}</td>
              <td>{r.model.family}</td>
              <td>{BACKEND_NAMES[r.backend]}</td>
              <td>{r.batch}</td>
              <td>{r.threads ?? '–'}</td>
              <td>{f(r.p50Ms)}</td>
              <td>{f(r.p90Ms)}</td>
              <td>{f(r.imagesPerSec, 2)}</td>
              <td>{f(r.sessionCreateMs, 0)}</td>
              <td>{f(r.firstRunMs, 0)}</td>
              <td>{f(r.model.params / 1e6, 2)}</td>
              <td>{f(r.model.gflops, 2)}</td>
              <td>{f(r.model.sizeBytes / 1e6, 1)}</td>
              <td>{f(r.model.top1, 2)}</td>
              <td title={r.peakGpuNote}>{r.peakGpuBytes == null ? '–' : f(r.peakGpuBytes / 1e6, 1)}</td>
              <td title={r.env.userAgent}>
                {r.env.adapter ?? 'no adapter'}
                {r.env.fallbackAdapter ? ' (software)' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
