// Mirror resolution: normalizing bases, resolving every manifest variant, and the env-var configuration.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateManifest } from './manifest.ts';
import { MIRROR_ENV, mirrorFileUrl, normalizeMirror, resolveVariantUrl } from './mirror.ts';
import { mirrorFromEnv } from './mirror-env.ts';
import { repoRoot } from './testing/shared-dir.ts';

const zoo = validateManifest(JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8')));

describe('normalizeMirror', () => {
  it('keeps absolute URLs and adds the trailing slash', () => {
    expect(normalizeMirror('http://127.0.0.1:8080/models')).toBe('http://127.0.0.1:8080/models/');
    expect(normalizeMirror(' https://cdn.example.org/zoo/?x=1#y ')).toBe('https://cdn.example.org/zoo/');
  });
  it('resolves relative mirrors against the page, or against the working folder as file://', () => {
    expect(normalizeMirror('/models', { baseHref: 'http://127.0.0.1:5173/app/index.html' })).toBe(
      'http://127.0.0.1:5173/models/',
    );
    expect(normalizeMirror('../shared/models', { cwd: '/work/main' })).toBe('file:///work/shared/models/');
    expect(normalizeMirror('/data/my models', { cwd: '/x' })).toBe('file:///data/my%20models/');
  });
  it('refuses empty, unresolvable and non-http/file mirrors', () => {
    expect(() => normalizeMirror('  ')).toThrow('model mirror is an empty string');
    expect(() => normalizeMirror('models')).toThrow('is relative, and there is no page URL');
    expect(() => normalizeMirror('ftp://host/models')).toThrow('unsupported protocol ftp:');
  });
});

describe('resolveVariantUrl', () => {
  const mirror = normalizeMirror('http://127.0.0.1:9999/m');
  it('puts every variant of every model under the mirror, each at a distinct URL', () => {
    const urls = new Set<string>();
    for (const e of zoo.models) {
      for (const v of e.variants) {
        const r = resolveVariantUrl(e, v, mirror);
        expect(r.via).toBe('mirror');
        expect(r.url.startsWith(mirror)).toBe(true);
        expect(r.url.endsWith(v.path)).toBe(true);
        urls.add(r.url);
      }
    }
    expect(urls.size).toBe(zoo.models.reduce((n, e) => n + e.variants.length, 0));
  });
  it('uses the public URL without a mirror, and names the fix for a local-mirror-only model', () => {
    const int8 = zoo.models.find((m) => m.id === 'mobilenetv2-12-int8')!;
    expect(resolveVariantUrl(int8, int8.variants[0])).toEqual({ url: int8.variants[0].url, via: 'public' });
    const local = zoo.models.find((m) => m.id === 'mobilenetv2-12-float')!;
    expect(() => resolveVariantUrl(local, local.variants[0])).toThrow(
      'model "mobilenetv2-12-float" variant fp32 has no public URL (local-mirror-only): set a model mirror',
    );
    expect(() => resolveVariantUrl(local, local.variants[0], 'http://x/m')).toThrow('must end with "/"');
  });
});

describe('mirrorFileUrl (the Compare "mirror files" guard)', () => {
  const mirror = 'http://127.0.0.1:4173/mirror/';
  it('resolves plain relative paths inside the mirror', () => {
    expect(mirrorFileUrl(mirror, 'arch/resnet18-bn-random.onnx')).toBe(
      'http://127.0.0.1:4173/mirror/arch/resnet18-bn-random.onnx',
    );
    expect(mirrorFileUrl(mirror, 'arch/../x.onnx')).toBe('http://127.0.0.1:4173/mirror/x.onnx');
    expect(mirrorFileUrl(mirror, 'my%20models/x.onnx')).toBe(
      'http://127.0.0.1:4173/mirror/my%20models/x.onnx',
    );
  });
  it.each([
    ['http://other/x.onnx', 'is an absolute URL'],
    ['HTTPS://127.0.0.1:4173/mirror/x.onnx', 'is an absolute URL'],
    ['file:///etc/passwd', 'is an absolute URL'],
    ['javascript:alert(1)', 'is an absolute URL'],
    ['//other/x.onnx', 'leaves the mirror (resolves to http://other/x.onnx)'],
    ['\\\\other\\x.onnx', 'leaves the mirror (resolves to http://other/x.onnx)'],
    ['/x.onnx', 'leaves the mirror folder (resolves to http://127.0.0.1:4173/x.onnx)'],
    ['../x.onnx', 'leaves the mirror folder'],
    ['%2e%2e/x.onnx', 'leaves the mirror folder (resolves to http://127.0.0.1:4173/x.onnx)'],
    ['.%2E/secret/x.onnx', 'leaves the mirror folder'],
    ['arch/%2e%2e/%2e%2e/x.onnx', 'leaves the mirror folder'],
    ['..\\x.onnx', 'leaves the mirror folder'],
    ['arch\\..\\..\\x.onnx', 'leaves the mirror folder'],
    ['..%2fx.onnx', 'contains an encoded "/" or "\\"'],
    ['..%5Cx.onnx', 'contains an encoded "/" or "\\"'],
    ['.', 'leaves the mirror folder'],
    ['x.onnx?u=http://other/', 'carries a query or fragment'],
    ['  ', 'is empty'],
  ])('refuses %j', (path, why) => {
    expect(() => mirrorFileUrl(mirror, path)).toThrow(`mirror path "${path}" ${why}`);
  });
  it('checks host and path for file:// mirrors too (their origins are all "null")', () => {
    const m = 'file:///data/models/';
    expect(mirrorFileUrl(m, 'arch/x.onnx')).toBe('file:///data/models/arch/x.onnx');
    expect(() => mirrorFileUrl(m, '//other/x.onnx')).toThrow(
      'leaves the mirror (resolves to file://other/x.onnx)',
    );
    expect(() => mirrorFileUrl(m, '%2e%2e/secret.onnx')).toThrow('leaves the mirror folder');
  });
});

describe('mirrorFromEnv', () => {
  const saved = process.env[MIRROR_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[MIRROR_ENV];
    else process.env[MIRROR_ENV] = saved;
  });
  it(`reads ${MIRROR_ENV} and resolves a folder against the working directory`, () => {
    delete process.env[MIRROR_ENV];
    expect(mirrorFromEnv()).toBeUndefined();
    process.env[MIRROR_ENV] = '../shared/models';
    expect(mirrorFromEnv()).toBe(`${new URL(`file://${resolve(process.cwd(), '../shared/models')}`).href}/`);
    process.env[MIRROR_ENV] = 'http://127.0.0.1:4000/models';
    expect(mirrorFromEnv()).toBe('http://127.0.0.1:4000/models/');
  });
});
