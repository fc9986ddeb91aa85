// Evaluation of a checkpoint: top-1/top-5, a sortable per-class precision/recall table, the confusion matrix
// heatmap, and a gallery of misclassified validation images with the model's top-3.
import { useMemo, useState } from 'react';
import type { EvalReport, Misclassified } from '../../../../workers/train-api.ts';
import { ConfusionChart } from './ConfusionChart.tsx';
import {
  type ClassSortKey,
  checkReport,
  evalSummary,
  misclassifiedCaption,
  pct,
  sortClassRows,
} from './eval-options.ts';
import { useThumbUrl } from './use-thumb-url.ts';
import './eval.css';

const PAGE = 48;

export function EvalViews({
  report,
  datasetId,
  classes,
}: {
  report: EvalReport;
  datasetId: string;
  classes: string[];
}) {
  const problem = useMemo(() => {
    try {
      checkReport(report, classes);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }, [report, classes]);
  if (problem) return <p role="alert">{problem}</p>;
  const s = evalSummary(report);
  return (
    <section className="eval" data-testid="eval-views">
      <dl className="eval-figures">
        <div>
          <dt>Top-1</dt>
          <dd data-testid="eval-top1">{s.top1}</dd>
        </div>
        <div>
          <dt>Top-5</dt>
          <dd data-testid="eval-top5">{s.top5}</dd>
        </div>
        <div>
          <dt>Validation images</dt>
          <dd>{s.images}</dd>
        </div>
        <div>
          <dt>Misclassified</dt>
          <dd>{s.misclassified}</dd>
        </div>
        <div>
          <dt>Checkpoint</dt>
          <dd>epoch {report.epoch}</dd>
        </div>
      </dl>
      <h3>Per class</h3>
      <ClassTable report={report} />
      <h3>Confusion matrix</h3>
      <ConfusionChart
        confusion={report.confusion}
        classes={classes}
        fileName={`confusion-${report.runId}-epoch${report.epoch}`}
      />
      <h3>Misclassified validation images</h3>
      <Gallery items={report.misclassified} datasetId={datasetId} classes={classes} />
    </section>
  );
}

const COLUMNS: { key: ClassSortKey; label: string; numeric: boolean }[] = [
  { key: 'index', label: 'ID', numeric: true },
  { key: 'name', label: 'Class', numeric: false },
  { key: 'support', label: 'Images', numeric: true },
  { key: 'precision', label: 'Precision', numeric: true },
  { key: 'recall', label: 'Recall', numeric: true },
  { key: 'f1', label: 'F1', numeric: true },
];

function ClassTable({ report }: { report: EvalReport }) {
  // Worst recall first: the classes that need attention.
  const [sort, setSort] = useState<{ key: ClassSortKey; desc: boolean }>({ key: 'recall', desc: false });
  const rows = useMemo(() => sortClassRows(report.perClass, sort.key, sort.desc), [report, sort]);
  const click = (key: ClassSortKey) =>
    setSort((s) =>
      s.key === key ? { key, desc: !s.desc } : { key, desc: key !== 'name' && key !== 'index' },
    );
  return (
    <div className="eval-table-wrap">
      <table className="eval-table" data-testid="eval-per-class">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                className={c.numeric ? 'num' : undefined}
              >
                <button type="button" onClick={() => click(c.key)}>
                  {c.label}
                  {sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.index}>
              <td className="num">{r.index}</td>
              <td>{r.name}</td>
              <td className="num">{r.support}</td>
              <td className="num">{pct(r.precision)}</td>
              <td className="num">{pct(r.recall)}</td>
              <td className="num">{pct(r.f1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Gallery({
  items,
  datasetId,
  classes,
}: {
  items: Misclassified[];
  datasetId: string;
  classes: string[];
}) {
  const [shown, setShown] = useState(PAGE);
  if (items.length === 0) return <p>No validation image was misclassified.</p>;
  return (
    <>
      <ul className="eval-gallery" data-testid="eval-misclassified">
        {items.slice(0, shown).map((m) => (
          <MisclassifiedCard key={m.imageId} item={m} datasetId={datasetId} classes={classes} />
        ))}
      </ul>
      {shown < items.length && (
        <button type="button" className="button" onClick={() => setShown((n) => n + PAGE)}>
          Show more ({items.length - shown} left)
        </button>
      )}
    </>
  );
}

function MisclassifiedCard({
  item,
  datasetId,
  classes,
}: {
  item: Misclassified;
  datasetId: string;
  classes: string[];
}) {
  const url = useThumbUrl(datasetId, item.imageId);
  const { truth, top3 } = misclassifiedCaption(item, classes);
  return (
    <li className="eval-card">
      {url === 'missing' ? (
        <div className="eval-thumb eval-thumb-missing">not in the library</div>
      ) : url ? (
        <img className="eval-thumb" src={url} alt={item.path} title={item.path} loading="lazy" />
      ) : (
        <div className="eval-thumb" aria-busy="true" />
      )}
      <div className="eval-truth">
        true: <strong>{truth}</strong>
      </div>
      <ol className="eval-top3">
        {top3.map((g) => (
          <li key={g.name} className={g.correct ? 'eval-correct' : undefined}>
            {g.name} <span>{g.prob}</span>
          </li>
        ))}
      </ol>
    </li>
  );
}
