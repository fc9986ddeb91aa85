// The stored datasets with their size and the origin's quota; open, delete, and resume unfinished imports.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DatasetRow, JobRow } from '../../engine/storage/schema.ts';
import { FilePickButton } from '../../shared/FilePickButton.tsx';
import { fromFileList } from './collect-sources.ts';
import { formatBytes } from './dataset-view.ts';
import { useDatasets } from './datasets-store.ts';
import { datasetLibrary } from './library-client.ts';
import { refreshDatasets, useDatasetList } from './queries.ts';
import { useImport } from './use-import.ts';

export function DatasetList() {
  const list = useDatasetList();
  const run = useDatasets((s) => s.run);
  const busy = run !== null && run.outcome === null && run.error === null;
  if (list.isPending) return <p className="muted">Reading the library…</p>;
  if (list.isError) return <p className="error">Could not read the dataset library: {String(list.error)}</p>;
  const { datasets, jobs, quota } = list.data;
  return (
    <section className="card ds-list" aria-labelledby="ds-list-title">
      <h2 id="ds-list-title">Your datasets</h2>
      <p className="muted" data-testid="quota">
        Storage used by this site: {formatBytes(quota.usage)} of {formatBytes(quota.quota)}
        {quota.persisted === true ? ' (persistent)' : quota.persisted === false ? ' (may be evicted)' : ''}
      </p>
      {datasets.length === 0 ? (
        <p className="muted">None yet: import one above.</p>
      ) : (
        <ul className="ds-rows">
          {datasets.map((d) => (
            <DatasetItem key={d.id} dataset={d} job={jobs.get(d.id)} busy={busy} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DatasetItem({
  dataset,
  job,
  busy,
}: {
  dataset: DatasetRow;
  job: JobRow | undefined;
  busy: boolean;
}) {
  const client = useQueryClient();
  const openId = useDatasets((s) => s.openId);
  const open = useDatasets((s) => s.open);
  const { resume } = useImport();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unfinished = dataset.state === 'importing';
  const needsFiles = job?.message?.includes('drop the same folder') ?? false;

  const remove = async () => {
    try {
      const lib = await datasetLibrary();
      await lib.deleteDataset(dataset.id);
      if (openId === dataset.id) open(null);
      await refreshDatasets(client);
    } catch (e) {
      setError(String(e));
    }
  };

  return (
    <li className={`ds-row${openId === dataset.id ? ' ds-row-open' : ''}`} data-testid="dataset-row">
      <button type="button" className="ds-name" onClick={() => open(dataset.id)} disabled={unfinished}>
        {dataset.name}
      </button>
      <span className="muted">
        {dataset.format} · {formatBytes(dataset.storedBytes)}
      </span>
      {unfinished && (
        <span className="ds-unfinished" data-testid="unfinished">
          Import unfinished{job?.message ? `: ${job.message}` : ''}
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void resume(dataset.id, dataset.name)}
          >
            Resume import
          </button>
          {needsFiles && (
            <FilePickButton
              directory
              multiple
              onFiles={(f) => void resume(dataset.id, dataset.name, fromFileList(f))}
            >
              Choose the folder again…
            </FilePickButton>
          )}
        </span>
      )}
      {confirm ? (
        <>
          <button type="button" className="button danger" disabled={busy} onClick={() => void remove()}>
            Delete {dataset.name} for good
          </button>
          <button type="button" className="button secondary" onClick={() => setConfirm(false)}>
            Keep
          </button>
        </>
      ) : (
        <button type="button" className="button secondary" disabled={busy} onClick={() => setConfirm(true)}>
          Delete…
        </button>
      )}
      {error && <span className="error">{error}</span>}
    </li>
  );
}
