// Caps on what a dropped archive may expand to, and the capped inflaters that enforce them. Sizes in ZIP and gzip
// headers are written by whoever made the archive, so they only ever shrink a budget: inflated bytes are counted
// as they arrive, a little compressed input at a time, and inflation stops as soon as a cap is passed.
import { Gunzip, Inflate } from 'fflate';

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
 * Compressed bytes handed to the inflater at a time: DEFLATE expands at most ~1032×, so one slice yields at most
 * ~16 MiB past a cap before the count notices.
 */
const SLICE = 16 * 1024;

/**
 * Inflates a raw DEFLATE stream that its header says expands to exactly `expected` bytes (already checked against
 * the caps): the output buffer is that size, and output past it, or short of it, is an error.
 */
export function inflateExactly(data: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let at = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (over || at + chunk.length > expected) {
      over = true;
      return;
    }
    out.set(chunk, at);
    at += chunk.length;
  });
  for (let i = 0; i < data.length && !over; i += SLICE) {
    inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
  }
  if (data.length === 0) inflater.push(new Uint8Array(0), true);
  if (over) throw new Error(`inflates past the ${expected} bytes its header gives`);
  if (at !== expected) throw new Error(`inflates to ${at} bytes, its header gives ${expected}`);
  return out;
}

/**
 * Gunzips at most `cap` bytes. `cut`: the stream had more, and `bytes` is its first `cap` bytes. The gzip trailer's
 * size (mod 2³²) only sizes the first buffer; the buffer grows as output really arrives.
 */
export function gunzipCapped(data: Uint8Array, cap: number): { bytes: Uint8Array; cut: boolean } {
  const hint =
    data.length >= 4 ? new DataView(data.buffer, data.byteOffset + data.length - 4).getUint32(0, true) : 0;
  let out = new Uint8Array(Math.min(cap, Math.max(hint, 64 * 1024)));
  let at = 0;
  let cut = false;
  const gunzip = new Gunzip((chunk) => {
    if (cut) return;
    const room = cap - at;
    if (chunk.length > room) cut = true;
    const take = Math.min(room, chunk.length);
    if (at + take > out.length) {
      const grown = new Uint8Array(Math.min(cap, Math.max(out.length * 2, at + take)));
      grown.set(out.subarray(0, at));
      out = grown;
    }
    out.set(chunk.subarray(0, take), at);
    at += take;
  });
  for (let i = 0; i < data.length && !cut; i += SLICE) {
    gunzip.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
  }
  return { bytes: out.subarray(0, at), cut };
}
