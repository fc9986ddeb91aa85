// PNG structure walk: IHDR facts, every chunk's CRC, tRNS/eXIf/acTL, and truncation (no IEND).

import { crc32 } from './crc32.ts';
import { exifPayload, readExifOrientation } from './exif-orientation.ts';
import { baseFacts, HeaderError, type ImageFacts } from './facts.ts';

const validDepths: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

export function readPng(bytes: Uint8Array): ImageFacts {
  const facts = baseFacts('png', 'image/png');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let p = 8;
  let first = true;
  let sawIdat = false;
  for (;;) {
    if (p + 8 > n) throw truncated();
    const len = view.getUint32(p);
    const type = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
    if (!/^[A-Za-z]{4}$/.test(type))
      throw new HeaderError('corrupt', `corrupt PNG: bad chunk type at byte ${p}`);
    if (p + 12 + len > n) throw truncated();
    const data = bytes.subarray(p + 8, p + 8 + len);
    const stored = view.getUint32(p + 8 + len);
    if (crc32(data, crc32(bytes.subarray(p + 4, p + 8))) !== stored) {
      throw new HeaderError('corrupt', `corrupt PNG: CRC mismatch in chunk ${type} at byte ${p}`);
    }
    if (first && type !== 'IHDR') throw new HeaderError('corrupt', 'corrupt PNG: first chunk is not IHDR');
    first = false;
    if (type === 'IHDR') readIhdr(data, facts);
    else if (type === 'tRNS') facts.alpha = true;
    else if (type === 'eXIf') facts.orientation = readExifOrientation(exifPayload(data));
    else if (type === 'acTL') facts.animated = true;
    else if (type === 'IDAT') sawIdat = true;
    else if (type === 'IEND') break;
    p += 12 + len;
  }
  if (!sawIdat) throw new HeaderError('corrupt', 'corrupt PNG: no image data (IDAT) before IEND');
  return facts;
}

function readIhdr(data: Uint8Array, facts: ImageFacts): void {
  if (data.length !== 13)
    throw new HeaderError('corrupt', `corrupt PNG: IHDR length ${data.length}, expected 13`);
  const view = new DataView(data.buffer, data.byteOffset, 13);
  facts.width = view.getUint32(0);
  facts.height = view.getUint32(4);
  const depth = data[8]!;
  const colourType = data[9]!;
  if (!validDepths[colourType]?.includes(depth)) {
    throw new HeaderError('corrupt', `corrupt PNG: colour type ${colourType} with bit depth ${depth}`);
  }
  if (facts.width === 0 || facts.height === 0) {
    throw new HeaderError('corrupt', `corrupt PNG: size ${facts.width}×${facts.height}`);
  }
  facts.bitDepth = depth;
  facts.grayscale = colourType === 0 || colourType === 4;
  facts.alpha = colourType === 4 || colourType === 6;
}

function truncated(): HeaderError {
  return new HeaderError('truncated', 'truncated PNG: ends before the IEND chunk');
}
