// The downloadable report: JSON keeps every problem field; TSV stays one line per problem.
import { describe, expect, it } from 'vitest';
import { reportJson, reportTsv } from './report-file.ts';

const problems = [
  { file: 'a\tb.jpg', severity: 'error' as const, code: 'corrupt', reason: 'bad\nCRC' },
  { file: 'train_list.txt', line: 3, severity: 'warning' as const, code: 'duplicate-line', reason: 'repeat' },
];

describe('import report file', () => {
  it('writes JSON with the import-check fields', () => {
    const parsed = JSON.parse(
      reportJson({
        dataset: 'd',
        format: 'paddleclas',
        classes: ['x'],
        splits: { train: 1 },
        accepted: 1,
        stored: 1,
        problems,
      }),
    );
    expect(parsed.problems[1]).toEqual(problems[1]);
    expect(parsed.problems[0]).not.toHaveProperty('line');
    expect(parsed).toMatchObject({ format: 'paddleclas', accepted: 1, stored: 1 });
  });

  it('writes TSV with one line per problem, separators in values flattened', () => {
    const lines = reportTsv(problems).trimEnd().split('\n');
    expect(lines).toEqual([
      'file\tline\tseverity\tcode\treason',
      'a b.jpg\t\terror\tcorrupt\tbad CRC',
      'train_list.txt\t3\twarning\tduplicate-line\trepeat',
    ]);
  });

  it('writes file names and reasons that look like formulas as text', () => {
    const tsv = reportTsv([
      { file: '=HYPERLINK("http://example.invalid").jpg', severity: 'error', code: 'corrupt', reason: '@x' },
      { file: '-rf.jpg', line: 2, severity: 'warning', code: 'odd-name', reason: '\t+1 starts with a tab' },
    ]);
    expect(tsv.trimEnd().split('\n').slice(1)).toEqual([
      `'=HYPERLINK("http://example.invalid").jpg\t\terror\tcorrupt\t'@x`,
      "'-rf.jpg\t2\twarning\todd-name\t' +1 starts with a tab",
    ]);
  });
});
