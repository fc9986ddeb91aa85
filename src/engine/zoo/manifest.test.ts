// Checks models/zoo.json against the validator, the coverage rules, and the real local model files.
/// <reference types="node" />
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findEntry,
  findVariant,
  isPinned,
  ManifestError,
  maxDownloadBytes,
  validateManifest,
  type ZooManifest,
} from './manifest.ts';
import { repoRoot, sharedPath } from './testing/shared-dir.ts';

const raw = JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8'));
const clone = () => structuredClone(raw) as { models: Record<string, unknown>[] } & Record<string, unknown>;

describe('models/zoo.json', () => {
  const zoo: ZooManifest = validateManifest(raw);

  it('has at least 12 models across at least 6 families', () => {
    expect(zoo.models.length).toBeGreaterThanOrEqual(12);
    expect(new Set(zoo.models.map((m) => m.family)).size).toBeGreaterThanOrEqual(6);
  });

  it('describes the two local MobileNetV2 files exactly (sizes and sha256 computed here)', () => {
    const cases = [
      {
        id: 'mobilenetv2-12-float',
        file: 'mobilenetv2-12-float.onnx',
        kind: 'local-mirror-only',
        output: 'logits',
      },
      {
        id: 'mobilenetv2-12-int8',
        file: 'mobilenetv2-12-int8.onnx',
        kind: 'onnx-model-zoo',
        output: 'output',
      },
    ];
    for (const c of cases) {
      const bytes = readFileSync(sharedPath('models', c.file));
      const entry = findEntry(zoo, c.id);
      const v = findVariant(entry);
      expect(entry.source.kind).toBe(c.kind);
      expect(v.path).toBe(c.file);
      expect(v.bytes).toBe(statSync(sharedPath('models', c.file)).size);
      expect(v.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(v.verified).toBe(true);
      expect(entry.io).toMatchObject({ input: 'input', output: c.output, outputKind: 'logits' });
      expect(entry.preprocess).toMatchObject({
        resize: { mode: 'short-side', size: 256 },
        resample: 'bilinear',
        crop: { width: 224, height: 224 },
        mean: [0.485, 0.456, 0.406],
        std: [0.229, 0.224, 0.225],
        channelOrder: 'RGB',
        layout: 'NCHW',
      });
      expect(entry.preprocess.scale).toBeCloseTo(1 / 255, 12);
    }
    expect(findVariant(findEntry(zoo, 'mobilenetv2-12-float')).url).toBeNull();
    expect(findVariant(findEntry(zoo, 'mobilenetv2-12-int8')).url).toBe(
      'https://github.com/onnx/models/raw/main/validated/vision/classification/mobilenet/model/mobilenetv2-12-int8.onnx',
    );
  });

  it('marks every group with a null fact as unverified', () => {
    for (const m of zoo.models) {
      if (m.reference.top1 === null) expect(m.reference.verified, m.id).toBe(false);
      if (m.cost.paramsM === null) expect(m.cost.verified, m.id).toBe(false);
    }
  });

  it('pins every listed variant (sha256, its source and a size bound) or marks it explicitly unverified', () => {
    const pinned: string[] = [];
    for (const m of zoo.models) {
      for (const v of m.variants) {
        const at = `${m.id}/${v.name}`;
        if (isPinned(v)) {
          pinned.push(at);
          expect(v.sha256, at).toMatch(/^[0-9a-f]{64}$/);
          expect(v.pinnedFrom, at).toBeTruthy();
          expect(v.verified, at).toBe(true);
        } else {
          expect([v.pinnedFrom, v.verified], at).toEqual([null, false]);
        }
        // The download stops at a known bound either way: the exact size, or approxMB's rounding bound.
        expect(maxDownloadBytes(v), at).toBe(v.bytes ?? Math.ceil((v.approxMB! + 0.5) * 1e6));
        expect(maxDownloadBytes(v), at).toBeGreaterThan(0);
      }
    }
    // Every ONNX Model Zoo file and the local one carry sha256 and exact size from an LFS pointer / sha256sum.
    for (const m of zoo.models.filter((e) => e.source.kind !== 'huggingface')) {
      for (const v of m.variants)
        expect([isPinned(v), v.bytes !== null], `${m.id}/${v.name}`).toEqual([true, true]);
    }
    expect(pinned).toEqual([
      'mobilenetv2-12-float/fp32',
      'mobilenetv2-12/fp32',
      'mobilenetv2-12-int8/int8',
      'resnet50-v1-12/fp32',
      'resnet50-v1-12-int8/int8',
      'squeezenet1.1-7/fp32',
      'efficientnet-lite4-11/fp32',
      'efficientnet-lite4-11-int8/int8',
      'shufflenet-v2-12/fp32',
      'shufflenet-v2-12-int8/int8',
      'resnet-50/q8',
      'resnet-18/fp32',
      'resnet-18/q8',
      'mobilevit-small/fp32',
      'mobilevit-small/fp16',
      'mobilevit-small/q8',
    ]);
  });

  it('pins a Hugging Face file at the commit its hash was read from, where that commit is known', () => {
    for (const id of ['resnet-18', 'resnet-50']) {
      const e = findEntry(zoo, id);
      expect(e.source.revision, id).toMatch(/^[0-9a-f]{40}$/);
      for (const v of e.variants)
        expect(v.url, `${id}/${v.name}`).toContain(`/resolve/${e.source.revision}/`);
    }
  });

  it('pins the ImageNet label list to the local file (size and sha256 computed here)', () => {
    const bytes = readFileSync(sharedPath('models', zoo.imagenetLabels.path));
    expect(zoo.imagenetLabels.bytes).toBe(bytes.length);
    expect(zoo.imagenetLabels.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('uses the 1001-background label source for the Google MobileNetV2 0.35', () => {
    expect(findEntry(zoo, 'mobilenet-v2-0.35-96').labels).toMatchObject({
      source: '1001-background',
      classes: 1001,
    });
  });
});

describe('validateManifest error messages', () => {
  const expectError = (mutate: (m: ReturnType<typeof clone>) => void, message: string) => {
    const m = clone();
    mutate(m);
    expect(() => validateManifest(m)).toThrow(ManifestError);
    expect(() => validateManifest(m)).toThrow(message);
  };
  const variant0 = (m: ReturnType<typeof clone>, i: number) =>
    (m.models[i].variants as Record<string, unknown>[])[0] as Record<string, unknown>;

  it('names the entry and field of a bad sha256', () => {
    expectError((m) => {
      variant0(m, 2).sha256 = 'CC02';
    }, 'models/zoo.json: models[2] "mobilenetv2-12-int8".variants[0].sha256: "CC02" does not match');
  });

  it('rejects unknown fields, duplicates, missing fields and inconsistent verified flags', () => {
    expectError((m) => {
      variant0(m, 1).sha265 = 'x';
    }, 'models[1] "mobilenetv2-12".variants[0].sha265: unknown field');
    expectError((m) => {
      m.models[3].id = 'mobilenetv2-12';
    }, 'models[3] "mobilenetv2-12".id: duplicate id');
    expectError((m) => {
      delete m.models[0].preprocess;
    }, 'models[0] "mobilenetv2-12-float".preprocess: is missing');
    expectError((m) => {
      (m.models[4].io as Record<string, unknown>).verified = true;
    }, 'models[4] "resnet50-v1-12-int8".io.input: is null but the group says verified: true');
    expectError((m) => {
      variant0(m, 1).url = null;
    }, 'models[1] "mobilenetv2-12".variants[0].url: is null but source.kind is not "local-mirror-only"');
    expectError((m) => {
      variant0(m, 0).url = 'https://example.org/x.onnx';
    }, 'a local-mirror-only source has no public URL');
    expectError((m) => {
      variant0(m, 2).path = '../mobilenetv2-12-float.onnx';
    }, 'must be a plain relative path');
    expectError((m) => {
      (m.models[0].preprocess as Record<string, unknown>).crop = { width: 300, height: 300 };
    }, 'models[0] "mobilenetv2-12-float".preprocess.crop: 300×300 is larger than the resized short side 256');
    expectError((m) => {
      (m.models[0].labels as Record<string, unknown>).classes = 1001;
    }, 'imagenet-1k has 1000 classes, got 1001');
    expectError((m) => {
      m.schema = 2;
    }, 'models/zoo.json: schema: expected 1, got 2');
    expectError((m) => {
      m.labels = {};
    }, 'models/zoo.json: manifest.labels: unknown field');
    expectError((m) => {
      (m.imagenetLabels as Record<string, unknown>).sha256 = null;
    }, 'imagenetLabels.sha256: must be a non-empty string');
  });

  it('refuses a hash without its source, and "verified" on anything but a pinned hash', () => {
    const hf = (m: ReturnType<typeof clone>) => m.models.findIndex((e) => e.id === 'resnet-50');
    expectError((m) => {
      const v = variant0(m, hf(m));
      v.sha256 = 'a'.repeat(64);
    }, '"resnet-50".variants[0].pinnedFrom: sha256 and pinnedFrom go together');
    expectError((m) => {
      variant0(m, hf(m)).verified = true;
    }, '"resnet-50".variants[0].verified: must be false (true exactly when sha256 is pinned)');
    expectError((m) => {
      variant0(m, 2).verified = false;
    }, '"mobilenetv2-12-int8".variants[0].verified: must be true');
    expectError((m) => {
      variant0(m, 2).pinnedFrom = null;
    }, '"mobilenetv2-12-int8".variants[0].pinnedFrom: sha256 and pinnedFrom go together');
  });

  it('finds entries and variants or names what exists', () => {
    const zoo = validateManifest(raw);
    expect(() => findEntry(zoo, 'nope')).toThrow('unknown model id "nope"; known: mobilenetv2-12-float,');
    expect(() => findVariant(findEntry(zoo, 'resnet-50'), 'int4')).toThrow(
      'model "resnet-50" has no variant "int4"; it has: fp32, fp16, q8',
    );
  });
});
