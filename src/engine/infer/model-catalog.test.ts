// The model list the pickers show: which zoo variants are downloaded now that the store keys files by content hash
// (pinned) or source (unpinned), which store key a delete removes, and each variant's integrity.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../zoo/load.ts';
import type { StoredModelMeta } from '../zoo/store.ts';
import { repoRoot } from '../zoo/testing/shared-dir.ts';
import { buildCatalog } from './model-catalog.ts';

const zoo = parseManifest(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8'));
const INT8 = 'cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f';
const meta = (
  key: string,
  ref: string | undefined,
  verified: boolean,
  lastUsed: number,
): StoredModelMeta => ({
  key,
  url: key.startsWith('src:') ? key.slice(4) : 'http://m/x.onnx',
  bytes: 10,
  sha256: key.startsWith('sha256:') ? key.slice(7) : 'f'.repeat(64),
  verified,
  storedAt: lastUsed,
  lastUsed,
  ...(ref ? { ref } : {}),
});

describe('buildCatalog', () => {
  it('finds pinned files by hash and unpinned ones by the variant they were fetched for', () => {
    const items = buildCatalog(
      zoo,
      [
        meta(`sha256:${INT8}`, 'mobilenetv2-12-int8/int8', true, 1),
        meta('src:http://a/m/Xenova/resnet-50/onnx/model.onnx', 'resnet-50/fp32', false, 2),
        meta('src:http://b/m/Xenova/resnet-50/onnx/model.onnx', 'resnet-50/fp32', false, 3),
        meta('local/abc', undefined, false, 4),
      ],
      [
        {
          id: 'abc',
          name: 'mine.onnx',
          bytes: 10,
          sha256: 'e'.repeat(64),
          labelsText: null,
          labelsFile: null,
          addedAt: 4,
        },
      ],
    );
    const item = (key: string) => items.find((i) => i.key === key)!;
    expect(item('mobilenetv2-12-int8/int8')).toMatchObject({
      state: 'stored',
      storeKey: `sha256:${INT8}`,
      integrity: 'pinned',
    });
    // The newest copy of an unpinned variant is the one a delete removes.
    expect(item('resnet-50/fp32')).toMatchObject({
      state: 'stored',
      storeKey: 'src:http://b/m/Xenova/resnet-50/onnx/model.onnx',
      integrity: 'unverified',
    });
    expect(item('resnet-50/q8')).toMatchObject({ state: 'remote', storeKey: null, integrity: 'pinned' });
    expect(item('mobilenetv2-12-float/fp32')).toMatchObject({ state: 'remote', storeKey: null });
    expect(item('local/abc')).toMatchObject({ state: 'local', storeKey: 'local/abc', integrity: 'own' });
    expect(items.filter((i) => i.integrity === 'pinned')).toHaveLength(16);
    expect(items.filter((i) => i.integrity === 'unverified')).toHaveLength(25);
  });
});
