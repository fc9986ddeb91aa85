// The run in view: its state word, phase progress with ETA, Pause/Resume/Stop, the curves, the per-epoch table,
// and evaluation/export. Every call is async; the screen never waits on the worker to draw.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { EpochTable } from './EpochTable.tsx';
import { RunCharts } from './RunCharts.tsx';
import { RunOutputs } from './RunOutputs.tsx';
import {
  formatEta,
  isActive,
  isResumable,
  type LiveRun,
  lastCheckpointEpoch,
  resumeLabel,
} from './run-state.ts';
import { isAttached, resumeRun, type TrainGpuCall, trainKeys } from './train-client.ts';
import { useTrainStore } from './train-store.ts';

export function RunView({ gpu, run }: { gpu: TrainGpuCall; run: LiveRun }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // A run just started (no id yet) is brought into view with focus on its heading: Start sits at the foot of the
  // setup form, often with the run card off-screen, and keyboard users land where the run is.
  const justStarted = run.id === '';
  useEffect(() => {
    if (justStarted) heading.current?.focus();
  }, [justStarted]);
  const last = lastCheckpointEpoch(run);
  const pauseAt = run.config?.pauseAfterEpoch;
  // A paused run carries a message only when something forced the pause (storage full), not for a planned pause
  // (Pause, "Pause after epoch"); 'stopped' says what was kept.
  const failed = run.state === 'failed' || run.state === 'interrupted' || run.state === 'paused';

  const act = (what: string, f: () => Promise<void>) => async () => {
    setBusy(what);
    useTrainStore.getState().set({ error: null });
    try {
      await f();
    } catch (e) {
      useTrainStore.getState().set({ error: `${what} failed: ${(e as Error).message}` });
    } finally {
      setBusy(null);
      void qc.invalidateQueries({ queryKey: trainKeys.runs });
    }
  };

  const pause = act('Pause', () => gpu((api) => api.pauseRun(run.id)));
  const stop = act('Stop', () => gpu((api) => api.stopRun(run.id)));
  const resume = act('Resume', async () => {
    useTrainStore.setState((s) => (s.run?.id === run.id ? { run: { ...s.run, state: 'preparing' } } : {}));
    await resumeRun(gpu, qc, run.id);
  });

  const p = run.progress;
  return (
    <section className="card train-run" aria-labelledby="train-run-heading">
      <h2 id="train-run-heading" ref={heading} tabIndex={-1}>
        Run: {run.name}
      </h2>
      <p className="train-run-status">
        State:{' '}
        <strong data-testid="run-state" data-state={run.state}>
          {run.state}
        </strong>
        {run.history.length > 0 && ` · ${run.history.length} of ${run.config?.recipe.epochs ?? '?'} epochs`}
        {last !== null && ` · last checkpoint: epoch ${last}`}
        {pauseAt != null &&
          isActive(run.state) &&
          run.history.length < pauseAt &&
          ` · pauses after epoch ${pauseAt}`}
      </p>
      {run.message && (
        <p
          className={failed ? 'error' : 'train-hint'}
          role={failed ? 'alert' : undefined}
          data-testid="run-message"
        >
          {run.message}
        </p>
      )}
      {p && isActive(run.state) && (
        <p className="train-progress" data-testid="run-progress">
          <progress max={p.total || 1} value={p.done} aria-label={`${p.phase} progress`} /> {p.phase}:{' '}
          {p.done} / {p.total} · {formatEta(p.etaSeconds)}
        </p>
      )}
      <div className="train-actions">
        {isActive(run.state) && (
          <button type="button" className="button" disabled={run.id === '' || busy !== null} onClick={pause}>
            Pause
          </button>
        )}
        {isResumable(run.state) && (
          <button type="button" className="button" disabled={busy !== null} onClick={resume}>
            {resumeLabel(run, isAttached(run.id))}
          </button>
        )}
        {(isActive(run.state) || run.state === 'paused') && (
          <button
            type="button"
            className="button secondary"
            disabled={run.id === '' || busy !== null}
            onClick={stop}
          >
            Stop
          </button>
        )}
        {busy && <span className="train-hint">{busy}…</span>}
      </div>
      <RunCharts history={run.history} />
      <EpochTable history={run.history} />
      <RunOutputs gpu={gpu} run={run} />
    </section>
  );
}
