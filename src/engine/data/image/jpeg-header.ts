// JPEG structure walk without decoding: dimensions from SOF, Adobe/EXIF facts, and truncation (no EOI).

import { exifPayload, readExifOrientation } from './exif-orientation.ts';
import { baseFacts, HeaderError, type ImageFacts } from './facts.ts';

// Markers without a length field: TEM, RST0-7, SOI, EOI.
const standalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd9);
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isLosslessSof = (m: number) => m === 0xc3 || m === 0xc7 || m === 0xcb || m === 0xcf;

/** Walks every marker segment and the entropy-coded data after each SOS; requires EOI. */
export function readJpeg(bytes: Uint8Array): ImageFacts {
  const facts = baseFacts('jpeg', 'image/jpeg');
  const n = bytes.length;
  let components = 0;
  let adobeTransform = -1;
  let sawSof = false;
  let sawSos = false;
  let sawExif = false;
  let p = 2;
  for (;;) {
    if (p >= n) throw truncated(sawSos);
    if (bytes[p] !== 0xff) {
      throw new HeaderError(
        'corrupt',
        `corrupt JPEG: expected a marker at byte ${p}, found 0x${hex(bytes[p]!)}`,
      );
    }
    while (p < n && bytes[p] === 0xff) p++; // fill bytes
    if (p >= n) throw truncated(sawSos);
    const marker = bytes[p++]!;
    if (marker === 0xd9) break; // EOI
    if (standalone(marker)) continue;
    if (p + 2 > n) throw truncated(sawSos);
    const len = (bytes[p]! << 8) | bytes[p + 1]!;
    if (len < 2)
      throw new HeaderError('corrupt', `corrupt JPEG: segment 0xFF${hex(marker)} has length ${len}`);
    if (p + len > n) throw truncated(sawSos);
    const seg = bytes.subarray(p + 2, p + len);
    if (isSof(marker)) {
      if (seg.length < 6) throw new HeaderError('corrupt', 'corrupt JPEG: short SOF segment');
      if (isLosslessSof(marker)) {
        throw new HeaderError('unsupported', 'unsupported: lossless JPEG cannot be decoded by browsers');
      }
      facts.bitDepth = seg[0]!;
      facts.height = (seg[1]! << 8) | seg[2]!;
      facts.width = (seg[3]! << 8) | seg[4]!;
      components = seg[5]!;
      sawSof = true;
    } else if (marker === 0xe1 && !sawExif && isExif(seg)) {
      // Like browsers, the first EXIF segment wins when a file carries several.
      sawExif = true;
      facts.orientation = readExifOrientation(exifPayload(seg));
    } else if (marker === 0xee && seg.length >= 12 && ascii(seg, 0, 5) === 'Adobe') {
      adobeTransform = seg[11]!;
    }
    p += len;
    if (marker === 0xda) {
      sawSos = true;
      p = skipEntropyData(bytes, p);
    }
  }
  if (!sawSof) throw new HeaderError('corrupt', 'corrupt JPEG: no frame header (SOF) before EOI');
  if (facts.width === 0 || facts.height === 0) {
    throw new HeaderError('corrupt', `corrupt JPEG: frame size ${facts.width}×${facts.height}`);
  }
  if (facts.bitDepth !== 8) {
    throw new HeaderError(
      'unsupported',
      `unsupported: ${facts.bitDepth}-bit JPEG (browsers decode 8-bit only)`,
    );
  }
  facts.grayscale = components === 1;
  if (components === 4) facts.inkColour = adobeTransform === 2 ? 'ycck' : 'cmyk';
  return facts;
}

/** Returns the offset of the next real marker (0xFF not followed by 0x00, RSTn or fill); n when data ends. */
function skipEntropyData(bytes: Uint8Array, start: number): number {
  const n = bytes.length;
  for (let p = start; p + 1 < n; p++) {
    if (bytes[p] !== 0xff) continue;
    const next = bytes[p + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return p;
  }
  return n;
}

function truncated(inScan: boolean): HeaderError {
  return new HeaderError(
    'truncated',
    inScan
      ? 'truncated JPEG: image data ends without an EOI marker'
      : 'truncated JPEG: ends inside its headers',
  );
}

function isExif(seg: Uint8Array): boolean {
  return seg.length > 6 && ascii(seg, 0, 4) === 'Exif' && seg[4] === 0 && seg[5] === 0;
}

function ascii(b: Uint8Array, from: number, len: number): string {
  return String.fromCharCode(...b.subarray(from, from + len));
}

function hex(v: number): string {
  return v.toString(16).toUpperCase().padStart(2, '0');
}
