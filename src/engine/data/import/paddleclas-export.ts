// Exports a stored dataset as a PaddleClas-format zip: `jpg/…` images, `train_list.txt`, `val_list.txt`
// (`test_list.txt`, `train_extra_list.txt` when used) and `label_list.txt`, readable back by our own import and
// by PaddleClas (image paths made safe for its space-split list lines by paddleclas/list-paths.ts).
import { type Zippable, zipSync } from 'fflate';
import { paddleListPaths } from '../../paddleclas/list-paths.ts';

export interface ExportImage {
  path: string;
  label: number | null;
  split: string;
  bytes: Uint8Array;
}

const listOfSplit: Record<string, string> = {
  train: 'train_list.txt',
  val: 'val_list.txt',
  test: 'test_list.txt',
  unlabeled: 'train_extra_list.txt',
};

export function buildPaddleClasZip(classes: string[], images: ExportImage[]): Uint8Array {
  return zipSync(paddleClasFiles(classes, images));
}

/** The zip's entries (images stored, lists and label map), for exports that add files of their own. */
export function paddleClasFiles(classes: string[], images: ExportImage[]): Zippable {
  const badName = classes.findIndex((c) => /[\r\n]/.test(c) || c.trim() === '');
  if (badName >= 0) throw new Error(`export: class ${badName} has an empty or multi-line name`);
  const files: Zippable = {};
  const lists: Record<string, string[]> = { 'train_list.txt': [], 'val_list.txt': [] };
  // Under `jpg/`, keeping folders so equal names in two classes differ; no whitespace, unique.
  const targets = paddleListPaths(images.map((img) => img.path));
  images.forEach((img, i) => {
    const list = listOfSplit[img.split];
    if (!list)
      throw new Error(`export: ${img.path} is in split '${img.split}', which PaddleClas lists cannot hold`);
    if (img.label !== null && !(img.label >= 0 && img.label < classes.length)) {
      throw new Error(`export: ${img.path} has label ${img.label}, outside 0..${classes.length - 1}`);
    }
    const target = targets[i]!;
    // JPEG/PNG/WebP are already compressed: store them, do not deflate again.
    files[target] = [img.bytes, { level: 0 }];
    const lines = lists[list] ?? [];
    lines.push(img.split === 'unlabeled' ? target : `${target} ${img.label}`);
    lists[list] = lines;
  });
  const text = (lines: string[]) => new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
  for (const [name, lines] of Object.entries(lists)) files[name] = text(lines);
  files['label_list.txt'] = text(classes.map((c, i) => `${i} ${c}`));
  return files;
}
