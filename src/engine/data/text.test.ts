// BOM/CRLF handling for list files, the CSV reader's quoting rules, and both readers' line cap.

import { describe, expect, it } from 'vitest';
import { parseCsv } from './formats/csv-parse.ts';
import { countLines, decodeText, splitLines } from './text.ts';

describe('text and CSV', () => {
  it('strips UTF-8 and UTF-16 BOMs and splits CRLF, CR and LF lines', () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a 1\r\nb 2\rc 3\n')]);
    expect(splitLines(decodeText(utf8), 'l.txt')).toEqual([
      { line: 1, text: 'a 1' },
      { line: 2, text: 'b 2' },
      { line: 3, text: 'c 3' },
    ]);
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x0a, 0, 0x62, 0]);
    expect(splitLines(decodeText(utf16), 'l.txt').map((l) => l.text)).toEqual(['a', 'b']);
    // Only a final empty line is dropped; countLines agrees with splitLines.
    for (const text of ['', 'a', 'a\n', 'a\n\n', '\n', 'a\r\n\rb', 'x\ny']) {
      expect(splitLines(text, 'l.txt').length, JSON.stringify(text)).toBe(countLines(text));
    }
    expect(splitLines('a\n\n', 'l.txt').map((l) => l.text)).toEqual(['a', '']);
  });

  it('parses quoted fields, escaped quotes, embedded commas/newlines, and skips blank lines', async () => {
    const rows = await parseCsv(
      'path,label\r\n"a, b.jpg",daisy\n\n"say ""hi"".png","multi\nline"\nlast.jpg,3',
      'x.csv',
    );
    expect(rows).toEqual([
      { line: 1, cells: ['path', 'label'] },
      { line: 2, cells: ['a, b.jpg', 'daisy'] },
      { line: 4, cells: ['say "hi".png', 'multi\nline'] },
      { line: 6, cells: ['last.jpg', '3'] },
    ]);
  });

  it('stops at the line cap naming the file and the first line past it', async () => {
    expect(splitLines('a\nb\nc\n', 'l.txt', 3)).toHaveLength(3);
    expect(() => splitLines('a\nb\nc\nd\n', 'l.txt', 3)).toThrow(
      'l.txt line 4: more than 3 lines (the limit)',
    );
    expect(await parseCsv('a,1\nb,2\nc,3\n', 'x.csv', undefined, 3)).toHaveLength(3);
    await expect(parseCsv('a,1\nb,2\nc,3\nd,4', 'x.csv', undefined, 3)).rejects.toThrow(
      'x.csv line 4: more than 3 lines (the limit)',
    );
    // A newline inside quotes still counts as a line.
    await expect(parseCsv('a,"1\n2\n3"\nb,2', 'x.csv', undefined, 3)).rejects.toThrow('x.csv line 4');
  });
});
