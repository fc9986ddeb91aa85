// The open dataset: split counts, class list and balance chart, filters, the thumbnail grid and image detail,
// plus re-split, PaddleClas export and the import report (kept with the dataset, so it survives a reload).
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ImageRow } from '../../engine/storage/schema.ts';
import { BalanceChart } from './BalanceChart.tsx';
import { ClassPanel } from './ClassPanel.tsx';
import { filterImages, resplitChanges, splitCounts } from './dataset-view.ts';
import { useDatasets } from './datasets-store.ts';
import { download } from './download.ts';
import { ImageDetail } from './ImageDetail.tsx';
import { ImportReport } from './ImportReport.tsx';
import { importCall } from './import-client.ts';
import { datasetLibrary } from './library-client.ts';
import { refreshDatasets, useDatasetDetail } from './queries.ts';
import { ThumbGrid } from './ThumbGrid.tsx';

export function DatasetView({ id }: { id: string }) {
  const client = useQueryClient();
  const detail = useDatasetDetail(id);
  const filter = useDatasets((s) => s.filter);
  const setFilter = useDatasets((s) => s.setFilter);
  const detailId = useDatasets((s) => s.detailId);
  const showDetail = useDatasets((s) => s.showDetail);
  const [valShare, setValShare] = useState(20);
  const [seed, setSeed] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const data = detail.data;
  const images = data?.images;

  const counts = useMemo(() => {
    const perClass = new Array<number>(data?.classes.length ?? 0).fill(0);
    let unlabeled = 0;
    for (const img of images ?? []) {
      if (img.label === null) unlabeled++;
      else perClass[img.label] = (perClass[img.label] ?? 0) + 1;
    }
    return { perClass, unlabeled };
  }, [images, data?.classes.length]);
  const names = useMemo(() => data?.classes.map((c) => c.name) ?? [], [data?.classes]);
  const shown = useMemo(() => filterImages(images ?? [], filter), [images, filter]);

  if (detail.isPending) return <p className="muted">Loading the dataset…</p>;
  if (detail.isError || !data?.dataset)
    return <p className="error">Could not read this dataset: {String(detail.error)}</p>;
  const { dataset, classes, job } = data;
  const all = images ?? [];
  const selected = all.find((i) => i.id === detailId);

  const act = async (what: string, run: () => Promise<unknown>) => {
    try {
      setNote(null);
      await run();
    } catch (e) {
      setNote(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await refreshDatasets(client);
    }
  };
  const lib = datasetLibrary;

  return (
    <section className="ds-view" aria-labelledby="ds-view-title" data-testid="dataset-view">
      <header className="ds-view-head">
        <h2 id="ds-view-title">{dataset.name}</h2>
        <span className="muted" data-testid="dataset-summary">
          {dataset.format} · {all.length} images ·{' '}
          {splitCounts(all)
            .map(([s, n]) => `${s} ${n}`)
            .join(' · ')}
        </span>
      </header>
      <div className="ds-tools">
        <form
          className="ds-resplit"
          onSubmit={(e) => {
            e.preventDefault();
            void act('Re-split', async () => {
              const changes = resplitChanges(all, { val: valShare / 100 }, seed);
              await (await lib()).applySplits(changes);
              setNote(`Re-split with seed ${seed}: ${changes.size} images moved`);
            });
          }}
        >
          <label>
            Validation %{' '}
            <input
              type="number"
              min={1}
              max={90}
              value={valShare}
              onChange={(e) => setValShare(Number(e.target.value))}
            />
          </label>
          <label>
            Seed <input type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
          </label>
          <button type="submit" className="button">
            Re-split (stratified)
          </button>
        </form>
        <button
          type="button"
          className="button"
          onClick={() =>
            void act('Export', async () => {
              const zip = await importCall((api) => api.exportPaddleClas(id));
              download(
                new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
                `${dataset.name}-paddleclas.zip`,
              );
              setNote(`Exported ${all.length} images as ${dataset.name}-paddleclas.zip`);
            })
          }
        >
          Export PaddleClas zip
        </button>
      </div>
      {note && (
        // Pinned to the bottom of the window: an action's result is seen wherever the page is scrolled.
        <p className="ds-note" role="status" data-testid="dataset-note">
          {note}{' '}
          <button type="button" className="button" onClick={() => setNote(null)}>
            Dismiss
          </button>
        </p>
      )}
      {job && (
        <ImportReport
          summary={{
            dataset: dataset.name,
            format: dataset.format,
            classes: job.classes,
            splits: Object.fromEntries(splitCounts(all)),
            accepted: job.items.length,
            stored: all.length,
            problems: job.problems,
          }}
          fileBase={dataset.name}
        />
      )}
      <div className="ds-body">
        <div className="ds-side">
          <ClassPanel
            classes={classes}
            counts={counts.perClass}
            unlabeled={counts.unlabeled}
            selected={filter.label}
            onSelect={(label) => setFilter({ label })}
            onRename={async (index, name) => {
              await (await lib()).renameClass(id, index, name);
              await refreshDatasets(client);
            }}
          />
          {classes.length > 0 && <BalanceChart names={names} counts={counts.perClass} />}
        </div>
        <div className="ds-main">
          <div className="ds-filters">
            <label>
              Split{' '}
              <select
                value={filter.split ?? ''}
                onChange={(e) => setFilter({ split: e.target.value === '' ? null : e.target.value })}
                data-testid="split-filter"
              >
                <option value="">all</option>
                {splitCounts(all).map(([s, n]) => (
                  <option key={s} value={s}>
                    {s} ({n})
                  </option>
                ))}
              </select>
            </label>
            <span className="muted" data-testid="shown-count">
              {shown.length} shown
            </span>
          </div>
          <ThumbGrid images={shown} classes={classes} onOpen={showDetail} />
          {selected && (
            <ImageDetail
              image={selected}
              classes={classes}
              note={note}
              onClose={() => showDetail(null)}
              onChange={(change: Partial<Pick<ImageRow, 'label' | 'split'>>) =>
                act('Edit', async () => {
                  await (await lib()).updateImages([selected.id], change);
                  setNote(
                    change.split !== undefined
                      ? `Moved ${selected.path} to ${change.split}`
                      : `Labelled ${selected.path} as ${change.label === null || change.label === undefined ? 'unlabeled' : (names[change.label] ?? change.label)}`,
                  );
                })
              }
              onDelete={() =>
                act('Delete', async () => {
                  await (await lib()).deleteImage(selected.id);
                  showDetail(null);
                  setNote(`Deleted ${selected.path}`);
                })
              }
            />
          )}
        </div>
      </div>
    </section>
  );
}
