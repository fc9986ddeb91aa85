// Inflates a zlib stream without trusting it: the compressed bytes go in 1 KiB at a time (deflate expands at most
// ~1032×, so ~1 MiB per step) and inflation stops as soon as the output passes the cap — a 50 KB bomb claiming
// gigabytes costs about the cap in memory, never the claim.

import { Unzlib } from 'fflate';

const stepBytes = 1024;

/** The inflated bytes, or null once they would exceed `maxBytes`. Throws fflate's error for corrupt data. */
export function unzlibCapped(data: Uint8Array, maxBytes: number): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Unzlib((chunk) => {
    total += chunk.length;
    if (total <= maxBytes) chunks.push(chunk);
  });
  for (let at = 0; at < data.length; at += stepBytes) {
    stream.push(data.subarray(at, at + stepBytes), at + stepBytes >= data.length);
    if (total > maxBytes) return null;
  }
  if (data.length === 0) stream.push(data, true);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
