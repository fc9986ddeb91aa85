// The import area: a drop zone for folders and archives, a directory picker and an archive picker, and the
// running import's progress with cancel.
import { type DragEvent, useState } from 'react';
import { formatEta } from '../../engine/data/import/progress.ts';
import { FilePickButton } from '../../shared/FilePickButton.tsx';
import { fromDataTransfer, fromFileList } from './collect-sources.ts';
import { DuplicateOffer } from './DuplicateOffer.tsx';
import { formatBytes } from './dataset-view.ts';
import { useDatasets } from './datasets-store.ts';
import { ImportReport } from './ImportReport.tsx';
import { summaryLine } from './report-summary.ts';
import { useImport } from './use-import.ts';

const phaseLabel = {
  reading: 'Reading lists',
  checking: 'Checking files',
  storing: 'Copying originals',
  processing: 'Decoding and storing',
  done: 'Done',
};

export function ImportPanel() {
  const run = useDatasets((s) => s.run);
  const { start, cancel } = useImport();
  const [over, setOver] = useState(false);
  const busy = run !== null && run.outcome === null && run.error === null;

  const onDrop = async (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    setOver(false);
    if (busy) return;
    await start(await fromDataTransfer(e.dataTransfer));
  };

  const p = run?.progress;
  return (
    <section className="card ds-import" aria-labelledby="ds-import-title">
      <h2 id="ds-import-title">Import a dataset</h2>
      <section
        className={`ds-drop${over ? ' ds-drop-over' : ''}`}
        data-testid="dataset-drop"
        aria-label="Drop a dataset folder or archive here"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          Drop a dataset folder or a .zip / .tar / .tgz here: class folders, PaddleClas lists, the Oxford
          flowers102 download, or images with a CSV.
        </p>
        <div className="ds-pickers">
          <FilePickButton directory multiple disabled={busy} onFiles={(f) => void start(fromFileList(f))}>
            Choose folder…
          </FilePickButton>
          <FilePickButton
            accept=".zip,.tar,.tgz,.gz"
            disabled={busy}
            onFiles={(f) => void start(fromFileList(f))}
          >
            Choose archive…
          </FilePickButton>
        </div>
      </section>
      <DuplicateOffer />
      {run && (
        <div className="ds-progress" data-testid="import-status" aria-live="polite">
          <strong>{run.name || 'Import'}</strong>{' '}
          {p && !run.outcome && !run.error && (
            <>
              <span data-testid="import-phase">{phaseLabel[p.phase]}</span>:{' '}
              <span data-testid="import-files">
                {p.filesDone} / {p.filesTotal}
              </span>{' '}
              {p.phase === 'reading' ? 'lines' : 'files'}
              {p.bytesTotal > 0 && (
                <>
                  , {formatBytes(p.bytesDone)} / {formatBytes(p.bytesTotal)}, {formatEta(p.etaMs)}
                </>
              )}
              <progress max={p.filesTotal || 1} value={p.filesDone} />
            </>
          )}
          {busy && !p && <span>Starting…</span>}
          {busy && (
            <button type="button" className="button" onClick={() => void cancel()}>
              Cancel import
            </button>
          )}
          {run.outcome && (
            <span data-testid="import-outcome" data-state={run.outcome.state}>
              {run.outcome.state === 'done'
                ? `${summaryLine(run.outcome.stored, run.outcome.problems)}: the report is under the dataset below`
                : `Stopped (${run.outcome.state}) at ${run.outcome.stored} of ${run.outcome.total} images${run.outcome.message ? `: ${run.outcome.message}` : ''}`}
            </span>
          )}
          {run.error && (
            <span className="error" role="alert">
              {run.error}
            </span>
          )}
        </div>
      )}
      {run?.outcome && run.outcome.state !== 'done' && run.outcome.problems.length > 0 && (
        <ImportReport
          summary={{
            dataset: run.name,
            format: '',
            classes: [],
            splits: {},
            accepted: run.outcome.total,
            stored: run.outcome.stored,
            problems: run.outcome.problems,
          }}
          fileBase={run.name || 'dataset'}
        />
      )}
    </section>
  );
}
