// Test-only image files that pass the header check but are hostile to a decoder: a PNG whose IHDR claims any size
// (20000×20000 for 1.6 GB of RGBA) around a few bytes of pixel data, and a PNG whose IDAT does not inflate.
import { zlibSync } from 'fflate';
import { concat, pngChunk } from './png-encode.ts';

const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function ihdr(width: number, height: number): Uint8Array {
  const data = new Uint8Array(13);
  new DataView(data.buffer).setUint32(0, width);
  new DataView(data.buffer).setUint32(4, height);
  data[8] = 8; // bit depth
  data[9] = 2; // RGB
  return pngChunk({ type: 'IHDR', data });
}

/** Valid chunks and CRCs; the IDAT holds one zlib-compressed row, so the file is ~100 bytes whatever it claims. */
export function pngClaiming(width: number, height: number): Uint8Array {
  return concat([
    signature,
    ihdr(width, height),
    pngChunk({ type: 'IDAT', data: zlibSync(new Uint8Array(1 + Math.min(width, 64) * 3)) }),
    pngChunk({ type: 'IEND', data: new Uint8Array(0) }),
  ]);
}

/** Valid chunks and CRCs (so the header check passes) around an IDAT that does not inflate: decoding fails. */
export function undecodablePng(): Uint8Array {
  return concat([
    signature,
    ihdr(16, 16),
    // A valid zlib header, then a DEFLATE block of the reserved type 3: every inflater refuses it at once.
    pngChunk({ type: 'IDAT', data: Uint8Array.of(0x78, 0x9c, 0x07, ...new Uint8Array(61)) }),
    pngChunk({ type: 'IEND', data: new Uint8Array(0) }),
  ]);
}
