// The manifest served from a local mirror: both local MobileNetV2 files fetched by id over HTTP and file://,
// verified against the manifest's sha256, cached under their content hash.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchZooModel, zooCacheKey } from './fetch-model.ts';
import { findEntry, validateManifest } from './manifest.ts';
import { normalizeMirror } from './mirror.ts';
import { fileFetch } from './node/file-fetch.ts';
import { MemoryModelStore } from './store.ts';
import { type ModelServer, startModelServer } from './testing/model-server.ts';
import { repoRoot, sharedPath } from './testing/shared-dir.ts';

const zoo = validateManifest(JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8')));
let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer({ root: sharedPath('models') });
});
afterAll(() => server.close());

describe('fetchZooModel from a mirror', () => {
  it('fetches mobilenetv2-12-float and -int8 over HTTP with the manifest sha256, then from the cache', async () => {
    const store = new MemoryModelStore();
    for (const id of ['mobilenetv2-12-float', 'mobilenetv2-12-int8']) {
      const entry = findEntry(zoo, id);
      const r = await fetchZooModel(entry, { store, mirror: normalizeMirror(server.url) });
      expect(r.via).toBe('mirror');
      expect(r.meta).toMatchObject({
        key: `sha256:${entry.variants[0].sha256}`,
        ref: `${id}/${entry.variants[0].name}`,
        verified: true,
      });
      expect(r.meta.sha256).toBe(entry.variants[0].sha256);
      expect((await fetchZooModel(entry, { store, mirror: normalizeMirror(server.url) })).cached).toBe(true);
    }
    expect(server.requests.map((q) => q.path)).toEqual([
      '/mobilenetv2-12-float.onnx',
      '/mobilenetv2-12-int8.onnx',
    ]);
  });

  it('fetches from a file:// mirror folder in Node, resuming with a Range read', async () => {
    const store = new MemoryModelStore();
    const entry = findEntry(zoo, 'mobilenetv2-12-int8');
    const mirror = normalizeMirror(sharedPath('models'), { cwd: process.cwd() });
    expect(mirror.startsWith('file:///')).toBe(true);
    const ac = new AbortController();
    const opts = { store, mirror, fetch: fileFetch, flushBytes: 128 << 10 };
    await expect(
      fetchZooModel(entry, {
        ...opts,
        signal: ac.signal,
        onProgress: (p) => p.loaded > 1_000_000 && ac.abort(),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    const kept = (await store.getPartial(zooCacheKey(entry.variants[0], '')))!.bytes;
    const r = await fetchZooModel(entry, opts);
    expect(r.resumedFrom).toBe(kept);
    expect(r.transferred).toBe(entry.variants[0].bytes! - kept);
    expect(r.meta.sha256).toBe(entry.variants[0].sha256);
    await expect(
      fetchZooModel(findEntry(zoo, 'resnet-50'), { store, mirror, fetch: fileFetch, allowUnverified: true }),
    ).rejects.toMatchObject({
      name: 'MissingOnMirrorError',
      status: 404,
      message: expect.stringMatching(
        /^resnet-50\/fp32 is not on the model mirror file:\/\/.*: .* answered "not found", so nothing was downloaded\. To use this model, set a model mirror that serves /,
      ),
    });
  });
});
