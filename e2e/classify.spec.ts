// Classify end to end in Debian's headless Chromium, served by `vite preview` with the model mirror at /mirror/
// (../shared/models): the photos of ../shared/data/photos get the README's labels, a truncated JPEG and a text file
// named .jpg get their own clear errors without stopping the batch, a model whose bytes do not match the
// manifest's sha256 is refused, another mirror substituting a different model is refused, and a variant with no
// pinned sha256 runs only after the user confirms a keyboard-operable dialog, marked unverified. Also
// `webclas classify` (classifyCommand) on two photos.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';

const shared = resolve(process.env.WEBCLAS_SHARED ?? '../shared');

function sharedFile(rel: string): Buffer {
  try {
    return readFileSync(resolve(shared, rel));
  } catch {
    throw new Error(
      `missing ${resolve(shared, rel)}: set WEBCLAS_SHARED to the shared/ folder (default ../shared)`,
    );
  }
}

/** ../shared/README.md: photo → accepted top-1 labels (names from imagenet-labels.txt). */
const EXPECTED: Record<string, RegExp> = {
  'coffee.png': /^espresso$/,
  'chelsea.png': /^(tabby cat|tiger cat|Egyptian Mau)$/,
  'LadyBird.jpg': /^ladybug$/,
  'eagle.jpg': /^bald eagle$/,
  'dog.jpg': /^(Alaskan Malamute|husky|Siberian Husky)$/,
  'ILSVRC2012_val_00020010.jpeg': /^Weimaraner$/,
  'ILSVRC2012_val_00030010.jpeg': /^black grouse$/,
};

// Tall enough that the virtualized list renders every card of this small batch.
test.use({ viewport: { width: 1280, height: 4000 } });

async function openClassify(page: Page, model: string) {
  await page.goto('/#/classify');
  await expect(page.getByTestId('model-picker')).toBeVisible();
  await expect(page.getByTestId('model-picker').locator(`option[value="${model}"]`)).toHaveCount(1);
  await page.getByTestId('model-picker').selectOption(model);
}

test('classifies the shared photos with MobileNetV2 from the mirror; broken files fail on their own cards', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openClassify(page, 'mobilenetv2-12-float/fp32');
  const eagle = sharedFile('data/photos/eagle.jpg');
  const files = [
    ...Object.keys(EXPECTED).map((name) => ({
      name,
      mimeType: name.endsWith('.png') ? 'image/png' : 'image/jpeg',
      buffer: sharedFile(`data/photos/${name}`),
    })),
    { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: eagle.subarray(0, Math.floor(eagle.length / 2)) },
    { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('shopping list: milk, eggs\n') },
  ];
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'done', {
    timeout: 300_000,
  });
  await expect(page.getByTestId('classify-progress')).toContainText('9 / 9 images · 7 classified · 2 errors');

  // The backend and why: SwiftShader is a software adapter, so the automatic choice is WASM.
  await expect(page.getByTestId('classify-backend')).toHaveText('WASM');
  await expect(page.getByTestId('classify-backend-reason')).toContainText('software adapter');
  await expect(page.getByTestId('placement-note')).not.toBeEmpty();
  await expect(page.getByTestId('model-integrity')).toHaveText('verified (sha256 checked)');

  for (const [name, label] of Object.entries(EXPECTED)) {
    const card = page
      .getByTestId('result-card')
      .filter({ has: page.getByRole('heading', { name, exact: true }) });
    await expect(card.getByTestId('prediction')).toHaveCount(5);
    await expect(card.getByTestId('prediction-label').first()).toHaveText(label);
    await expect(card.getByTestId('latency')).toContainText(/preprocess [\d.]+ ms · inference [\d.]+ ms/);
  }
  const cut = page.getByTestId('result-card').filter({ has: page.getByRole('heading', { name: 'cut.jpg' }) });
  await expect(cut.getByTestId('result-error')).toHaveText(/^cut\.jpg: .*truncated/i);
  const notes = page
    .getByTestId('result-card')
    .filter({ has: page.getByRole('heading', { name: 'notes.jpg' }) });
  await expect(notes.getByTestId('result-error')).toHaveText('notes.jpg: not an image: plain text');

  // Export carries every row.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8')
    .trim()
    .split('\n');
  expect(csv).toHaveLength(10);
  expect(errors).toEqual([]);
});

test('a model whose bytes do not match the manifest sha256 is refused and not cached', async ({
  page,
  context,
}) => {
  // Serve the int8 model with one byte flipped: same size, different sha256.
  await context.route('**/mirror/mobilenetv2-12-int8.onnx', async (route) => {
    const real = sharedFile('models/mobilenetv2-12-int8.onnx');
    const body = Buffer.from(real);
    body[body.length >> 1] ^= 0xff;
    await route.fulfill({ status: 200, body, headers: { 'Content-Type': 'application/octet-stream' } });
  });
  await openClassify(page, 'mobilenetv2-12-int8/int8');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      { name: 'coffee.png', mimeType: 'image/png', buffer: sharedFile('data/photos/coffee.png') },
    ]);
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'failed', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('classify-error')).toContainText(
    'sha256 mismatch for mobilenetv2-12-int8/int8',
  );
  await expect(page.getByTestId('classify-error')).toContainText('nothing was stored');
  await expect(page.getByTestId('result-card')).toHaveCount(0);
  await expect(
    page.getByTestId('model-picker').locator('option[value="mobilenetv2-12-int8/int8"]'),
  ).toContainText('downloads on first use');
});

test('another mirror serving a different model under a pinned path is refused with a clear message', async ({
  page,
  context,
}) => {
  // A second mirror on this origin whose int8 file is really the float MobileNetV2 (a real, loadable model).
  const substitutes: string[] = [];
  await context.route('**/other-mirror/mobilenetv2-12-int8.onnx', async (route) => {
    // Downloads only: the pickers' availability probes (HEAD) ask for the same URL.
    if (route.request().method() === 'GET') substitutes.push(route.request().url());
    await route.fulfill({
      status: 200,
      body: sharedFile('models/mobilenetv2-12-float.onnx'),
      headers: { 'Content-Type': 'application/octet-stream' },
    });
  });
  await openClassify(page, 'mobilenetv2-12-int8/int8');
  await page.getByTestId('mirror-setting').fill('/other-mirror/');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      { name: 'coffee.png', mimeType: 'image/png', buffer: sharedFile('data/photos/coffee.png') },
    ]);
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'failed', {
    timeout: 120_000,
  });
  expect(substitutes).toHaveLength(1);
  await expect(page.getByTestId('classify-error')).toContainText(
    'size mismatch for mobilenetv2-12-int8/int8 (http://127.0.0.1:',
  );
  await expect(page.getByTestId('classify-error')).toContainText('/other-mirror/mobilenetv2-12-int8.onnx)');
  await expect(page.getByTestId('classify-error')).toContainText('nothing was stored');
  await expect(page.getByTestId('prepared-model')).toHaveCount(0);
  await expect(page.getByTestId('result-card')).toHaveCount(0);
});

test('a variant with no pinned sha256 asks first (keyboard dialog), then runs marked unverified', async ({
  page,
  context,
}) => {
  const model = 'resnet-18/fp16';
  const fetched: string[] = [];
  // The mirror's copy of that file: a real ONNX graph (random-weight SqueezeNet) that nothing can verify.
  await context.route('**/mirror/Xenova/resnet-18/onnx/model_fp16.onnx', async (route) => {
    if (route.request().method() === 'GET') fetched.push(route.request().url());
    await route.fulfill({
      status: 200,
      body: sharedFile('models/arch/squeezenet1_1-random.onnx'),
      headers: { 'Content-Type': 'application/octet-stream' },
    });
  });
  await openClassify(page, model);
  await expect(page.getByTestId('model-picker').locator(`option[value="${model}"]`)).toContainText(
    'unverified',
  );
  const photo = { name: 'coffee.png', mimeType: 'image/png', buffer: sharedFile('data/photos/coffee.png') };
  const dialog = page.getByTestId('unverified-dialog');

  // Escape answers no: nothing is fetched, nothing runs.
  await page.getByTestId('file-input').setInputFiles([photo]);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('ResNet-18 (transformers.js) · fp16 is unverified');
  await expect(dialog).toContainText('pins no sha256');
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('classify-status')).toHaveCount(0);
  expect(fetched).toEqual([]);

  // Tab to the confirm button, Enter: the file is fetched and runs, and the card says it was not verified.
  await page.getByTestId('file-input').setInputFiles([photo]);
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('confirm-ok')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('classify-status')).toHaveAttribute('data-phase', 'done', {
    timeout: 300_000,
  });
  expect(fetched).toHaveLength(1);
  await expect(page.getByTestId('model-integrity')).toHaveText('unverified (no pinned hash)');
  await expect(page.getByTestId('prepared-model')).not.toContainText('verified (sha256');

  await expect(page.getByTestId('result-card')).toHaveCount(1);

  // Confirmed for this mirror: the next batch runs without asking again, from the cached copy.
  await page.getByTestId('file-input').setInputFiles([photo]);
  await expect(page.getByTestId('result-card')).toHaveCount(2, { timeout: 300_000 });
  await expect(dialog).toHaveCount(0);
  expect(fetched).toHaveLength(1);
});

test('webclas classify prints one JSON line per image with the top-5', async () => {
  const { classifyCommand } = await import('../src/cli/classify.ts');
  const lines: { file: string; top?: { index: number; label: string }[]; error?: string }[] = [];
  const progress: string[] = [];
  await classifyCommand(
    [resolve(shared, 'data/photos/coffee.png'), resolve(shared, 'data/photos/eagle.jpg'), 'README.md'],
    { model: 'mobilenetv2-12-float', backend: 'wasm' },
    'browser',
    { emit: (r) => lines.push(r as (typeof lines)[number]), progress: (m) => progress.push(m) },
  );
  expect(progress).toContainEqual(
    expect.stringMatching(/^mobilenetv2-12-float\/fp32 from file:.*: verified \(sha256 checked\)$/),
  );
  expect(lines).toHaveLength(3);
  expect(lines[0].top?.map((p) => p.index)).toHaveLength(5);
  expect(lines[0].top?.[0]).toMatchObject({ index: 967, label: 'espresso' });
  expect(lines[1].top?.[0]).toMatchObject({ index: 22, label: 'bald eagle' });
  expect(lines[2]).toEqual({ file: 'README.md', error: 'README.md: not an image: plain text' });
});

test('webclas classify refuses a zoo variant with no pinned sha256 unless --allow-unverified is given', async () => {
  const { classifyCommand } = await import('../src/cli/classify.ts');
  const io = { emit: () => undefined, progress: () => undefined };
  await expect(
    classifyCommand(
      [resolve(shared, 'data/photos/coffee.png')],
      { model: 'resnet-18', variant: 'fp16' },
      'browser',
      io,
    ),
  ).rejects.toThrow(
    /^resnet-18\/fp16 is unverified: the manifest pins no sha256 for it.*\(pass --allow-unverified\)$/,
  );
});
