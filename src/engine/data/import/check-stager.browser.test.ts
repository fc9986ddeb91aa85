// CheckStager against real IndexedDB: every distinct hash is stored once (hashes already stored are skipped), the
// byte count matches, the check is held back while writes queue, and a failed write stops it with that error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetLibrary } from '../../storage/library.ts';
import { CheckStager } from './check-stager.ts';

const hasIdb = typeof indexedDB !== 'undefined';
const deleteDb = (name: string) =>
  new Promise((ok, fail) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = ok;
    r.onerror = fail;
  });
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
    const stager = new CheckStager(lib, 'd', await lib.storedOriginals('d'), 4);
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

  it('stops with the write error and reports it once', async () => {
    const failures: unknown[] = [];
    const stager = new CheckStager(lib, 'd', new Set(), 2, undefined, (e) => failures.push(e));
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
    const stager = new CheckStager(lib, 'd', new Set(), 1);
    await stager.add('a', randomBytes(10), 'image/png');
    await stager.drain();
    await expect(stager.add('b', randomBytes(10), 'image/png')).rejects.toThrow(/check stopped/);
    expect([...(await lib.storedOriginals('d'))]).toEqual(['a']);
  });
});
