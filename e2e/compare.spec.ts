// Compare screen in real Chromium: benchmark MobileNetV2 float and int8 (zoo, from the /mirror/ of ../shared/models)
// and two ../shared/models/arch graphs (mirror files: they are not zoo entries) on ORT WebGPU and ORT WASM; the
// scatter and bars render those points; results survive a reload; latency grows with batch size (honest timing);
// the studio's own engine forward is a third backend (screen and CLI).
// Kept affordable for SwiftShader: batch 1, no warm-up, one timed run.
import { spawnSync } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';

const ARCH = ['arch/squeezenet1_1-random.onnx', 'arch/shufflenet_v2_x0_5-random.onnx'];
const ZOO = ['mobilenetv2-12-float', 'mobilenetv2-12-int8'];

async function setup(
  page: Page,
  o: { zoo: string[]; files: string[]; backends: string[]; batches: string; runs: number; warmup: number },
) {
  for (const id of ['mobilenetv2-12-float', 'mobilenetv2-12-int8']) {
    const box = page.getByRole('checkbox', { name: id, exact: true });
    await box.setChecked(o.zoo.includes(id));
  }
  for (const [b, name] of [
    ['webgpu', 'ORT WebGPU'],
    ['wasm', 'ORT WASM'],
    ['engine', 'Studio engine'],
  ] as const)
    await page.getByRole('checkbox', { name, exact: true }).setChecked(o.backends.includes(b));
  await page.getByTestId('bench-mirror-files').fill(o.files.join(','));
  await page.getByTestId('bench-batches').fill(o.batches);
  await page.getByTestId('bench-warmup').fill(String(o.warmup));
  await page.getByTestId('bench-runs').fill(String(o.runs));
}

async function run(page: Page) {
  await page.getByTestId('bench-start').click();
  await expect(page.getByTestId('bench-status')).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('bench-status')).toHaveAttribute('data-running', 'false', {
    timeout: 900_000,
  });
  await expect(page.getByTestId('bench-error')).toHaveCount(0);
}

test('benchmarks four models on WebGPU and WASM, draws them, and keeps them across a reload', async ({
  page,
}) => {
  test.setTimeout(1_200_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/compare');
  await expect(page.getByTestId('screen-compare')).toBeVisible();
  const clear = page.getByRole('button', { name: 'Clear results' });
  if (await clear.isEnabled()) await clear.click();
  await expect(page.getByTestId('bench-empty')).toBeVisible();

  await setup(page, {
    zoo: ZOO,
    files: ARCH,
    backends: ['webgpu', 'wasm'],
    batches: '1',
    runs: 1,
    warmup: 0,
  });
  await run(page);

  const rows = page.getByTestId('bench-row');
  await expect(rows).toHaveCount(8);
  for (const id of [...ZOO, ...ARCH]) {
    for (const b of ['webgpu', 'wasm']) {
      const row = page.locator(`[data-testid=bench-row][data-model="${id}"][data-backend="${b}"]`);
      await expect(row).toHaveCount(1);
      expect(Number(await row.getAttribute('data-p50'))).toBeGreaterThan(0);
    }
  }
  // The int8 model has a reference top-1 in the manifest; the table shows it.
  await expect(page.locator('[data-model="mobilenetv2-12-int8"][data-backend="wasm"]')).toContainText(
    '68.30',
  );

  // Scatter (WASM, batch 1): the int8 model, drawn as an SVG symbol; the float variant (no verified top-1 in the
  // manifest) and the arch graphs have no reference top-1, so they are listed beside the chart instead. Then the
  // WebGPU view, the same.
  await expect(page.getByTestId('scatter-panel')).toHaveAttribute('data-points', '1');
  await expect.poll(() => page.getByTestId('bench-scatter').locator('svg path').count()).toBeGreaterThan(1);
  for (const id of [ZOO[0], ...ARCH])
    await expect(page.getByTestId('scatter-unreferenced')).toContainText(id);
  await page.getByTestId('bench-plot-backend').selectOption('webgpu');
  await expect(page.getByTestId('scatter-panel')).toHaveAttribute('data-points', '1');
  // Bars: eight bars (4 models × 2 backends) plus axes.
  await expect(page.getByTestId('bars-panel')).toHaveAttribute('data-batches', '1');
  await expect
    .poll(() => page.getByTestId('bench-bars').locator('svg path').count())
    .toBeGreaterThanOrEqual(8);
  // No fine-tune among these models: the second panel says how to get one there.
  await expect(page.getByTestId('finetuned-panel')).toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('finetuned-panel')).toContainText('No fine-tuned model measured');

  await page.reload();
  await expect(page.getByTestId('bench-row')).toHaveCount(8);
  await expect(page.getByTestId('scatter-panel')).toHaveAttribute('data-points', '1');
  expect(errors).toEqual([]);
});

/** A benchmark export as another device (or an earlier visit) wrote it: one result per model, ORT WASM, batch 1. */
function exportOf(models: { id: string; name: string; top1: number | null; valTop1?: number }[]): string {
  const results = models.map((m, i) => ({
    id: `imported-${i}`,
    at: Date.now() + i,
    model: {
      id: m.id,
      name: m.name,
      family: m.top1 === null ? 'my models' : 'mobilenet-v2',
      top1: m.top1,
      params: 2.3e6,
      gflops: null,
      sizeBytes: 9e6,
      ...(m.valTop1 === undefined
        ? {}
        : { fineTuned: { dataset: 'flowers12', valTop1: m.valTop1, base: 'mobilenetv2-12-float' } }),
    },
    backend: 'wasm',
    batch: 1,
    threads: 2,
    env: {
      userAgent: 'imported device',
      adapter: 'imported adapter',
      fallbackAdapter: true,
      crossOriginIsolated: true,
      hardwareConcurrency: 2,
    },
    sessionCreateMs: 10,
    firstRunMs: 5,
    warmupRuns: 0,
    samplesMs: [20 + i],
    p50Ms: 20 + i,
    p90Ms: 20 + i,
    meanMs: 20 + i,
    imagesPerSec: 50,
    peakGpuBytes: null,
    peakGpuNote: '',
  }));
  return JSON.stringify({
    kind: 'webclas-bench-results',
    version: 1,
    exportedAt: new Date().toISOString(),
    results,
  });
}

test("a newcomer's Compare: recommended backend and all cores by default, honest axes, names, no sideways scroll", async ({
  page,
}) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => localStorage.removeItem('webclas-compare-settings'));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/#/compare');
  const clear = page.getByRole('button', { name: 'Clear results' });
  if (await clear.isEnabled()) await clear.click();

  // SwiftShader is a software adapter: the System screen recommends WASM, so only WASM is ticked, with the reason.
  await expect(page.getByRole('checkbox', { name: 'ORT WASM', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'ORT WebGPU', exact: true })).not.toBeChecked();
  await expect(page.getByTestId('bench-backend-reason')).toContainText('software adapter');

  // Fine-tuned and mirror models have no reference top-1: listed beside the ImageNet panel, not drawn on it. A
  // fine-tune goes by its name; its validation top-1 of 100 % keeps the axis at 100.
  await page.getByTestId('bench-import').setInputFiles({
    name: 'other.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      exportOf([
        { id: 'mobilenetv2-12-float', name: 'MobileNetV2', top1: 71.88 },
        { id: 'local/a4da6d014b996498', name: 'flowers-head', top1: null, valTop1: 1 },
        { id: ARCH[0], name: 'squeezenet1_1-random', top1: null },
      ]),
    ),
  });
  await expect(page.getByTestId('bench-row')).toHaveCount(3);
  await expect(page.getByTestId('scatter-panel')).toHaveAttribute('data-points', '1');
  const unplaced = page.getByTestId('scatter-unreferenced');
  await expect(unplaced).toContainText('flowers-head');
  await expect(unplaced).toContainText(ARCH[0]);
  await expect(page.locator('body')).not.toContainText('a4da6d014b996498');
  const tuned = page.getByTestId('finetuned-scatter');
  await expect(tuned).toHaveAttribute('data-ready', 'true');
  await expect(tuned.locator('svg text', { hasText: /^100$/ })).toHaveCount(1);
  await expect(tuned.locator('svg text', { hasText: /^1[1-9]0$/ })).toHaveCount(0);
  // The ImageNet axis fits the one placed point (71.88 %): nothing near the old floor at 63.
  await expect(page.getByTestId('bench-scatter').locator('svg text', { hasText: /^65$/ })).toHaveCount(1);

  // The wide table scrolls inside its own box; the page itself never scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: '/tmp/compare-newcomer.png', fullPage: true });

  // A real run on the default backend: ORT WASM with every core the System screen reports (cross-origin isolated).
  const cores = await page.evaluate(() => (crossOriginIsolated ? navigator.hardwareConcurrency : 1));
  await setup(page, { zoo: [], files: [ARCH[0]], backends: ['wasm'], batches: '1', runs: 1, warmup: 0 });
  await run(page);
  const row = page.locator(`[data-testid=bench-row][data-model="${ARCH[0]}"][data-backend="wasm"]`).last();
  await expect(row.locator('td').nth(4)).toHaveText(String(Math.min(cores, 16)));
  expect(errors).toEqual([]);
});

test('measured WASM latency grows with batch size (every run is awaited)', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/#/compare');
  await setup(page, { zoo: [], files: [ARCH[0]], backends: ['wasm'], batches: '1,8', runs: 3, warmup: 1 });
  await run(page);
  const p50 = async (batch: number) => {
    const rows = page.locator(
      `[data-testid=bench-row][data-model="${ARCH[0]}"][data-backend="wasm"][data-batch="${batch}"]`,
    );
    // Oldest first: the last row is this run's.
    return Number(await rows.last().getAttribute('data-p50'));
  };
  const b1 = await p50(1);
  const b8 = await p50(8);
  expect(b1).toBeGreaterThan(0);
  expect(b8).toBeGreaterThan(2 * b1);
});

test('the studio engine is a backend of the screen: its row, its scatter entry and its bar', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/compare');
  await setup(page, { zoo: [], files: [ARCH[0]], backends: ['engine'], batches: '1', runs: 1, warmup: 0 });
  await run(page);
  const row = page.locator(`[data-testid=bench-row][data-model="${ARCH[0]}"][data-backend="engine"]`);
  await expect(row).toHaveCount(1);
  expect(Number(await row.getAttribute('data-p50'))).toBeGreaterThan(0);
  await expect(row).toContainText('Studio engine');
  await page.getByTestId('bench-plot-backend').selectOption('engine');
  // A random-weight arch graph has no reference top-1: listed beside the scatter, not drawn on it.
  await expect(page.getByTestId('scatter-panel')).toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('scatter-unreferenced')).toContainText(ARCH[0]);
  await expect
    .poll(() => page.getByTestId('bench-bars').locator('svg path').count())
    .toBeGreaterThanOrEqual(1);
  expect(errors).toEqual([]);
});

test('webclas bench models prints result lines, comparison lines (WebGPU vs WASM, engine vs WebGPU) and the table', () => {
  test.setTimeout(900_000);
  const r = spawnSync(
    'node',
    [
      'src/cli/webclas.mjs',
      'bench',
      'models',
      '--models',
      ARCH[0],
      '--backends',
      'webgpu,wasm,engine',
      '--batch',
      '1',
      '--runs',
      '1',
      '--warmup',
      '0',
      '--out',
      'test-results/bench',
    ],
    { encoding: 'utf8', timeout: 850_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const results = lines.filter((l) => 'p50Ms' in l);
  expect(results.map((l) => l.backend).sort()).toEqual(['engine', 'wasm', 'webgpu']);
  for (const l of results) expect(l.p50Ms).toBeGreaterThan(0);
  expect(results.find((l) => l.backend === 'webgpu').peakGpuBytes).toBeGreaterThan(0);
  expect(results.find((l) => l.backend === 'engine').peakGpuBytes).toBeGreaterThan(0);
  const cmp = lines.filter((l) => 'ratio' in l);
  expect(cmp).toHaveLength(2);
  expect(cmp[0]).toMatchObject({ bench: 'models', case: `${ARCH[0]} b1`, unit: 'ms', baseline: 'ort-wasm' });
  expect(cmp[0].ratio).toBeCloseTo(cmp[0].baseline_value / cmp[0].ours, 6);
  // The studio's own forward against ORT WebGPU on the same device.
  expect(cmp[1]).toMatchObject({ case: `${ARCH[0]} b1 engine`, unit: 'ms', baseline: 'ort-webgpu' });
  expect(cmp[1].ratio).toBeCloseTo(cmp[1].baseline_value / cmp[1].ours, 6);
  expect(lines.filter((l) => l.skipped)).toEqual([]);
  expect(r.stderr).toMatch(/\| model +\| backend/);
  expect(r.stderr).toMatch(/\| bench +\| case/);
});
