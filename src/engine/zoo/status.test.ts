// Model status across absent → partial → stored, and one shared download for concurrent callers.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEntry, validateManifest } from './manifest.ts';
import { normalizeMirror } from './mirror.ts';
import { ModelFetcher, modelStatus } from './status.ts';
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
    expect(await modelStatus(store, entry)).toMatchObject({
      key: 'mobilenetv2-12-int8/int8',
      state: 'absent',
      bytes: 0,
      sizeBytes: 3655033,
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
    expect(fetcher.isFetching('mobilenetv2-12-int8/int8')).toBe(true);
    await a;
    expect(fetcher.isFetching('mobilenetv2-12-int8/int8')).toBe(false);
    expect(server.requests.length - before).toBe(1);
    expect(await modelStatus(store, entry)).toMatchObject({
      state: 'stored',
      bytes: 3655033,
      verified: true,
    });
    await expect(modelStatus(store, entry, 'fp16')).rejects.toThrow('has no variant "fp16"');
  });
});
