// Format detection and planning on in-memory trees of generated PNGs: every format, its split convention,
// unwrapping, overrides, and the list-level report lines.

import { describe, expect, it } from 'vitest';
import { checkDataset } from './check-dataset.ts';
import { type FileTree, memoryFile } from './file-tree.ts';
import { flowers102ImagePath, mapFlowers102 } from './formats/flowers102-mat.ts';
import type { ImportReport } from './report.ts';
import { buildJpeg, seededRandom } from './testing/image-builders.ts';
import { writeMat } from './testing/mat-v5.ts';
import { encodePng } from './testing/png-encode.ts';

const rand = seededRandom(Date.now() % 1e6);
/** A distinct small RGB PNG each call (random size and pixels), so no accidental duplicates. */
const png = () =>
  encodePng({
    width: 2 + Math.floor(rand() * 20),
    height: 2 + Math.floor(rand() * 20),
    colourType: 2,
    bitDepth: 8,
    sample: () => rand() * 255,
  });

function tree(files: Record<string, Uint8Array | string>): FileTree {
  return {
    files: Object.entries(files).map(([p, v]) =>
      memoryFile(p, typeof v === 'string' ? new TextEncoder().encode(v) : v),
    ),
  };
}

const lines = (r: ImportReport) =>
  r.problems.map((p) => `${p.severity} ${p.file}${p.line ? `:${p.line}` : ''} ${p.code}`);

describe('folder per class', () => {
  it('sorts class folders, labels train when there are no split folders, unwraps one top folder', async () => {
    const r = await checkDataset(
      tree({
        'drop/rose/a.png': png(),
        'drop/rose/deep/b.png': png(),
        'drop/Daisy/c.png': png(),
        'drop/x.png': png(),
      }),
    );
    expect(r.format).toBe('folder-per-class');
    expect(r.classes).toEqual(['Daisy', 'rose']);
    expect(r.splits).toEqual({ train: 3 });
    expect(r.items.map((i) => [i.path, i.label])).toEqual([
      ['rose/a.png', 1],
      ['rose/deep/b.png', 1],
      ['Daisy/c.png', 0],
    ]);
    expect(lines(r)).toEqual(['warning Daisy too-few-images', 'warning x.png outside-class-folder']);
  });

  it('takes train/ valid/ test/ as splits and keeps a lone class folder as a class', async () => {
    const r = await checkDataset(
      tree({
        'train/a/1.png': png(),
        'train/a/2.png': png(),
        'valid/a/3.png': png(),
        'test/b/4.png': png(),
        'README.md': '#',
      }),
    );
    expect(r.classes).toEqual(['a', 'b']);
    expect(r.splits).toEqual({ train: 2, val: 1, test: 1 });
    expect(lines(r)).toEqual(['warning README.md ignored-file', 'warning test/b too-few-images']);
    const wrapped = await checkDataset(
      tree({ 'drop/train/a/1.png': png(), 'drop/train/a/2.png': png(), 'drop/__MACOSX/x': '' }),
    );
    expect(wrapped.items.map((i) => `${i.split} ${i.path}`)).toEqual([
      'train train/a/1.png',
      'train train/a/2.png',
    ]);
    expect(wrapped.problems).toEqual([]);
    const lone = await checkDataset(tree({ 'daisy/1.png': png(), 'daisy/2.png': png() }));
    expect(lone.classes).toEqual(['daisy']);
    expect(lone.accepted).toBe(2);
  });

  it('flags duplicate content (kept, marked duplicateOf) and odd names', async () => {
    const same = png();
    const r = await checkDataset(
      tree({ 'a/1.png': same, 'a/ 2.png': png(), 'b/3.png': same, 'b/4\\x.png': png() }),
    );
    expect(r.accepted).toBe(4);
    expect(r.items.find((i) => i.path === 'b/3.png')?.duplicateOf).toBe('a/1.png');
    expect(lines(r)).toEqual([
      'warning a/ 2.png odd-name',
      'warning b/3.png duplicate-file',
      'warning b/4\\x.png odd-name',
    ]);
    expect(r.problems[1]!.reason).toBe("same content as a/1.png, labelled 'a' there and 'b' here");
  });
});

describe('PaddleClas lists', () => {
  it('maps lists to splits, names from the label list, the extra list to an unlabeled pool', async () => {
    const r = await checkDataset(
      tree({
        'jpg/1.png': png(),
        'jpg/2.png': png(),
        'jpg/3.png': png(),
        'jpg/4.png': png(),
        'jpg/5.png': png(),
        'jpg/6.png': png(),
        'train_list.txt': 'jpg/1.png 0\njpg/2.png 1\njpg\\3.png 1\n',
        'val_list.txt': 'jpg/4.png\t0\njpg/1.png 0\n',
        'train_extra_list.txt': 'jpg/5.png\n',
        'my_label_list.txt': '0 red rose\n1 daisy\n',
      }),
    );
    expect(r.format).toBe('paddleclas');
    expect(r.classes).toEqual(['red rose', 'daisy']);
    expect(r.splits).toEqual({ train: 3, val: 1, unlabeled: 1 });
    expect(r.items.find((i) => i.split === 'unlabeled')?.label).toBeNull();
    expect(lines(r)).toEqual([
      'warning jpg/6.png unlisted',
      'warning train_list.txt:3 backslash-path',
      'error val_list.txt:2 split-overlap',
    ]);
  });

  it('numbers classes when there is no label list, and reports label-list defects', async () => {
    const r = await checkDataset(
      tree({ 'a.png': png(), 'b.png': png(), 'train_list.txt': 'a.png 0\nb.png 2\n' }),
    );
    expect(r.classes).toEqual(['0', '1', '2']);
    expect(lines(r)).toEqual([
      'warning train_list.txt no-label-list',
      'warning train_list.txt too-few-images',
      'warning train_list.txt too-few-images',
      'warning train_list.txt too-few-images',
    ]);
    const bad = await checkDataset(
      tree({
        'a.png': png(),
        'train_list.txt': 'a.png 0\n',
        'label_list.txt': '0 a\n0 b\nx c\n2 d\nlonely\n',
      }),
    );
    expect(bad.classes).toEqual(['a', '1', 'd']);
    expect(lines(bad).filter((l) => l.startsWith('error'))).toEqual([
      'error label_list.txt missing-class-id',
      'error label_list.txt:2 duplicate-class-id',
      'error label_list.txt:3 bad-label',
      'error label_list.txt:5 malformed-line',
    ]);
  });
});

describe('CSV', () => {
  it('reads names with a header, quoted paths, and picks the split from the file name', async () => {
    const r = await checkDataset(
      tree({
        'img/a 1.png': png(),
        'img/b.png': png(),
        'img/c.png': png(),
        'img/d.png': png(),
        'labels.csv': 'filename,class\r\n"img/a 1.png",tulip\nimg/b.png,iris\nimg/zz.png,iris\n',
        'val.csv': 'img/c.png,tulip\nimg/d.png,\n',
      }),
    );
    expect(r.format).toBe('csv');
    expect(r.classes).toEqual(['iris', 'tulip']);
    expect(r.splits).toEqual({ train: 2, val: 1 });
    expect(lines(r)).toEqual([
      'warning labels.csv:3 too-few-images',
      'error labels.csv:4 missing-file',
      'error val.csv:2 malformed-line',
    ]);
  });

  it('reads indices without a header and names them from a label list', async () => {
    const r = await checkDataset(
      tree({
        'a.png': png(),
        'b.png': png(),
        'c.png': png(),
        'data.csv': 'a.png,1\nb.png,0\nc.png,7\n',
        'x_label_list.txt': '0 cat\n1 dog\n',
      }),
    );
    expect(r.classes).toEqual(['cat', 'dog']);
    expect(r.items.map((i) => i.label)).toEqual([1, 0]);
    expect(lines(r)[0]).toBe('error data.csv:3 label-out-of-range');
  });
});

describe('Oxford flowers102 .mat', () => {
  it('maps 1-based ids/labels with PaddleClas split convention (trnid→train, valid→val, tstid→test)', () => {
    const labels = [3, 1, 2, 3, 1, 2, 2];
    const m = mapFlowers102(labels, { trnid: [1, 2], valid: [3, 4, 9], tstid: [5, 6, 7, 1] });
    expect(m.classCount).toBe(3);
    expect(m.entries).toEqual([
      { path: 'jpg/image_00001.jpg', label: 2, split: 'train' },
      { path: 'jpg/image_00002.jpg', label: 0, split: 'train' },
      { path: 'jpg/image_00003.jpg', label: 1, split: 'val' },
      { path: 'jpg/image_00004.jpg', label: 2, split: 'val' },
      { path: 'jpg/image_00005.jpg', label: 0, split: 'test' },
      { path: 'jpg/image_00006.jpg', label: 1, split: 'test' },
      { path: 'jpg/image_00007.jpg', label: 1, split: 'test' },
    ]);
    expect(m.problems.map((p) => `${p.file} ${p.code} ${p.reason}`)).toEqual([
      'setid.mat label-out-of-range valid(3) = 9 is outside 1..7',
      'setid.mat split-overlap tstid(4) = 1 is already in trnid; first kept',
    ]);
    expect(mapFlowers102([1, 0.5], { trnid: [1, 2], valid: [], tstid: [] }).problems[0]!.reason).toBe(
      'labels(2) = 0.5 is not a 1-based class number',
    );
  });

  it('reads a real MATLAB v5 pair (compressed and not) written by the test', async () => {
    const n = 8;
    const labels = Array.from({ length: n }, (_, i) => 1 + (i % 2));
    for (const compressed of [false, true]) {
      const files: Record<string, Uint8Array | string> = {
        'imagelabels.mat': writeMat({ labels }, compressed),
        'setid.mat': writeMat({ trnid: [1, 2, 3, 4], valid: [5, 6], tstid: [7, 8] }, compressed),
      };
      for (let id = 1; id <= n; id++)
        if (id !== 8)
          files[flowers102ImagePath(id)] = buildJpeg({ width: 9, height: 9, components: 3, rand });
      const r = await checkDataset(tree(files));
      expect(r.format).toBe('flowers102-mat');
      expect(r.classes).toEqual(['1', '2']);
      expect(r.splits).toEqual({ train: 4, val: 2, test: 1 });
      expect(r.items[0]).toMatchObject({ path: 'jpg/image_00001.jpg', label: 0 });
      expect(lines(r)).toEqual(['error jpg/image_00008.jpg missing-file']);
    }
    const broken = tree({
      'imagelabels.mat': writeMat({ lbl: [1] }, false),
      'setid.mat': writeMat({ trnid: [1] }, false),
    });
    await expect(checkDataset(broken)).rejects.toThrow(
      "imagelabels.mat: expected a numeric vector 'labels' (variables found: lbl)",
    );
  });
});

describe('detection edge cases', () => {
  it('fails clearly on an empty tree and on an override that does not fit', async () => {
    await expect(checkDataset({ files: [] })).rejects.toThrow(/no files found/);
    await expect(checkDataset(tree({ 'a/b.png': png() }), { format: 'paddleclas' })).rejects.toThrow(
      "format 'paddleclas' was requested but no train_list.txt or val_list.txt at the root",
    );
  });

  it('reports progress and stops when aborted', async () => {
    const t = tree({ 'a/1.png': png(), 'a/2.png': png(), 'b/3.png': png() });
    const seen: string[] = [];
    await checkDataset(t, { concurrency: 1, onProgress: (done, total) => seen.push(`${done}/${total}`) });
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
    const controller = new AbortController();
    controller.abort(new Error('import cancelled'));
    await expect(checkDataset(t, { signal: controller.signal })).rejects.toThrow('import cancelled');
  });

  it('lets an override pick folder-per-class over lists', async () => {
    const r = await checkDataset(
      tree({ 'a/1.png': png(), 'a/2.png': png(), 'train_list.txt': 'a/1.png 0\n' }),
      {
        format: 'folder-per-class',
      },
    );
    expect(r.format).toBe('folder-per-class');
    expect(r.accepted).toBe(2);
  });
});
