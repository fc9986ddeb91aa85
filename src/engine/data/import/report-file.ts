// The downloadable per-file import report: a summary plus one line per problem, as JSON (same shape as
// `webclas import-check`) or as tab-separated text for a spreadsheet.
import { tsvCell } from '../../text/spreadsheet-cell.ts';
import type { ImportProblem } from '../report.ts';

export interface ReportSummary {
  dataset: string;
  format: string;
  classes: string[];
  splits: Record<string, number>;
  accepted: number;
  stored: number;
  problems: ImportProblem[];
}

export function reportJson(summary: ReportSummary): string {
  const problems = summary.problems.map(({ file, line, severity, code, reason }) => ({
    file,
    ...(line !== undefined ? { line } : {}),
    severity,
    code,
    reason,
  }));
  return `${JSON.stringify({ ...summary, problems }, null, 2)}\n`;
}

/**
 * Tab-separated: file, line, severity, code, reason (tabs and newlines in values become spaces; file names and
 * reasons quoting them are untrusted, so a cell that would start a spreadsheet formula gets a leading ').
 */
export function reportTsv(problems: ImportProblem[]): string {
  const rows = problems.map((p) => [p.file, p.line, p.severity, p.code, p.reason].map(tsvCell).join('\t'));
  return `${['file', 'line', 'severity', 'code', 'reason'].join('\t')}\n${rows.map((r) => `${r}\n`).join('')}`;
}
