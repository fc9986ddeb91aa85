// Model status across absent → partial → stored, and one shared download for concurrent callers.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEntry, validateManifest } from './manifest.ts';
import { normalizeMirror } from './mirror.ts';
import { integrityText, ModelFetcher, modelStatus } from './status.ts';
import { MemoryModelStore } from './store.ts';
import { type ModelServer, startModelServer } from './testing/model-server.ts';
import { repoRoot, sharedPath } from './testing/shared-dir.ts';

const zoo = validateManifest(JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8')));
const entry = findEntry(zoo, 'mobilenetv2-12-int8');
let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer({ root: sharedPath('models') });
});
afterAll(() => server.close());

describe('model status and shared fetches', () => {
  it('goes absent → partial → stored, and two concurrent fetches make one request', async () => {
    const store = new MemoryModelStore();
    const mirror = normalizeMirror(server.url);
    const key = `sha256:${entry.variants[0].sha256}`;
    expect(await modelStatus(store, entry)).toMatchObject({
      key,
      state: 'absent',
      bytes: 0,
      sizeBytes: 3655033,
      pinned: true,
    });

    const ac = new AbortController();
    await expect(
      new ModelFetcher().fetch(entry, {
        store,
        mirror,
        signal: ac.signal,
        flushBytes: 128 << 10,
        onProgress: (p) => p.loaded > 500_000 && ac.abort(),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    const partial = await modelStatus(store, entry);
    expect(partial.state).toBe('partial');
    expect(partial.bytes).toBeGreaterThan(500_000);

    const fetcher = new ModelFetcher();
    const before = server.requests.length;
    const [a, b] = [fetcher.fetch(entry, { store, mirror }), fetcher.fetch(entry, { store, mirror })];
    expect(a).toBe(b);
    expect(fetcher.isFetching(key)).toBe(true);
    await a;
    expect(fetcher.isFetching(key)).toBe(false);
    expect(server.requests.length - before).toBe(1);
    expect(await modelStatus(store, entry)).toMatchObject({
      state: 'stored',
      bytes: 3655033,
      verified: true,
    });
    await expect(modelStatus(store, entry, 'fp16')).rejects.toThrow('has no variant "fp16"');
  });

  it('keys an unpinned variant by its source, so its status depends on the mirror', async () => {
    const store = new MemoryModelStore();
    const hf = findEntry(zoo, 'resnet-50');
    const a = await modelStatus(store, hf, 'fp32', 'http://a.test/m/');
    const b = await modelStatus(store, hf, 'fp32', 'http://b.test/m/');
    expect(a).toMatchObject({ key: 'src:http://a.test/m/Xenova/resnet-50/onnx/model.onnx', pinned: false });
    expect(b.key).toBe('src:http://b.test/m/Xenova/resnet-50/onnx/model.onnx');
    expect((await modelStatus(store, hf, 'fp32')).key).toBe(`src:${hf.variants[0].url}`);
    expect(integrityText({ verified: true })).toBe('verified (sha256 checked)');
    expect(integrityText({ verified: false })).toBe('unverified (no pinned hash)');
  });
});
