// Byte-level builders of JPEG/GIF/WebP/BMP containers for header-reader tests. They produce structurally
// valid files (markers, blocks, chunks) with random payloads; decoders would reject the pixels, walkers must not.

import { mulberry32 } from '../../random/mulberry32.ts';
import { concat, exifOrientationBlock } from './png-encode.ts';

export interface JpegSpec {
  width: number;
  height: number;
  components: 1 | 3 | 4;
  precision?: number;
  sofMarker?: number;
  orientation?: number;
  adobeTransform?: number;
  /** Number of scans (progressive files have several). */
  scans?: number;
  rand: () => number;
}

function segment(marker: number, data: Uint8Array): Uint8Array {
  const len = data.length + 2;
  return concat([Uint8Array.of(0xff, marker, len >> 8, len & 0xff), data]);
}

/** Entropy-coded bytes with stuffed 0xFF00 pairs and restart markers, as real scans contain. */
function entropyData(rand: () => number, n: number): Uint8Array {
  const out: number[] = [];
  let rst = 0;
  while (out.length < n) {
    const r = rand();
    if (r < 0.05) out.push(0xff, 0x00);
    else if (r < 0.07) out.push(0xff, 0xd0 + (rst++ % 8));
    else out.push(Math.floor(rand() * 0xff)); // never a bare 0xFF
  }
  return Uint8Array.from(out);
}

export function buildJpeg(spec: JpegSpec): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0xff, 0xd8)];
  parts.push(segment(0xe0, Uint8Array.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])));
  if (spec.orientation !== undefined) parts.push(segment(0xe1, exifOrientationBlock(spec.orientation, true)));
  if (spec.adobeTransform !== undefined) {
    parts.push(
      segment(0xee, Uint8Array.from([0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, spec.adobeTransform])),
    );
  }
  const sof = [spec.precision ?? 8, spec.height >> 8, spec.height & 0xff, spec.width >> 8, spec.width & 0xff];
  sof.push(spec.components);
  for (let c = 0; c < spec.components; c++) sof.push(c + 1, 0x11, 0);
  parts.push(
    segment(
      0xdb,
      new Uint8Array(65).map(() => 1 + Math.floor(spec.rand() * 50)),
    ),
  );
  parts.push(segment(spec.sofMarker ?? 0xc0, Uint8Array.from(sof)));
  for (let s = 0; s < (spec.scans ?? 1); s++) {
    const sos: number[] = [spec.components];
    for (let c = 0; c < spec.components; c++) sos.push(c + 1, 0);
    sos.push(0, 63, 0);
    parts.push(segment(0xda, Uint8Array.from(sos)));
    parts.push(entropyData(spec.rand, 200 + Math.floor(spec.rand() * 300)));
  }
  parts.push(Uint8Array.of(0xff, 0xd9));
  return concat(parts);
}

export function buildGif(width: number, height: number, frames: number, rand: () => number): Uint8Array {
  const head = Uint8Array.of(
    0x47,
    0x49,
    0x46,
    0x38,
    0x39,
    0x61,
    width & 0xff,
    width >> 8,
    height & 0xff,
    height >> 8,
  );
  const parts: Uint8Array[] = [head, Uint8Array.of(0x81, 0, 0), new Uint8Array(12).map(() => rand() * 256)];
  for (let f = 0; f < frames; f++) {
    // Graphic control extension, then an image descriptor with LZW sub-blocks.
    parts.push(Uint8Array.of(0x21, 0xf9, 4, 0, 10, 0, 0, 0));
    parts.push(Uint8Array.of(0x2c, 0, 0, 0, 0, width & 0xff, width >> 8, height & 0xff, height >> 8, 0, 2));
    parts.push(
      Uint8Array.of(5),
      new Uint8Array(5).map(() => rand() * 256),
      Uint8Array.of(0),
    );
  }
  parts.push(Uint8Array.of(0x3b));
  return concat(parts);
}

function riffChunk(type: string, data: Uint8Array): Uint8Array {
  const head = new Uint8Array(8);
  for (let i = 0; i < 4; i++) head[i] = type.charCodeAt(i);
  new DataView(head.buffer).setUint32(4, data.length, true);
  return concat([head, data, data.length & 1 ? Uint8Array.of(0) : new Uint8Array(0)]);
}

export function buildWebp(
  kind: 'VP8' | 'VP8L' | 'VP8X',
  width: number,
  height: number,
  opts: { alpha?: boolean; orientation?: number } = {},
): Uint8Array {
  const chunks: Uint8Array[] = [];
  if (kind === 'VP8X') {
    const d = new Uint8Array(10);
    d[0] = (opts.alpha ? 0x10 : 0) | (opts.orientation ? 0x08 : 0);
    const w = width - 1;
    const h = height - 1;
    d.set([w & 0xff, (w >> 8) & 0xff, w >> 16, h & 0xff, (h >> 8) & 0xff, h >> 16], 4);
    chunks.push(riffChunk('VP8X', d));
  }
  if (kind === 'VP8L') {
    const d = new Uint8Array(25);
    d[0] = 0x2f;
    const bits = (width - 1) | ((height - 1) << 14) | ((opts.alpha ? 1 : 0) << 28);
    new DataView(d.buffer).setUint32(1, bits >>> 0, true);
    chunks.push(riffChunk('VP8L', d));
  } else {
    const d = new Uint8Array(30);
    d.set([0x9d, 0x01, 0x2a], 3);
    new DataView(d.buffer).setUint16(6, width, true);
    new DataView(d.buffer).setUint16(8, height, true);
    chunks.push(riffChunk('VP8 ', d));
  }
  if (opts.orientation) chunks.push(riffChunk('EXIF', exifOrientationBlock(opts.orientation, false)));
  const body = concat([Uint8Array.of(0x57, 0x45, 0x42, 0x50), ...chunks]);
  const head = Uint8Array.of(0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0);
  new DataView(head.buffer).setUint32(4, body.length, true);
  return concat([head, body]);
}

/** Uncompressed 24-bit BMP with a BITMAPINFOHEADER; negative height stores rows top-down. */
export function buildBmp(width: number, height: number, topDown: boolean, rand: () => number): Uint8Array {
  const rowBytes = Math.ceil((width * 24) / 32) * 4;
  const out = new Uint8Array(54 + rowBytes * height);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  v.setUint32(2, out.length, true);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, topDown ? -height : height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  for (let i = 54; i < out.length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/** Deterministic PRNG for tests (mulberry32). */
export const seededRandom = mulberry32;
