// CheckStager against real IndexedDB: every distinct hash is stored once (hashes already stored are skipped), the
// byte count matches, the check is held back while writes queue, and a failed write stops it with that error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetLibrary } from '../../storage/library.ts';
import { deleteDb } from '../../storage/testing/delete-db.ts';
import { CheckStager } from './check-stager.ts';

const hasIdb = typeof indexedDB !== 'undefined';
const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe.skipIf(!hasIdb)('CheckStager', () => {
  let name: string;
  let lib: DatasetLibrary;
  beforeEach(async () => {
    name = `webclas-stager-test-${Math.random().toString(36).slice(2)}`;
    lib = await DatasetLibrary.open(name);
    await lib.createDataset(
      {
        id: 'd',
        name: 'd',
        format: '',
        createdAt: 0,
        state: 'importing',
        storedBytes: 0,
        copyShortSide: 256,
      },
      [],
      {
        id: 'd',
        state: 'checking',
        startedAt: 0,
        items: [],
        classes: [],
        problems: [],
        options: { copyShortSide: 256, maxMegapixels: 40, thumbSize: 128 },
      },
    );
  });
  afterEach(async () => {
    lib.close();
    await deleteDb(name);
  });

  it('stores each new hash once, in batches, and counts its bytes', async () => {
    await lib.stageOriginals('d', [
      { hash: 'h0', file: { bytes: randomBytes(50).buffer, type: 'image/png' } },
    ]);
    const sizes = Array.from({ length: 11 }, (_, i) => 100 + Math.floor(Math.random() * 900) + i);
    const stager = new CheckStager(lib, 'd', await lib.storedOriginals('d'), { files: 4, bytes: Infinity });
    // h0 is already stored; h3 comes twice (a duplicate file); a view into a larger buffer stores only its bytes.
    const hashes = ['h0', 'h1', 'h2', 'h3', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9'];
    await Promise.all(
      hashes.map((h, i) => stager.add(h, randomBytes(sizes[i]! + 64).subarray(64), 'image/jpeg')),
    );
    await stager.finish();
    const stored = await lib.storedOriginals('d');
    expect([...stored].sort()).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9']);
    const expected = 50 + sizes.reduce((s, n, i) => s + (i === 0 || i === 4 ? 0 : n), 0);
    expect((await lib.dataset('d'))!.storedBytes).toBe(expected);
    expect((await lib.original('d', 'h5'))!.size).toBe(sizes[6]);
  });

  it('closes a batch at its byte limit, and writes without lookups', async () => {
    const batches: { hashes: string[]; fresh: boolean | undefined }[] = [];
    const spy = Object.create(lib) as DatasetLibrary;
    spy.stageOriginals = (id, batch, options) => {
      batches.push({ hashes: batch.map((b) => b.hash), fresh: options?.fresh });
      return lib.stageOriginals(id, batch, options);
    };
    const stager = new CheckStager(spy, 'd', new Set(), { files: 100, bytes: 1000 });
    const sizes = [400, 400, 300, 999, 1000, 5, 5];
    for (const [i, n] of sizes.entries()) await stager.add(`h${i}`, randomBytes(n), 'image/jpeg');
    await stager.finish();
    // Closed once a batch reaches 1000 bytes: 400+400+300, 999+1000, then the rest at finish.
    expect(batches).toEqual([
      { hashes: ['h0', 'h1', 'h2'], fresh: true },
      { hashes: ['h3', 'h4'], fresh: true },
      { hashes: ['h5', 'h6'], fresh: true },
    ]);
    expect((await lib.dataset('d'))!.storedBytes).toBe(sizes.reduce((s, n) => s + n, 0));
    expect((await lib.storedOriginals('d')).size).toBe(sizes.length);
  });

  it('stops with the write error and reports it once', async () => {
    const failures: unknown[] = [];
    const stager = new CheckStager(lib, 'd', new Set(), { files: 2, bytes: Infinity }, undefined, (e) =>
      failures.push(e),
    );
    lib.close(); // every write now fails
    await stager.add('a', randomBytes(10), 'image/png');
    await stager.add('b', randomBytes(10), 'image/png'); // a full batch: its write starts
    while (failures.length === 0) await new Promise((ok) => setTimeout(ok, 5));
    await expect(stager.add('c', randomBytes(10), 'image/png')).rejects.toThrow();
    await expect(stager.add('d', randomBytes(10), 'image/png')).rejects.toThrow();
    await expect(stager.finish()).rejects.toThrow();
    expect(failures).toHaveLength(1);
  });

  it('writes nothing more once drained (a stopped check leaves no write behind)', async () => {
    const stager = new CheckStager(lib, 'd', new Set(), { files: 1, bytes: Infinity });
    await stager.add('a', randomBytes(10), 'image/png');
    await stager.drain();
    await expect(stager.add('b', randomBytes(10), 'image/png')).rejects.toThrow(/check stopped/);
    expect([...(await lib.storedOriginals('d'))]).toEqual(['a']);
  });
});
