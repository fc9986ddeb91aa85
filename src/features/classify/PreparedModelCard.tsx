// What the worker loaded: the model, the backend it runs on and why, session timings, and where ORT placed nodes.
import type { PreparedModel } from '../../../workers/gpu-api.ts';

export function PreparedModelCard({ p }: { p: PreparedModel }) {
  const s = p.session;
  return (
    <section className="card prepared" data-testid="prepared-model">
      <p className="backend">
        <span className={`badge badge-${p.backend.backend}`} data-testid="classify-backend">
          {p.backend.backend === 'webgpu' ? 'WebGPU' : 'WASM'}
        </span>
        <span data-testid="classify-backend-reason">{p.backend.reason}</span>
      </p>
      <p>
        {p.displayName} · {(p.bytes / 1e6).toFixed(1)} MB {p.cached ? 'from the local cache' : 'downloaded'} ·{' '}
        <span data-testid="model-integrity">{p.integrity}</span> · labels: {p.labelSource}
      </p>
      <p>
        Session created in {s.createMs.toFixed(0)} ms, warm-up run {s.warmupMs.toFixed(0)} ms (input “
        {s.inputName}”, output “{s.outputName}”).
      </p>
      <p data-testid="placement-note">{p.placementNote}</p>
      {p.cpuNodes && p.cpuNodes.nodes.length > 0 && (
        <details>
          <summary>{p.cpuNodes.count} nodes on the CPU</summary>
          <ul>
            {p.cpuNodes.nodes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
