// The worker's classification service in Node with real parts: the zoo manifest, ../shared/models as a file://
// mirror through the download manager into an in-memory store, ORT's WASM build. Image decoding needs a browser
// (src/engine/infer/photos.browser.test.ts, e2e/classify.spec.ts); this covers model resolution and sessions.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLocalModelIndex } from '../src/engine/infer/local-models.ts';
import { parseManifest } from '../src/engine/zoo/load.ts';
import { fileFetch } from '../src/engine/zoo/node/file-fetch.ts';
import { MemoryModelStore } from '../src/engine/zoo/store.ts';
import { repoRoot, sharedPath } from '../src/engine/zoo/testing/shared-dir.ts';
import { createClassifyService } from './classify-service.ts';

ort.env.wasm.numThreads = 1;
const { onnx } = onnxProto;

function service(manifestText = readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8')) {
  const store = new MemoryModelStore();
  const api = createClassifyService({
    manager: undefined,
    chooseBackend: async () => ({
      backend: 'wasm',
      code: 'no-webgpu',
      reason: 'This browser has no WebGPU.',
    }),
    loadOrtWebGpu: async () => ort,
    loadOrtWasm: async () => ort,
    openStore: async () => store,
    openLocalIndex: async () => new MemoryLocalModelIndex(),
    loadManifest: async () => parseManifest(manifestText),
    fetch: fileFetch,
  });
  return { api, store };
}

const mirror = `${pathToFileURL(sharedPath('models')).href}/`;
const INT8_SHA = 'cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f';

/** A mirror folder of its own (removed after the test): mirror path → file under ../shared, or text. */
function mirrorDir(files: Record<string, string | { text: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'webclas-mirror-'));
  dirs.push(dir);
  for (const [path, src] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    if (typeof src === 'string') copyFileSync(sharedPath(src), join(dir, path));
    else writeFileSync(join(dir, path), src.text);
  }
  return `${pathToFileURL(dir).href}/`;
}
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('classify service (Node, WASM)', () => {
  it('fetches a zoo model from the mirror on first use, verifies it, labels from the mirror, reuses the cache', async () => {
    const { api, store } = service();
    const seen: number[] = [];
    const settings = { backend: 'auto' as const, mirror };
    const p = await api.prepareModel({ kind: 'zoo', id: 'mobilenetv2-12-int8' }, settings, (e) =>
      seen.push(e.loaded),
    );
    expect(p).toMatchObject({
      modelKey: `sha256:${INT8_SHA}`,
      bytes: 3_655_033,
      cached: false,
      integrity: 'verified (sha256 checked)',
      labelSource: 'ImageNet-1k (imagenet-1k)',
      backend: { backend: 'wasm', overridden: false, reason: 'This browser has no WebGPU.' },
    });
    expect(seen.at(-1)).toBe(3_655_033);
    expect((await store.list()).map((m) => [m.key, m.ref, m.verified])).toEqual([
      [`sha256:${INT8_SHA}`, 'mobilenetv2-12-int8/int8', true],
    ]);
    const forced = await api.prepareModel(
      { kind: 'zoo', id: 'mobilenetv2-12-int8' },
      { backend: 'wasm', mirror },
    );
    expect(forced.backend).toMatchObject({ backend: 'wasm', overridden: true });
    expect(forced.session).toBe(p.session);
  }, 60_000);

  it('refuses a model whose sha256 does not match the manifest, and stores nothing', async () => {
    const text = readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8').replace(
      'cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f',
      '0'.repeat(64),
    );
    const { api, store } = service(text);
    await expect(
      api.prepareModel({ kind: 'zoo', id: 'mobilenetv2-12-int8' }, { backend: 'wasm', mirror }),
    ).rejects.toThrow(/sha256 mismatch for mobilenetv2-12-int8\/int8 .*nothing was stored/);
    expect(await store.list()).toEqual([]);
  }, 60_000);

  it('runs an unpinned variant only once confirmed, and says it is unverified', async () => {
    const { api, store } = service();
    const other = mirrorDir({
      'Xenova/resnet-18/onnx/model_fp16.onnx': 'models/arch/squeezenet1_1-random.onnx',
      'imagenet-labels.txt': 'models/imagenet-labels.txt',
    });
    const ref = { kind: 'zoo' as const, id: 'resnet-18', variant: 'fp16' };
    await expect(api.prepareModel(ref, { backend: 'wasm', mirror: other })).rejects.toMatchObject({
      name: 'UnverifiedModelError',
      message: expect.stringContaining('resnet-18/fp16 is unverified: the manifest pins no sha256 for it'),
    });
    expect(await store.list()).toEqual([]);
    const p = await api.prepareModel({ ...ref, allowUnverified: true }, { backend: 'wasm', mirror: other });
    expect(p).toMatchObject({
      modelKey: `src:${other}Xenova/resnet-18/onnx/model_fp16.onnx`,
      integrity: 'unverified (no pinned hash)',
      labelSource: 'ImageNet-1k (imagenet-1k)',
      cached: false,
    });
  }, 60_000);

  it('shows index numbers, saying why, when the mirror serves a label list other than the pinned one', async () => {
    const { api } = service();
    const names = readFileSync(sharedPath('models/imagenet-labels.txt'), 'utf8').split('\n');
    [names[967], names[968]] = [names[968], names[967]];
    const relabelled = mirrorDir({
      'mobilenetv2-12-int8.onnx': 'models/mobilenetv2-12-int8.onnx',
      'imagenet-labels.txt': { text: names.join('\n') },
    });
    const p = await api.prepareModel(
      { kind: 'zoo', id: 'mobilenetv2-12-int8' },
      { backend: 'wasm', mirror: relabelled },
    );
    expect(p.integrity).toBe('verified (sha256 checked)');
    expect(p.labelSource).toMatch(
      /^index numbers \(ImageNet label list refused: imagenet-labels.txt \(.*\) is not the pinned file/,
    );
  }, 60_000);

  it('adds a local .onnx with labels from metadata_props or a labels file, lists and deletes it', async () => {
    const { api } = service();
    const f32 = onnx.TensorProto.DataType.FLOAT;
    const model = onnx.ModelProto.encode(
      onnx.ModelProto.create({
        irVersion: 7,
        opsetImport: [{ domain: '', version: 13 }],
        graph: {
          name: 'tiny',
          node: [
            { opType: 'GlobalAveragePool', input: ['x'], output: ['p'] },
            { opType: 'Flatten', input: ['p'], output: ['y'] },
          ],
          input: [
            {
              name: 'x',
              type: {
                tensorType: {
                  elemType: f32,
                  shape: { dim: [{ dimValue: 1 }, { dimValue: 3 }, { dimValue: 224 }, { dimValue: 224 }] },
                },
              },
            },
          ],
          output: [
            {
              name: 'y',
              type: { tensorType: { elemType: f32, shape: { dim: [{ dimValue: 1 }, { dimValue: 3 }] } } },
            },
          ],
        },
        metadataProps: [{ key: 'webclas.classes', value: '["red","green","blue"]' }],
      }),
    ).finish();
    const info = await api.addLocalModel({ name: 'tiny.onnx', bytes: model }, null);
    expect(info).toMatchObject({ name: 'tiny.onnx', bytes: model.length, labelsText: null });
    const p = await api.prepareModel({ kind: 'local', id: info.id }, { backend: 'auto', mirror: null });
    expect(p.labelSource).toBe('model metadata webclas.classes (3 names)');
    expect(p.session.inputName).toBe('x');
    const relabelled = await api.addLocalModel(
      { name: 'tiny.onnx', bytes: model },
      { name: 'rgb.txt', text: '0 r\n1 g\n2 b\n' },
    );
    expect(relabelled.id).toBe(info.id);
    expect(
      (await api.prepareModel({ kind: 'local', id: info.id }, { backend: 'auto', mirror: null })).labelSource,
    ).toBe('rgb.txt (3 names)');
    await expect(
      api.addLocalModel({ name: 'notes.onnx', bytes: new TextEncoder().encode('hello') }, null),
    ).rejects.toThrow(
      'notes.onnx was not added: ONNX model: unsupported wire type 4 for field 13 in ModelProto',
    );
    expect((await api.listLocalModels()).map((m) => m.name)).toEqual(['tiny.onnx']);
    await api.deleteLocalModel(info.id);
    expect(await api.listLocalModels()).toEqual([]);
    await expect(
      api.prepareModel({ kind: 'local', id: info.id }, { backend: 'auto', mirror: null }),
    ).rejects.toThrow(`local model ${info.id} is not in "My models"`);
  }, 60_000);
});
