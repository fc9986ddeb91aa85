// Caps on what a dropped archive may expand to, and the checks archive.ts inflates through. Sizes in ZIP and gzip
// headers are written by whoever made the archive, so they only ever shrink a budget: inflated bytes are counted
// as they arrive (inflate-capped.ts) and inflation stops as soon as a cap is passed.
import { inflateCapped } from './inflate-capped.ts';

export interface ArchiveLimits {
  /** Bytes one entry may expand to; a larger entry is skipped with a report line. */
  entryBytes: number;
  /** Bytes all entries together may expand to; reading stops there with a report line. */
  totalBytes: number;
}

/**
 * No image the import keeps comes near 256 MiB (a 40 MP 16-bit RGBA PNG stored raw is ~320 MB, but PNGs are
 * compressed), and 2 GiB is about what a browser tab can hold next to the archive itself.
 */
export const archiveLimits: ArchiveLimits = { entryBytes: 256 * 2 ** 20, totalBytes: 2 * 2 ** 30 };

/** `256 MiB`: caps in report lines, in the unit they are set in. */
export function mib(bytes: number): string {
  return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/**
 * Inflates a raw DEFLATE stream that its header says expands to exactly `expected` bytes (already checked against
 * the caps): output past that size, or short of it, is an error.
 */
export function inflateExactly(data: Uint8Array, expected: number): Uint8Array {
  const { bytes, over } = inflateCapped('deflate', data, expected, expected);
  if (over) throw new Error(`inflates past the ${expected} bytes its header gives`);
  if (bytes.length !== expected)
    throw new Error(`inflates to ${bytes.length} bytes, its header gives ${expected}`);
  return bytes;
}

/** The size a gzip trailer claims (mod 2³²): a first buffer size, never a limit. */
export function gzipSizeHint(gz: Uint8Array): number {
  return gz.length >= 4 ? new DataView(gz.buffer, gz.byteOffset + gz.length - 4).getUint32(0, true) : 0;
}
