// Text decoding for list/CSV files: strips a UTF-8/UTF-16 BOM and splits lines on LF, CRLF or CR.

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

/** Lines with their numbers; a final empty line after the last newline is dropped. */
export function splitLines(text: string): TextLine[] {
  const parts = text.split(/\r\n|\r|\n/);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((t, i) => ({ line: i + 1, text: t }));
}
