// Validates one image file without decoding it: sniffs the format by magic bytes, reads its header,
// and turns the facts into report findings (errors reject the file, warnings keep it).

import { readBmp } from './bmp-header.ts';
import { orientationMeaning } from './exif-orientation.ts';
import { type Finding, HeaderError, type ImageFacts } from './facts.ts';
import { readGif } from './gif-header.ts';
import { readJpeg } from './jpeg-header.ts';
import { overPixelCap } from './pixel-cap.ts';
import { readPng } from './png-header.ts';
import { readWebp } from './webp-header.ts';

export interface InspectOptions {
  /** Images above this many megapixels are flagged (downscaled on import; see pixel-cap.ts). */
  maxMegapixels: number;
}

export interface Inspection {
  /** Null when the file is rejected; then findings hold at least one error. */
  facts: ImageFacts | null;
  findings: Finding[];
}

const heifBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'mif2']);
const avifBrands = new Set(['avif', 'avis']);

export function inspectImage(bytes: Uint8Array, path: string, options: InspectOptions): Inspection {
  if (bytes.length === 0) return reject('empty', 'empty file (0 bytes)');
  const kind = sniff(bytes);
  if (typeof kind !== 'string') return reject(kind.code, kind.reason);
  let facts: ImageFacts;
  try {
    facts = readers[kind](bytes);
  } catch (e) {
    if (e instanceof HeaderError) return reject(e.code, e.message);
    // A header reader indexing past a malformed length lands here; the file is still unusable.
    return reject('corrupt', `corrupt ${kind.toUpperCase()}: ${(e as Error).message}`);
  }
  return { facts, findings: warningsFor(facts, path, options) };
}

const readers = { jpeg: readJpeg, png: readPng, gif: readGif, webp: readWebp, bmp: readBmp };

type Sniffed = keyof typeof readers | { code: string; reason: string };

/** Identifies the container from its first bytes; never trusts the extension. */
export function sniff(b: Uint8Array): Sniffed {
  const at = (i: number, s: string) => ascii(b, i, s.length) === s;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b[0] === 0x89 && at(1, 'PNG\r\n\x1a\n')) return 'png';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'gif';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp';
  if (at(0, 'BM') && b.length >= 14) return 'bmp';
  if (at(0, 'II*\0') || at(0, 'MM\0*')) {
    return { code: 'unsupported', reason: 'unsupported format: TIFF (browsers cannot decode it)' };
  }
  if (at(4, 'ftyp')) {
    const brands = [ascii(b, 8, 4)];
    for (let i = 16; i + 4 <= Math.min(b.length, 8 + readU32(b, 0)); i += 4) brands.push(ascii(b, i, 4));
    if (brands.some((x) => avifBrands.has(x))) {
      return { code: 'unsupported', reason: 'unsupported format: AVIF (convert to JPEG or PNG)' };
    }
    if (brands.some((x) => heifBrands.has(x))) {
      return { code: 'unsupported', reason: 'unsupported format: HEIC/HEIF (convert to JPEG or PNG)' };
    }
    return { code: 'not-image', reason: `not an image: ISO media file (brand '${brands[0]}')` };
  }
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 512)).replace(/^\uFEFF/, '');
  const trimmed = head.trimStart();
  if (trimmed.startsWith('<')) {
    // Markup: an <svg> root (possibly after an XML declaration, comments or a DOCTYPE) is SVG.
    if (/<svg[\s>]/i.test(head) && !/<html[\s>]/i.test(head)) {
      return { code: 'unsupported', reason: 'unsupported format: SVG (vector image; rasterise it first)' };
    }
    return { code: 'not-image', reason: 'not an image: XML/HTML text' };
  }
  if (looksLikeText(b.subarray(0, 512))) return { code: 'not-image', reason: 'not an image: plain text' };
  return { code: 'not-image', reason: 'not an image: unrecognised content' };
}

function warningsFor(f: ImageFacts, path: string, options: InspectOptions): Finding[] {
  const out: Finding[] = [];
  const warn = (code: string, reason: string) => out.push({ severity: 'warning', code, reason });
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  const expected: Record<string, string[]> = {
    jpeg: ['jpg', 'jpeg', 'jfif', 'jpe'],
    png: ['png'],
    gif: ['gif'],
    webp: ['webp'],
    bmp: ['bmp', 'dib'],
  };
  if (!expected[f.kind]!.includes(ext)) {
    warn('extension-mismatch', `content is ${f.kind.toUpperCase()} but the name ends in .${ext}`);
  }
  if (f.inkColour === 'cmyk') warn('cmyk', 'CMYK JPEG: converted to RGB on import; colours may shift');
  if (f.inkColour === 'ycck')
    warn('cmyk', 'YCCK JPEG (Adobe transform 2): converted to RGB on import; colours may shift');
  if (f.grayscale) warn('grayscale', 'grayscale image: replicated to 3 channels on import');
  if (f.bitDepth === 16) warn('16-bit', '16 bits per channel: reduced to 8 bits on import');
  if (f.alpha) warn('alpha', 'has an alpha channel: transparency is dropped on import');
  if (f.animated) warn('animated', 'animated image: only the first frame is imported');
  if (f.orientation !== 1) {
    warn(
      'exif-orientation',
      `EXIF orientation ${f.orientation} (${orientationMeaning[f.orientation]}): applied on import; tools that ignore EXIF see it unrotated`,
    );
  }
  const huge = overPixelCap(f.width, f.height, options.maxMegapixels);
  if (huge) warn('huge', `${huge}: downscaled on import, skipped by webclas train and eval`);
  return out;
}

function reject(code: string, reason: string): Inspection {
  return { facts: null, findings: [{ severity: 'error', code, reason }] };
}

function looksLikeText(b: Uint8Array): boolean {
  for (const c of b) {
    if (c === 9 || c === 10 || c === 13) continue;
    if (c < 32 || c === 127) return false;
  }
  return true;
}

function ascii(b: Uint8Array, from: number, len: number): string {
  return String.fromCharCode(...b.subarray(from, from + len));
}

function readU32(b: Uint8Array, i: number): number {
  return b.length >= i + 4 ? ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0 : 0;
}
