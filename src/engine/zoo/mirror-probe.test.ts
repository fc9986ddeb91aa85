// HEAD probes against a real local HTTP server serving ../shared/models: files there are "available", the zoo's
// variants the folder lacks are "missing", and a server that is not listening is "unreachable".
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateManifest } from './manifest.ts';
import { normalizeMirror } from './mirror.ts';
import { mirrorFiles, probeFile, probeMirror } from './mirror-probe.ts';
import { type ModelServer, startModelServer } from './testing/model-server.ts';
import { repoRoot, sharedPath } from './testing/shared-dir.ts';

const zoo = validateManifest(JSON.parse(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8')));
let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer({ root: sharedPath('models') });
});
afterAll(() => server.close());

describe('probeMirror', () => {
  it('says which zoo files the mirror has, without downloading them', async () => {
    const files = mirrorFiles(zoo, normalizeMirror(server.url));
    expect(files.length).toBe(zoo.models.reduce((n, e) => n + e.variants.length, 0));
    const r = await probeMirror(files);
    expect(r['mobilenetv2-12-float/fp32'].availability).toBe('available');
    expect(r['mobilenetv2-12-int8/int8'].availability).toBe('available');
    expect(r['resnet-50/fp32']).toEqual({ availability: 'missing', detail: 'HTTP 404 Not Found' });
    expect(Object.keys(r).sort()).toEqual(files.map((f) => f.key).sort());
    // HEAD only: every request got a status and no body bytes went over the wire.
    expect(server.requests).toHaveLength(files.length);
    expect(server.requests.every((q) => q.status === 200 || q.status === 404)).toBe(true);
  });

  it('calls a mirror that does not answer unreachable', async () => {
    const down = await startModelServer({ root: sharedPath('models') });
    const url = `${down.url}mobilenetv2-12-float.onnx`;
    await down.close();
    expect((await probeFile(url, fetch)).availability).toBe('unreachable');
  });
});
