// Every stored run: state, best val top-1, its checkpoints (best marked, size), show it, overlay two runs' curves,
// delete one of its checkpoints or the whole run (each behind a confirmation: one Delete per run, not per checkpoint).
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { RunSummary } from '../../../workers/train-api.ts';
import { formatBytes } from '../../engine/infer/model-catalog.ts';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { EChart } from '../../shared/charts/EChart.tsx';
import { COMPARE_METRICS, type CompareMetric, compareOption } from './chart-options.ts';
import { SelectField } from './fields.tsx';
import { bestValTop1, fromSummary, isActive, pct } from './run-state.ts';
import { type TrainGpuCall, trainKeys } from './train-client.ts';
import { useRuns } from './train-queries.ts';
import { useTrainStore } from './train-store.ts';

/** Which checkpoint of a run to delete: chosen in the dialog, the oldest one that is not the best by default. */
function DeleteCheckpointDialog({
  run,
  onDelete,
  onCancel,
}: {
  run: RunSummary;
  onDelete: (epoch: number) => void;
  onCancel: () => void;
}) {
  const first = run.checkpoints.find((c) => !c.best) ?? run.checkpoints[0];
  const [epoch, setEpoch] = useState(first?.epoch ?? 0);
  return (
    <ConfirmDialog
      title={`Delete a checkpoint of ${run.config.name}?`}
      confirmLabel="Delete checkpoint"
      testId="confirm-delete-checkpoint"
      onCancel={onCancel}
      onConfirm={() => onDelete(epoch)}
    >
      <p>
        <label>
          Checkpoint{' '}
          <select value={epoch} onChange={(e) => setEpoch(Number(e.target.value))}>
            {run.checkpoints.map((c) => (
              <option key={c.epoch} value={c.epoch}>
                epoch {c.epoch} · {pct(c.valTop1, 2)}
                {c.best ? ' · best' : ''}
              </option>
            ))}
          </select>
        </label>
      </p>
      <p>A deleted checkpoint cannot be resumed from, evaluated or exported.</p>
    </ConfirmDialog>
  );
}

function CompareChart({ runs }: { runs: RunSummary[] }) {
  const [metric, setMetric] = useState<CompareMetric>('val_top1');
  const option = useMemo(
    () =>
      compareOption(
        runs.map((r) => ({ name: r.config.name, history: r.history })),
        metric,
      ),
    [runs, metric],
  );
  return (
    <div className="train-compare" data-testid="run-compare">
      <SelectField
        label="Compare metric"
        value={metric}
        onChange={(v) => setMetric(v as CompareMetric)}
        choices={Object.entries(COMPARE_METRICS).map(([value, m]) => ({ value, label: m.label }))}
      />
      <EChart option={option} name="train-runs-compare" testId="chart-compare" className="train-chart" />
    </div>
  );
}

export function RunsList({ gpu }: { gpu: TrainGpuCall }) {
  const qc = useQueryClient();
  const runs = useRuns(gpu);
  const { compare, run: shown } = useTrainStore();
  const [confirm, setConfirm] = useState<string | null>(null);
  const [checkpointsOf, setCheckpointsOf] = useState<RunSummary | null>(null);

  const call = async (label: string, f: () => Promise<void>) => {
    useTrainStore.getState().set({ error: null });
    try {
      await f();
    } catch (e) {
      useTrainStore.getState().set({ error: `${label} failed: ${(e as Error).message}` });
    } finally {
      void qc.invalidateQueries({ queryKey: trainKeys.runs });
    }
  };

  const deleteRun = (r: RunSummary) =>
    call('Deleting the run', async () => {
      setConfirm(null);
      await gpu((api) => api.deleteRun(r.id));
      const s = useTrainStore.getState();
      if (s.run?.id === r.id) s.showRun(null);
      s.set({ compare: s.compare.filter((id) => id !== r.id) });
    });

  const toggleCompare = (id: string, on: boolean) => {
    const now = compare.filter((x) => x !== id);
    // Two runs at a time: a third choice replaces the older one.
    useTrainStore.getState().set({ compare: on ? [...now.slice(-1), id] : now });
  };

  const list = runs.data ?? [];
  const compared = compare.map((id) => list.find((r) => r.id === id)).filter((r): r is RunSummary => !!r);

  return (
    <section className="card train-runs" aria-labelledby="train-runs-heading">
      <h2 id="train-runs-heading">Runs</h2>
      {runs.error != null && (
        <p className="error" role="alert">
          Could not list runs: {String((runs.error as Error).message ?? runs.error)}
        </p>
      )}
      {list.length === 0 && !runs.isPending && <p className="train-hint">No runs yet.</p>}
      {list.length > 0 && (
        <table className="train-runs-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">State</th>
              <th scope="col">Epochs</th>
              <th scope="col">Best val top-1</th>
              <th scope="col">Checkpoints</th>
              <th scope="col">Compare</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id} data-testid="run-row" data-run-id={r.id}>
                <th scope="row">
                  {r.config.name}
                  <div className="train-hint">{new Date(r.createdAt).toLocaleString()}</div>
                </th>
                <td>
                  {r.state}
                  {r.message && <div className="train-hint">{r.message}</div>}
                </td>
                <td>
                  {r.history.length} / {r.config.recipe.epochs}
                </td>
                <td>{pct(bestValTop1(r.history), 2)}</td>
                <td>
                  {r.checkpoints.length === 0 ? (
                    '–'
                  ) : (
                    <ul className="train-checkpoints">
                      {r.checkpoints.map((c) => (
                        <li key={c.epoch} data-testid="checkpoint">
                          epoch {c.epoch} · {pct(c.valTop1, 2)}
                          {c.best && <strong title="best by val top-1"> ★ best</strong>} ·{' '}
                          {formatBytes(c.bytes)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare ${r.config.name}`}
                    checked={compare.includes(r.id)}
                    onChange={(e) => toggleCompare(r.id, e.target.checked)}
                  />
                </td>
                <td className="train-row-actions">
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={shown?.id === r.id}
                    onClick={() => useTrainStore.getState().showRun(fromSummary(r))}
                  >
                    Show
                  </button>
                  {r.checkpoints.length > 0 && (
                    <button
                      type="button"
                      className="button danger small"
                      aria-label={`Delete a checkpoint of ${r.config.name}`}
                      disabled={isActive(r.state)}
                      onClick={() => setCheckpointsOf(r)}
                    >
                      Delete checkpoint…
                    </button>
                  )}
                  {confirm === r.id ? (
                    <button type="button" className="button danger small" onClick={() => deleteRun(r)}>
                      Confirm delete
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button secondary small"
                      aria-label={`Delete run ${r.config.name}`}
                      disabled={isActive(r.state)}
                      onClick={() => setConfirm(r.id)}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {checkpointsOf && (
        <DeleteCheckpointDialog
          run={checkpointsOf}
          onCancel={() => setCheckpointsOf(null)}
          onDelete={(epoch) => {
            const r = checkpointsOf;
            setCheckpointsOf(null);
            void call('Deleting the checkpoint', () => gpu((api) => api.deleteCheckpoint(r.id, epoch)));
          }}
        />
      )}
      {compared.length === 2 ? (
        <CompareChart runs={compared} />
      ) : (
        list.length > 1 && <p className="train-hint">Tick two runs to overlay their curves.</p>
      )}
    </section>
  );
}
