// Hostile dataset metadata dropped on the Datasets screen (issue #15 item 2): a tiny label list or list claiming
// billions of classes stops the import with a message naming file and line (the tab used to crash or grow to
// gigabytes), and Cancel stops a long list parse. The folders are generated in the page; nothing comes from shared.
import { expect, type Page, test } from '@playwright/test';

/** Drops generated files (path → text, or null for a small real PNG) the way a folder drop arrives. */
async function dropGenerated(page: Page, files: Record<string, string | null>): Promise<void> {
  await page.evaluate(async (files) => {
    const canvas = new OffscreenCanvas(6, 5);
    const ctx = canvas.getContext('2d')!;
    const dt = new DataTransfer();
    let n = 0;
    for (const [path, text] of Object.entries(files)) {
      let body: BlobPart = text ?? '';
      if (text === null) {
        ctx.fillStyle = `rgb(${(n++ * 40) % 256}, 90, 160)`;
        ctx.fillRect(0, 0, 6, 5);
        body = await canvas.convertToBlob({ type: 'image/png' });
      }
      const file = new File([body], path.split('/').pop()!);
      Object.defineProperty(file, 'relativePath', { value: path });
      dt.items.add(file);
    }
    document
      .querySelector('[data-testid="dataset-drop"]')!
      .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

test('a label list or list claiming billions of classes fails the import naming file and line', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/datasets');
  const outcome = page.getByTestId('import-outcome');

  await dropGenerated(page, {
    'hostile/jpg/a.png': null,
    'hostile/jpg/b.png': null,
    'hostile/train_list.txt': 'jpg/a.png 0\njpg/b.png 1\n',
    'hostile/flowers12_label_list.txt': '0 daisy\n1 rose\n4294967296 b\n',
  });
  await expect(outcome).toHaveAttribute('data-state', 'failed');
  await expect(outcome).toContainText(
    'flowers12_label_list.txt line 3: class ID 4294967296 is not below the limit of 100,000 classes',
  );

  // Without a label list, label 50000000 used to size 50 million classes.
  await dropGenerated(page, {
    'hostile2/jpg/a.png': null,
    'hostile2/train_list.txt': '# my flowers\njpg/a.png 50000000\n',
  });
  await expect(outcome).toContainText('train_list.txt line 2: label 50000000 is not below the limit');
  await expect(outcome).toHaveAttribute('data-state', 'failed');
  expect(errors).toEqual([]);
});

test('Cancel stops the import while a 2,000,000-line list is being read', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/datasets');
  const lines = (prefix: string) =>
    Array.from({ length: 1_000_000 }, (_, i) => `jpg/${prefix}${i}.png 0`).join('\n');
  // Built in Node, handed to the page as strings: two lists of a million lines naming files that are not there.
  await dropGenerated(page, {
    'long/jpg/a.png': null,
    'long/label_list.txt': '0 daisy\n',
    'long/train_list.txt': lines('t'),
    'long/val_list.txt': lines('v'),
  });
  // The worker reports the list phase while it parses; cancel from inside it.
  await expect(page.getByTestId('import-phase')).toHaveText('Reading lists');
  await page.getByRole('button', { name: 'Cancel import' }).click();
  const outcome = page.getByTestId('import-outcome');
  await expect(outcome).toHaveAttribute('data-state', 'cancelled');
  await expect(outcome).toContainText('Import cancelled');
  expect(errors).toEqual([]);
});
