// WebP RIFF container: canvas size from VP8/VP8L/VP8X, alpha/animation/EXIF flags, truncation by RIFF size.

import { exifPayload, readExifOrientation } from './exif-orientation.ts';
import { baseFacts, HeaderError, type ImageFacts } from './facts.ts';

export function readWebp(bytes: Uint8Array): ImageFacts {
  const facts = baseFacts('webp', 'image/webp');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) {
    throw new HeaderError(
      'truncated',
      `truncated WebP: RIFF declares ${riffEnd} bytes, file has ${bytes.length}`,
    );
  }
  let p = 12;
  let sized = false;
  while (p + 8 <= riffEnd) {
    const type = String.fromCharCode(...bytes.subarray(p, p + 4));
    const len = view.getUint32(p + 4, true);
    const d = p + 8;
    if (d + len > riffEnd)
      throw new HeaderError('truncated', `truncated WebP: chunk ${type} overruns the file`);
    if (type === 'VP8X' && len >= 10) {
      const flags = bytes[d]!;
      facts.alpha = (flags & 0x10) !== 0;
      facts.animated = (flags & 0x02) !== 0;
      facts.width = 1 + (bytes[d + 4]! | (bytes[d + 5]! << 8) | (bytes[d + 6]! << 16));
      facts.height = 1 + (bytes[d + 7]! | (bytes[d + 8]! << 8) | (bytes[d + 9]! << 16));
      sized = true;
    } else if (type === 'VP8 ' && !sized && len >= 10) {
      if (bytes[d + 3] !== 0x9d || bytes[d + 4] !== 0x01 || bytes[d + 5] !== 0x2a) {
        throw new HeaderError('corrupt', 'corrupt WebP: VP8 frame lacks its start code');
      }
      facts.width = view.getUint16(d + 6, true) & 0x3fff;
      facts.height = view.getUint16(d + 8, true) & 0x3fff;
      sized = true;
    } else if (type === 'VP8L' && !sized && len >= 5) {
      if (bytes[d] !== 0x2f) throw new HeaderError('corrupt', 'corrupt WebP: VP8L signature missing');
      const bits = view.getUint32(d + 1, true);
      facts.width = 1 + (bits & 0x3fff);
      facts.height = 1 + ((bits >>> 14) & 0x3fff);
      facts.alpha = ((bits >>> 28) & 1) === 1;
      sized = true;
    } else if (type === 'EXIF') {
      facts.orientation = readExifOrientation(exifPayload(bytes.subarray(d, d + len)));
    }
    p = d + len + (len & 1);
  }
  if (!sized || facts.width === 0 || facts.height === 0) {
    throw new HeaderError('corrupt', 'corrupt WebP: no VP8, VP8L or VP8X chunk with a size');
  }
  return facts;
}
