// Tiny PNG encoder for tests (zlib by fflate): any colour type and bit depth, so header readers and the
// import report can be checked on files whose facts are known.

import { zlibSync } from 'fflate';
import { crc32 } from '../image/crc32.ts';

export interface PngSpec {
  width: number;
  height: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
  colourType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** Extra chunks inserted before IDAT, e.g. tRNS or eXIf. */
  extraChunks?: Array<{ type: string; data: Uint8Array }>;
  /** Sample source; default: a seeded pseudo-random pattern. */
  sample?: (x: number, y: number, channel: number) => number;
}

const channelsOf = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

export function encodePng(spec: PngSpec): Uint8Array {
  const { width, height, colourType, bitDepth } = spec;
  const channels = channelsOf[colourType];
  const maxValue = (1 << bitDepth) - 1;
  const rowBytes = Math.ceil((width * channels * bitDepth) / 8);
  const raw = new Uint8Array((rowBytes + 1) * height);
  let seed = width * 7919 + height * 104729 + colourType * 31 + bitDepth;
  const sample =
    spec.sample ??
    (() => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 8) % (maxValue + 1);
    });
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1) + 1; // filter byte 0 (None)
    let bit = 0;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const v = Math.min(maxValue, Math.max(0, Math.round(sample(x, y, c))));
        if (bitDepth === 16) {
          raw[row + bit / 8] = v >> 8;
          raw[row + bit / 8 + 1] = v & 0xff;
        } else if (bitDepth === 8) {
          raw[row + bit / 8] = v;
        } else {
          raw[row + (bit >> 3)]! |= v << (8 - bitDepth - (bit & 7));
        }
        bit += bitDepth;
      }
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  const chunks: Array<{ type: string; data: Uint8Array }> = [{ type: 'IHDR', data: ihdr }];
  if (colourType === 3) {
    const palette = new Uint8Array(3 * (maxValue + 1)).map((_, i) => (i * 37) & 0xff);
    chunks.push({ type: 'PLTE', data: palette });
  }
  chunks.push(...(spec.extraChunks ?? []));
  chunks.push({ type: 'IDAT', data: zlibSync(raw) });
  chunks.push({ type: 'IEND', data: new Uint8Array(0) });
  return concat([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), ...chunks.map(pngChunk)]);
}

export function pngChunk({ type, data }: { type: string; data: Uint8Array }): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A TIFF block (little-endian) holding only IFD0 with the Orientation tag, as EXIF carries it. */
export function exifOrientationBlock(orientation: number, withPreamble: boolean): Uint8Array {
  const tiff = new Uint8Array(8 + 2 + 12 + 4);
  const v = new DataView(tiff.buffer);
  tiff.set([0x49, 0x49], 0);
  v.setUint16(2, 42, true);
  v.setUint32(4, 8, true);
  v.setUint16(8, 1, true);
  v.setUint16(10, 0x0112, true);
  v.setUint16(12, 3, true);
  v.setUint32(14, 1, true);
  v.setUint16(18, orientation, true);
  return withPreamble ? concat([Uint8Array.of(0x45, 0x78, 0x69, 0x66, 0, 0), tiff]) : tiff;
}
