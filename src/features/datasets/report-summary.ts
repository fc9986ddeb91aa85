// The import report as the screen shows it: the one-line count ("12 imported, 5 rejected, 8 warnings") and the
// report lines filtered by severity and text, errors first, then by file and line.
import type { ImportProblem, Severity } from '../../engine/data/report.ts';

export interface ReportCounts {
  /** Files with at least one error line: they were left out of the dataset (or failed to decode). */
  rejected: number;
  warnings: number;
}

export function reportCounts(problems: readonly ImportProblem[]): ReportCounts {
  const rejected = new Set<string>();
  let warnings = 0;
  for (const p of problems) {
    if (p.severity === 'error') rejected.add(p.file);
    else warnings++;
  }
  return { rejected: rejected.size, warnings };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(imported: number, problems: readonly ImportProblem[]): string {
  const { rejected, warnings } = reportCounts(problems);
  return `${imported} imported, ${rejected} rejected, ${plural(warnings, 'warning', 'warnings')}`;
}

export interface ReportFilter {
  severity: Severity | null;
  /** Case-insensitive text looked for in the file, the code and the reason. */
  text: string;
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1 };

export function filterReport(problems: readonly ImportProblem[], filter: ReportFilter): ImportProblem[] {
  const text = filter.text.trim().toLowerCase();
  return problems
    .filter(
      (p) =>
        (filter.severity === null || p.severity === filter.severity) &&
        (text === '' || `${p.file}\n${p.code}\n${p.reason}`.toLowerCase().includes(text)),
    )
    .sort(
      (a, b) =>
        severityOrder[a.severity] - severityOrder[b.severity] ||
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
        (a.line ?? 0) - (b.line ?? 0),
    );
}
