// Pixel sizes an import produces: the decoded size after EXIF orientation and the megapixel cap, the training
// copy (short side resized, never upscaled) and the square thumbnail crop. Pure, so Node tests pin it down.

export interface Size {
  width: number;
  height: number;
}

/** EXIF orientations 5..8 turn the image a quarter: width and height swap on display. */
export function orientedSize(width: number, height: number, orientation: number): Size {
  return orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}

/** The size to decode to: the oriented size, scaled down (aspect kept) to at most maxMegapixels. */
export function decodeSize(oriented: Size, maxMegapixels: number): Size {
  if (!(maxMegapixels > 0)) throw new Error(`decodeSize: maxMegapixels must be > 0, got ${maxMegapixels}`);
  const pixels = oriented.width * oriented.height;
  const cap = maxMegapixels * 1e6;
  if (pixels <= cap) return oriented;
  const scale = Math.sqrt(cap / pixels);
  return {
    width: Math.max(1, Math.floor(oriented.width * scale)),
    height: Math.max(1, Math.floor(oriented.height * scale)),
  };
}

/** Training copy: the short side becomes `shortSide` (smaller images keep their size), aspect kept. */
export function copySize(source: Size, shortSide: number): Size {
  if (!(Number.isInteger(shortSide) && shortSide >= 8)) {
    throw new Error(`copySize: the training copy's short side must be an integer ≥ 8, got ${shortSide}`);
  }
  const short = Math.min(source.width, source.height);
  if (short <= shortSide) return { ...source };
  const scale = shortSide / short;
  return source.width <= source.height
    ? { width: shortSide, height: Math.max(1, Math.round(source.height * scale)) }
    : { width: Math.max(1, Math.round(source.width * scale)), height: shortSide };
}

/** Centre square of the source that the thumbnail shows: x, y, side in source pixels. */
export function thumbCrop(source: Size): { x: number; y: number; side: number } {
  const side = Math.min(source.width, source.height);
  return {
    x: Math.floor((source.width - side) / 2),
    y: Math.floor((source.height - side) / 2),
    side,
  };
}
