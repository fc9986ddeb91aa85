// One image's outcome: the top-5 labels with probability bars and the latency split, or its own error.
import type { ClassifyItem } from '../../engine/infer/runner.ts';

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

export function ResultCard({ item }: { item: ClassifyItem }) {
  if (!item.ok) {
    return (
      <article className="result result-error" data-testid="result-card" data-ok="false">
        <h3 className="result-name">{item.name}</h3>
        <p className="error" role="alert" data-testid="result-error">
          {item.error}
        </p>
      </article>
    );
  }
  return (
    <article className="result" data-testid="result-card" data-ok="true">
      <h3 className="result-name">{item.name}</h3>
      <ol className="top5" data-testid="top5">
        {item.top.map((p) => (
          <li key={p.index} data-testid="prediction">
            <span className="label" data-testid="prediction-label">
              {p.label}
            </span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: pct(p.probability) }} />
            </span>
            <span className="prob">{pct(p.probability)}</span>
          </li>
        ))}
      </ol>
      <p className="latency" data-testid="latency">
        {item.width}×{item.height} · preprocess {item.preprocessMs.toFixed(1)} ms · inference{' '}
        {item.inferenceMs.toFixed(1)} ms · {item.backend === 'webgpu' ? 'WebGPU' : 'WASM'}
      </p>
    </article>
  );
}
