// Archives expand to the same tree as the folder they were made from; broken or hostile archives fail clearly, and
// entries naming places outside the archive (absolute or `..`) are skipped with a line each.

import { gzipSync, zipSync } from 'fflate';
import { createTar } from 'nanotar';
import { describe, expect, it } from 'vitest';
import { archiveKind, expandArchive } from './archive.ts';
import { checkDataset } from './check-dataset.ts';
import { memoryFile } from './file-tree.ts';
import { rawZip, tarHeader } from './testing/archive-bombs.ts';
import { seededRandom } from './testing/image-builders.ts';
import { concat, encodePng } from './testing/png-encode.ts';

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

  it('rejects absolute entry names (/…, C:\\…, C:…, \\\\server\\…) in zip and tar with a line each, like ..', async () => {
    const bad = [
      '/etc/cat/x.png',
      'C:\\pets\\cat\\y.png',
      'C:pets/cat/z.png',
      '\\\\server\\share\\cat\\w.png',
    ];
    const evil = files['pets/cat/0.png']!;
    const zip = expandArchive(
      'x.zip',
      zipSync({ ...files, ...Object.fromEntries(bad.map((b) => [b, evil])) }),
    );
    expect(zip.files.map((f) => f.path).sort()).toEqual(Object.keys(files).sort());
    expect(zip.problems).toEqual(
      bad.map((b) => ({
        file: `x.zip!${b}`,
        severity: 'warning',
        code: 'unsafe-path',
        reason: 'archive entry path is absolute; skipped',
      })),
    );
    // nanotar would read '/etc/…' as 'etc/…' and '../x' as 'x': the walk reports them instead.
    const hostileTar = createTar([
      ...Object.entries(files).map(([name, data]) => ({ name, data })),
      { name: '/etc/cat/x.png', data: evil },
      { name: '../evil.png', data: evil },
      { name: 'pets/../../up.png', data: evil },
    ]);
    const tarTree = expandArchive('x.tar', hostileTar);
    expect(tarTree.files.map((f) => f.path)).toEqual(Object.keys(files));
    expect(tarTree.problems.map((p) => `${p.file}: ${p.reason}`)).toEqual([
      'x.tar!/etc/cat/x.png: archive entry path is absolute; skipped',
      'x.tar!../evil.png: archive entry path leaves the archive root; skipped',
      'x.tar!pets/../../up.png: archive entry path leaves the archive root; skipped',
    ]);
    expect((await checkDataset(tarTree)).classes).toEqual(['cat', 'dog']);
  });

  it('keeps the first of two entries for one path and reports the other', () => {
    const cat = files['pets/cat/0.png']!;
    const zip = rawZip([
      { name: 'pets/cat/0.png', method: 0, data: cat, size: cat.length },
      {
        name: 'pets/./cat/0.png',
        method: 0,
        data: files['pets/dog/0.png']!,
        size: files['pets/dog/0.png']!.length,
      },
    ]);
    const tree = expandArchive('x.zip', zip);
    expect(tree.files.map((f) => f.path)).toEqual(['pets/cat/0.png']);
    expect(tree.problems).toEqual([
      {
        file: 'x.zip!pets/./cat/0.png',
        severity: 'warning',
        code: 'unsafe-path',
        reason: 'archive entry path repeats an earlier entry (pets/cat/0.png); skipped',
      },
    ]);
  });

  it('reads GNU long names and pax paths, and reports a tar cut inside an entry', () => {
    const long = `pets/cat/${'n'.repeat(120)}.png`;
    const enc = new TextEncoder();
    const block = (data: Uint8Array) => {
      const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
      out.set(data);
      return out;
    };
    const gnuName = enc.encode(`${long}\0`);
    const record = (key: string, value: string) => {
      const body = ` ${key}=${value}\n`;
      let n = body.length + 1;
      while (`${n}${body}`.length !== n) n++;
      return `${n}${body}`;
    };
    const pax = enc.encode(record('path', 'pets/dog/with space=and equals.png'));
    const png = files['pets/dog/0.png']!;
    const header = (name: string, size: number, type: string) => {
      const h = tarHeader(name, size);
      h[156] = type.charCodeAt(0);
      // The checksum covers the type byte: recompute it.
      h.fill(32, 148, 156);
      const sum = h.reduce((s, b) => s + b, 0);
      h.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
      return h;
    };
    const tar = concat([
      header('././@LongLink', gnuName.length, 'L'),
      block(gnuName),
      header('ignored-short-name.png', png.length, '0'),
      block(png),
      header('PaxHeader/x', pax.length, 'x'),
      block(pax),
      header('ignored.png', png.length, '0'),
      block(png),
      header('pets/dog/cut.png', 4096, '0'),
      png,
    ]);
    const tree = expandArchive('t.tar', tar);
    expect(tree.files.map((f) => [f.path, f.size])).toEqual([
      [long, png.length],
      ['pets/dog/with space=and equals.png', png.length],
    ]);
    expect(tree.problems).toEqual([
      {
        file: 't.tar!pets/dog/cut.png',
        severity: 'error',
        code: 'corrupt',
        reason: 'the archive ends inside this entry; the rest of the archive was not read',
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
