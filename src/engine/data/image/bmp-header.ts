// BMP header: size and bit depth from the DIB header, truncation when the pixel array overruns the file.

import { baseFacts, HeaderError, type ImageFacts } from './facts.ts';

export function readBmp(bytes: Uint8Array): ImageFacts {
  const facts = baseFacts('bmp', 'image/bmp');
  if (bytes.length < 26) throw new HeaderError('truncated', 'truncated BMP: header incomplete');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);
  let bpp: number;
  let compression = 0;
  if (dibSize === 12) {
    facts.width = view.getUint16(18, true);
    facts.height = view.getUint16(20, true);
    bpp = view.getUint16(24, true);
  } else if (dibSize >= 40 && bytes.length >= 34) {
    facts.width = view.getInt32(18, true);
    facts.height = Math.abs(view.getInt32(22, true)); // negative height = top-down rows
    bpp = view.getUint16(28, true);
    compression = view.getUint32(30, true);
  } else {
    throw new HeaderError('corrupt', `corrupt BMP: DIB header size ${dibSize}`);
  }
  if (facts.width <= 0 || facts.height === 0) {
    throw new HeaderError('corrupt', `corrupt BMP: size ${facts.width}×${facts.height}`);
  }
  facts.alpha = bpp === 32 && compression === 3; // BI_BITFIELDS with an alpha mask is the common case
  // Uncompressed rows are padded to 4 bytes; compressed sizes are unknowable without decoding.
  if (compression === 0 || compression === 3) {
    const rowBytes = Math.ceil((facts.width * bpp) / 32) * 4;
    if (dataOffset + rowBytes * facts.height > bytes.length) {
      throw new HeaderError('truncated', 'truncated BMP: pixel array runs past the end of the file');
    }
  }
  return facts;
}
