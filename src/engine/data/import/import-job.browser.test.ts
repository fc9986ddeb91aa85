// The import job in real Chromium: real IndexedDB, real decoding (createImageBitmap) and OffscreenCanvas.
// A cancelled import resumes to the full set with no duplicates; an undecodable file is reported (once), the rest
// stored, and its staged original removed from storage and from the dataset's byte count.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetLibrary } from '../../storage/library.ts';
import { datasetRange, storedSize } from '../../storage/schema.ts';
import { deleteDb } from '../../storage/testing/delete-db.ts';
import type { FileTree } from '../file-tree.ts';
import { memoryFile } from '../file-tree.ts';
import { undecodablePng } from '../testing/hostile-images.ts';
import { encodePng, exifOrientationBlock } from '../testing/png-encode.ts';
import { deriveImage } from './derive.ts';
import { continueImport, startImport } from './import-job.ts';
import { StageClock } from './stage-clock.ts';

const hasIdb = typeof indexedDB !== 'undefined';

/** Random-content PNG (fresh per call), so every file has its own hash unless copied on purpose. */
function png(
  width: number,
  height: number,
  colourType: 2 | 6 = 2,
  extra: { type: string; data: Uint8Array }[] = [],
) {
  return encodePng({
    width,
    height,
    colourType,
    bitDepth: 8,
    extraChunks: extra,
    sample: () => Math.floor(Math.random() * 256),
  });
}

async function pixelAt(blob: Blob, x: number, y: number): Promise<number[]> {
  const bmp = await createImageBitmap(blob);
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const ctx = c.getContext('2d')!;
  ctx.drawImage(bmp, 0, 0);
  return [...ctx.getImageData(x, y, 1, 1).data];
}

describe.skipIf(!hasIdb)('deriveImage', () => {
  it('makes a short-side training copy and a square thumbnail, never upscaling', async () => {
    const d = await deriveImage(
      new Blob([png(60, 40) as Uint8Array<ArrayBuffer>]),
      { width: 60, height: 40, orientation: 1, mime: 'image/png' },
      {
        copyShortSide: 20,
        maxMegapixels: 40,
        thumbSize: 16,
      },
    );
    expect(d.size).toEqual({ width: 60, height: 40 });
    expect(d.copy).toMatchObject({ width: 30, height: 20 });
    expect(d.copy.blob!.type).toBe('image/jpeg');
    const copyBmp = await createImageBitmap(d.copy.blob!);
    expect([copyBmp.width, copyBmp.height]).toEqual([30, 20]);
    const thumbBmp = await createImageBitmap(d.thumb!);
    expect([thumbBmp.width, thumbBmp.height]).toEqual([16, 16]);
    const small = await deriveImage(
      new Blob([png(12, 10) as Uint8Array<ArrayBuffer>]),
      { width: 12, height: 10, orientation: 1, mime: 'image/png' },
      {
        copyShortSide: 256,
        maxMegapixels: 40,
        thumbSize: 128,
      },
    );
    expect(small.copy).toMatchObject({ width: 12, height: 10 });
  });

  it('keeps a small upright JPEG as its own training copy, and re-encodes a larger one', async () => {
    const canvas = new OffscreenCanvas(50, 40);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#3a7';
    ctx.fillRect(0, 0, 50, 40);
    const jpeg = await canvas.convertToBlob({ type: 'image/jpeg' });
    const header = { width: 50, height: 40, orientation: 1, mime: 'image/jpeg' };
    const same = await deriveImage(jpeg, header, { copyShortSide: 256, maxMegapixels: 40, thumbSize: 16 });
    expect(same.copy).toEqual({ blob: null, width: 50, height: 40 });
    // Short side 40 > 2 × 16: a real thumbnail; with 32 (40 ≤ 64) the original is its own thumbnail.
    expect(same.thumb).toBeInstanceOf(Blob);
    const own = await deriveImage(jpeg, header, { copyShortSide: 256, maxMegapixels: 40, thumbSize: 32 });
    expect(own).toEqual({ size: { width: 50, height: 40 }, copy: same.copy, thumb: null });
    const smaller = await deriveImage(jpeg, header, { copyShortSide: 20, maxMegapixels: 40, thumbSize: 16 });
    expect(smaller.copy).toMatchObject({ width: 25, height: 20 });
    expect(smaller.copy.blob).toBeInstanceOf(Blob);
  });

  it('validates an image that needs no pixels from its bytes, agreeing with the bitmap path', async () => {
    const canvas = new OffscreenCanvas(37, 29);
    const ctx = canvas.getContext('2d')!;
    for (let i = 0; i < 40; i++) {
      ctx.fillStyle = `rgb(${Math.random() * 255},${Math.random() * 255},${Math.random() * 255})`;
      ctx.fillRect(Math.random() * 37, Math.random() * 29, 9, 7);
    }
    const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    // A view into a larger buffer, as the check's grouped reads hand out.
    const whole = new Uint8Array(jpeg.size + 64);
    whole.set(new Uint8Array(await jpeg.arrayBuffer()), 32);
    whole.fill(0xff, 0, 32);
    const bytes = whole.subarray(32, 32 + jpeg.size);
    const header = { width: 37, height: 29, orientation: 1, mime: 'image/jpeg' };
    const options = { copyShortSide: 256, maxMegapixels: 40, thumbSize: 32 };
    const clock = new StageClock();
    const fromBytes = await deriveImage(jpeg, header, options, clock, bytes);
    expect(fromBytes).toEqual(await deriveImage(jpeg, header, options));
    expect(fromBytes).toEqual({
      size: { width: 37, height: 29 },
      copy: { blob: null, width: 37, height: 29 },
      thumb: null,
    });
    // Chromium has WebCodecs: one decode, from the bytes (a failed one is retried as a bitmap: two).
    expect(typeof ImageDecoder).toBe('function');
    expect(clock.snapshot().decode?.calls).toBe(1);
    // A header that disagrees with the pixels fails either way, naming both sizes.
    const wrong = { ...header, width: 36 };
    const retried = new StageClock();
    await expect(deriveImage(jpeg, wrong, options, retried, bytes)).rejects.toThrow(/37×29.*36×29/);
    expect(retried.snapshot().decode?.calls).toBe(2);
    // Entropy-coded data overwritten with noise (markers intact up to the scan): both paths give the same verdict.
    const sos = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xda);
    const noisy = bytes.slice();
    for (let i = sos + 20; i < noisy.length - 2; i++) noisy[i] = Math.floor(Math.random() * 0xff);
    const noisyBlob = new Blob([noisy], { type: 'image/jpeg' });
    const verdict = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        () => 'failed',
      );
    expect(await verdict(deriveImage(noisyBlob, header, options, undefined, noisy))).toBe(
      await verdict(deriveImage(noisyBlob, header, options)),
    );
  });

  it('caps megapixels and composites transparency on white', async () => {
    const clear = encodePng({
      width: 40,
      height: 30,
      colourType: 6,
      bitDepth: 8,
      sample: (_x, _y, c) => (c === 3 ? 0 : 10),
    });
    const d = await deriveImage(
      new Blob([clear as Uint8Array<ArrayBuffer>]),
      { width: 40, height: 30, orientation: 1, mime: 'image/png' },
      {
        copyShortSide: 256,
        maxMegapixels: 0.0003, // 300 pixels
        thumbSize: 8,
      },
    );
    expect(d.size.width * d.size.height).toBeLessThanOrEqual(300);
    expect(d.size.width / d.size.height).toBeCloseTo(4 / 3, 1);
    const [r, g, b] = await pixelAt(d.copy.blob!, 2, 2);
    for (const v of [r, g, b]) expect(v).toBeGreaterThan(245);
  });

  it('applies EXIF orientation (eXIf 6: a quarter turn swaps width and height)', async () => {
    const bytes = png(30, 20, 2, [{ type: 'eXIf', data: exifOrientationBlock(6, false) }]);
    const d = await deriveImage(
      new Blob([bytes as Uint8Array<ArrayBuffer>]),
      { width: 30, height: 20, orientation: 6, mime: 'image/png' },
      {
        copyShortSide: 256,
        maxMegapixels: 40,
        thumbSize: 8,
      },
    );
    expect(d.size).toEqual({ width: 20, height: 30 });
  });

  it('decodes straight to the copy size upright: orientation, resize and thumbnail agree with the pixels', async () => {
    // Stored 60×40, left half red, right half blue; eXIf 6 turns it a quarter clockwise, so red ends on top.
    const bytes = encodePng({
      width: 60,
      height: 40,
      colourType: 2,
      bitDepth: 8,
      extraChunks: [{ type: 'eXIf', data: exifOrientationBlock(6, false) }],
      sample: (x, _y, c) => (x < 30 ? [230, 20, 20][c]! : [20, 20, 230][c]!),
    });
    const d = await deriveImage(
      new Blob([bytes as Uint8Array<ArrayBuffer>]),
      { width: 60, height: 40, orientation: 6, mime: 'image/png' },
      { copyShortSide: 20, maxMegapixels: 40, thumbSize: 10 },
    );
    expect(d.size).toEqual({ width: 40, height: 60 });
    expect(d.copy).toMatchObject({ width: 20, height: 30 });
    const copy = await createImageBitmap(d.copy.blob!);
    expect([copy.width, copy.height]).toEqual([20, 30]);
    const top = await pixelAt(d.copy.blob!, 10, 4);
    const bottom = await pixelAt(d.copy.blob!, 10, 25);
    expect(top[0]).toBeGreaterThan(180);
    expect(top[2]).toBeLessThan(80);
    expect(bottom[2]).toBeGreaterThan(180);
    expect(bottom[0]).toBeLessThan(80);
    // The thumbnail is the centre square (rows 10..30 of the 40×60 upright image): red above, blue below.
    const thumb = await createImageBitmap(d.thumb!);
    expect([thumb.width, thumb.height]).toEqual([10, 10]);
    expect((await pixelAt(d.thumb!, 5, 1))[0]).toBeGreaterThan(180);
    expect((await pixelAt(d.thumb!, 5, 8))[2]).toBeGreaterThan(180);
  });
});

describe.skipIf(!hasIdb)('import job', () => {
  let name: string;
  let lib: DatasetLibrary;
  beforeEach(async () => {
    name = `webclas-import-test-${Math.random().toString(36).slice(2)}`;
    lib = await DatasetLibrary.open(name);
  });
  afterEach(async () => {
    lib.close();
    await deleteDb(name);
  });

  function dataset(): FileTree {
    const files = [];
    for (const cls of ['cat', 'dog', 'eel']) {
      for (let i = 0; i < 10; i++) files.push(memoryFile(`pets/train/${cls}/${i}.png`, png(24 + i, 20)));
    }
    return { files };
  }

  it('cancels mid-way, resumes to the full set without duplicates, and reports an undecodable file', async () => {
    const tree = dataset();
    const catZero = await tree.files[0]!.read();
    tree.files.push(memoryFile('pets/train/dog/same-as-cat-0.png', catZero));
    tree.files.push(memoryFile('pets/train/eel/broken.png', undecodablePng()));
    tree.files.push(memoryFile('pets/train/eel/empty.png', new Uint8Array(0)));
    const controller = new AbortController();
    let batches = 0;
    const first = await startImport(
      lib,
      tree,
      { name: 'pets', batchSize: 4 },
      {
        derive: deriveImage,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'processing' && p.filesDone > 0 && ++batches === 3) controller.abort();
        },
      },
    );
    expect(first.state).toBe('cancelled');
    expect(first.total).toBe(32); // 31 good (one a duplicate) + the undecodable one; the empty file is rejected
    expect(first.stored).toBe(12);
    expect((await lib.dataset(first.datasetId))!.state).toBe('importing');

    // Resume without the files: everything was staged, so nothing else is needed.
    const second = await continueImport(lib, first.datasetId, { derive: deriveImage });
    expect(second.state).toBe('done');
    expect(second.stored).toBe(31);
    const counts = await lib.counts(second.datasetId);
    // The undecodable file's original, staged during the check, is gone: 30 distinct contents stored.
    expect(counts).toMatchObject({ images: 31, classes: 3, originals: 30, thumbs: 30, copies: 30 });
    expect(counts.perClass).toEqual([10, 11, 10]);
    const paths = (await lib.images(second.datasetId)).map((i) => i.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toContain('train/dog/same-as-cat-0.png');
    const lines = second.problems.map((p) => `${p.file} ${p.severity} ${p.code}`);
    expect(lines).toContain('train/eel/broken.png error decode-failed');
    expect(lines).toContain('train/eel/empty.png error empty');
    expect(lines).toContain('train/dog/same-as-cat-0.png warning duplicate-file');
    expect((await lib.dataset(second.datasetId))!.state).toBe('ready');
    expect((await lib.job(second.datasetId))!.state).toBe('done');
  });

  it('a file that fails to decode leaves no original behind and is not counted in the dataset size', async () => {
    const tree = dataset();
    // First in the tree and in the first class: decoded in the first batch, before the cancel.
    tree.files.unshift(memoryFile('pets/train/cat/!broken.png', undecodablePng()));
    const controller = new AbortController();
    let batches = 0;
    const first = await startImport(
      lib,
      tree,
      { name: 'pets', batchSize: 4 },
      {
        derive: deriveImage,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'processing' && p.filesDone > 0 && ++batches === 2) controller.abort();
        },
      },
    );
    const id = first.datasetId;
    expect(first.state).toBe('cancelled');
    const decodeLines = (problems: typeof first.problems) =>
      problems.filter((p) => p.code === 'decode-failed');
    expect(decodeLines(first.problems).map((p) => p.file)).toEqual(['train/cat/!broken.png']);
    const broken = (await lib.job(id))!.items.find((i) => i.path === 'train/cat/!broken.png')!.hash;
    // Staged during the check; an unfinished job keeps it (the resume decodes the file again).
    expect((await lib.storedOriginals(id)).has(broken)).toBe(true);

    const done = await continueImport(lib, id, { derive: deriveImage });
    expect(done.state).toBe('done');
    // One line for the file, not one per run.
    expect(decodeLines(done.problems)).toEqual([
      {
        file: 'train/cat/!broken.png',
        severity: 'error',
        code: 'decode-failed',
        reason: expect.stringMatching(/^could not be decoded: /),
      },
    ]);
    expect((await lib.storedOriginals(id)).has(broken)).toBe(false);
    expect(await lib.counts(id)).toMatchObject({ images: 30, originals: 30, thumbs: 30, copies: 30 });
    // storedBytes is exactly what the stores hold.
    const range = datasetRange(id);
    const originals = await lib.db.getAll('originals', range);
    const thumbs = await lib.db.getAll('thumbs', range);
    const copies = await lib.db.getAll('copies', range);
    const held =
      originals.reduce((s, v) => s + storedSize(v), 0) +
      thumbs.reduce((s, v) => s + storedSize(v), 0) +
      copies.reduce((s, c) => s + (c.blob?.size ?? 0), 0);
    expect((await lib.dataset(id))!.storedBytes).toBe(held);
    expect(held).toBeGreaterThan(0);
  });

  it('stages originals during the check; a check stopped mid-way asks for the files again and reuses them', async () => {
    const tree = dataset();
    tree.files.push(memoryFile('pets/train/dog/extra.png', png(9, 9)));
    const controller = new AbortController();
    const first = await startImport(
      lib,
      tree,
      { name: 'pets', batchSize: 4 },
      {
        derive: deriveImage,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'checking' && p.filesDone >= 12) controller.abort();
        },
      },
    );
    expect(first.state).toBe('cancelled');
    expect(first.stored).toBe(0);
    // The job row existed before the first original was staged; the check's classes are not known yet.
    expect((await lib.job(first.datasetId))!.classes).toEqual([]);
    const early = await lib.storedOriginals(first.datasetId);
    expect(early.size).toBeGreaterThan(0);
    expect(early.size).toBeLessThan(31);
    const stuck = await continueImport(lib, first.datasetId, { derive: deriveImage });
    expect(stuck.state).toBe('failed');
    expect(stuck.message).toMatch(/check stopped before every file was read.*drop the same folder/);
    const done = await continueImport(lib, first.datasetId, { derive: deriveImage }, tree);
    expect(done).toMatchObject({ state: 'done', stored: 31, total: 31 });
    // The originals staged before the stop were kept, not written twice; the byte count matches the stores.
    const after = await lib.storedOriginals(first.datasetId);
    for (const h of early) expect(after.has(h)).toBe(true);
    expect(await lib.counts(first.datasetId)).toMatchObject({ images: 31, classes: 3, originals: 31 });
    expect((await lib.job(first.datasetId))!.classes).toHaveLength(3);
  });
});
