// Header readers and the per-file verdict on generated files whose facts are known, including every way of
// being broken (cut short, corrupt CRC, wrong content for the extension, unsupported containers).

import { describe, expect, it } from 'vitest';
import { buildBmp, buildGif, buildJpeg, buildWebp, seededRandom } from '../testing/image-builders.ts';
import { encodePng, exifOrientationBlock, type PngSpec } from '../testing/png-encode.ts';
import { inspectImage } from './inspect.ts';

const seed = Date.now() % 100000;
const rand = seededRandom(seed);
const opts = { maxMegapixels: 40 };
const dim = () => 1 + Math.floor(rand() * 300);
const codes = (r: ReturnType<typeof inspectImage>) => r.findings.map((f) => `${f.severity}:${f.code}`);

describe(`inspectImage (seed ${seed})`, () => {
  it('reads PNG size and colour facts for every colour type and depth', () => {
    const cases: Array<[PngSpec['colourType'], PngSpec['bitDepth'], string[]]> = [
      [0, 1, ['warning:grayscale']],
      [0, 8, ['warning:grayscale']],
      [0, 16, ['warning:grayscale', 'warning:16-bit']],
      [2, 8, []],
      [2, 16, ['warning:16-bit']],
      [3, 4, []],
      [3, 8, []],
      [4, 8, ['warning:grayscale', 'warning:alpha']],
      [6, 8, ['warning:alpha']],
      [6, 16, ['warning:16-bit', 'warning:alpha']],
    ];
    for (const [colourType, bitDepth, expected] of cases) {
      const width = dim();
      const height = dim();
      const r = inspectImage(encodePng({ width, height, colourType, bitDepth }), 'a.png', opts);
      expect(r.facts, `type ${colourType} depth ${bitDepth}`).toMatchObject({
        kind: 'png',
        width,
        height,
        bitDepth,
      });
      expect(codes(r)).toEqual(expected);
    }
  });

  it('treats PNG tRNS as alpha and reads eXIf orientation', () => {
    const trns = { type: 'tRNS', data: Uint8Array.of(0, 0, 0, 0, 0, 0) };
    expect(
      codes(
        inspectImage(
          encodePng({ width: 4, height: 3, colourType: 2, bitDepth: 8, extraChunks: [trns] }),
          'a.png',
          opts,
        ),
      ),
    ).toEqual(['warning:alpha']);
    const exif = { type: 'eXIf', data: exifOrientationBlock(6, false) };
    const r = inspectImage(
      encodePng({ width: 4, height: 3, colourType: 2, bitDepth: 8, extraChunks: [exif] }),
      'a.png',
      opts,
    );
    expect(r.facts?.orientation).toBe(6);
    expect(codes(r)).toEqual(['warning:exif-orientation']);
  });

  it('rejects PNGs cut anywhere before IEND, and a flipped byte via CRC', () => {
    const png = encodePng({ width: 40, height: 30, colourType: 2, bitDepth: 8 });
    for (let k = 0; k < 20; k++) {
      const cut = 8 + Math.floor(rand() * (png.length - 8));
      const r = inspectImage(png.subarray(0, cut), 'a.png', opts);
      expect(r.facts, `cut at ${cut}`).toBeNull();
      expect(codes(r)).toEqual(['error:truncated']);
    }
    const flipped = png.slice();
    const at = 40 + Math.floor(rand() * (png.length - 60));
    flipped[at]! ^= 0x10;
    const r = inspectImage(flipped, 'a.png', opts);
    expect(r.facts).toBeNull();
    expect(r.findings[0]!.reason).toMatch(/CRC mismatch|corrupt PNG/);
  });

  it('walks JPEG markers: size, components, Adobe CMYK/YCCK, EXIF orientation, progressive scans', () => {
    for (let k = 0; k < 10; k++) {
      const width = dim();
      const height = dim();
      const r = inspectImage(
        buildJpeg({ width, height, components: 3, scans: 1 + (k % 3), rand }),
        'x.jpg',
        opts,
      );
      expect(r.facts).toMatchObject({ kind: 'jpeg', width, height, grayscale: false, inkColour: null });
      expect(r.findings).toEqual([]);
    }
    const gray = inspectImage(buildJpeg({ width: 9, height: 7, components: 1, rand }), 'g.jpeg', opts);
    expect(codes(gray)).toEqual(['warning:grayscale']);
    const cmyk = inspectImage(
      buildJpeg({ width: 9, height: 7, components: 4, adobeTransform: 0, rand }),
      'c.jpg',
      opts,
    );
    expect(cmyk.facts?.inkColour).toBe('cmyk');
    expect(codes(cmyk)).toEqual(['warning:cmyk']);
    const ycck = inspectImage(
      buildJpeg({ width: 9, height: 7, components: 4, adobeTransform: 2, rand }),
      'c.jpg',
      opts,
    );
    expect(ycck.facts?.inkColour).toBe('ycck');
    const rotated = inspectImage(
      buildJpeg({ width: 9, height: 7, components: 3, orientation: 8, rand }),
      'r.jpg',
      opts,
    );
    expect(rotated.facts?.orientation).toBe(8);
    expect(codes(rotated)).toEqual(['warning:exif-orientation']);
  });

  it('rejects JPEGs without EOI, 12-bit and lossless JPEGs', () => {
    const jpeg = buildJpeg({ width: 50, height: 40, components: 3, rand });
    for (let k = 0; k < 20; k++) {
      const cut = 3 + Math.floor(rand() * (jpeg.length - 4));
      const r = inspectImage(jpeg.subarray(0, cut), 'a.jpg', opts);
      expect(r.facts, `cut at ${cut} of ${jpeg.length}`).toBeNull();
      expect(r.findings[0]!.code).toBe('truncated');
    }
    expect(
      codes(
        inspectImage(
          buildJpeg({ width: 5, height: 5, components: 3, precision: 12, sofMarker: 0xc1, rand }),
          'a.jpg',
          opts,
        ),
      ),
    ).toEqual(['error:unsupported']);
    expect(
      codes(
        inspectImage(buildJpeg({ width: 5, height: 5, components: 3, sofMarker: 0xc3, rand }), 'a.jpg', opts),
      ),
    ).toEqual(['error:unsupported']);
  });

  it('reads GIF, WebP (VP8, VP8L, VP8X) and BMP sizes and flags', () => {
    const w = dim();
    const h = dim();
    expect(inspectImage(buildGif(w, h, 1, rand), 'a.gif', opts).facts).toMatchObject({
      width: w,
      height: h,
      animated: false,
    });
    expect(codes(inspectImage(buildGif(w, h, 3, rand), 'a.gif', opts))).toEqual(['warning:animated']);
    const gif = buildGif(w, h, 2, rand);
    expect(codes(inspectImage(gif.subarray(0, gif.length - 1), 'a.gif', opts))).toEqual(['error:truncated']);
    expect(inspectImage(buildWebp('VP8', w, h), 'a.webp', opts).facts).toMatchObject({ width: w, height: h });
    expect(inspectImage(buildWebp('VP8L', w, h, { alpha: true }), 'a.webp', opts).facts).toMatchObject({
      width: w,
      height: h,
      alpha: true,
    });
    const x = inspectImage(buildWebp('VP8X', w + 5000, h, { alpha: true, orientation: 3 }), 'a.webp', opts);
    expect(x.facts).toMatchObject({ width: w + 5000, height: h, alpha: true, orientation: 3 });
    const webp = buildWebp('VP8', w, h);
    expect(codes(inspectImage(webp.subarray(0, webp.length - 3), 'a.webp', opts))).toEqual([
      'error:truncated',
    ]);
    for (const topDown of [false, true]) {
      expect(inspectImage(buildBmp(w, h, topDown, rand), 'a.bmp', opts).facts).toMatchObject({
        kind: 'bmp',
        width: w,
        height: h,
      });
    }
    const bmp = buildBmp(w, h, false, rand);
    expect(codes(inspectImage(bmp.subarray(0, bmp.length - 1), 'a.bmp', opts))).toEqual(['error:truncated']);
  });

  it('names unsupported and non-image content', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const ftyp = (brand: string, compat: string[]) => {
      const b = text(`\0\0\0\0ftyp${brand}\0\0\0\0${compat.join('')}`);
      new DataView(b.buffer).setUint32(0, b.length);
      return b;
    };
    const cases: Array<[Uint8Array, string, RegExp]> = [
      [new Uint8Array(0), 'empty', /0 bytes/],
      [text('hello, this is a note\r\n'), 'not-image', /plain text/],
      [text('\uFEFF<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'unsupported', /SVG/],
      [text('<svg width="4" height="4"></svg>'), 'unsupported', /SVG/],
      [text('  <!-- drawn by hand -->\n<!DOCTYPE svg>\n<svg>\n</svg>'), 'unsupported', /SVG/],
      [text('<!doctype html><html><body><svg></svg></body></html>'), 'not-image', /XML\/HTML/],
      [text('<?xml version="1.0"?><note/>'), 'not-image', /XML/],
      [ftyp('heic', ['mif1', 'heic']), 'unsupported', /HEIC/],
      [ftyp('mif1', ['avif', 'miaf']), 'unsupported', /AVIF/],
      [ftyp('isom', ['mp41']), 'not-image', /ISO media/],
      [Uint8Array.of(0x49, 0x49, 0x2a, 0, 8, 0, 0, 0), 'unsupported', /TIFF/],
      [Uint8Array.of(0, 1, 2, 3, 200, 201, 202), 'not-image', /unrecognised/],
    ];
    for (const [bytes, code, reason] of cases) {
      const r = inspectImage(bytes, 'x.jpg', opts);
      expect(r.facts).toBeNull();
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0]).toMatchObject({ severity: 'error', code });
      expect(r.findings[0]!.reason).toMatch(reason);
    }
  });

  it('warns on extension mismatch and on images above the megapixel cap', () => {
    const png = encodePng({ width: 3, height: 2, colourType: 2, bitDepth: 8 });
    expect(codes(inspectImage(png, 'photo.jpg', opts))).toEqual(['warning:extension-mismatch']);
    const big = inspectImage(buildWebp('VP8X', 8000, 6000), 'big.webp', opts);
    expect(codes(big)).toEqual(['warning:huge']);
    expect(big.findings[0]!.reason).toContain('48.0 MP');
  });
});
