// Archives expand to the same tree as the folder they were made from; broken or hostile archives fail clearly.

import { gzipSync, zipSync } from 'fflate';
import { createTar } from 'nanotar';
import { describe, expect, it } from 'vitest';
import { archiveKind, expandArchive } from './archive.ts';
import { checkDataset } from './check-dataset.ts';
import { memoryFile } from './file-tree.ts';
import { seededRandom } from './testing/image-builders.ts';
import { encodePng } from './testing/png-encode.ts';

const rand = seededRandom(Date.now() % 1e6);
const files: Record<string, Uint8Array> = {};
for (const c of ['cat', 'dog']) {
  for (let i = 0; i < 3; i++) {
    files[`pets/${c}/${i}.png`] = encodePng({
      width: 3 + i,
      height: 4,
      colourType: 2,
      bitDepth: 8,
      sample: () => rand() * 255,
    });
  }
}
const folder = { files: Object.entries(files).map(([p, b]) => memoryFile(p, b)) };
const tar = createTar(Object.entries(files).map(([name, data]) => ({ name, data })));

describe('archives', () => {
  it('zip, tar and tgz give the same report as the folder', async () => {
    const expected = await checkDataset(folder);
    expect(expected.accepted).toBe(6);
    const archives: Array<[string, Uint8Array]> = [
      ['pets.zip', zipSync(files)],
      ['pets.tar', tar],
      ['pets.tgz', gzipSync(tar)],
      ['pets.tar.gz', gzipSync(tar)],
    ];
    for (const [name, bytes] of archives) {
      expect(await checkDataset(expandArchive(name, bytes)), name).toEqual(expected);
      // A drop holding just the archive is expanded too.
      expect(await checkDataset({ files: [memoryFile(name, bytes)] }), name).toEqual(expected);
      expect(await checkDataset({ files: [memoryFile(`drop/${name}`, bytes)] }), name).toEqual(expected);
    }
  });

  it('skips zip entries that escape the root, with a warning', async () => {
    const zip = zipSync({ ...files, '../evil.png': files['pets/cat/0.png']! });
    const tree = expandArchive('x.zip', zip);
    expect(tree.files).toHaveLength(6);
    expect(tree.problems).toEqual([
      {
        file: 'x.zip!../evil.png',
        severity: 'warning',
        code: 'unsafe-path',
        reason: 'archive entry path leaves the archive root; skipped',
      },
    ]);
  });

  it('names the archive when it is not what its extension says', () => {
    expect(archiveKind('A.TAR.GZ')).toBe('tgz');
    expect(archiveKind('a.rar')).toBeNull();
    expect(() => expandArchive('a.zip', tar)).toThrow('a.zip: not a ZIP archive (no PK signature)');
    expect(() => expandArchive('a.tgz', tar)).toThrow('a.tgz: not gzip-compressed (no 1F 8B signature)');
    expect(() => expandArchive('a.tar', new Uint8Array(1024).fill(7))).toThrow(
      'a.tar: not a TAR archive (bad header)',
    );
    const cut = zipSync(files).subarray(0, 300);
    expect(() => expandArchive('cut.zip', cut)).toThrow(/^cut\.zip: cannot read ZIP archive/);
    expect(() => expandArchive('a.7z', tar)).toThrow(/not a \.zip, \.tar, \.tgz or \.tar\.gz archive/);
  });
});
