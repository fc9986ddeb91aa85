// One image's outcome: its thumbnail, the top-5 labels with probability bars and the latency split, or its own error.
import type { ClassifyItem } from '../../engine/infer/runner.ts';
import { Thumbnail } from './Thumbnail.tsx';

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

/** The times are the batch's divided by its size (runner.ts), so every card of a batch shows the same: say so. */
function latencyText(item: Extract<ClassifyItem, { ok: true }>): string {
  const times = `preprocess ${item.preprocessMs.toFixed(1)} ms · inference ${item.inferenceMs.toFixed(1)} ms`;
  const per =
    item.batchSize > 1 ? ` (per image, averaged over a batch of ${item.batchSize})` : ' (this image alone)';
  return `${item.width}×${item.height} · ${times}${per} · ${item.backend === 'webgpu' ? 'WebGPU' : 'WASM'}`;
}

export function ResultCard({ item, image }: { item: ClassifyItem; image?: Blob }) {
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
    <article className="result result-ok" data-testid="result-card" data-ok="true">
      {image && <Thumbnail image={image} name={item.name} />}
      <div className="result-body">
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
          {latencyText(item)}
        </p>
      </div>
    </article>
  );
}
