// Tiny metadata claiming huge sizes (issue #15 item 2): each hostile input is generated here and must end in a
// report line or a DatasetError naming file and line — quickly, and without allocating what it claims.

import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkDataset } from './check-dataset.ts';
import { type FileTree, memoryFile } from './file-tree.ts';
import { parseLabelList } from './formats/label-list.ts';
import { boundedMat } from './formats/mat-v5-bounds.ts';
import { MAX_CLASSES, MAX_MAT_BYTES } from './limits.ts';
import { DatasetError, type ImportReport } from './report.ts';
import { seededRandom } from './testing/image-builders.ts';
import { writeMat } from './testing/mat-v5.ts';
import { encodePng } from './testing/png-encode.ts';

const rand = seededRandom(7);
const png = () =>
  encodePng({
    width: 3 + Math.floor(rand() * 9),
    height: 4,
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
  r.problems.map((p) => `${p.severity} ${p.file}${p.line ? `:${p.line}` : ''} ${p.code}: ${p.reason}`);

/** The DatasetError a check rejects with (fails the test for any other outcome). */
async function datasetError(t: FileTree): Promise<DatasetError> {
  const e = await checkDataset(t).then(
    () => null,
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(DatasetError);
  return e as DatasetError;
}

describe('label lists and PaddleClas lists', () => {
  it('a label-list ID of 4294967296 stops the check naming file and line', async () => {
    const e = await datasetError(
      tree({
        'a.png': png(),
        'train_list.txt': 'a.png 0\n',
        'flowers_label_list.txt': '0 daisy\n1 rose\n4294967296 b\n',
      }),
    );
    expect(e.message).toBe(
      'flowers_label_list.txt line 3: class ID 4294967296 is not below the limit of 100,000 classes',
    );
    expect([e.file, e.line]).toEqual(['flowers_label_list.txt', 3]);
  });

  it('a list label of 4294967296 with a label list is one report line naming the label list', async () => {
    const r = await checkDataset(
      tree({
        'a.png': png(),
        'b.png': png(),
        'c.png': png(),
        'train_list.txt': 'a.png 0\nb.png 1\nc.png 4294967296\n',
        'flowers12_label_list.txt': '0 daisy\n1 rose\n',
      }),
    );
    expect(r.classes).toEqual(['daisy', 'rose']);
    expect(r.accepted).toBe(2);
    expect(lines(r)).toContain(
      'error train_list.txt:3 label-out-of-range: label 4294967296 is not below the 2 classes named in flowers12_label_list.txt',
    );
  });

  it('without a label list, labels 50000000 and 99999999999 stop the check instead of sizing the classes', async () => {
    for (const label of ['50000000', '99999999999', '184467440737095516160000']) {
      const e = await datasetError(
        tree({ 'a.png': png(), 'b.png': png(), 'train_list.txt': `a.png 0\nb.png ${label}\n` }),
      );
      expect(e.message).toBe(
        `train_list.txt line 2: label ${label} is not below the limit of 100,000 classes (no *_label_list.txt names the classes)`,
      );
    }
    // At the cap's edge the classes are still numbered (and nothing overflows).
    const r = await checkDataset(
      tree({ 'a.png': png(), 'b.png': png(), 'val_list.txt': `a.png 0\nb.png ${MAX_CLASSES - 1}\n` }),
    );
    expect(r.classes).toHaveLength(MAX_CLASSES);
  });

  it('a label-list ID past its own line count is rejected on its line, not filled with placeholders', async () => {
    const r = await checkDataset(
      tree({
        'a.png': png(),
        'train_list.txt': 'a.png 0\n',
        'label_list.txt': '0 daisy\n1 rose\n99999 typo\n',
      }),
    );
    expect(r.classes).toEqual(['daisy', 'rose']);
    expect(lines(r).filter((l) => l.startsWith('error'))).toEqual([
      'error label_list.txt:3 label-out-of-range: class ID 99999 is not below the 3 classes this file names; line skipped',
    ]);
  });

  it('a 200,000-class label list stops at line 100,001 (no stack overflow); 100,000 classes are read', async () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `${i} class${i}`).join('\n');
    const e = await datasetError(
      tree({ 'a.png': png(), 'train_list.txt': 'a.png 0\n', 'big_label_list.txt': list(200_000) }),
    );
    expect(e.message).toBe(
      'big_label_list.txt line 100001: class ID 100000 is not below the limit of 100,000 classes',
    );
    // The same file shuffled (IDs out of order, so the count comes from the lines, not the last ID).
    const shuffled = list(200_000).split('\n').reverse().join('\n');
    await expect(parseLabelList('big_label_list.txt', shuffled)).rejects.toThrow(
      'big_label_list.txt line 1: class ID 199999 is not below the limit of 100,000 classes',
    );
    const atCap = await parseLabelList(
      'cap_label_list.txt',
      list(MAX_CLASSES).split('\n').reverse().join('\n'),
    );
    expect(atCap.names).toHaveLength(MAX_CLASSES);
    expect(atCap.names[MAX_CLASSES - 1]).toBe(`class${MAX_CLASSES - 1}`);
    expect(atCap.problems).toEqual([]);
  });
});

describe('CSV and class folders', () => {
  it('an index of 99999999999 without a label list, or one class name too many, names file and line', async () => {
    const e = await datasetError(tree({ 'a.png': png(), 'data.csv': 'path,label\na.png,99999999999\n' }));
    expect(e.message).toBe(
      'data.csv line 2: label 99999999999 is not below the limit of 100,000 classes (no *_label_list.txt names the classes)',
    );
    const rows = Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `x${i}.png,c${i}`).join('\n');
    const names = await datasetError(tree({ 'labels.csv': rows }));
    expect(names.message).toBe(
      `labels.csv line 100001: class 'c100000' is one more than the limit of 100,000 classes`,
    );
  });

  it('one class folder more than the cap stops the check naming it', async () => {
    const bytes = new Uint8Array(1);
    const t: FileTree = {
      files: Array.from({ length: MAX_CLASSES + 1 }, (_, i) => memoryFile(`c${i}/a.png`, bytes)),
    };
    const e = await datasetError(t);
    expect(e.message).toBe('c100000: one class folder more than the limit of 100,000 classes');
  });
});

describe('flowers102 .mat files', () => {
  const images = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`jpg/image_0000${i + 1}.jpg`, png()]));

  it('a ~400-byte setid.mat claiming 65536×65536 is refused before mat-for-js reads it', async () => {
    for (const compressed of [false, true]) {
      const setid = writeMat({ trnid: [1], valid: [2], tstid: [3] }, compressed, { trnid: [65536, 65536] });
      expect(setid.length).toBeLessThan(450);
      const e = await datasetError(
        tree({
          ...images(3),
          'imagelabels.mat': writeMat({ labels: [1, 2, 1] }, compressed),
          'setid.mat': setid,
        }),
      );
      expect(e.message).toBe(
        "setid.mat: variable 'trnid' is 65536×65536 (4,294,967,296 values) but its real data holds 1 (8 bytes)",
      );
    }
  });

  it('refuses 3-D claims, too many dimensions, elements longer than the file, and a compressed bomb', () => {
    const claim = (dims: number[]) => () =>
      boundedMat(writeMat({ labels: [1, 2] }, false, { labels: dims }), 'imagelabels.mat');
    expect(claim([2, 1, 3])).toThrow("variable 'labels' is 2×1×3 (6 values) but its real data holds 2");
    expect(claim(new Array(40).fill(1))).toThrow('has 40 dimensions (1..32 allowed)');
    expect(claim([-1, -2])).toThrow('negative dimension -1');
    // Exactly as claimed passes, as a plain file of the checked arrays.
    expect(boundedMat(writeMat({ labels: [1, 2] }, true), 'imagelabels.mat').byteLength).toBeGreaterThan(128);

    const whole = writeMat({ labels: [1, 2, 3, 4] }, false);
    expect(() => boundedMat(whole.subarray(0, whole.length - 16), 'imagelabels.mat')).toThrow(
      /imagelabels\.mat: data element at byte 128 claims \d+ bytes, but only \d+ remain/,
    );
    // 20 MiB of zeros deflate to ~20 KB: inflation stops at the cap, never holding the whole claim.
    const bomb = zlibSync(new Uint8Array(MAX_MAT_BYTES + 4 * 1024 * 1024));
    const file = new Uint8Array(128 + 8 + bomb.length);
    file.set(whole.subarray(0, 128));
    new DataView(file.buffer).setUint32(128, 15, true);
    new DataView(file.buffer).setUint32(132, bomb.length, true);
    file.set(bomb, 136);
    expect(file.length).toBeLessThan(64 * 1024);
    expect(() => boundedMat(file, 'setid.mat')).toThrow(
      'setid.mat: compressed variables inflate past 16,777,216 bytes (the limit)',
    );
  });

  it('a label of 4294967296 in imagelabels.mat stops the check naming the variable', async () => {
    const e = await datasetError(
      tree({
        ...images(2),
        'imagelabels.mat': writeMat({ labels: [1, 4294967296] }, true),
        'setid.mat': writeMat({ trnid: [1], valid: [2], tstid: [] }, true),
      }),
    );
    expect(e.message).toBe('imagelabels.mat: labels(2) = 4294967296 is above the limit of 100,000 classes');
  });
});

describe('cancel while lists are parsed', () => {
  it('a 1,000,000-line list reports line progress and stops mid-parse when aborted', async () => {
    const n = 1_000_000;
    const list = new TextEncoder().encode(Array.from({ length: n }, (_, i) => `jpg/${i}.png 0`).join('\n'));
    const controller = new AbortController();
    const seen: Array<[number, number]> = [];
    const checked = checkDataset(tree({ 'train_list.txt': list, 'jpg/0.png': png() }), {
      signal: controller.signal,
      onListProgress: (done, total) => {
        seen.push([done, total]);
        controller.abort(new Error('import cancelled'));
      },
    });
    await expect(checked).rejects.toThrow('import cancelled');
    // Stopped at the first progress report, long before the last line.
    expect(seen).toHaveLength(1);
    const [done, total] = seen[0]!;
    expect(total).toBe(n);
    expect(done).toBeLessThan(n);
  });
});
