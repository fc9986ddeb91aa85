// Decompression bombs and caps: every hostile archive is built here (a 1 GiB entry is ~7 MB of DEFLATE written
// directly, never held uncompressed). An entry over a cap is skipped with a report line, the total cap stops the
// reading with one, and the process's peak memory stays far below what the archives claim or would inflate to.
import { gzipSync, zipSync } from 'fflate';
import { createTar } from 'nanotar';
import { describe, expect, it } from 'vitest';
import { expandArchive } from './archive.ts';
import { archiveLimits } from './archive-limits.ts';
import { deflatedZeros, rawGzip, rawZip, tarHeader } from './testing/archive-bombs.ts';
import { encodePng } from './testing/png-encode.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const png = (w: number) => encodePng({ width: w, height: 3, colourType: 2, bitDepth: 8 });
/** Peak resident memory of this process so far, in MiB (Linux reports KiB). */
const peakMiB = () => process.resourceUsage().maxRSS / 1024;

describe('archive caps', () => {
  // First in the file, so the peak measured before is this fresh worker's start-up peak.
  it('stops inflating an entry as soon as it passes the size its header gives (1 GiB of zeros claiming 1000 bytes)', () => {
    const bomb = deflatedZeros(GiB);
    expect(bomb.size).toBeGreaterThanOrEqual(GiB);
    expect(bomb.data.length).toBeLessThan(8 * MiB);
    const zip = rawZip([
      { name: 'pets/cat/0.png', method: 0, data: png(4), size: png(4).length },
      { name: 'pets/cat/bomb.png', method: 8, data: bomb.data, size: 1000 },
      { name: 'pets/dog/0.png', method: 0, data: png(5), size: png(5).length },
    ]);
    const before = peakMiB();
    const tree = expandArchive('pets.zip', zip);
    expect(peakMiB() - before).toBeLessThan(128);
    expect(tree.files.map((f) => f.path)).toEqual(['pets/cat/0.png', 'pets/dog/0.png']);
    expect(tree.problems).toEqual([
      {
        file: 'pets.zip!pets/cat/bomb.png',
        severity: 'error',
        code: 'corrupt',
        reason: 'archive entry inflates past the 1000 bytes its header gives; skipped',
      },
    ]);
  });

  it('skips an entry whose header gives more than the per-entry cap without inflating it', () => {
    const bomb = deflatedZeros(GiB);
    const before = peakMiB();
    const tree = expandArchive(
      'pets.zip',
      rawZip([
        { name: 'pets/cat/bomb.png', method: 8, data: bomb.data, size: bomb.size },
        { name: 'pets/cat/0.png', method: 0, data: png(4), size: png(4).length },
      ]),
    );
    expect(peakMiB() - before).toBeLessThan(128);
    expect(tree.files.map((f) => f.path)).toEqual(['pets/cat/0.png']);
    expect(tree.problems).toEqual([
      {
        file: 'pets.zip!pets/cat/bomb.png',
        severity: 'error',
        code: 'too-large',
        reason: 'expands to 1024 MiB, over the 256 MiB cap per entry; skipped',
      },
    ]);
    expect(archiveLimits).toEqual({ entryBytes: 256 * MiB, totalBytes: 2 * GiB });
  });

  it('an entry that inflates to less than its header gives, or a stored entry of another size, is skipped', () => {
    const short = deflatedZeros(10_000);
    const tree = expandArchive(
      'x.zip',
      rawZip([
        { name: 'a/short.png', method: 8, data: short.data, size: short.size + 5 },
        { name: 'a/stored.png', method: 0, data: png(4), size: 7 },
        { name: 'a/lzma.png', method: 14, data: png(4), size: png(4).length },
        { name: 'a/ok.png', method: 8, data: deflatedZeros(259).data, size: 259 },
      ]),
    );
    expect(tree.files.map((f) => [f.path, f.size])).toEqual([['a/ok.png', 259]]);
    expect(tree.problems.map((p) => `${p.file} ${p.code}: ${p.reason}`)).toEqual([
      `x.zip!a/short.png corrupt: archive entry inflates to ${short.size} bytes, its header gives ${short.size + 5}; skipped`,
      `x.zip!a/stored.png corrupt: archive entry holds ${png(4).length} bytes, its header gives 7; skipped`,
      'x.zip!a/lzma.png unsupported: archive entry uses compression method 14 (only stored and deflate are read); skipped',
    ]);
  });

  it('stops at the total cap with one report line (zip and tar), keeping the entries before it', () => {
    const limits = { entryBytes: 2 * MiB, totalBytes: 3 * MiB };
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 5; i++) files[`big/${i}.bin`] = new Uint8Array(MiB).fill(i);
    const zip = expandArchive('big.zip', zipSync(files), limits);
    expect(zip.files.map((f) => f.path)).toEqual(['big/0.bin', 'big/1.bin', 'big/2.bin']);
    expect(zip.problems).toEqual([
      {
        file: 'big.zip',
        severity: 'error',
        code: 'archive-limit',
        reason:
          'entries expand to more than the 3 MiB cap for a whole archive; stopped before big/3.bin, the rest was not read',
      },
    ]);
    const tar = createTar(Object.entries(files).map(([name, data]) => ({ name, data })));
    const plain = expandArchive('big.tar', tar, limits);
    expect(plain.files.map((f) => f.path)).toEqual(['big/0.bin', 'big/1.bin', 'big/2.bin']);
    expect(plain.problems.map((p) => `${p.file} ${p.code}`)).toEqual(['big.tar archive-limit']);
    // gzip: the stream itself is cut at the cap; the entry it was cut in is not kept.
    const tgz = expandArchive('big.tgz', gzipSync(tar), { entryBytes: 2 * MiB, totalBytes: 2.5 * MiB });
    expect(tgz.files.map((f) => f.path)).toEqual(['big/0.bin', 'big/1.bin']);
    expect(tgz.problems).toEqual([
      {
        file: 'big.tgz',
        severity: 'error',
        code: 'archive-limit',
        reason:
          'expands to more than the 2.5 MiB cap for a whole archive; stopped in big/2.bin, the rest was not read',
      },
    ]);
  });

  it('gunzips a .tgz bomb only up to the total cap', () => {
    // One tar header for a 1 GiB file, then 1 GiB of zeros; the gzip trailer claims 1 KiB.
    const bomb = deflatedZeros(GiB, tarHeader('bomb/0.bin', GiB));
    expect(bomb.data.length).toBeLessThan(8 * MiB);
    const before = peakMiB();
    const tree = expandArchive('bomb.tgz', rawGzip(bomb.data, 1024), {
      entryBytes: MiB,
      totalBytes: 16 * MiB,
    });
    expect(peakMiB() - before).toBeLessThan(128);
    expect(tree.files).toEqual([]);
    expect(tree.problems).toEqual([
      {
        file: 'bomb.tgz',
        severity: 'error',
        code: 'archive-limit',
        reason:
          'expands to more than the 16 MiB cap for a whole archive; stopped in bomb/0.bin, the rest was not read',
      },
    ]);
  });
});
