// `webclas import-check` as a user runs it (a child process on a generated folder) against metadata that claims
// huge sizes: it must exit non-zero with one JSON error naming file and line, inside a 256 MB heap (before the
// caps, a label-list line `4294967296 b` ran the CLI out of heap after 150 s).

import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../engine/data/testing/image-builders.ts';
import { writeMat } from '../engine/data/testing/mat-v5.ts';
import { encodePng } from '../engine/data/testing/png-encode.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rand = seededRandom(11);
const png = () => encodePng({ width: 5, height: 4, colourType: 2, bitDepth: 8, sample: () => rand() * 255 });

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'webclas-import-limits-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A dataset folder under tmp with two images and the given metadata files. */
async function folder(name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const root = join(tmp, name);
  await mkdir(join(root, 'jpg'), { recursive: true });
  await writeFile(join(root, 'jpg/a.png'), png());
  await writeFile(join(root, 'jpg/b.png'), png());
  for (const [path, content] of Object.entries(files)) await writeFile(join(root, path), content);
  return root;
}

/** Runs the CLI with a 256 MB heap; a hang past 60 s fails the test (status null), it does not wait forever. */
function importCheck(dir: string) {
  const r = spawnSync('node', ['--max-old-space-size=256', 'src/cli/webclas.mjs', 'import-check', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = r.stdout.trim().split('\n').filter(Boolean);
  return { status: r.status, lines: lines.map((l) => JSON.parse(l) as { error?: string }), stderr: r.stderr };
}

describe('webclas import-check on hostile metadata', () => {
  it('a label-list line `4294967296 b` exits non-zero naming file and line', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `${i} flower${i}`);
    const dir = await folder('label-list', {
      'train_list.txt': 'jpg/a.png 0\njpg/b.png 1\n',
      'flowers12_label_list.txt': `${[...names, '4294967296 b'].join('\n')}\n`,
    });
    const r = importCheck(dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.lines).toEqual([
      {
        error:
          'flowers12_label_list.txt line 13: class ID 4294967296 is not below the limit of 100,000 classes',
      },
    ]);
  }, 90_000);

  it('a list label of 99999999999 without a label list, and a 1 GiB list, exit non-zero naming the file', async () => {
    const unlisted = await folder('no-label-list', {
      'train_list.txt': 'jpg/a.png 0\n\njpg/b.png 99999999999\n',
    });
    const r = importCheck(unlisted);
    expect(r.status, r.stderr).toBe(1);
    expect(r.lines).toEqual([
      {
        error:
          'train_list.txt line 3: label 99999999999 is not below the limit of 100,000 classes (no *_label_list.txt names the classes)',
      },
    ]);
    // A sparse file: 1 GiB by its size, no disk or memory spent; refused by size before a byte is read.
    const big = await folder('big-list', { 'val_list.txt': '' });
    await truncate(join(big, 'val_list.txt'), 2 ** 30);
    const b = importCheck(big);
    expect(b.status, b.stderr).toBe(1);
    expect(b.lines).toEqual([
      {
        error:
          'val_list.txt: 1,073,741,824 bytes; list, label-list and CSV files may have at most 134,217,728',
      },
    ]);
  }, 120_000);

  it('a setid.mat claiming 65536×65536 exits non-zero naming the file and variable', async () => {
    const dir = await folder('mat', {
      'imagelabels.mat': writeMat({ labels: [1, 2] }, true),
      'setid.mat': writeMat({ trnid: [1], valid: [2], tstid: [] }, true, { trnid: [65536, 65536] }),
    });
    const r = importCheck(dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.lines).toEqual([
      {
        error:
          "setid.mat: variable 'trnid' is 65536×65536 (4,294,967,296 values) but its real data holds 1 (8 bytes)",
      },
    ]);
  }, 90_000);
});
