// import-check on the real shared datasets (folder per class, PaddleClas lists, and both as zip/tgz) and on a
// bad-input folder generated in a temp dir, which must give exactly the expected report lines.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import exifr from 'exifr';
import { gzipSync, zipSync } from 'fflate';
import { createTar } from 'nanotar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from '../engine/data/image/inspect.ts';
import { FLOWERS12_CLASSES } from '../engine/data/testing/flowers12.ts';
import { seededRandom } from '../engine/data/testing/image-builders.ts';
import { encodePng, exifOrientationBlock } from '../engine/data/testing/png-encode.ts';
import { type ImportCheckReport, importCheck } from './import-check.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shared = resolve(repoRoot, process.env.WEBCLAS_SHARED ?? '../shared');
const flowers12 = join(shared, 'data/flowers12');
const paddle = join(shared, 'data/flowers12-paddleclas');
if (!existsSync(flowers12) || !existsSync(paddle)) {
  throw new Error(
    `import-check tests need the shared data at ${shared}/data (set WEBCLAS_SHARED to its folder)`,
  );
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'webclas-import-check-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const flowerNames: readonly string[] = FLOWERS12_CLASSES;

async function filesUnder(root: string, dir = ''): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const e of await readdir(join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, await filesUnder(root, rel));
    else out[rel] = new Uint8Array(await readFile(join(root, rel)));
  }
  return out;
}

describe('import-check on the shared datasets', () => {
  it('flowers12 (folder per class under train/): 12 classes × 60, all train', async () => {
    const r = await importCheck(flowers12);
    expect(r).toEqual({
      format: 'folder-per-class',
      classes: flowerNames,
      splits: { train: 720 },
      accepted: 720,
      // The Oxford set really holds this byte-identical pair (same sha256); it is kept and named.
      problems: [
        {
          file: 'train/iris/image_0469.jpg',
          severity: 'warning',
          code: 'duplicate-file',
          reason: 'same content as train/iris/image_0422.jpg: the same image counts twice',
        },
      ],
    });
  }, 60_000);

  let paddleReport: ImportCheckReport;
  it('flowers12-paddleclas: 576 train / 144 val, names from its label list in label order', async () => {
    paddleReport = await importCheck(paddle);
    const labelList = (await readFile(join(paddle, 'flowers12_label_list.txt'), 'utf8')).trim().split('\n');
    const names = labelList.map((l) => l.split(' ').slice(1).join(' '));
    expect(names).toHaveLength(12);
    expect(paddleReport).toEqual({
      format: 'paddleclas',
      classes: names,
      splits: { train: 576, val: 144 },
      accepted: 720,
      problems: [
        {
          file: 'jpg/image_0469.jpg',
          severity: 'warning',
          code: 'duplicate-file',
          reason: "same content as jpg/image_0422.jpg in split 'train': the 'val' copy leaks between splits",
        },
      ],
    });
  }, 60_000);

  it('zip and tgz of flowers12-paddleclas (with a top folder) give the same report', async () => {
    const files = await filesUnder(paddle);
    const wrapped = Object.fromEntries(
      Object.entries(files).map(([p, b]) => [`flowers12-paddleclas/${p}`, b]),
    );
    await writeFile(join(tmp, 'f.zip'), zipSync(wrapped, { level: 0 }));
    const tar = createTar(Object.entries(wrapped).map(([name, data]) => ({ name, data })));
    await writeFile(join(tmp, 'f.tgz'), gzipSync(tar, { level: 1 }));
    expect(await importCheck(join(tmp, 'f.zip'))).toEqual(paddleReport);
    expect(await importCheck(join(tmp, 'f.tgz'))).toEqual(paddleReport);
  }, 60_000);

  it('fails with the path named for a missing path or a non-archive file', async () => {
    await expect(importCheck(join(tmp, 'nope'))).rejects.toThrow(
      `${join(tmp, 'nope')}: no such file or directory`,
    );
    await writeFile(join(tmp, 'x.txt'), 'hi');
    await expect(importCheck(join(tmp, 'x.txt'))).rejects.toThrow(/x\.txt: not a directory or a \.zip/);
  });
});

/** Inserts a marker segment right after SOI. */
function withSegment(jpeg: Uint8Array, marker: number, data: Uint8Array): Uint8Array {
  const len = data.length + 2;
  const seg = Uint8Array.of(0xff, marker, len >> 8, len & 0xff, ...data);
  return Uint8Array.from([...jpeg.subarray(0, 2), ...seg, ...jpeg.subarray(2)]);
}

/** The real JPEG with an Adobe APP14 (transform 0) and a 4th component in its SOF0: a CMYK header. */
function toCmyk(jpeg: Uint8Array): Uint8Array {
  let p = 2;
  while (jpeg[p + 1] !== 0xc0) p += 2 + ((jpeg[p + 2]! << 8) | jpeg[p + 3]!);
  const len = (jpeg[p + 2]! << 8) | jpeg[p + 3]!;
  const sof = Uint8Array.from(jpeg.subarray(p, p + 2 + len));
  sof[3] = len + 3;
  sof[9] = 4;
  const patched = Uint8Array.from([
    ...jpeg.subarray(0, p),
    ...sof,
    4,
    0x11,
    0,
    ...jpeg.subarray(p + 2 + len),
  ]);
  const adobe = Uint8Array.of(0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, 0);
  return withSegment(patched, 0xee, adobe);
}

describe('import-check on a generated bad-input folder', () => {
  it('reports every bad case on its own line and accepts the good files', async () => {
    const root = join(tmp, 'bad');
    await mkdir(join(root, 'jpg'), { recursive: true });
    const daisyDir = join(flowers12, 'train/daisy');
    const daisy = (await readdir(daisyDir)).sort();
    const dandelionDir = join(flowers12, 'train/dandelion');
    const dandelion = (await readdir(dandelionDir)).sort();
    const real = async (dir: string, name: string) => new Uint8Array(await readFile(join(dir, name)));
    const put = (name: string, bytes: Uint8Array | string) => writeFile(join(root, name), bytes);

    for (let i = 0; i < 6; i++) await put(`jpg/d${i}.jpg`, await real(daisyDir, daisy[i]!));
    for (let i = 0; i < 4; i++) await put(`jpg/n${i}.jpg`, await real(dandelionDir, dandelion[i]!));
    await put('jpg/l0.jpg', await real(dandelionDir, dandelion[10]!));
    const cut = await real(daisyDir, daisy[6]!);
    await put('jpg/truncated.jpg', cut.subarray(0, Math.floor(cut.length * 0.6)));
    await put('jpg/empty.jpg', new Uint8Array(0));
    await put('jpg/notes.jpg', 'these are my notes about the flowers\n');
    await put(
      'jpg/vector.svg',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
    );
    const heic = new Uint8Array(64);
    heic.set([
      0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0, 0x6d, 0x69, 0x66, 0x31,
    ]);
    await put('jpg/phone.heic', heic);
    await put('jpg/deep16.png', encodePng({ width: 12, height: 9, colourType: 2, bitDepth: 16 }));
    await put('jpg/gray.png', encodePng({ width: 12, height: 9, colourType: 0, bitDepth: 8 }));
    await put('jpg/alpha.png', encodePng({ width: 12, height: 9, colourType: 6, bitDepth: 8 }));
    await put(
      'jpg/huge.png',
      encodePng({ width: 8000, height: 6000, colourType: 0, bitDepth: 1, sample: () => 0 }),
    );
    await put('jpg/cmyk.jpg', toCmyk(await real(daisyDir, daisy[7]!)));
    await put(
      'jpg/rotated.jpg',
      withSegment(await real(daisyDir, daisy[8]!), 0xe1, exifOrientationBlock(6, true)),
    );
    await put('jpg/dup.jpg', await real(daisyDir, daisy[0]!));
    await put('jpg/ spaced.jpg', await real(daisyDir, daisy[9]!));
    await put('jpg/back\\slash.jpg', await real(daisyDir, daisy[10]!));
    await put('jpg/ctrl\u0001.jpg', await real(daisyDir, daisy[11]!));
    await put('jpg/extra.jpg', await real(daisyDir, daisy[12]!));
    await put('readme.md', '# my flowers\n');
    await put('bad_label_list.txt', '\uFEFF0 daisy\r\n1 dandelion  \r\n2 lonely\r\n');
    const trainLines = [
      'jpg/d0.jpg 0',
      'jpg/d1.jpg   0  ',
      'jpg/d2.jpg\t0\t',
      'jpg/d3.jpg 0',
      'jpg/n0.jpg 1',
      'jpg/n1.jpg 1',
      'jpg/l0.jpg 2',
      'jpg/missing.jpg 0',
      'jpg/d4.jpg 7',
      'jpg/d5.jpg zero',
      'jpg/d0.jpg 0',
      'jpg/truncated.jpg 0',
      'jpg/empty.jpg 0',
      'jpg/notes.jpg 0',
      'jpg/vector.svg 0',
      'jpg/phone.heic 0',
      'jpg/deep16.png 1',
      'jpg/gray.png 1',
      'jpg/alpha.png 1',
      'jpg/huge.png 1',
      'jpg/cmyk.jpg 0',
      'jpg/rotated.jpg 0',
      'jpg/dup.jpg 0',
      'jpg/ spaced.jpg 0',
      'jpg/back\\slash.jpg 0',
      'jpg/ctrl\u0001.jpg 0',
      '',
      'justonefield',
    ];
    await put('train_list.txt', `\uFEFF${trainLines.join('\r\n')}\r\n`);
    await put('val_list.txt', 'jpg/d4.jpg 0\njpg/d5.jpg 0\njpg/n2.jpg 1\njpg/n3.jpg 1\njpg/n0.jpg 1\n');

    const r = await importCheck(root);
    const lines = r.problems.map((p) => `${p.severity} ${p.file}${p.line ? `:${p.line}` : ''} ${p.code}`);
    expect([...lines].sort()).toEqual(
      [
        'warning bad_label_list.txt:3 too-few-images',
        'error jpg/truncated.jpg truncated',
        'error jpg/empty.jpg empty',
        'error jpg/notes.jpg not-image',
        'error jpg/vector.svg unsupported',
        'error jpg/phone.heic unsupported',
        'warning jpg/deep16.png 16-bit',
        'warning jpg/gray.png grayscale',
        'warning jpg/alpha.png alpha',
        'warning jpg/huge.png grayscale',
        'warning jpg/huge.png huge',
        'warning jpg/cmyk.jpg cmyk',
        'warning jpg/rotated.jpg exif-orientation',
        'warning jpg/dup.jpg duplicate-file',
        'warning jpg/ spaced.jpg odd-name',
        'warning jpg/back\\slash.jpg odd-name',
        'warning jpg/ctrl\u0001.jpg odd-name',
        'warning jpg/extra.jpg unlisted',
        'warning readme.md ignored-file',
        'error train_list.txt:8 missing-file',
        'error train_list.txt:9 label-out-of-range',
        'error train_list.txt:10 bad-label',
        'warning train_list.txt:11 duplicate-line',
        'error train_list.txt:28 malformed-line',
        'error val_list.txt:5 split-overlap',
      ].sort(),
    );
    // Reported in file order, then line order.
    const keys = r.problems.map((p) => [p.file, p.line ?? 0] as const);
    for (let i = 1; i < keys.length; i++) {
      const [fa, la] = keys[i - 1]!;
      const [fb, lb] = keys[i]!;
      expect(fa < fb || (fa === fb && la <= lb), `${fa}:${la} before ${fb}:${lb}`).toBe(true);
    }
    expect(r.classes).toEqual(['daisy', 'dandelion', 'lonely']);
    expect(r.splits).toEqual({ train: 17, val: 4 });
    expect(r.accepted).toBe(21);
    const reason = (file: string, code: string) =>
      r.problems.find((p) => p.file === file && p.code === code)!.reason;
    expect(reason('jpg/truncated.jpg', 'truncated')).toBe(
      'truncated JPEG: image data ends without an EOI marker',
    );
    expect(reason('jpg/dup.jpg', 'duplicate-file')).toBe(
      'same content as jpg/d0.jpg: the same image counts twice',
    );
    expect(reason('train_list.txt', 'label-out-of-range')).toBe(
      'label 7 is not below the 3 classes named in bad_label_list.txt',
    );
    expect(reason('jpg/huge.png', 'huge')).toBe(
      '8000×6000 (48.0 MP) exceeds the 40 MP cap: downscaled on import, skipped by webclas train and eval',
    );
  }, 60_000);
});

describe('header readers on real photos', () => {
  // Sizes as `file(1)` reports them; orientations cross-checked with exifr, an independent EXIF parser.
  const photos: Array<[string, number, number]> = [
    ['ILSVRC2012_val_00020010.jpeg', 375, 500],
    ['ILSVRC2012_val_00030010.jpeg', 500, 333],
    ['LadyBird.jpg', 2560, 1600],
    ['dog.jpg', 768, 576],
    ['eagle.jpg', 773, 512],
    ['chelsea.png', 451, 300],
    ['coffee.png', 600, 400],
  ];
  const seed = Date.now() % 1e6;
  const rand = seededRandom(seed);

  it(`reads sizes and EXIF orientation, and rejects every random cut (seed ${seed})`, async () => {
    for (const [name, width, height] of photos) {
      const bytes = new Uint8Array(await readFile(join(shared, 'data/photos', name)));
      const r = inspectImage(bytes, name, { maxMegapixels: 40 });
      expect(r.findings, name).toEqual([]);
      expect(r.facts, name).toMatchObject({
        width,
        height,
        orientation: (await exifr.orientation(bytes)) ?? 1,
      });
      if (name.endsWith('.png')) continue;
      const rotated = withSegment(bytes, 0xe1, exifOrientationBlock(5, true));
      expect(inspectImage(rotated, name, { maxMegapixels: 40 }).facts?.orientation).toBe(
        await exifr.orientation(rotated),
      );
      for (let k = 0; k < 8; k++) {
        const cut = 2 + Math.floor(rand() * (bytes.length - 3));
        expect(
          inspectImage(bytes.subarray(0, cut), name, { maxMegapixels: 40 }).findings[0]?.code,
          `${name} cut at ${cut}`,
        ).toBe('truncated');
      }
    }
  });
});
