// Inflates a DEFLATE, zlib or gzip stream without trusting it: the compressed bytes go in 16 KiB at a time (deflate
// expands at most ~1032×, so ~16 MiB per step) and inflation stops as soon as the output passes the cap — a 50 KB
// bomb claiming gigabytes costs about the cap in memory, never the claim. Used for .mat variables (zlib), ZIP
// entries (raw DEFLATE) and .tgz archives (gzip).

import { Gunzip, Inflate, Unzlib } from 'fflate';

export type Compression = 'deflate' | 'zlib' | 'gzip';

const stepBytes = 16 * 1024;

/**
 * At most `cap` inflated bytes. `over`: the stream holds more, and `bytes` is its first `cap` bytes. `sizeHint` (what
 * a header claims) only sizes the first buffer, which grows as output really arrives. Throws fflate's error for
 * corrupt data.
 */
export function inflateCapped(
  format: Compression,
  data: Uint8Array,
  cap: number,
  sizeHint = 0,
): { bytes: Uint8Array; over: boolean } {
  let out = new Uint8Array(Math.min(cap, Math.max(sizeHint, 64 * 1024)));
  let at = 0;
  let over = false;
  const take = (chunk: Uint8Array) => {
    if (over) return;
    const n = Math.min(cap - at, chunk.length);
    over = n < chunk.length;
    if (at + n > out.length) {
      const grown = new Uint8Array(Math.min(cap, Math.max(out.length * 2, at + n)));
      grown.set(out.subarray(0, at));
      out = grown;
    }
    out.set(chunk.subarray(0, n), at);
    at += n;
  };
  const stream =
    format === 'gzip' ? new Gunzip(take) : format === 'zlib' ? new Unzlib(take) : new Inflate(take);
  for (let i = 0; i < data.length && !over; i += stepBytes) {
    stream.push(data.subarray(i, i + stepBytes), i + stepBytes >= data.length);
  }
  if (data.length === 0) stream.push(data, true);
  return { bytes: out.subarray(0, at), over };
}

/** The inflated bytes of a zlib stream, or null once they would exceed `maxBytes`. */
export function unzlibCapped(data: Uint8Array, maxBytes: number): Uint8Array | null {
  const { bytes, over } = inflateCapped('zlib', data, maxBytes);
  return over ? null : bytes;
}
