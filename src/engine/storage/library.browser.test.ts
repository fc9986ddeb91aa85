// The dataset library in real IndexedDB (Chromium): a v1 database upgrades to the current schema with its data,
// blobs are stored once per content, edits persist, and deleting a dataset leaves nothing behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetLibrary } from './library.ts';
import { openDatasetsDb } from './open.ts';
import {
  blobKey,
  type DatasetRow,
  DB_VERSION,
  type ImageRow,
  imageId,
  isBlob,
  type JobRow,
  type StoredBytes,
} from './schema.ts';
import { deleteDb } from './testing/delete-db.ts';

const hasIdb = typeof indexedDB !== 'undefined';
const randomBlob = (n: number) => {
  const a = new Uint8Array(n);
  crypto.getRandomValues(a);
  return new Blob([a]);
};
const randomBytes = (n: number): StoredBytes => ({
  bytes: crypto.getRandomValues(new Uint8Array(n)).buffer,
  type: 'image/jpeg',
});

function image(datasetId: string, path: string, hash: string, label: number, split = 'train'): ImageRow {
  return {
    id: imageId(datasetId, path),
    datasetId,
    path,
    label,
    split,
    hash,
    mime: 'image/jpeg',
    size: 1000,
    width: 10,
    height: 10,
    orientation: 1,
  };
}

const job = (id: string): JobRow => ({
  id,
  state: 'deriving',
  startedAt: 0,
  items: [],
  classes: ['a', 'b'],
  problems: [],
  options: { copyShortSide: 256, maxMegapixels: 40, thumbSize: 128 },
});

describe.skipIf(!hasIdb)('DatasetLibrary (IndexedDB)', () => {
  let name: string;
  beforeEach(() => {
    name = `webclas-datasets-test-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(() => deleteDb(name));

  it('upgrades a v1 database to the current version and keeps every row and blob', async () => {
    const v1 = await openDatasetsDb(name, 1);
    expect([...v1.objectStoreNames].sort()).toEqual(['classes', 'datasets', 'images', 'originals', 'thumbs']);
    const original = randomBlob(1000);
    const thumb = randomBlob(77);
    // A v1 dataset row: no byte total, no state, no copy size.
    await v1.put('datasets', { id: 'd1', name: 'old', format: 'csv', createdAt: 5 } as never);
    await v1.put('classes', { datasetId: 'd1', index: 0, name: 'cat' });
    await v1.put('images', image('d1', 'x.jpg', 'h1', 0));
    await v1.put('images', image('d1', 'copy-of-x.jpg', 'h1', 0));
    await v1.put('originals', original, blobKey('d1', 'h1'));
    await v1.put('thumbs', thumb, blobKey('d1', 'h1'));
    v1.close();

    const lib = await DatasetLibrary.open(name);
    try {
      expect(lib.db.version).toBe(DB_VERSION);
      expect([...lib.db.objectStoreNames]).toContain('copies');
      expect([...lib.db.objectStoreNames]).toContain('jobs');
      expect(await lib.dataset('d1')).toEqual({
        id: 'd1',
        name: 'old',
        format: 'csv',
        createdAt: 5,
        state: 'ready',
        storedBytes: 1000 + 77, // the shared original counted once
        copyShortSide: 256,
      });
      expect((await lib.classes('d1')).map((c) => c.name)).toEqual(['cat']);
      expect((await lib.images('d1')).map((i) => i.path)).toEqual(['copy-of-x.jpg', 'x.jpg']);
      const back = await lib.original('d1', 'h1');
      expect(new Uint8Array(await back!.arrayBuffer())).toEqual(new Uint8Array(await original.arrayBuffer()));
      // The v2 hash index answers for v1 rows.
      expect(await lib.db.countFromIndex('images', 'byDatasetHash', ['d1', 'h1'])).toBe(2);
    } finally {
      lib.close();
    }
  });

  it('upgrades a v2 database: original Blobs become bytes in the row, thumbnails stay readable', async () => {
    const v2 = await openDatasetsDb(name, 2);
    const row: DatasetRow = {
      id: 'd2',
      name: 'v2',
      format: 'folders',
      createdAt: 1,
      state: 'ready',
      storedBytes: 0,
      copyShortSide: 256,
    };
    await v2.put('datasets', row);
    // More originals than one conversion transaction holds (24), each with its own bytes and type.
    const originals = Array.from({ length: 30 }, (_, i) => {
      const bytes = crypto.getRandomValues(new Uint8Array(50 + i));
      return new Blob([bytes], { type: i % 2 ? 'image/png' : 'image/jpeg' });
    });
    let bytes = 0;
    for (const [i, blob] of originals.entries()) {
      await v2.put('images', image('d2', `p/${i}.jpg`, `h${i}`, 0));
      await v2.put('originals', blob, blobKey('d2', `h${i}`));
      bytes += blob.size;
    }
    const thumb = randomBlob(40);
    await v2.put('thumbs', thumb, blobKey('d2', 'h0'));
    await v2.put('datasets', { ...row, storedBytes: bytes + thumb.size });
    v2.close();

    const lib = await DatasetLibrary.open(name);
    try {
      expect(lib.db.version).toBe(DB_VERSION);
      expect(await lib.dataset('d2')).toEqual({ ...row, storedBytes: bytes + thumb.size });
      for (const [i, blob] of originals.entries()) {
        const stored = await lib.db.get('originals', blobKey('d2', `h${i}`));
        expect(isBlob(stored)).toBe(false);
        expect((stored as StoredBytes).type).toBe(blob.type);
        expect(new Uint8Array((stored as StoredBytes).bytes)).toEqual(
          new Uint8Array(await blob.arrayBuffer()),
        );
        const back = await lib.original('d2', `h${i}`);
        expect(back?.type).toBe(blob.type);
        expect(new Uint8Array(await back!.arrayBuffer())).toEqual(new Uint8Array(await blob.arrayBuffer()));
      }
      const t = await lib.thumb('d2', 'h0');
      expect(new Uint8Array(await t!.arrayBuffer())).toEqual(new Uint8Array(await thumb.arrayBuffer()));
    } finally {
      lib.close();
    }
    // Opening again finds nothing left to convert and changes nothing.
    const again = await DatasetLibrary.open(name);
    try {
      expect(await again.dataset('d2')).toEqual({ ...row, storedBytes: bytes + thumb.size });
      expect(await again.counts('d2')).toMatchObject({ images: 30, originals: 30, thumbs: 1 });
    } finally {
      again.close();
    }
  });

  it('stores blobs once per hash, edits images and classes, and frees everything on delete', async () => {
    const lib = await DatasetLibrary.open(name);
    try {
      await lib.createDataset(
        {
          id: 'd',
          name: 'n',
          format: 'csv',
          createdAt: 0,
          state: 'importing',
          storedBytes: 0,
          copyShortSide: 256,
        },
        ['a', 'b'],
        job('d'),
      );
      const orig = randomBytes(5000);
      await lib.stageOriginals('d', [
        { hash: 'h1', file: orig },
        { hash: 'h1', file: orig },
        { hash: 'h2', file: randomBytes(3000) },
      ]);
      const back = await lib.original('d', 'h1');
      expect(back?.type).toBe('image/jpeg');
      expect(new Uint8Array(await back!.arrayBuffer())).toEqual(new Uint8Array(orig.bytes));
      expect(await lib.storedOriginals('d')).toEqual(new Set(['h1', 'h2']));
      const copy = { blob: randomBlob(400), width: 8, height: 8 };
      await lib.putImages('d', [
        { row: image('d', 'p/1.jpg', 'h1', 0), thumb: randomBlob(100), copy },
        { row: image('d', 'p/2.jpg', 'h1', 1), thumb: randomBlob(100), copy },
        { row: image('d', 'p/3.jpg', 'h2', 1, 'val'), thumb: randomBlob(100), copy },
      ]);
      // Writing the same batch again (a resumed import) adds nothing.
      await lib.putImages('d', [{ row: image('d', 'p/1.jpg', 'h1', 0), thumb: randomBlob(100), copy }]);
      expect((await lib.dataset('d'))!.storedBytes).toBe(5000 + 3000 + 2 * (100 + 400));
      // With the caller's set of stored hashes there are no lookups: the known hash's blobs are skipped.
      const known = await lib.storedDerived('d');
      expect(known).toEqual(new Set(['h1', 'h2']));
      await lib.putImages(
        'd',
        [{ row: image('d', 'p/2.jpg', 'h1', 1), thumb: randomBlob(100), copy }],
        known,
      );
      expect((await lib.dataset('d'))!.storedBytes).toBe(5000 + 3000 + 2 * (100 + 400));
      expect(await lib.counts('d')).toEqual({
        images: 3,
        classes: 2,
        originals: 2,
        thumbs: 2,
        copies: 2,
        perClass: [1, 2],
        splits: { train: 2, val: 1 },
      });

      await lib.updateImages([imageId('d', 'p/1.jpg')], { label: 1, split: 'val' });
      await lib.renameClass('d', 0, '  alpha ');
      await expect(lib.renameClass('d', 1, 'alpha')).rejects.toThrow(/already named 'alpha'/);
      expect((await lib.classes('d')).map((c) => c.name)).toEqual(['alpha', 'b']);
      expect(await lib.counts('d')).toMatchObject({ perClass: [0, 3], splits: { train: 1, val: 2 } });

      // Deleting one of two images sharing content keeps the blobs; deleting the last frees them.
      await lib.deleteImage(imageId('d', 'p/1.jpg'));
      expect((await lib.counts('d')).originals).toBe(2);
      await lib.deleteImage(imageId('d', 'p/2.jpg'));
      expect(await lib.counts('d')).toMatchObject({ images: 1, originals: 1, thumbs: 1, copies: 1 });
      expect((await lib.dataset('d'))!.storedBytes).toBe(3000 + 100 + 400);

      // A copy row without a blob, and a null thumbnail, resolve to the original's bytes.
      await lib.stageOriginals('d', [{ hash: 'h4', file: randomBytes(33) }]);
      await lib.putImages('d', [
        {
          row: image('d', 'p/4.jpg', 'h4', 0),
          thumb: null,
          copy: { blob: null, width: 3, height: 3 },
        },
      ]);
      expect((await lib.copy('d', 'h4'))?.blob.size).toBe(33);
      expect((await lib.thumb('d', 'h4'))?.size).toBe(33);
      expect(await lib.thumb('d', 'no-such-hash')).toBeUndefined();
      expect(await lib.counts('d')).toMatchObject({ originals: 2, thumbs: 2, copies: 2 });
      expect((await lib.dataset('d'))!.storedBytes).toBe(3000 + 100 + 400 + 33);

      await lib.deleteDataset('d');
      expect(await lib.counts('d')).toMatchObject({
        images: 0,
        classes: 0,
        originals: 0,
        thumbs: 0,
        copies: 0,
      });
      expect(await lib.dataset('d')).toBeUndefined();
      expect(await lib.job('d')).toBeUndefined();
    } finally {
      lib.close();
    }
  });

  it("writes a batch whole or not at all: a put that fails aborts it, with that put's error", async () => {
    const lib = await DatasetLibrary.open(name);
    try {
      await lib.createDataset(
        {
          id: 'd',
          name: 'd',
          format: 'csv',
          createdAt: 0,
          state: 'ready',
          storedBytes: 0,
          copyShortSide: 256,
        },
        ['a'],
        job('d'),
      );
      // A value IndexedDB cannot clone makes its put throw after the first put of the batch was issued.
      const unclonable = { bytes: (() => 0) as unknown as ArrayBuffer, type: 'image/jpeg' };
      await expect(
        lib.stageOriginals(
          'd',
          [
            { hash: 'h1', file: randomBytes(20) },
            { hash: 'h2', file: unclonable },
          ],
          {
            fresh: true,
          },
        ),
      ).rejects.toThrow(/clone/i);
      const copy = { blob: null, width: 1, height: 1 };
      await expect(
        lib.putImages('d', [
          { row: image('d', 'p/1.jpg', 'h1', 0), thumb: null, copy },
          { row: image('d', 'p/2.jpg', 'h2', 0), thumb: null, copy: { ...copy, blob: unclonable as never } },
        ]),
      ).rejects.toThrow(/clone/i);
      // Nothing of either batch landed; the next batch writes as usual.
      await lib.stageOriginals('d', [{ hash: 'h3', file: randomBytes(5) }], { fresh: true });
      expect(await lib.counts('d')).toMatchObject({ images: 0, originals: 1, thumbs: 0, copies: 0 });
      expect([...(await lib.storedOriginals('d'))]).toEqual(['h3']);
      expect((await lib.dataset('d'))!.storedBytes).toBe(5);
    } finally {
      lib.close();
    }
  });

  it('keeps other datasets whose ids share a prefix when one is deleted', async () => {
    const lib = await DatasetLibrary.open(name);
    try {
      for (const id of ['d', 'd2']) {
        await lib.createDataset(
          { id, name: id, format: 'csv', createdAt: 0, state: 'ready', storedBytes: 0, copyShortSide: 256 },
          ['a'],
          job(id),
        );
        await lib.stageOriginals(id, [{ hash: 'h', file: randomBytes(10) }]);
      }
      await lib.deleteDataset('d');
      expect((await lib.counts('d2')).originals).toBe(1);
      expect((await lib.classes('d2')).length).toBe(1);
    } finally {
      lib.close();
    }
  });
});
