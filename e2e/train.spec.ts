// The fine-tuning journey in real Chromium: drop ../shared/data/flowers12-paddleclas, train MobileNetV2 (zoo entry,
// local mirror) head-only for a few epochs at a small input size, pause at an epoch boundary ("Pause after epoch")
// and reload, resume from the checkpoint with the same curve, evaluate, export the ONNX, classify a flower with it;
// then `webclas eval` on the exported file gives the top-1 the studio showed. Every wait is for a state that only
// the awaited step produces (never a count caught between polls), so machine load changes timing, not the outcome.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { dropFolder } from './support/drop-folder.ts';

const shared = resolve(process.cwd(), process.env.WEBCLAS_SHARED ?? '../shared');
const DATA = 'data/flowers12-paddleclas';
const SIZE = '96';
const EPOCHS = 4;
/** The run pauses itself after this epoch: the worker decides, not a click racing the epochs. */
const PAUSE_AFTER = 2;

async function choose(page: Page, label: string, text: string | RegExp): Promise<void> {
  const select = page.getByRole('combobox', { name: label, exact: true });
  const option = select.locator('option', { hasText: text }).first();
  await expect(option).toHaveCount(1, { timeout: 30_000 });
  await select.selectOption((await option.getAttribute('value')) ?? '');
}

const rows = (page: Page) => page.getByTestId('epoch-row');

async function valTop1(page: Page, epoch: number): Promise<number> {
  const cell = rows(page)
    .and(page.locator(`[data-epoch="${epoch}"]`))
    .locator('[data-col="val-top1"]');
  return Number.parseFloat((await cell.textContent()) ?? '') / 100;
}

test('flowers12: head-only fine-tune, pause + reload + resume, evaluate, export, classify, webclas eval', async ({
  page,
}) => {
  test.setTimeout(1_200_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto('/#/datasets');
  await dropFolder(page, DATA);
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done', {
    timeout: 300_000,
  });

  await page.getByTestId('tab-train').click();
  await choose(page, 'Dataset', 'flowers12-paddleclas');
  await choose(page, 'Train split', /^train/);
  await choose(page, 'Validation split', /^val/);
  await page
    .getByRole('combobox', { name: 'Base model', exact: true })
    .selectOption('mobilenetv2-12-float/fp32');
  await page.getByRole('combobox', { name: 'Preset', exact: true }).selectOption('quick-head');
  await page.getByRole('textbox', { name: 'Epochs', exact: true }).fill(String(EPOCHS));
  await page.getByRole('textbox', { name: 'Batch', exact: true }).fill('8');
  await page.getByRole('textbox', { name: 'Input size', exact: true }).fill(SIZE);
  await page.getByRole('combobox', { name: 'Feature backend', exact: true }).selectOption('wasm');
  await page.getByRole('textbox', { name: 'Run name', exact: true }).fill('flowers e2e');
  await page.getByRole('textbox', { name: 'Pause after epoch', exact: true }).fill(String(PAUSE_AFTER));

  await page.getByRole('button', { name: 'Estimate' }).click();
  await expect(page.getByTestId('estimate')).toContainText(
    /576 train \/ 144 val images · 72 steps per epoch/,
    {
      timeout: 120_000,
    },
  );
  await expect(page.getByTestId('estimate')).toContainText(
    /peak GPU [\d.]+ [kMG]?B · about [\d.]+ s per epoch \([\d.]+ [kMG]?FLOP per image\)/,
  );
  await expect(page.getByTestId('estimate')).toContainText(/on WASM \(ONNX Runtime\), not timed here/);

  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused', { timeout: 600_000 });
  const done = PAUSE_AFTER;
  await expect(rows(page)).toHaveCount(done);
  const before = await valTop1(page, done);
  await expect(page.getByTestId('chart-loss').locator('svg')).toHaveCount(1);

  // Reload mid-run: the worker and its in-memory run are gone; the checkpoints and the curve are not.
  await page.reload();
  await expect(rows(page)).toHaveCount(done, { timeout: 60_000 });
  expect(await valTop1(page, done)).toBe(before);
  await page.getByRole('button', { name: `Resume from epoch ${done}` }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'done', { timeout: 600_000 });
  await expect(rows(page)).toHaveCount(EPOCHS);
  expect(await valTop1(page, done)).toBe(before);
  // 144 validation images: the table's two decimals of a percent pin the exact count right.
  const perEpoch: number[] = [];
  for (let e = 1; e <= EPOCHS; e++) perEpoch.push(Math.round((await valTop1(page, e)) * 144) / 144);
  expect(perEpoch.at(-1)).toBeGreaterThanOrEqual(0.8);
  // Evaluate and Export use the best checkpoint (by val top-1; the earliest on a tie).
  const top1 = Math.max(...perEpoch);
  const bestEpoch = perEpoch.indexOf(top1) + 1;

  await page.getByRole('button', { name: 'Evaluate' }).click();
  await expect(page.getByTestId('eval-top1')).toHaveText(/%$/, { timeout: 300_000 });
  const shown = Number.parseFloat((await page.getByTestId('eval-top1').textContent()) ?? '') / 100;
  expect(Math.abs(shown - top1)).toBeLessThan(0.0006);
  await expect(page.getByTestId('eval-per-class').locator('tbody tr')).toHaveCount(12);

  const onnxDownload = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.onnx'));
  const cardDownload = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.card.json'));
  await page.getByRole('button', { name: 'Export ONNX' }).click();
  const onnxFile = await onnxDownload;
  // One name: the download is called what My models (and Classify's picker) list.
  const exportedName = `flowers-e2e-epoch${bestEpoch}.onnx`;
  expect(onnxFile.suggestedFilename()).toBe(exportedName);
  const onnxPath = await onnxFile.path();
  const card = JSON.parse(readFileSync(await (await cardDownload).path(), 'utf8'));
  expect(card.classes).toHaveLength(12);
  expect(card.metrics.epoch).toBe(bestEpoch);
  expect(card.metrics.valTop1).toBeCloseTo(top1, 9);
  expect(card.metrics.history).toHaveLength(bestEpoch);
  await expect(page.getByTestId('export-note')).toContainText('My models');
  expect(readFileSync(onnxPath).length).toBeGreaterThan(1_000_000);

  // Classify a validation flower with the exported model: its class comes first.
  const valList = readFileSync(resolve(shared, DATA, 'val_list.txt'), 'utf8')
    .trim()
    .split('\n');
  const labels = readFileSync(resolve(shared, DATA, 'flowers12_label_list.txt'), 'utf8')
    .trim()
    .split('\n');
  const [photo, label] = valList[0].trim().split(/\s+/);
  const className = labels[Number(label)].trim().split(/\s+/).slice(1).join(' ');
  await page.getByTestId('tab-classify').click();
  const picker = page.getByTestId('model-picker');
  const option = picker.locator('option', { hasText: exportedName });
  await expect(option).toHaveCount(1, { timeout: 30_000 });
  await picker.selectOption((await option.getAttribute('value')) ?? '');
  await page.getByTestId('file-input').setInputFiles(resolve(shared, DATA, photo));
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'done', {
    timeout: 300_000,
  });
  await expect(page.getByTestId('prediction-label').first()).toHaveText(className);
  // Compare: benchmark the exported model on ORT WASM; its validation top-1 joins the fine-tuned panel.
  await page.getByTestId('tab-compare').click();
  for (const id of ['mobilenetv2-12-float', 'mobilenetv2-12-int8'])
    await page.getByRole('checkbox', { name: id, exact: true }).setChecked(false);
  await page.getByRole('checkbox', { name: `${exportedName} (my model)`, exact: true }).setChecked(true);
  for (const [name, on] of [
    ['ORT WebGPU', false],
    ['ORT WASM', true],
    ['Studio engine', false],
  ] as const)
    await page.getByRole('checkbox', { name, exact: true }).setChecked(on);
  await page.getByTestId('bench-mirror-files').fill('');
  await page.getByTestId('bench-batches').fill('1');
  await page.getByTestId('bench-warmup').fill('0');
  await page.getByTestId('bench-runs').fill('1');
  await page.getByTestId('bench-start').click();
  // 'done: N results' exists only once this bench has finished ('not running' also holds before it starts).
  const benchDone = page.getByTestId('bench-status').filter({ hasText: /^done: \d+ results$/ });
  await expect(benchDone.or(page.getByTestId('bench-error'))).toBeVisible({ timeout: 300_000 });
  await expect(page.getByTestId('bench-error')).toHaveCount(0);
  await page.getByTestId('bench-plot-backend').selectOption('wasm');
  await expect(page.getByTestId('finetuned-panel')).toHaveAttribute('data-points', '1');
  await expect
    .poll(() => page.getByTestId('finetuned-scatter').locator('svg path').count())
    .toBeGreaterThan(1);
  expect(errors).toEqual([]);

  // The exported file, evaluated by the CLI on the same validation list, scores what the studio showed.
  const { evalCommand } = await import('../src/cli/eval.ts');
  const out: { top1?: number }[] = [];
  await evalCommand(
    { model: onnxPath, data: resolve(shared, DATA), split: 'val', backend: 'wasm' },
    'browser',
    { emit: (r) => out.push(r as { top1?: number }), progress: () => undefined },
  );
  expect(out.at(-1)?.top1).toBeCloseTo(top1, 6);
});
