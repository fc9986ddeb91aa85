// What a run with checkpoints gives: an evaluation (top-1/top-5, per class, confusion, misclassified), an ONNX
// download with its model card (also added to My models), and the PaddleClas zip for multi-GPU training.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { catalogKeys } from '../../engine/infer/model-catalog.ts';
import { fileStem } from '../../engine/nn/run/file-stem.ts';
import { downloadBlob } from './download.ts';
import { EvalViews } from './eval/EvalViews.tsx';
import { isActive, type LiveRun } from './run-state.ts';
import type { TrainGpuCall } from './train-client.ts';
import { useRuns } from './train-queries.ts';
import { useTrainStore } from './train-store.ts';

type Action = 'evaluate' | 'onnx' | 'paddle';

export function RunOutputs({ gpu, run }: { gpu: TrainGpuCall; run: LiveRun }) {
  const qc = useQueryClient();
  const { evalReport, exported } = useTrainStore();
  const runs = useRuns(gpu);
  const [busy, setBusy] = useState<Action | null>(null);
  const usable = run.id !== '' && run.checkpoints.length > 0 && !isActive(run.state);
  const classes = runs.data?.find((r) => r.id === run.id)?.classes ?? [];
  const datasetId = run.config?.datasetId ?? '';

  const act = (what: Action, label: string, f: () => Promise<void>) => async () => {
    setBusy(what);
    useTrainStore.getState().set({ error: null });
    try {
      await f();
    } catch (e) {
      useTrainStore.getState().set({ error: `${label} failed: ${(e as Error).message}` });
    } finally {
      setBusy(null);
    }
  };

  const evaluate = act('evaluate', 'Evaluation', async () => {
    const report = await gpu((api) => api.evaluateRun(run.id));
    useTrainStore.getState().set({ evalReport: report });
  });

  const exportOnnx = act('onnx', 'ONNX export', async () => {
    const out = await gpu((api) => api.exportRun(run.id));
    // The worker's name for the file is the one "My models" lists: the download keeps it.
    const stem = out.fileName.replace(/\.onnx$/, '');
    downloadBlob(out.fileName, out.onnx, 'application/octet-stream');
    downloadBlob(`${stem}.card.json`, JSON.stringify(out.card, null, 2), 'application/json');
    // Classify, Models and this screen's base-model list read these keys: the model shows there at once.
    await qc.invalidateQueries({ queryKey: catalogKeys.local });
    useTrainStore
      .getState()
      .set({ exported: { runId: run.id, file: out.fileName, localModelId: out.localModelId } });
  });

  const exportPaddle = act('paddle', 'PaddleClas export', async () => {
    const zip = await gpu((api) => api.exportPaddleClas(run.id));
    downloadBlob(`${fileStem(run.name)}-paddleclas.zip`, zip, 'application/zip');
  });

  return (
    <section className="train-outputs" aria-labelledby="train-outputs-heading">
      <h3 id="train-outputs-heading">Evaluate and export</h3>
      {!usable && (
        <p className="train-hint">
          {isActive(run.state)
            ? 'Available when the run is paused or finished.'
            : 'Needs a checkpoint first.'}
        </p>
      )}
      <div className="train-actions">
        <button type="button" className="button" disabled={!usable || busy !== null} onClick={evaluate}>
          Evaluate
        </button>
        <button type="button" className="button" disabled={!usable || busy !== null} onClick={exportOnnx}>
          Export ONNX
        </button>
        <button type="button" className="button" disabled={!usable || busy !== null} onClick={exportPaddle}>
          Export for PaddleClas
        </button>
        {busy && <span className="train-hint">Working…</span>}
      </div>
      {exported && exported.runId === run.id && (
        <p data-testid="export-note">
          Downloaded {exported.file} and its model card; it is now in My models (Classify and Models list it).
        </p>
      )}
      {evalReport && evalReport.runId === run.id && (
        <EvalViews report={evalReport} datasetId={datasetId} classes={classes} />
      )}
    </section>
  );
}
