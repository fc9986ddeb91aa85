// Model integrity across mirrors, against real local HTTP servers: a pinned variant served wrong by another mirror
// (a different real model, or the right size with other bytes) is refused and nothing is stored; pinned bytes are
// shared by content hash whichever mirror served them; an unpinned variant needs the user's confirmation, is
// cached by its source and never reused for another mirror; downloads stop at the size bound; the ImageNet label
// list is accepted only with its pinned sha256.
/// <reference types="node" />
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchZooModel, UnverifiedModelError } from './fetch-model.ts';
import { findEntry, findVariant, validateManifest } from './manifest.ts';
import { normalizeMirror } from './mirror.ts';
import { fetchPinnedFile } from './pinned-file.ts';
import { MemoryModelStore } from './store.ts';
import { type ModelServer, type ServerOptions, startModelServer } from './testing/model-server.ts';
import { repoRoot, sharedPath } from './testing/shared-dir.ts';

const zoo = validateManifest(JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8')));
const int8 = findEntry(zoo, 'mobilenetv2-12-int8');
const resnet50 = findEntry(zoo, 'resnet-50');
const INT8 = 'mobilenetv2-12-int8.onnx';

let servers: ModelServer[] = [];
let dirs: string[] = [];
const serve = async (o: ServerOptions) => {
  const s = await startModelServer(o);
  servers.push(s);
  return s;
};
/** A mirror folder of its own: `files` maps a mirror path to a file under ../shared (or bytes). */
const mirrorDir = (files: Record<string, string | Uint8Array>) => {
  const dir = mkdtempSync(join(tmpdir(), 'webclas-mirror-'));
  dirs.push(dir);
  for (const [path, src] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    if (typeof src === 'string') copyFileSync(sharedPath(src), join(dir, path));
    else writeFileSync(join(dir, path), src);
  }
  return dir;
};
beforeEach(() => {
  servers = [];
  dirs = [];
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a pinned variant from another mirror', () => {
  it('refuses a different real model served under its path, stores nothing and keeps no partial', async () => {
    const other = await serve({
      root: mirrorDir({ 'mobilenetv2-12-int8.onnx': 'models/mobilenetv2-12-float.onnx' }),
    });
    const store = new MemoryModelStore();
    await expect(fetchZooModel(int8, { store, mirror: normalizeMirror(other.url) })).rejects.toThrow(
      'size mismatch for mobilenetv2-12-int8/int8',
    );
    expect(await store.list()).toEqual([]);
    expect(await store.getPartial(`sha256:${int8.variants[0].sha256}`)).toBeUndefined();
    expect((await store.usage()).partialBytes).toBe(0);
  });

  it('refuses same-size bytes with another sha256 (nothing stored), then takes the real file from the real mirror', async () => {
    const tampered = new Uint8Array(readFileSync(sharedPath('models/mobilenetv2-12-int8.onnx')));
    tampered[tampered.length >> 1] ^= 0xff;
    const other = await serve({ root: mirrorDir({ 'mobilenetv2-12-int8.onnx': tampered }) });
    const real = await serve({ root: sharedPath('models') });
    const store = new MemoryModelStore();
    const err = await fetchZooModel(int8, { store, mirror: normalizeMirror(other.url), backoffMs: 1 }).catch(
      (e: Error) => e,
    );
    expect(err).toMatchObject({ name: 'IntegrityError' });
    expect((err as Error).message).toContain(
      `sha256 mismatch for mobilenetv2-12-int8/int8 (${other.url}mobilenetv2-12-int8.onnx)`,
    );
    expect((err as Error).message).toContain('not the published model');
    expect((err as Error).message).toContain('nothing was stored');
    expect(await store.list()).toEqual([]);
    expect((await store.usage()).partialBytes).toBe(0);

    const ok = await fetchZooModel(int8, { store, mirror: normalizeMirror(real.url) });
    expect(ok.meta).toMatchObject({
      verified: true,
      sha256: int8.variants[0].sha256,
      url: `${real.url}${INT8}`,
    });
    // Keyed by content: the tampering mirror now gets no request at all, the verified bytes are reused.
    const before = other.requests.length;
    const again = await fetchZooModel(int8, { store, mirror: normalizeMirror(other.url) });
    expect(again.cached).toBe(true);
    expect(again.meta.sha256).toBe(int8.variants[0].sha256);
    expect(other.requests.length).toBe(before);
  });
});

describe('an unpinned variant', () => {
  const path = findVariant(resnet50, 'fp16').path;

  it('is not fetched without confirmation; after changing the mirror the old source is not reused', async () => {
    const a = await serve({ root: mirrorDir({ [path]: 'models/arch/squeezenet1_1-random.onnx' }) });
    const b = await serve({ root: mirrorDir({ [path]: 'models/arch/shufflenet_v2_x0_5-random.onnx' }) });
    const store = new MemoryModelStore();
    const o = { store, variant: 'fp16' };

    await expect(fetchZooModel(resnet50, { ...o, mirror: normalizeMirror(a.url) })).rejects.toBeInstanceOf(
      UnverifiedModelError,
    );
    expect(a.requests).toEqual([]);

    const fromA = await fetchZooModel(resnet50, {
      ...o,
      mirror: normalizeMirror(a.url),
      allowUnverified: true,
    });
    expect(fromA.meta).toMatchObject({
      key: `src:${a.url}${path}`,
      url: `${a.url}${path}`,
      ref: 'resnet-50/fp16',
      verified: false,
    });
    // The same source, accepted once, is reused (that is the confirmation the user gave).
    expect((await fetchZooModel(resnet50, { ...o, mirror: normalizeMirror(a.url) })).cached).toBe(true);

    // Another mirror: A's bytes are not used for it, and it needs its own confirmation.
    await expect(fetchZooModel(resnet50, { ...o, mirror: normalizeMirror(b.url) })).rejects.toThrow(
      `resnet-50/fp16 is unverified: the manifest pins no sha256 for it, so its bytes from ${b.url}${path} cannot be checked`,
    );
    const fromB = await fetchZooModel(resnet50, {
      ...o,
      mirror: normalizeMirror(b.url),
      allowUnverified: true,
    });
    expect(fromB.cached).toBe(false);
    expect(b.requests.map((r) => r.status)).toEqual([200]);
    expect(fromB.meta.sha256).not.toBe(fromA.meta.sha256);
    expect(
      Buffer.from(fromB.data).equals(readFileSync(sharedPath('models/arch/shufflenet_v2_x0_5-random.onnx'))),
    ).toBe(true);
    expect((await store.list()).map((m) => m.key).sort()).toEqual(
      [`src:${a.url}${path}`, `src:${b.url}${path}`].sort(),
    );
  });

  it('stops at the size bound of approxMB, with or without a Content-Length, and stores nothing', async () => {
    const q8 = findVariant(resnet50, 'q8'); // pinned, but with no exact size: the bound is approxMB + 0.5 MB
    const big = new Uint8Array(Math.ceil((q8.approxMB! + 0.5) * 1e6) + 1);
    for (const contentLength of [true, false]) {
      const s = await serve({ root: mirrorDir({ [q8.path]: big }), contentLength });
      const store = new MemoryModelStore();
      const err = await fetchZooModel(resnet50, {
        store,
        variant: 'q8',
        mirror: normalizeMirror(s.url),
      }).catch((e: Error) => e);
      expect(err, String(contentLength)).toMatchObject({ name: 'IntegrityError' });
      expect((err as Error).message).toContain(
        `${big.length - 1} bytes this file can have; nothing was stored`,
      );
      expect(await store.list()).toEqual([]);
      expect((await store.usage()).partialBytes).toBe(0);
    }
  });
});

describe('fetchPinnedFile (the ImageNet label list)', () => {
  it('returns the pinned list and refuses a relabelled one', async () => {
    const real = await serve({ root: sharedPath('models') });
    const text = new TextDecoder().decode(
      await fetchPinnedFile(normalizeMirror(real.url), zoo.imagenetLabels, fetch),
    );
    expect(text.split('\n')[967]).toBe('espresso');

    const names = readFileSync(sharedPath('models/imagenet-labels.txt'), 'utf8').split('\n');
    [names[967], names[968]] = [names[968], names[967]];
    const swapped = await serve({
      root: mirrorDir({ 'imagenet-labels.txt': new TextEncoder().encode(names.join('\n')) }),
    });
    await expect(fetchPinnedFile(normalizeMirror(swapped.url), zoo.imagenetLabels, fetch)).rejects.toThrow(
      `imagenet-labels.txt (${swapped.url}imagenet-labels.txt) is not the pinned file`,
    );
    const longer = await serve({
      root: mirrorDir({ 'imagenet-labels.txt': new Uint8Array(zoo.imagenetLabels.bytes + 100).fill(65) }),
      contentLength: false,
    });
    await expect(fetchPinnedFile(normalizeMirror(longer.url), zoo.imagenetLabels, fetch)).rejects.toThrow(
      `is larger than its pinned ${zoo.imagenetLabels.bytes} bytes; refused`,
    );
  });
});
