// The Datasets screen in real Chromium: flowers12 (class folders) and flowers12-paddleclas (lists + label list)
// imported by a drop event, browsed, re-split; and a reload in the middle of an import resumed to the full set.
// Script-built DataTransfers cannot carry directory entries, so the dropped Files carry their relative path in
// a `relativePath` property (what a real folder drop gets from webkitGetAsEntry's fullPath).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { FLOWERS12_CLASSES } from '../src/engine/data/testing/flowers12.ts';
import { dropFolder, listFiles } from './support/drop-folder.ts';

const shared = resolve(process.cwd(), process.env.WEBCLAS_SHARED ?? '../shared');

async function classCounts(page: Page): Promise<Record<string, number>> {
  const rows = page.getByTestId('class-row');
  const out: Record<string, number> = {};
  for (const row of await rows.all()) {
    out[(await row.getAttribute('data-name'))!] = Number(await row.getAttribute('data-count'));
  }
  return out;
}

/** Rows in the app's IndexedDB, read directly: the ground truth for "no duplicates, no loss". */
async function storedCounts(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('webclas-datasets');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const count = (store: string) =>
      new Promise<number>((ok, fail) => {
        const r = db.transaction(store).objectStore(store).count();
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    const paths = await new Promise<string[]>((ok, fail) => {
      const r = db.transaction('images').objectStore('images').getAll();
      r.onsuccess = () => ok(r.result.map((row: { path: string }) => row.path));
      r.onerror = () => fail(r.error);
    });
    const out = {
      images: await count('images'),
      uniquePaths: new Set(paths).size,
      originals: await count('originals'),
      thumbs: await count('thumbs'),
      copies: await count('copies'),
    };
    db.close();
    return out;
  });
}

test('flowers12 (class folders) imports as 12 × 60 by a drop, browses, filters and re-splits', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/datasets');
  await dropFolder(page, 'data/flowers12');
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-outcome')).toContainText('720 imported, 0 rejected');
  await expect(page.getByTestId('dataset-summary')).toContainText(
    'folder-per-class · 720 images · train 720',
  );
  expect(await classCounts(page)).toEqual(Object.fromEntries(FLOWERS12_CLASSES.map((f) => [f, 60])));
  // The one byte-identical pair in flowers12 is stored once.
  expect(await storedCounts(page)).toEqual({
    images: 720,
    uniquePaths: 720,
    originals: 719,
    thumbs: 719,
    copies: 719,
  });

  // Virtualized: far fewer thumbnails in the DOM than images.
  const thumbs = page.getByTestId('thumb');
  await expect(thumbs.first()).toBeVisible();
  expect(await thumbs.count()).toBeLessThan(200);
  await expect(page.getByTestId('balance-chart').locator('canvas')).toHaveCount(1);

  await page
    .getByTestId('class-row')
    .filter({ hasText: 'daisy' })
    .getByRole('button', { name: /^daisy/ })
    .click();
  await expect(page.getByTestId('shown-count')).toHaveText('60 shown');

  await page.getByRole('button', { name: 'Re-split (stratified)' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('train 576 · val 144');
  await page.getByTestId('split-filter').selectOption('val');
  await expect(page.getByTestId('shown-count')).toHaveText('12 shown');

  // Detail: a modal dialog in view over the grid; relabel one daisy as iris, the result shown in it; Escape closes.
  await thumbs.first().click();
  const detail = page.getByTestId('image-detail');
  await expect(detail).toBeInViewport({ ratio: 1 });
  await expect(detail.getByLabel('Label')).toBeInViewport();
  await detail.getByLabel('Label').selectOption({ label: 'iris' });
  await expect(page.getByTestId('class-row').filter({ hasText: 'iris' })).toHaveAttribute('data-count', '61');
  await expect(detail.getByTestId('detail-note')).toContainText('as iris');
  await expect(detail.getByTestId('detail-note')).toBeInViewport();
  // Delete asks first: Escape answers no and keeps the image (and the detail) where they were.
  await detail.getByRole('button', { name: 'Delete image…' }).click();
  const confirmDelete = page.getByTestId('confirm-delete-image');
  await expect(confirmDelete).toBeVisible();
  await expect(confirmDelete.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirmDelete).toHaveCount(0);
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('class-row').filter({ hasText: 'iris' })).toHaveAttribute('data-count', '61');
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await page
    .getByTestId('class-row')
    .filter({ hasText: 'iris' })
    .getByRole('button', { name: /^iris/ })
    .click();
  await page.getByTestId('split-filter').selectOption('');
  await expect(page.getByTestId('shown-count')).toHaveText('61 shown');
  // Confirming the delete removes the image; the result is said where the user is looking.
  await thumbs.first().click();
  await detail.getByRole('button', { name: 'Delete image…' }).click();
  await page.getByTestId('confirm-delete-image').getByTestId('confirm-ok').click();
  await expect(detail).toHaveCount(0);
  await expect(page.getByTestId('shown-count')).toHaveText('60 shown');
  await expect(page.getByText(/^Deleted /)).toBeVisible();
  expect(errors).toEqual([]);
});

test('flowers12-paddleclas imports as 576 train / 144 val with the label-list names', async ({ page }) => {
  await page.goto('/#/datasets');
  await dropFolder(page, 'data/flowers12-paddleclas');
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('dataset-summary')).toContainText(
    'paddleclas · 720 images · train 576 · val 144',
  );
  const labelList = readFileSync(join(shared, 'data/flowers12-paddleclas/flowers12_label_list.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(' ').slice(1).join(' '));
  const names = await page
    .getByTestId('class-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
  expect(names).toEqual(labelList);
  expect(Object.values(await classCounts(page)).reduce((a, b) => a + b, 0)).toBe(720);

  // Export as a PaddleClas zip and read it back: same lists, the originals' bytes.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PaddleClas zip' }).click(),
  ]);
  const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const lines = (name: string) => new TextDecoder().decode(zip[name]).trim().split('\n');
  expect(lines('train_list.txt')).toHaveLength(576);
  expect(lines('val_list.txt')).toHaveLength(144);
  expect(lines('label_list.txt')).toEqual(labelList.map((n, i) => `${i} ${n}`));
  const [path, label] = lines('val_list.txt')[0]!.split(' ');
  const source = readFileSync(join(shared, 'data/flowers12-paddleclas', path!));
  expect(Buffer.from(zip[path!]!).equals(source)).toBe(true);
  const original = readFileSync(join(shared, 'data/flowers12-paddleclas/val_list.txt'), 'utf8');
  expect(original).toContain(`${path} ${label}`);

  // The import report downloads as JSON (the format choice beside the one download button).
  await page.getByTestId('import-report').getByLabel('Format').selectOption('json');
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report' }).click(),
  ]);
  const parsed = JSON.parse(readFileSync((await report.path())!, 'utf8'));
  expect(parsed).toMatchObject({ format: 'paddleclas', accepted: 720, stored: 720 });
  expect(parsed.problems.map((p: { code: string }) => p.code)).toContain('duplicate-file');

  // Deleting the dataset empties every store.
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: /Delete .* for good/ }).click();
  await expect(page.getByTestId('dataset-row')).toHaveCount(0);
  expect(await storedCounts(page)).toEqual({ images: 0, uniquePaths: 0, originals: 0, thumbs: 0, copies: 0 });
});

test('a reload during an import resumes to the full set, with no duplicates and no loss', async ({
  page,
}) => {
  await page.goto('/#/datasets');
  await dropFolder(page, 'data/flowers12');
  // Reload once some, but not all, images are decoded and stored.
  await page.waitForFunction(
    () => {
      const phase = document.querySelector('[data-testid="import-phase"]')?.textContent;
      const done = Number(document.querySelector('[data-testid="import-files"]')?.textContent?.split('/')[0]);
      return phase === 'Decoding and storing' && done >= 24;
    },
    undefined,
    { polling: 10 },
  );
  await page.reload();
  const before = await storedCounts(page);
  expect(before.images).toBeLessThan(720);
  const row = page.getByTestId('dataset-row');
  await expect(row.getByTestId('unfinished')).toBeVisible();
  await row.getByRole('button', { name: 'Resume import' }).click();
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-outcome')).toContainText('720 imported, 0 rejected');
  expect(await storedCounts(page)).toEqual({
    images: 720,
    uniquePaths: 720,
    originals: 719,
    thumbs: 719,
    copies: 719,
  });
  await expect(row.getByTestId('unfinished')).toHaveCount(0);
});

test('a full disk stops the import cleanly, and it resumes once space is freed', async ({ page }) => {
  await page.goto('/#/datasets');
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  // A real quota: IndexedDB itself throws QuotaExceededError once the origin passes 3 MB.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 3_000_000 });
  await dropFolder(page, 'data/flowers12');
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-state', 'quota');
  await expect(page.getByTestId('import-outcome')).toContainText('Storage is full');
  const partial = await storedCounts(page);
  expect(partial.originals).toBeGreaterThan(0);
  expect(partial.originals).toBeLessThan(719);

  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  const row = page.getByTestId('dataset-row');
  await row.getByRole('button', { name: 'Resume import' }).click();
  // Some originals were never copied: the job asks for the folder again, and finishes from it.
  await expect(page.getByTestId('import-outcome')).toContainText('drop the same folder');
  await row.locator('input[type="file"]').setInputFiles(join(shared, 'data/flowers12'));
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-outcome')).toContainText('720 imported, 0 rejected');
  expect(await storedCounts(page)).toEqual({
    images: 720,
    uniquePaths: 720,
    originals: 719,
    thumbs: 719,
    copies: 719,
  });
});

test('a folder of bad input gets one report line per bad file, and the good files import', async ({
  page,
}) => {
  await page.goto('/#/datasets');
  const daisy = listFiles(join(shared, 'data/flowers12/train/daisy')).slice(0, 3);
  const iris = listFiles(join(shared, 'data/flowers12/train/iris')).slice(0, 3);
  // Each entry: a file of the dropped folder and where its bytes come from.
  const entries = [
    ...daisy.map((f, i) => ({
      path: `bad/train/daisy/good${i}.jpg`,
      from: `data/flowers12/train/daisy/${f}`,
    })),
    ...iris
      .slice(0, 2)
      .map((f, i) => ({ path: `bad/train/iris/good${i}.jpg`, from: `data/flowers12/train/iris/${f}` })),
    { path: 'bad/train/iris/copy.jpg', from: `data/flowers12/train/iris/${iris[0]}` },
    { path: 'bad/train/iris/truncated.jpg', from: `data/flowers12/train/iris/${iris[2]}`, cut: 3000 },
    { path: 'bad/train/daisy/empty.jpg', text: '' },
    { path: 'bad/train/daisy/notes.jpg', text: 'not a picture\n' },
    {
      path: 'bad/train/iris/vector.svg',
      text: '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
    },
    // A class with one image cannot be split.
    {
      path: 'bad/train/tulip/only.jpg',
      from: `data/flowers12/train/tigerlily/${listFiles(join(shared, 'data/flowers12/train/tigerlily'))[0]}`,
    },
  ];
  const drop = () =>
    page.evaluate(async (entries) => {
      const dt = new DataTransfer();
      for (const e of entries as { path: string; from?: string; text?: string; cut?: number }[]) {
        let bytes: BlobPart = e.text ?? '';
        if (e.from) {
          const r = await fetch(`/shared/${e.from}`);
          if (!r.ok) throw new Error(`fetch /shared/${e.from}: ${r.status}`);
          const buf = await r.arrayBuffer();
          bytes = e.cut ? buf.slice(0, e.cut) : buf;
        }
        const file = new File([bytes], e.path.split('/').pop()!);
        Object.defineProperty(file, 'relativePath', { value: e.path });
        dt.items.add(file);
      }
      document
        .querySelector('[data-testid="dataset-drop"]')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, entries);
  await drop();
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done');
  // 4 files rejected (empty, not an image, truncated, SVG); warnings: the duplicate copy and the tiny class.
  await expect(page.getByTestId('import-outcome')).toContainText(/^7 imported, 4 rejected, \d+ warnings/);
  expect(await classCounts(page)).toEqual({ daisy: 3, iris: 3, tulip: 1 });

  // The report is on screen, grouped by severity and filterable, and stays with the dataset after a reload.
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('report-summary')).toHaveText(/^7 imported, 4 rejected, \d+ warnings$/);
  const summary = await report.getByTestId('report-summary').textContent();
  await expect(report.getByTestId('report-errors').getByTestId('report-line')).toHaveCount(4);
  await expect(report.getByTestId('report-errors')).toContainText('train/iris/vector.svg');
  await expect(report.getByTestId('report-warnings')).toContainText('train/iris/copy.jpg');
  await report.getByTestId('report-severity').selectOption('warning');
  await expect(report.getByTestId('report-errors')).toHaveCount(0);
  await report.getByTestId('report-severity').selectOption('');
  await report.getByTestId('report-find').fill('truncated');
  await expect(report.getByTestId('report-line')).toHaveCount(1);
  await expect(report.getByTestId('report-line')).toContainText('train/iris/truncated.jpg');
  await report.getByTestId('report-find').fill('');
  await page.reload();
  await page.getByTestId('dataset-row').getByRole('button', { name: 'bad' }).click();
  await expect(page.getByTestId('import-report').getByTestId('report-summary')).toHaveText(summary!);
  await expect(
    page.getByTestId('import-report').getByTestId('report-errors').getByTestId('report-line'),
  ).toHaveCount(4);

  const [tsv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report' }).click(),
  ]);
  const rows = readFileSync((await tsv.path())!, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map(([file, , severity, code]) => `${file} ${severity} ${code}`);
  expect(rows).toEqual(
    expect.arrayContaining([
      'train/daisy/empty.jpg error empty',
      'train/daisy/notes.jpg error not-image',
      'train/iris/truncated.jpg error truncated',
      'train/iris/vector.svg error unsupported',
      'train/iris/copy.jpg warning duplicate-file',
    ]),
  );
  expect(rows.some((r) => r.endsWith('warning too-few-images'))).toBe(true);
  expect(await storedCounts(page)).toEqual({ images: 7, uniquePaths: 7, originals: 6, thumbs: 6, copies: 6 });

  // The same folder again is recognised by content: "open the existing one" imports nothing…
  await drop();
  const offer = page.getByTestId('duplicate-offer');
  await expect(offer).toContainText('already in your library as bad');
  await expect(offer.getByRole('button', { name: 'Open the existing one' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(offer).toHaveCount(0);
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  await expect(page.getByTestId('dataset-view')).toContainText('bad');
  expect(await storedCounts(page)).toEqual({ images: 7, uniquePaths: 7, originals: 6, thumbs: 6, copies: 6 });
  // …and "import as a copy" makes a second dataset under a name of its own.
  await drop();
  await offer.getByRole('button', { name: 'Import as a copy (bad (copy))' }).click();
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('dataset-row')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'bad (copy)' })).toBeVisible();
});
