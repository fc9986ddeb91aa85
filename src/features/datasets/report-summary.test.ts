// The report's on-screen count and filter: rejected counts files with an error (not error lines), warnings
// count lines; the filter keeps errors first and matches file, code or reason.
import { describe, expect, it } from 'vitest';
import type { ImportProblem } from '../../engine/data/report.ts';
import { filterReport, reportCounts, summaryLine } from './report-summary.ts';

const line = (file: string, severity: 'error' | 'warning', code: string, reason = code, n?: number) =>
  ({ file, severity, code, reason, ...(n ? { line: n } : {}) }) as ImportProblem;

const problems = [
  line('b.jpg', 'warning', 'grayscale'),
  line('a.jpg', 'error', 'truncated'),
  line('a.jpg', 'error', 'decode-failed'),
  line('list.txt', 'warning', 'duplicate-line', 'listed twice', 9),
  line('list.txt', 'warning', 'duplicate-line', 'listed twice', 3),
  line('c.svg', 'error', 'unsupported', 'SVG is not a raster image'),
];

describe('import report summary', () => {
  it('counts rejected files once however many error lines they have', () => {
    expect(reportCounts(problems)).toEqual({ rejected: 2, warnings: 3 });
    expect(summaryLine(12, problems)).toBe('12 imported, 2 rejected, 3 warnings');
    expect(summaryLine(1, [problems[0]!])).toBe('1 imported, 0 rejected, 1 warning');
  });

  it('sorts errors first, then by file and line, and filters by severity and text', () => {
    const all = filterReport(problems, { severity: null, text: '' });
    expect(all.map((p) => `${p.severity} ${p.file}${p.line ? `:${p.line}` : ''}`)).toEqual([
      'error a.jpg',
      'error a.jpg',
      'error c.svg',
      'warning b.jpg',
      'warning list.txt:3',
      'warning list.txt:9',
    ]);
    expect(filterReport(problems, { severity: 'warning', text: 'LIST' })).toHaveLength(2);
    expect(filterReport(problems, { severity: null, text: 'raster' }).map((p) => p.file)).toEqual(['c.svg']);
    expect(filterReport(problems, { severity: 'error', text: 'gray' })).toEqual([]);
  });
});
