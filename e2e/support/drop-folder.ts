// Drops a ../shared folder on the Datasets screen the way a real folder drop arrives. Script-built DataTransfers
// cannot carry directory entries, so each File carries its relative path in a `relativePath` property (what a
// real drop gets from webkitGetAsEntry's fullPath); the files are fetched from the preview server's /shared/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';

const shared = resolve(process.cwd(), process.env.WEBCLAS_SHARED ?? '../shared');

export function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir))
    throw new Error(`missing ${dir}: set WEBCLAS_SHARED to the shared/ folder (default ../shared)`);
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
    });
}

/** Fetches the folder's files from the preview server's /shared/ and drops them on the drop zone. */
export async function dropFolder(page: Page, folder: string): Promise<void> {
  const files = listFiles(join(shared, folder));
  await page.evaluate(
    async ({ folder, files }) => {
      const top = folder.split('/').pop()!;
      const dt = new DataTransfer();
      const fetched = await Promise.all(
        files.map(async (f) => {
          const r = await fetch(`/shared/${folder}/${f}`);
          if (!r.ok) throw new Error(`fetch /shared/${folder}/${f}: ${r.status}`);
          return new File([await r.blob()], f.split('/').pop()!, {
            type: r.headers.get('content-type') ?? '',
          });
        }),
      );
      fetched.forEach((file, i) => {
        Object.defineProperty(file, 'relativePath', { value: `${top}/${files[i]}` });
        dt.items.add(file);
      });
      const zone = document.querySelector('[data-testid="dataset-drop"]')!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { folder, files },
  );
}
