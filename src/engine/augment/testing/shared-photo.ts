// Test-only: read a real photo from ../shared (WEBCLAS_SHARED) as an RgbImage. Decodes 8-bit non-interlaced
// PNG (RGB/RGBA/grey) with node:zlib, which is all the augmentation tests need; JPEG decoding lives elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { makeImage, type RgbImage } from '../core/image.ts';

export const sharedDir = resolve(process.cwd(), process.env.WEBCLAS_SHARED ?? '../shared');

export function readSharedFile(rel: string): Uint8Array {
  const path = resolve(sharedDir, rel);
  if (!existsSync(path)) {
    throw new Error(
      `missing shared file ${path}: set WEBCLAS_SHARED to the shared/ folder (default ../shared from the repo root)`,
    );
  }
  return new Uint8Array(readFileSync(path));
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

export function decodePng(bytes: Uint8Array, name = 'png'): RgbImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x89504e47) throw new Error(`${name}: not a PNG file`);
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  while (pos < bytes.length) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const body = bytes.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[colour] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(
          `${name}: only 8-bit non-interlaced grey/RGB/RGBA PNG is supported (depth ${depth}, colour ${colour})`,
        );
      }
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const total = idat.reduce((n, c) => n + c.length, 0);
  const joined = new Uint8Array(total);
  let off = 0;
  for (const c of idat) {
    joined.set(c, off);
    off += c.length;
  }
  const raw = inflateSync(joined);
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? pixels[y * stride + i - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (pred === undefined) throw new Error(`${name}: bad PNG filter ${filter} on row ${y}`);
      pixels[y * stride + i] = (src[i] + pred) & 0xff;
    }
  }
  const img = makeImage(width, height);
  for (let p = 0; p < width * height; p++)
    for (let ch = 0; ch < 3; ch++) img.data[p * 3 + ch] = pixels[p * channels + (channels === 1 ? 0 : ch)];
  return img;
}

export function readSharedPng(rel: string): RgbImage {
  return decodePng(readSharedFile(rel), rel);
}
