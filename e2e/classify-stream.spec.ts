// Classify at scale: 1,200 real flower photos (../shared/data/flowers12 and flowers12-paddleclas) stream through a
// local model added from ../shared/models/arch (SqueezeNet 1.1, ORT WASM): progress moves, the results list stays
// virtualized (a few dozen cards in the DOM, not 1,200), every photo gets its result, and a second run cancels.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';

const shared = resolve(process.env.WEBCLAS_SHARED ?? '../shared');
const COUNT = 1200;

function sharedPath(rel: string): string {
  const p = resolve(shared, rel);
  try {
    readdirSync(resolve(p, '..'));
  } catch {
    throw new Error(`missing ${p}: set WEBCLAS_SHARED to the shared/ folder (default ../shared)`);
  }
  return p;
}

/** Every JPEG under a folder, recursively, as Playwright file payloads named by their relative path. */
function photos(root: string, prefix: string): { name: string; mimeType: string; buffer: Buffer }[] {
  const out: { name: string; mimeType: string; buffer: Buffer }[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}-`);
      else if (/\.jpe?g$/i.test(e.name))
        out.push({
          name: `${prefix}${rel}${e.name}`,
          mimeType: 'image/jpeg',
          buffer: readFileSync(join(dir, e.name)),
        });
    }
  };
  walk(root, '');
  return out;
}

const files = () =>
  [
    ...photos(sharedPath('data/flowers12'), 'a-'),
    ...photos(sharedPath('data/flowers12-paddleclas/jpg'), 'b-'),
  ].slice(0, COUNT);

async function addSqueezeNet(page: Page) {
  await page.goto('/#/models');
  await page
    .getByTestId('local-model-input')
    .setInputFiles(sharedPath('models/arch/squeezenet1_1-random.onnx'));
  await page.getByRole('button', { name: 'Add to My models' }).click();
  await expect(page.getByText('squeezenet1_1-random').first()).toBeVisible({ timeout: 60_000 });
}

async function pickModel(page: Page) {
  await page.goto('/#/classify');
  const picker = page.getByTestId('model-picker');
  const option = picker.locator('option', { hasText: 'squeezenet1_1-random' });
  await expect(option).toHaveCount(1, { timeout: 30_000 });
  await picker.selectOption((await option.getAttribute('value')) ?? '');
  await page.getByTestId('backend-setting').selectOption('wasm');
}

const doneCount = async (page: Page) =>
  Number((await page.getByTestId('classify-progress').textContent())?.match(/^(\d+) \//)?.[1] ?? 0);

test('1,200 photos stream through with progress, a virtualized list, and cancel', async ({ page }) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const batch = files();
  expect(batch).toHaveLength(COUNT);
  await addSqueezeNet(page);
  await pickModel(page);

  await page.getByTestId('file-input').setInputFiles(batch);
  // Mid-run: some done, not all, and the page answers (the list is in the DOM while images keep coming).
  await expect.poll(() => doneCount(page), { timeout: 180_000 }).toBeGreaterThan(100);
  expect(await doneCount(page)).toBeLessThan(COUNT);
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'done', {
    timeout: 480_000,
  });
  await expect(page.getByTestId('classify-progress')).toContainText(
    `${COUNT} / ${COUNT} images · ${COUNT} classified · 0 errors`,
  );
  const rendered = await page.getByTestId('result-card').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(60);
  // The last photo's card exists once scrolled to: the list holds every result.
  await page.getByTestId('results').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByRole('heading', { name: batch[COUNT - 1].name, exact: true })).toBeVisible();

  // Export carries all 1,200 rows.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8')
    .trim()
    .split('\n');
  expect(csv).toHaveLength(COUNT + 1);

  // A second run, cancelled part-way: it stops between chunks with fewer than all done.
  await page.getByTestId('file-input').setInputFiles(batch);
  await expect.poll(() => doneCount(page), { timeout: 120_000 }).toBeGreaterThan(16);
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'cancelled', {
    timeout: 60_000,
  });
  expect(await doneCount(page)).toBeLessThan(COUNT);
  expect(errors).toEqual([]);
});
