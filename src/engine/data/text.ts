// Text decoding for list/CSV files: strips a UTF-8/UTF-16 BOM and splits lines on LF, CRLF or CR (at most
// MAX_LIST_LINES of them).

import { formatCount, MAX_LIST_LINES } from './limits.ts';
import { DatasetError } from './report.ts';

/** Decodes bytes as UTF-8 (or UTF-16 when a UTF-16 BOM says so), without the BOM. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  }
  // TextDecoder strips a UTF-8 BOM by default.
  return new TextDecoder('utf-8').decode(bytes);
}

export interface TextLine {
  /** 1-based, as editors show it. */
  line: number;
  text: string;
}

/**
 * Lines with their numbers; a final empty line after the last newline is dropped. More than `maxLines` lines is
 * a DatasetError naming `file` and the first line past the cap, thrown before that line is kept.
 */
export function splitLines(text: string, file: string, maxLines = MAX_LIST_LINES): TextLine[] {
  const out: TextLine[] = [];
  const newline = /\r\n|\r|\n/g;
  let start = 0;
  const keep = (end: number) => {
    if (out.length === maxLines) {
      throw new DatasetError(`more than ${formatCount(maxLines)} lines (the limit)`, file, maxLines + 1);
    }
    out.push({ line: out.length + 1, text: text.slice(start, end) });
  };
  for (let m = newline.exec(text); m; m = newline.exec(text)) {
    keep(m.index);
    start = newline.lastIndex;
  }
  if (start < text.length) keep(text.length);
  return out;
}

/** How many lines splitLines would return, without keeping them (a progress total for the CSV reader). */
export function countLines(text: string): number {
  const newline = /\r\n|\r|\n/g;
  let n = 0;
  let end = 0;
  while (newline.exec(text)) {
    n++;
    end = newline.lastIndex;
  }
  return end < text.length ? n + 1 : n;
}
