// IdbModelStore in real Chromium (vitest browser project): round trips, partial chunks, LRU order, a cancelled +
// resumed download through downloadModel into IndexedDB, the v1 → v2 migration that re-keys cached zoo files by
// content hash or source without losing them, and zoo files cached by content hash across mirrors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import zooText from '../../../models/zoo.json?raw';
import { downloadModel, sha256Hex } from './download.ts';
import { fetchZooModel } from './fetch-model.ts';
import { IdbModelStore, MODELS_DB_VERSION } from './idb-store.ts';
import { parseManifest } from './load.ts';
import { findEntry } from './manifest.ts';
import { normalizeMirror } from './mirror.ts';

// The unit project (Node) also matches *.test.ts; IndexedDB exists only in the browser project, where this runs.
const hasIdb = typeof indexedDB !== 'undefined';
const randomBytes = (n: number) => {
  const a = new Uint8Array(n);
  for (let o = 0; o < n; o += 65536) crypto.getRandomValues(a.subarray(o, Math.min(n, o + 65536)));
  return a;
};

describe.skipIf(!hasIdb)('IdbModelStore (IndexedDB)', () => {
  let name: string;
  let store: IdbModelStore;
  beforeEach(async () => {
    name = `webclas-models-test-${Math.random().toString(36).slice(2)}`;
    store = await IdbModelStore.open(name);
  });
  afterEach(async () => {
    store.close();
    await new Promise((ok, fail) => {
      const r = indexedDB.deleteDatabase(name);
      r.onsuccess = ok;
      r.onerror = fail;
    });
  });

  it('stores, lists, reads back, reports usage and deletes a model', async () => {
    const data = randomBytes(300_000);
    const sha = await sha256Hex(data);
    await store.put(
      { key: 'm/fp32', url: 'http://x/m.onnx', bytes: data.length, sha256: sha, verified: true },
      data,
    );
    const got = await store.get('m/fp32');
    expect(got?.meta).toMatchObject({ key: 'm/fp32', bytes: 300_000, sha256: sha, verified: true });
    expect(await sha256Hex(got!.data)).toBe(sha);
    expect((await store.list()).map((m) => m.key)).toEqual(['m/fp32']);
    const u = await store.usage();
    expect(u).toMatchObject({ models: 1, modelBytes: 300_000, partialBytes: 0 });
    expect(u.quota).toBeGreaterThan(0);
    expect(await store.delete('m/fp32')).toBe(true);
    expect(await store.get('m/fp32')).toBeUndefined();
    expect(await store.delete('m/fp32')).toBe(false);
  });

  it('updates lastUsed on get (the LRU order eviction uses)', async () => {
    const put = (key: string) =>
      store.put({ key, url: 'u', bytes: 4, sha256: 'x', verified: false }, randomBytes(4));
    await put('a');
    await put('b');
    await store.get('a');
    const byAge = (await store.list()).sort((x, y) => x.lastUsed - y.lastUsed).map((m) => m.key);
    expect(byAge).toEqual(['b', 'a']);
  });

  it('keeps partial downloads as ordered chunks, checks offsets, and drops them on put', async () => {
    const info = { url: 'http://x/m.onnx', total: 10, validator: '"e1"' };
    await store.appendPartial('k', info, 0, Uint8Array.of(1, 2, 3));
    await store.appendPartial('k', info, 3, Uint8Array.of(4, 5));
    await expect(store.appendPartial('k', info, 9, Uint8Array.of(6))).rejects.toThrow(
      'appendPartial k: offset 9 ≠ stored partial length 5',
    );
    const p = await store.getPartial('k');
    expect(p).toMatchObject({ key: 'k', bytes: 5, total: 10, validator: '"e1"' });
    expect(p!.chunks.map((c) => Array.from(c))).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect((await store.usage()).partialBytes).toBe(5);
    await store.appendPartial('k', info, 0, Uint8Array.of(9)); // offset 0 starts over
    expect((await store.getPartial('k'))!.bytes).toBe(1);
    await store.put({ key: 'k', url: 'u', bytes: 2, sha256: 'x', verified: false }, Uint8Array.of(1, 2));
    expect(await store.getPartial('k')).toBeUndefined();
  });

  it('resumes a cancelled download from the chunks it kept in IndexedDB', async () => {
    const file = randomBytes(2_000_000);
    const sha = await sha256Hex(file);
    // A Range-honouring origin built from real Fetch API objects (Response over a ReadableStream).
    const ranges: (string | null)[] = [];
    const serve: typeof fetch = async (_url, init) => {
      const range = new Headers(init?.headers).get('Range');
      ranges.push(range);
      const start = range ? Number(/^bytes=(\d+)-$/.exec(range)![1]) : 0;
      const body = file.subarray(start);
      let o = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (o >= body.length) return c.close();
          c.enqueue(body.slice(o, o + 65536));
          o += 65536;
        },
      });
      const headers: Record<string, string> = { 'Content-Length': String(body.length), ETag: '"v1"' };
      if (range) headers['Content-Range'] = `bytes ${start}-${file.length - 1}/${file.length}`;
      return new Response(stream, { status: range ? 206 : 200, headers });
    };
    const ac = new AbortController();
    const opts = {
      key: 'big',
      url: 'http://mirror/big.onnx',
      store,
      fetch: serve,
      flushBytes: 256 << 10,
      backoffMs: 1,
    };
    await expect(
      downloadModel({
        ...opts,
        expectedSha256: sha,
        signal: ac.signal,
        onProgress: (p) => p.loaded >= 800_000 && ac.abort(),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    const kept = (await store.getPartial('big'))!.bytes;
    expect(kept).toBeGreaterThanOrEqual(800_000);

    store.close();
    store = await IdbModelStore.open(name); // as after a page reload
    const r = await downloadModel({ ...opts, store, expectedSha256: sha });
    expect(ranges[1]).toBe(`bytes=${kept}-`);
    expect(r.transferred).toBe(file.length - kept);
    expect(r.meta.sha256).toBe(sha);
    expect(await sha256Hex((await store.get('big'))!.data)).toBe(sha);
  });

  it('migrates a v1 database: verified zoo files move to sha256:<hex>, unverified ones to src:<url>', async () => {
    store.close();
    await new Promise((ok) => {
      const r = indexedDB.deleteDatabase(name);
      r.onsuccess = ok;
    });
    // The v1 schema exactly as the previous IdbModelStore created it, filled through the raw IndexedDB API.
    const verified = randomBytes(50_000);
    const unverified = randomBytes(40_000);
    const mine = randomBytes(30_000);
    const [shaV, shaU, shaM] = await Promise.all([verified, unverified, mine].map(sha256Hex));
    const meta = (key: string, url: string, data: Uint8Array, sha256: string, ok: boolean, t: number) => ({
      key,
      url,
      bytes: data.length,
      sha256,
      verified: ok,
      storedAt: t,
      lastUsed: t,
    });
    const v1 = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => {
        const d = r.result;
        d.createObjectStore('models', { keyPath: 'key' });
        d.createObjectStore('blobs');
        d.createObjectStore('partials', { keyPath: 'key' });
        d.createObjectStore('chunks');
      };
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    await new Promise((ok, fail) => {
      const tx = v1.transaction(['models', 'blobs', 'partials', 'chunks'], 'readwrite');
      const rows = [
        meta('mobilenetv2-12-int8/int8', 'http://a/m/int8.onnx', verified, shaV, true, 1),
        // The same verified bytes cached again for another variant name: one copy survives.
        meta('mobilenetv2-12-int8/int8-copy', 'http://b/m/int8.onnx', verified, shaV, true, 2),
        meta('resnet-50/fp32', 'http://a/m/Xenova/resnet-50/onnx/model.onnx', unverified, shaU, false, 3),
        meta('local/0123456789abcdef', 'local:mine.onnx', mine, shaM, false, 4),
      ];
      for (const [m, data] of rows.map((m, i) => [m, [verified, verified, unverified, mine][i]] as const)) {
        tx.objectStore('models').put(m);
        tx.objectStore('blobs').put(data, m.key);
      }
      tx.objectStore('partials').put({
        key: 'resnet-18/fp32',
        url: 'http://a/r18',
        total: 9,
        validator: null,
        bytes: 3,
        chunkCount: 1,
      });
      tx.objectStore('chunks').put(Uint8Array.of(1, 2, 3), ['resnet-18/fp32', 0]);
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
    });
    v1.close();

    store = await IdbModelStore.open(name);
    expect(MODELS_DB_VERSION).toBe(2);
    const byKey = new Map((await store.list()).map((m) => [m.key, m]));
    expect([...byKey.keys()].sort()).toEqual(
      [`sha256:${shaV}`, 'src:http://a/m/Xenova/resnet-50/onnx/model.onnx', 'local/0123456789abcdef'].sort(),
    );
    expect(byKey.get(`sha256:${shaV}`)).toMatchObject({ verified: true, ref: 'mobilenetv2-12-int8/int8' });
    expect(byKey.get('src:http://a/m/Xenova/resnet-50/onnx/model.onnx')).toMatchObject({
      verified: false,
      ref: 'resnet-50/fp32',
      url: 'http://a/m/Xenova/resnet-50/onnx/model.onnx',
    });
    expect(byKey.get('local/0123456789abcdef')?.ref).toBeUndefined();
    // The bytes moved with their metadata, intact; the old keys and the unfinished download are gone.
    expect(await sha256Hex((await store.get(`sha256:${shaV}`))!.data)).toBe(shaV);
    expect(await sha256Hex((await store.get('src:http://a/m/Xenova/resnet-50/onnx/model.onnx'))!.data)).toBe(
      shaU,
    );
    expect(await sha256Hex((await store.get('local/0123456789abcdef'))!.data)).toBe(shaM);
    expect(await store.get('mobilenetv2-12-int8/int8')).toBeUndefined();
    expect(await store.getPartial('resnet-18/fp32')).toBeUndefined();
    expect(await store.usage()).toMatchObject({ models: 3, modelBytes: 120_000, partialBytes: 0 });
  });

  it('caches a pinned zoo file by its sha256, so another mirror reuses it without a request', async () => {
    const zoo = parseManifest(zooText);
    const int8 = findEntry(zoo, 'mobilenetv2-12-int8');
    const requests: string[] = [];
    const logged: typeof fetch = (input, init) => {
      requests.push(String(input));
      return fetch(input, init);
    };
    const mirror = normalizeMirror('/mirror/', { baseHref: location.href });
    const first = await fetchZooModel(int8, { store, mirror, fetch: logged });
    expect(first.meta).toMatchObject({ key: `sha256:${int8.variants[0].sha256}`, verified: true });
    store.close();
    store = await IdbModelStore.open(name);
    const elsewhere = normalizeMirror('/no-such-mirror/', { baseHref: location.href });
    const again = await fetchZooModel(int8, { store, mirror: elsewhere, fetch: logged });
    expect(again.cached).toBe(true);
    expect(requests).toEqual([`${mirror}mobilenetv2-12-int8.onnx`]);
  });
});
