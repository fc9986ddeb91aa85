// The System panel in Debian's headless Chromium: the GPU worker sees SwiftShader, the page is cross-origin
// isolated, storage has a quota, inference falls back to WASM for a stated reason, and ORT loads in the worker.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const ortPackage = JSON.parse(
  readFileSync(new URL('../node_modules/onnxruntime-web/package.json', import.meta.url), 'utf8'),
) as { version: string };

test('System shows the SwiftShader adapter, isolation, storage, the WASM decision and ORT', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/system');
  await expect(page.getByTestId('system-info')).toBeVisible();

  await expect(page.getByTestId('adapter-architecture')).toHaveText(/swiftshader/i);
  await expect(page.getByTestId('adapter-fallback')).toHaveText('yes');
  await expect(page.getByTestId('adapter-software')).toHaveText('yes');
  for (const f of ['shader-f16', 'timestamp-query', 'subgroups']) {
    await expect(page.getByTestId(`feature-${f}`)).toHaveText(/^(yes|no)$/);
  }
  await expect(page.getByTestId('feature-list').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('limit-maxComputeWorkgroupSizeX')).toHaveText(/^\d[\d,]*$/);

  await expect(page.getByTestId('cross-origin-isolated')).toHaveText('yes');
  await expect(page.getByTestId('shared-array-buffer')).toHaveText('yes');
  await expect(page.getByTestId('hardware-concurrency')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('user-agent')).toContainText('Chrome/');
  await expect(page.getByTestId('storage-quota')).toHaveText(/^[\d.]+ (KiB|MiB|GiB|TiB)$/);
  await expect(page.getByTestId('storage-persisted')).toHaveText(/^(yes|no)$/);

  await expect(page.getByTestId('backend-choice')).toHaveText('WASM');
  await expect(page.getByTestId('backend-reason')).toContainText('fallback software adapter');
  await expect(page.getByTestId('backend-reason')).toContainText('slower than WASM');

  await expect(page.getByTestId('ort-version')).toHaveText(ortPackage.version);
  await expect(page.getByTestId('ort-ep-wasm-available')).toHaveText('yes');
  await expect(page.getByTestId('ort-ep-webgpu-available')).toHaveText(/^(yes|no)$/);
  await expect(page.getByTestId('ort-threads')).toHaveText(/^\d+$/);

  await page.screenshot({ path: process.env.WEBCLAS_E2E_SHOTS ?? '/tmp/webclas-system.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('a device loss in the worker reaches the page and a fresh device follows', async ({ page }) => {
  await page.goto('/#/system');
  await expect(page.getByTestId('devices-lost')).toHaveText('0');
  await page.getByTestId('inject-device-loss').click();
  await expect(page.getByTestId('device-event')).toHaveCount(1);
  await expect(page.getByTestId('device-event')).toContainText('destroyed');
  // The loss refreshes the facts: the worker counted it and describes the new device's adapter.
  await expect(page.getByTestId('devices-lost')).toHaveText('1');
  await expect(page.getByTestId('adapter-architecture')).toHaveText(/swiftshader/i);
});
