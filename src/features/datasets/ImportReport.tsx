// The import report on screen: the count line, every report line grouped by severity (file, line, reason) with a
// severity and text filter, and one download with a format choice (TSV for a spreadsheet, JSON with the summary).
import { useMemo, useState } from 'react';
import { type ReportSummary, reportJson, reportTsv } from '../../engine/data/import/report-file.ts';
import type { Severity } from '../../engine/data/report.ts';
import { download } from './download.ts';
import { filterReport, summaryLine } from './report-summary.ts';

/** Rows drawn at once: a report of thousands of lines stays a fast page; the download holds them all. */
const shownMax = 500;

export function ImportReport({ summary, fileBase }: { summary: ReportSummary; fileBase: string }) {
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [text, setText] = useState('');
  const [format, setFormat] = useState<'tsv' | 'json'>('tsv');
  const { problems } = summary;
  const shown = useMemo(() => filterReport(problems, { severity, text }), [problems, severity, text]);
  const groups = (['error', 'warning'] as const)
    .map((s) => ({ severity: s, rows: shown.filter((p) => p.severity === s).slice(0, shownMax) }))
    .filter((g) => g.rows.length > 0);

  const save = () =>
    format === 'tsv'
      ? download(
          new Blob([reportTsv(problems)], { type: 'text/tab-separated-values' }),
          `${fileBase}-import-report.tsv`,
        )
      : download(
          new Blob([reportJson(summary)], { type: 'application/json' }),
          `${fileBase}-import-report.json`,
        );

  return (
    <details className="card ds-report" data-testid="import-report" open={problems.length > 0}>
      <summary>
        Import report: <span data-testid="report-summary">{summaryLine(summary.stored, problems)}</span>
      </summary>
      {problems.length === 0 ? (
        <p className="muted">Every file was accepted: nothing to report.</p>
      ) : (
        <>
          <div className="ds-report-tools">
            <label>
              Show{' '}
              <select
                value={severity ?? ''}
                onChange={(e) => setSeverity(e.target.value === '' ? null : (e.target.value as Severity))}
                data-testid="report-severity"
              >
                <option value="">errors and warnings</option>
                <option value="error">errors (rejected files)</option>
                <option value="warning">warnings (imported)</option>
              </select>
            </label>
            <label>
              Find{' '}
              <input
                type="search"
                value={text}
                placeholder="file, code or reason"
                onChange={(e) => setText(e.target.value)}
                data-testid="report-find"
              />
            </label>
            <span className="muted" data-testid="report-count" aria-live="polite">
              {shown.length} of {problems.length} lines
            </span>
            <label>
              Format{' '}
              <select value={format} onChange={(e) => setFormat(e.target.value as 'tsv' | 'json')}>
                <option value="tsv">TSV: the lines, for a spreadsheet</option>
                <option value="json">JSON: summary and lines, as webclas import-check</option>
              </select>
            </label>
            <button type="button" className="button" onClick={save}>
              Download report
            </button>
          </div>
          {groups.map((g) => (
            <table key={g.severity} className="ds-report-table" data-testid={`report-${g.severity}s`}>
              <caption>
                {g.severity === 'error'
                  ? 'Errors: these files were not imported'
                  : 'Warnings: imported anyway'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Code</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {g.rows.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: plain-text rows without state; two lines can be identical
                  <tr key={`${p.file}:${p.line ?? ''}:${p.code}:${i}`} data-testid="report-line">
                    <td className="ds-path">{p.line ? `${p.file} line ${p.line}` : p.file}</td>
                    <td>{p.code}</td>
                    <td>{p.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          {shown.length > groups.reduce((n, g) => n + g.rows.length, 0) && (
            <p className="muted">Showing the first {shownMax} of each kind: the download holds every line.</p>
          )}
        </>
      )}
    </details>
  );
}
