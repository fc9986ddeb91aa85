// Download manager against real local HTTP servers serving ../shared/models: with and without Range support,
// a wrong sha256, cancel + resume, servers that die mid-stream, and LRU eviction under a store quota.
/// <reference types="node" />
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DownloadError,
  type DownloadProgress,
  downloadModel,
  IntegrityError,
  parseContentRange,
} from './download.ts';
import { evictFor, MemoryModelStore, QuotaError } from './store.ts';
import { type ModelServer, type ServerOptions, startModelServer } from './testing/model-server.ts';
import { sharedPath } from './testing/shared-dir.ts';

const INT8 = 'mobilenetv2-12-int8.onnx';
const FLOAT = 'mobilenetv2-12-float.onnx';
const root = sharedPath('models');
const file = (name: string) => {
  const data = readFileSync(sharedPath('models', name));
  return { size: data.length, sha: createHash('sha256').update(data).digest('hex') };
};
const int8 = file(INT8);

let servers: ModelServer[] = [];
const serve = async (o: Omit<ServerOptions, 'root'> = {}) => {
  const s = await startModelServer({ root, ...o });
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const fast = { backoffMs: 1, flushBytes: 256 << 10 };

describe('downloadModel', () => {
  it('streams a file with progress, verifies sha256, stores it, and serves it from the store afterwards', async () => {
    const s = await serve();
    const store = new MemoryModelStore();
    const seen: DownloadProgress[] = [];
    const r = await downloadModel({
      key: 'mobilenetv2-12-int8/int8',
      url: s.url + INT8,
      store,
      expectedBytes: int8.size,
      expectedSha256: int8.sha,
      onProgress: (p) => seen.push(p),
      ...fast,
    });
    expect(r.meta).toMatchObject({ bytes: int8.size, sha256: int8.sha, verified: true });
    expect(r.transferred).toBe(int8.size);
    const dl = seen.filter((p) => p.phase === 'downloading');
    expect(dl.length).toBeGreaterThan(3);
    for (let i = 1; i < dl.length; i++) expect(dl[i].loaded).toBeGreaterThan(dl[i - 1].loaded);
    expect(dl.at(-1)).toMatchObject({ loaded: int8.size, total: int8.size, etaSeconds: 0 });
    expect(dl.some((p) => p.rate > 0)).toBe(true);
    expect(seen.at(-1)?.phase).toBe('storing');
    expect((await store.usage()).modelBytes).toBe(int8.size);

    const again = await downloadModel({
      key: 'mobilenetv2-12-int8/int8',
      url: s.url + INT8,
      store,
      expectedSha256: int8.sha,
    });
    expect(again.cached).toBe(true);
    expect(again.transferred).toBe(0);
    expect(s.requests).toHaveLength(1);
  });

  it('pins the sha256 of a file whose hash is not published (verified: false)', async () => {
    const s = await serve();
    const store = new MemoryModelStore();
    const r = await downloadModel({ key: 'k', url: s.url + INT8, store, ...fast });
    expect(r.meta).toMatchObject({ sha256: int8.sha, verified: false });
  });

  it('refuses a sha256 mismatch and stores nothing (no model, no partial)', async () => {
    const s = await serve();
    const store = new MemoryModelStore();
    const bad = (int8.sha[0] === '0' ? '1' : '0') + int8.sha.slice(1);
    const p = downloadModel({ key: 'k', url: s.url + INT8, store, expectedSha256: bad, ...fast });
    await expect(p).rejects.toThrow(IntegrityError);
    await expect(p).rejects.toThrow(
      `sha256 mismatch for k (${s.url}${INT8}): expected ${bad}, got ${int8.sha}`,
    );
    expect(await store.list()).toEqual([]);
    expect(await store.getPartial('k')).toBeUndefined();
    expect((await store.usage()).partialBytes).toBe(0);
  });

  it('refuses a file whose announced size differs from the manifest before reading it', async () => {
    const s = await serve();
    const store = new MemoryModelStore();
    await expect(
      downloadModel({ key: 'k', url: s.url + INT8, store, expectedBytes: int8.size + 1, ...fast }),
    ).rejects.toThrow(`the server announces ${int8.size} bytes, the manifest says ${int8.size + 1}`);
    expect(await store.list()).toEqual([]);
  });

  it('cancels mid-way, keeps the partial, and resumes with a Range request (fewer bytes, right hash)', async () => {
    const s = await serve();
    const store = new MemoryModelStore();
    const ac = new AbortController();
    const first = downloadModel({
      key: 'k',
      url: s.url + INT8,
      store,
      expectedSha256: int8.sha,
      signal: ac.signal,
      onProgress: (p) => p.loaded >= 1_000_000 && ac.abort(),
      ...fast,
    });
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    const partial = await store.getPartial('k');
    expect(partial?.bytes).toBeGreaterThanOrEqual(1_000_000);
    expect(partial!.bytes).toBeLessThan(int8.size);
    expect(await store.list()).toEqual([]);

    const r = await downloadModel({ key: 'k', url: s.url + INT8, store, expectedSha256: int8.sha, ...fast });
    expect(r.resumedFrom).toBe(partial!.bytes);
    expect(r.transferred).toBe(int8.size - partial!.bytes);
    expect(r.meta.sha256).toBe(int8.sha);
    expect(s.requests[1]).toMatchObject({ range: `bytes=${partial!.bytes}-`, status: 206 });
    expect(s.requests[1].ifRange).toMatch(/^"[0-9a-f]{40}"$/);
    expect(await store.getPartial('k')).toBeUndefined();
  });

  it('restarts from zero when the server ignores Range (200 instead of 206)', async () => {
    const s = await serve({ range: false });
    const store = new MemoryModelStore();
    const ac = new AbortController();
    await expect(
      downloadModel({
        key: 'k',
        url: s.url + INT8,
        store,
        signal: ac.signal,
        onProgress: (p) => p.loaded >= 1_000_000 && ac.abort(),
        ...fast,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect((await store.getPartial('k'))?.bytes).toBeGreaterThan(0);
    const r = await downloadModel({ key: 'k', url: s.url + INT8, store, expectedSha256: int8.sha, ...fast });
    expect(s.requests[1]).toMatchObject({ status: 200 });
    expect(s.requests[1].range).toMatch(/^bytes=\d+-$/);
    expect(r.transferred).toBe(int8.size);
    expect(r.meta.sha256).toBe(int8.sha);
  });

  it('restarts when If-Range no longer matches (the file changed since the partial was stored)', async () => {
    const s = await serve();
    const store = new MemoryModelStore();
    const stale = { url: s.url + INT8, total: int8.size, validator: '"stale-etag"' };
    await store.appendPartial('k', stale, 0, new Uint8Array(500_000).fill(1));
    const r = await downloadModel({ key: 'k', url: s.url + INT8, store, expectedSha256: int8.sha, ...fast });
    expect(s.requests[0]).toMatchObject({ range: 'bytes=500000-', ifRange: '"stale-etag"', status: 200 });
    expect(r.transferred).toBe(int8.size);
    expect(r.meta.sha256).toBe(int8.sha);
  });

  it('retries after the server dies mid-stream and resumes where the bytes stopped', async () => {
    const s = await serve({ dieAfterBytes: 1_500_000, dieTimes: 1 });
    const store = new MemoryModelStore();
    const r = await downloadModel({ key: 'k', url: s.url + INT8, store, expectedSha256: int8.sha, ...fast });
    expect(r.attempts).toBe(2);
    expect(r.meta.sha256).toBe(int8.sha);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]).toMatchObject({ status: 206 });
    expect(r.transferred).toBe(int8.size);
  });

  it('restarts the whole file after a mid-stream death on a server without Range', async () => {
    const s = await serve({ range: false, dieAfterBytes: 1_500_000, dieTimes: 1 });
    const store = new MemoryModelStore();
    const r = await downloadModel({ key: 'k', url: s.url + INT8, store, expectedSha256: int8.sha, ...fast });
    expect(r.attempts).toBe(2);
    expect(r.transferred).toBe(int8.size + 1_500_000);
    expect(r.meta.sha256).toBe(int8.sha);
  });

  it('gives up after the retries with a clear message and keeps the partial for later', async () => {
    const s = await serve({ range: false, dieAfterBytes: 700_000 });
    const store = new MemoryModelStore();
    const p = downloadModel({ key: 'k', url: s.url + INT8, store, retries: 2, ...fast });
    await expect(p).rejects.toThrow(DownloadError);
    await expect(p).rejects.toThrow(
      /^download of k \(http:\/\/127\.0\.0\.1:\d+\/mobilenetv2-12-int8\.onnx\) failed after 3 attempts/,
    );
    expect(s.requests.length).toBeGreaterThanOrEqual(3);
    expect((await store.getPartial('k'))?.bytes).toBe(700_000);
  });

  it('does not retry a 404 and names the URL', async () => {
    const s = await serve();
    const store = new MemoryModelStore();
    await expect(downloadModel({ key: 'k', url: `${s.url}nope.onnx`, store, ...fast })).rejects.toThrow(
      `HTTP 404 Not Found for k (${s.url}nope.onnx)`,
    );
    expect(s.requests).toHaveLength(1);
  });

  it('evicts the least recently used model when the quota is short, never the one being fetched', async () => {
    const s = await serve();
    const float = file(FLOAT);
    const store = new MemoryModelStore(int8.size * 2 + float.size + 1000);
    const get = (key: string, name: string) => downloadModel({ key, url: s.url + name, store, ...fast });
    await get('a', INT8);
    await get('b', FLOAT);
    await get('c', INT8);
    await store.get('a'); // a is now more recent than b and c
    await get('d', INT8); // needs room: evicts b (least recently used), not c, a or d
    expect((await store.list()).map((m) => m.key).sort()).toEqual(['a', 'c', 'd']);

    const small = new MemoryModelStore(int8.size - 1);
    await expect(downloadModel({ key: 'x', url: s.url + INT8, store: small, ...fast })).rejects.toThrow(
      QuotaError,
    );
    expect(await small.list()).toEqual([]);
  });
});

describe('evictFor and parseContentRange', () => {
  it('evicts oldest first and protects the named keys', async () => {
    const store = new MemoryModelStore(100);
    const put = (key: string, n: number) =>
      store.put({ key, url: 'u', bytes: n, sha256: 'x', verified: false }, new Uint8Array(n).fill(7));
    await put('old', 30);
    await put('mid', 30);
    await put('new', 30);
    expect(await evictFor(store, 40, ['old'])).toEqual(['mid']);
    await expect(evictFor(store, 101, ['old'])).rejects.toThrow(
      'not enough storage for old: need 101 bytes, 70 bytes free after evicting every other model',
    );
  });
  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 10-99/100')).toEqual({ start: 10, end: 99, total: 100 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: null });
    expect(parseContentRange('items 0-9/10')).toBeNull();
    expect(parseContentRange(null)).toBeNull();
  });
});
