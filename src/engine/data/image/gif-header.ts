// GIF block walk: logical screen size, frame count (animation) and truncation (no trailer 0x3B).

import { baseFacts, HeaderError, type ImageFacts } from './facts.ts';

export function readGif(bytes: Uint8Array): ImageFacts {
  const facts = baseFacts('gif', 'image/gif');
  const n = bytes.length;
  if (n < 13) throw truncated();
  facts.width = bytes[6]! | (bytes[7]! << 8);
  facts.height = bytes[8]! | (bytes[9]! << 8);
  if (facts.width === 0 || facts.height === 0) {
    throw new HeaderError('corrupt', `corrupt GIF: size ${facts.width}×${facts.height}`);
  }
  let p = 13 + colourTableBytes(bytes[10]!);
  let frames = 0;
  for (;;) {
    if (p >= n) throw truncated();
    const block = bytes[p]!;
    if (block === 0x3b) break;
    if (block === 0x21) {
      p = skipSubBlocks(bytes, p + 2);
    } else if (block === 0x2c) {
      if (p + 10 > n) throw truncated();
      frames++;
      p = skipSubBlocks(bytes, p + 10 + colourTableBytes(bytes[p + 9]!) + 1);
    } else {
      throw new HeaderError('corrupt', `corrupt GIF: unknown block 0x${block.toString(16)} at byte ${p}`);
    }
  }
  if (frames === 0) throw new HeaderError('corrupt', 'corrupt GIF: no image frame');
  facts.animated = frames > 1;
  return facts;
}

function colourTableBytes(flags: number): number {
  return flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0;
}

/** Skips length-prefixed sub-blocks ending in a zero-length block; returns the offset after it. */
function skipSubBlocks(bytes: Uint8Array, start: number): number {
  let p = start;
  for (;;) {
    if (p >= bytes.length) throw truncated();
    const len = bytes[p]!;
    p += 1 + len;
    if (len === 0) return p;
  }
}

function truncated(): HeaderError {
  return new HeaderError('truncated', 'truncated GIF: ends before the trailer block');
}
