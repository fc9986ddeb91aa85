// The Classify screen: pick a model, drop/paste/pick photos or a folder, watch top-5 results stream in with
// progress and cancel, export them. All inference happens in the GPU worker; this thread only shows results.
import { useQueryClient } from '@tanstack/react-query';
import { type ClipboardEvent, type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { ClassifySettings, ModelRef } from '../../../workers/gpu-api.ts';
import { type CatalogItem, catalogKeys, formatBytes } from '../../engine/infer/model-catalog.ts';
import { resultsToCsv, resultsToJson } from '../../engine/infer/results-export.ts';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { FilePickButton } from '../../shared/FilePickButton.tsx';
import { mirrorOrError, useModelMirror } from '../../shared/model-mirror.ts';
import {
  availabilityState,
  availabilityText,
  useMirrorAvailability,
} from '../../shared/use-mirror-availability.ts';
import { useCatalog } from './catalog-queries.ts';
import { useClassifyRun, useClassifySettings } from './classify-store.ts';
import { filesFromDataTransfer, isImageCandidate, type NamedFile, named } from './collect-files.ts';
import type { GpuCall } from './gpu-call.ts';
import { PreparedModelCard } from './PreparedModelCard.tsx';
import { ResultsList } from './ResultsList.tsx';
import { runBatch } from './run-batch.ts';
import './classify.css';

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ClassifyScreen({ gpu }: { gpu: GpuCall }) {
  const settings = useClassifySettings();
  const run = useClassifyRun();
  const { items, manifest, error: catalogError } = useCatalog(gpu);
  const typedMirror = useModelMirror();
  const queryClient = useQueryClient();
  const [dragging, setDragging] = useState(false);
  // An unpinned zoo variant waits here for the user's answer; confirmed ones are remembered per mirror for the session.
  const [asking, setAsking] = useState<{ item: CatalogItem; mirror: string; images: NamedFile[] } | null>(
    null,
  );
  const confirmed = useRef(new Set<string>());
  const busy = run.phase === 'preparing' || run.phase === 'classifying';
  const selected = items.find((i) => i.key === settings.modelKey) ?? items[0];

  const { mirror, error: mirrorError } = mirrorOrError(typedMirror.mirror);
  const probes = useMirrorAvailability(manifest, mirror);

  const launch = (item: CatalogItem, m: string, images: NamedFile[]) => {
    const s: ClassifySettings = { backend: settings.backend, mirror: m };
    const ref: ModelRef =
      item.ref.kind === 'zoo' && confirmed.current.has(`${item.key}@${m}`)
        ? { ...item.ref, allowUnverified: true }
        : item.ref;
    runBatch(gpu, ref, s, images).finally(() => {
      // The model may have been downloaded just now: refresh the "downloaded" marks.
      queryClient.invalidateQueries({ queryKey: catalogKeys.stored });
    });
  };

  const start = (files: NamedFile[]) => {
    const images = files.filter(isImageCandidate);
    if (!selected || busy || asking || images.length === 0 || mirror === null) return;
    if (selected.integrity === 'unverified' && !confirmed.current.has(`${selected.key}@${mirror}`)) {
      setAsking({ item: selected, mirror, images });
      return;
    }
    launch(selected, mirror, images);
  };

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    start(await filesFromDataTransfer(e.dataTransfer));
  };

  useEffect(() => {
    const onPaste = (e: Event) => {
      const files = (e as unknown as ClipboardEvent).clipboardData?.files;
      if (files && files.length > 0) start(named(files));
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  });

  const okCount = useMemo(() => run.results.filter((r) => r.item.ok).length, [run.results]);

  return (
    <div className="classify">
      <h1>Classify</h1>
      <section className="card classify-controls">
        <label>
          Model{' '}
          <select
            data-testid="model-picker"
            value={selected?.key ?? ''}
            disabled={busy}
            onChange={(e) => settings.setModelKey(e.target.value)}
          >
            {items.map((i) => (
              <option key={i.key} value={i.key} data-availability={availabilityState(i, probes)}>
                {i.name} · {i.variant} · {i.approximate ? '≈' : ''}
                {formatBytes(i.bytes)} · {availabilityText(i, probes)}
                {i.integrity === 'unverified' ? ' · unverified' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Backend{' '}
          <select
            data-testid="backend-setting"
            value={settings.backend}
            disabled={busy}
            onChange={(e) => settings.setBackend(e.target.value as ClassifySettings['backend'])}
          >
            <option value="auto">Automatic (measured choice)</option>
            <option value="webgpu">WebGPU</option>
            <option value="wasm">WASM</option>
          </select>
        </label>
        <label>
          Model mirror{' '}
          <input
            data-testid="mirror-setting"
            placeholder="/mirror/ (this server)"
            value={typedMirror.mirror}
            disabled={busy}
            onChange={(e) => typedMirror.setMirror(e.target.value)}
          />
        </label>
        {mirrorError && <p className="error">{mirrorError}</p>}
        {catalogError != null && <p className="error">{String(catalogError)}</p>}
      </section>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the file inputs inside give keyboard users the same action. */}
      <section
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop photos or a folder here, paste images, or pick them:</p>
        <FilePickButton
          multiple
          accept="image/*"
          testId="file-input"
          onFiles={(files) => start(named(files))}
        >
          Photos…
        </FilePickButton>{' '}
        <FilePickButton directory testId="folder-input" onFiles={(files) => start(named(files))}>
          Folder…
        </FilePickButton>
      </section>
      {run.phase !== 'idle' && (
        <section className="card classify-status" data-testid="classify-status" data-phase={run.phase}>
          {run.download && (
            <p data-testid="download-progress">
              Downloading {run.download.key}: {formatBytes(run.download.loaded)}
              {run.download.total ? ` of ${formatBytes(run.download.total)}` : ''} ·{' '}
              {formatBytes(Math.round(run.download.rate))}/s
              {run.download.etaSeconds != null ? ` · ${run.download.etaSeconds.toFixed(0)} s left` : ''}{' '}
              <button
                type="button"
                className="button"
                onClick={() => gpu((api) => api.cancelModelDownload())}
              >
                Cancel download
              </button>
            </p>
          )}
          <progress max={run.total || 1} value={run.done} />{' '}
          <span data-testid="classify-progress">
            {run.done} / {run.total} images · {okCount} classified · {run.done - okCount} errors · {run.phase}
          </span>{' '}
          {busy && (
            <button
              type="button"
              className="button"
              data-testid="cancel"
              onClick={() => run.set({ cancelRequested: true })}
            >
              Cancel
            </button>
          )}
          {run.error && (
            <p className="error" role="alert" data-testid="classify-error">
              {run.error}
            </p>
          )}
        </section>
      )}
      {asking && (
        <ConfirmDialog
          testId="unverified-dialog"
          title="Download an unverified model?"
          confirmLabel="Download unverified"
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            confirmed.current.add(`${asking.item.key}@${asking.mirror}`);
            setAsking(null);
            launch(asking.item, asking.mirror, asking.images);
          }}
        >
          <p>
            {asking.item.name} · {asking.item.variant} is <strong>unverified</strong>: the model list pins no
            sha256 for it, so the studio cannot check that what the mirror {asking.mirror} sends is the
            published model. A wrong or hostile mirror could hand you another model, and its results would
            look just as real.
          </p>
          <p>Models marked “sha256 pinned” on the Models screen are checked byte for byte instead.</p>
        </ConfirmDialog>
      )}
      {run.prepared && <PreparedModelCard p={run.prepared} />}
      {run.results.length > 0 && (
        <p className="export">
          <button
            type="button"
            className="button"
            data-testid="export-csv"
            onClick={() =>
              download('webclas-results.csv', 'text/csv', resultsToCsv(run.results.map((r) => r.item)))
            }
          >
            Export CSV
          </button>{' '}
          <button
            type="button"
            className="button"
            data-testid="export-json"
            onClick={() =>
              download(
                'webclas-results.json',
                'application/json',
                resultsToJson(run.results.map((r) => r.item)),
              )
            }
          >
            Export JSON
          </button>{' '}
          <button type="button" className="button" disabled={busy} onClick={() => run.clear()}>
            Clear
          </button>
        </p>
      )}
      <ResultsList />
    </div>
  );
}
