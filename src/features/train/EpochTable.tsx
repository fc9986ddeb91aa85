// The per-epoch numbers under the charts, one row per epoch (data-testid="epoch-row") so tests can read them.
import { formatBytes } from '../../engine/infer/model-catalog.ts';
import type { EpochReport } from '../../engine/nn/loop/head-loop.ts';
import { pct } from './run-state.ts';

export function EpochTable({ history }: { history: readonly EpochReport[] }) {
  if (history.length === 0) return <p className="train-hint">No finished epoch yet.</p>;
  return (
    <table className="train-epochs">
      <caption>Per epoch</caption>
      <thead>
        <tr>
          <th scope="col">Epoch</th>
          <th scope="col">Loss</th>
          <th scope="col">lr</th>
          <th scope="col">Train top-1</th>
          <th scope="col">Val top-1</th>
          <th scope="col">Val top-5</th>
          <th scope="col">Images/s</th>
          <th scope="col">Peak GPU</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.epoch} data-testid="epoch-row" data-epoch={h.epoch}>
            <td>{h.epoch}</td>
            <td data-col="loss">{h.loss.toFixed(4)}</td>
            <td>{h.lr.toPrecision(3)}</td>
            <td data-col="train-top1">{pct(h.train_top1, 2)}</td>
            <td data-col="val-top1">{pct(h.val_top1, 2)}</td>
            <td data-col="val-top5">{pct(h.val_top5, 2)}</td>
            <td data-col="images-per-s">{h.images_per_s.toFixed(1)}</td>
            {/* A head on cached features needs a few kB: whole MB showed 0. */}
            <td>{formatBytes(Math.round(h.peak_gpu_mb * 2 ** 20))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
