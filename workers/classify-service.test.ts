// The worker's classification service in Node with real parts: the zoo manifest, ../shared/models as a file://
// mirror through the download manager into an in-memory store, ORT's WASM build. Image decoding needs a browser
// (src/engine/infer/photos.browser.test.ts, e2e/classify.spec.ts); this covers model resolution and sessions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
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

describe('classify service (Node, WASM)', () => {
  it('fetches a zoo model from the mirror on first use, verifies it, labels from the mirror, reuses the cache', async () => {
    const { api, store } = service();
    const seen: number[] = [];
    const settings = { backend: 'auto' as const, mirror };
    const p = await api.prepareModel({ kind: 'zoo', id: 'mobilenetv2-12-int8' }, settings, (e) =>
      seen.push(e.loaded),
    );
    expect(p).toMatchObject({
      modelKey: 'mobilenetv2-12-int8/int8',
      bytes: 3_655_033,
      cached: false,
      labelSource: 'ImageNet-1k (imagenet-1k)',
      backend: { backend: 'wasm', overridden: false, reason: 'This browser has no WebGPU.' },
    });
    expect(seen.at(-1)).toBe(3_655_033);
    expect((await store.list()).map((m) => [m.key, m.verified])).toEqual([
      ['mobilenetv2-12-int8/int8', true],
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
