// Models that are not on the mirror (#16 item 3): the Models screen and Classify's picker say which zoo models the
// configured mirror has (HEAD probes), and choosing one it lacks fails with which mirror was tried, that the file
// is not there, and what to do, instead of a bare "HTTP 404".
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const shared = resolve(process.env.WEBCLAS_SHARED ?? '../shared');

test('Models and the Classify picker show what the mirror has; a model it lacks fails with what to do', async ({
  page,
  baseURL,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const heads: string[] = [];
  page.on('request', (r) => r.method() === 'HEAD' && heads.push(r.url()));

  // This server's /mirror/ serves ../shared/models: MobileNetV2 is there, ResNet-50 is not.
  await page.goto('/#/models');
  const row = (key: string) => page.locator(`[data-testid="model-row"][data-key="${key}"]`);
  await expect(row('mobilenetv2-12-float/fp32').getByTestId('model-availability')).toHaveAttribute(
    'data-availability',
    'available',
  );
  await expect(row('mobilenetv2-12-float/fp32').getByTestId('model-availability')).toHaveText(
    'on the mirror, downloads on first use',
  );
  await expect(row('resnet-50/fp32').getByTestId('model-availability')).toHaveText('not on the mirror');
  await expect(page.getByTestId('models-mirror')).toContainText(`${baseURL}/mirror/`);

  // Classify reuses the same probe (cached per mirror): its picker says the same without asking again.
  const probed = heads.length;
  expect(probed).toBeGreaterThan(2);
  // Compare's model checkboxes too (each entry's first variant), as the checkbox's description.
  await page.goto('/#/compare');
  await expect(page.getByRole('checkbox', { name: 'resnet-50', exact: true })).toHaveAccessibleDescription(
    '· not on the mirror',
  );
  await expect(
    page.getByRole('checkbox', { name: 'mobilenetv2-12-float', exact: true }),
  ).toHaveAccessibleDescription('· on the mirror, downloads on first use');
  await page.goto('/#/classify');
  const option = (key: string) => page.getByTestId('model-picker').locator(`option[value="${key}"]`);
  await expect(option('resnet-50/fp32')).toHaveAttribute('data-availability', 'missing');
  await expect(option('resnet-50/fp32')).toContainText('not on the mirror');
  await expect(option('mobilenetv2-12-float/fp32')).toHaveAttribute('data-availability', 'available');
  expect(heads).toHaveLength(probed);
  // Train's base-model picker says the same, on its own mirror field (empty: this server's /mirror/).
  await page.goto('/#/train');
  const base = page.getByRole('combobox', { name: 'Base model', exact: true });
  await expect(base.locator('option[value="resnet-50/fp32"]')).toContainText('not on the mirror');
  await expect(base.locator('option[value="mobilenetv2-12-float/fp32"]')).toContainText('on the mirror');
  await page.goto('/#/classify');

  // A mirror without the file: the picker says so, and classifying says which mirror, what is missing, what to do.
  await page.getByTestId('mirror-setting').fill('/mirror/arch/');
  await expect(option('mobilenetv2-12-float/fp32')).toHaveAttribute('data-availability', 'missing');
  await page.getByTestId('model-picker').selectOption('mobilenetv2-12-float/fp32');
  await page.getByTestId('file-input').setInputFiles({
    name: 'eagle.jpg',
    mimeType: 'image/jpeg',
    buffer: readFileSync(resolve(shared, 'data/photos/eagle.jpg')),
  });
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'failed');
  const error = page.getByTestId('classify-error');
  await expect(error).toContainText(
    `mobilenetv2-12-float/fp32 is not on the model mirror ${baseURL}/mirror/arch/: ${baseURL}/mirror/arch/mobilenetv2-12-float.onnx answered "not found", so nothing was downloaded.`,
  );
  await expect(error).toContainText('set a model mirror that serves mobilenetv2-12-float.onnx');
  await expect(error).toContainText('add the file to this mirror');
  await expect(error).toContainText('pick a model marked "cached"');
  await page.screenshot({ path: '/tmp/models-mirror-classify.png' });

  // Back on this server's mirror the model runs, and then every list calls it cached.
  await page.getByTestId('mirror-setting').fill('');
  await page.getByTestId('file-input').setInputFiles({
    name: 'eagle.jpg',
    mimeType: 'image/jpeg',
    buffer: readFileSync(resolve(shared, 'data/photos/eagle.jpg')),
  });
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'done', {
    timeout: 300_000,
  });
  await expect(option('mobilenetv2-12-float/fp32')).toHaveAttribute('data-availability', 'cached');
  await page.goto('/#/models');
  await expect(row('mobilenetv2-12-float/fp32').getByTestId('model-availability')).toHaveText('cached');
  await page.screenshot({ path: '/tmp/models-mirror.png', fullPage: true });
  expect(errors).toEqual([]);
});
