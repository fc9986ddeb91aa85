// Reads the EXIF Orientation tag (0x0112) from a TIFF-structured EXIF block, the only EXIF fact import needs.

/** Orientation 1..8 from a TIFF header+IFD0 block (`II*\0`/`MM\0*`), or 1 when absent or malformed. */
export function readExifOrientation(tiff: Uint8Array): number {
  if (tiff.length < 8) return 1;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d;
  if (!little && !big) return 1;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, little) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return 1;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (view.getUint16(entry, little) !== 0x0112) continue;
    // SHORT (type 3), count 1: the value sits left-aligned in the 4-byte value field.
    const value = view.getUint16(entry + 8, little);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

/** Strips the `Exif\0\0` preamble some containers keep before the TIFF header. */
export function exifPayload(bytes: Uint8Array): Uint8Array {
  const hasPreamble =
    bytes.length >= 6 &&
    bytes[0] === 0x45 &&
    bytes[1] === 0x78 &&
    bytes[2] === 0x69 &&
    bytes[3] === 0x66 &&
    bytes[4] === 0 &&
    bytes[5] === 0;
  return hasPreamble ? bytes.subarray(6) : bytes;
}

export const orientationMeaning: Record<number, string> = {
  1: 'as stored',
  2: 'mirrored',
  3: 'rotated 180°',
  4: 'mirrored vertically',
  5: 'mirrored and rotated 90° CCW',
  6: 'rotated 90° CW',
  7: 'mirrored and rotated 90° CW',
  8: 'rotated 90° CCW',
};
