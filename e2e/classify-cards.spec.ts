// Classify's result cards as a newcomer reads them (#16 item 9): a thumbnail of each photo, upright as its EXIF
// says; the latency line says its times are a batch average; the model card says in plain words where the model
// runs; and a picked folder's relative paths survive into the cards and the CSV.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { exifOrientationBlock } from '../src/engine/data/testing/png-encode.ts';

const shared = resolve(process.env.WEBCLAS_SHARED ?? '../shared');
const photo = (name: string) => readFileSync(resolve(shared, 'data/photos', name));

/** The JPEG with an EXIF APP1 segment saying "rotate 90° clockwise to show" (orientation 6) right after SOI. */
function rotatedJpeg(jpeg: Buffer): Buffer {
  const exif = exifOrientationBlock(6, true);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exif.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, Buffer.from(exif), jpeg.subarray(2)]);
}

test.use({ viewport: { width: 1280, height: 3000 } });

test('cards show an upright thumbnail, say the times are a batch average, and keep folder paths in the CSV', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Two photos named alike in different folders: only their paths tell them apart.
  const root = join(mkdtempSync(join(tmpdir(), 'webclas-cards-')), 'holiday');
  mkdirSync(join(root, 'beach'), { recursive: true });
  mkdirSync(join(root, 'city'), { recursive: true });
  writeFileSync(join(root, 'beach', 'img1.jpg'), rotatedJpeg(photo('eagle.jpg')));
  writeFileSync(join(root, 'city', 'img1.jpg'), photo('dog.jpg'));

  await page.goto('/#/classify');
  await page.getByTestId('model-picker').selectOption('mobilenetv2-12-float/fp32');
  await page.getByTestId('backend-setting').selectOption('wasm');
  await page.getByTestId('folder-input').setInputFiles(root);
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'done', {
    timeout: 300_000,
  });
  await expect(page.getByTestId('classify-progress')).toContainText('2 / 2 images · 2 classified');

  // Where it runs, without ORT's jargon.
  await expect(page.getByTestId('placement-note')).toHaveText(/^Runs entirely on the CPU \(WASM\): all \d+ /);

  const beach = page
    .getByTestId('result-card')
    .filter({ has: page.getByRole('heading', { name: 'holiday/beach/img1.jpg', exact: true }) });
  await expect(beach.getByTestId('prediction')).toHaveCount(5);
  await expect(beach.getByTestId('latency')).toContainText('(per image, averaged over a batch of 2)');

  // The thumbnail is the photo, decoded and upright: eagle.jpg is landscape, so after orientation 6 it is portrait.
  const thumb = beach.getByTestId('result-thumb');
  await expect(thumb).toBeVisible();
  await expect(thumb).toHaveAttribute('alt', 'holiday/beach/img1.jpg');
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  const dims = await thumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
  expect(dims[1]).toBeGreaterThan(dims[0]);
  await expect(beach.getByTestId('latency')).toContainText(`${dims[0]}×${dims[1]}`);
  await page.screenshot({ path: '/tmp/classify-cards.png' });

  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8')
    .trim()
    .split('\n');
  expect(csv[0]).toMatch(/^file,ok,error,backend,preprocess_ms,inference_ms,batch_size,/);
  expect(
    csv
      .slice(1)
      .map((l) => l.split(',')[0])
      .sort(),
  ).toEqual(['holiday/beach/img1.jpg', 'holiday/city/img1.jpg']);
  expect(errors).toEqual([]);
});
