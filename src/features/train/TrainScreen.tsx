// The Train screen: set up a run (dataset, base model, preset, recipe), watch it live (curves, per-epoch table,
// pause/resume/stop), evaluate and export it, and manage earlier runs. All training happens in the GPU worker.
import { RunsList } from './RunsList.tsx';
import { RunView } from './RunView.tsx';
import { SetupPanel } from './SetupPanel.tsx';
import type { TrainGpuCall } from './train-client.ts';
import { useTrainStore } from './train-store.ts';
import { useRunSync } from './use-run-sync.ts';
import './train.css';

export function TrainScreen({ gpu }: { gpu: TrainGpuCall }) {
  useRunSync(gpu);
  const run = useTrainStore((s) => s.run);
  const error = useTrainStore((s) => s.error);
  return (
    <div className="train">
      <h1 className="train-title">Train</h1>
      {error && (
        <p className="error train-error" role="alert" data-testid="train-error">
          {error}{' '}
          <button
            type="button"
            className="button secondary small"
            onClick={() => useTrainStore.getState().set({ error: null })}
          >
            Dismiss
          </button>
        </p>
      )}
      <div className="train-layout">
        <SetupPanel gpu={gpu} />
        <div className="train-main">
          {run ? (
            <RunView gpu={gpu} run={run} />
          ) : (
            <section className="card train-run">
              <h2>Run</h2>
              <p className="train-hint">Set up a run and press Start training; its curves appear here.</p>
            </section>
          )}
          <RunsList gpu={gpu} />
        </div>
      </div>
    </div>
  );
}
