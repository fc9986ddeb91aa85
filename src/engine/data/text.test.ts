// BOM/CRLF handling for list files and the CSV reader's quoting rules.

import { describe, expect, it } from 'vitest';
import { parseCsv } from './formats/csv-parse.ts';
import { decodeText, splitLines } from './text.ts';

describe('text and CSV', () => {
  it('strips UTF-8 and UTF-16 BOMs and splits CRLF, CR and LF lines', () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a 1\r\nb 2\rc 3\n')]);
    expect(splitLines(decodeText(utf8))).toEqual([
      { line: 1, text: 'a 1' },
      { line: 2, text: 'b 2' },
      { line: 3, text: 'c 3' },
    ]);
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x0a, 0, 0x62, 0]);
    expect(splitLines(decodeText(utf16)).map((l) => l.text)).toEqual(['a', 'b']);
  });

  it('parses quoted fields, escaped quotes, embedded commas/newlines, and skips blank lines', () => {
    const rows = parseCsv('path,label\r\n"a, b.jpg",daisy\n\n"say ""hi"".png","multi\nline"\nlast.jpg,3');
    expect(rows).toEqual([
      { line: 1, cells: ['path', 'label'] },
      { line: 2, cells: ['a, b.jpg', 'daisy'] },
      { line: 4, cells: ['say "hi".png', 'multi\nline'] },
      { line: 6, cells: ['last.jpg', '3'] },
    ]);
  });
});
