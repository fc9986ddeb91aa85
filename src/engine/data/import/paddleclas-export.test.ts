// PaddleClas export round trip on the real flowers12-paddleclas data: the zip our export writes is read back by
// checkDataset with the same classes, splits and labels.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { treeFromPath } from '../../../cli/import-check.ts';
import { paddleListPaths } from '../../paddleclas/list-paths.ts';
import { expandArchive } from '../archive.ts';
import { checkDataset } from '../check-dataset.ts';
import { buildPaddleClasZip } from './paddleclas-export.ts';

const shared = resolve(process.cwd(), process.env.WEBCLAS_SHARED ?? '../shared');
const dir = resolve(shared, 'data/flowers12-paddleclas');

describe('buildPaddleClasZip', () => {
  it('round-trips flowers12-paddleclas through our own import check', async () => {
    if (!existsSync(dir)) throw new Error(`missing ${dir}: set WEBCLAS_SHARED to the shared/ folder`);
    const source = await checkDataset(await treeFromPath(dir));
    const tree = await treeFromPath(dir);
    const byPath = new Map(tree.files.map((f) => [f.path, f]));
    const images = await Promise.all(
      source.items.map(async (it) => ({
        path: it.path,
        label: it.label,
        split: it.split,
        bytes: await byPath.get(it.path)!.read(),
      })),
    );
    const zip = buildPaddleClasZip(source.classes, images);
    const back = await checkDataset(expandArchive('export.zip', zip));
    expect(back.format).toBe('paddleclas');
    expect(back.classes).toEqual(source.classes);
    expect(back.splits).toEqual({ train: 576, val: 144 });
    const label = new Map(back.items.map((it) => [it.path, `${it.split}:${it.label}:${it.hash}`]));
    const exported = paddleListPaths(source.items.map((it) => it.path));
    source.items.forEach((it, i) => {
      expect(label.get(exported[i]!)).toBe(`${it.split}:${it.label}:${it.hash}`);
    });
    expect(back.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const names = Object.keys(unzipSync(zip));
    expect(names).toContain('label_list.txt');
    expect(names.filter((n) => n.startsWith('jpg/'))).toHaveLength(720);
  });

  it('keeps class folders apart and names the bad input', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const zip = unzipSync(
      buildPaddleClasZip(
        ['a b', 'c'],
        [
          { path: 'train/a/x.jpg', label: 0, split: 'train', bytes },
          { path: 'train/c/x.jpg', label: 1, split: 'val', bytes },
        ],
      ),
    );
    expect(new TextDecoder().decode(zip['train_list.txt'])).toBe('jpg/train/a/x.jpg 0\n');
    expect(new TextDecoder().decode(zip['val_list.txt'])).toBe('jpg/train/c/x.jpg 1\n');
    expect(new TextDecoder().decode(zip['label_list.txt'])).toBe('0 a b\n1 c\n');
    expect(() => buildPaddleClasZip(['a'], [{ path: 'x.jpg', label: 3, split: 'train', bytes }])).toThrow(
      /x\.jpg has label 3, outside 0\.\.0/,
    );
    expect(() => buildPaddleClasZip(['a'], [{ path: 'x.jpg', label: 0, split: 'holdout', bytes }])).toThrow(
      /split 'holdout'/,
    );
  });
});
