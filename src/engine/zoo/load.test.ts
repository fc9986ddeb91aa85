// Manifest loading from text and over HTTP (a real local server serving the repo's models/ folder).
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, parseManifest } from './load.ts';
import { startModelServer } from './testing/model-server.ts';
import { repoRoot } from './testing/shared-dir.ts';

describe('loading the manifest', () => {
  it('parses text and names the file on a syntax error', () => {
    const text = readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8');
    expect(parseManifest(text).models.length).toBeGreaterThanOrEqual(12);
    expect(() => parseManifest('{"schema": 1,', 'my-zoo.json')).toThrow('my-zoo.json: not valid JSON:');
  });

  it('fetches and validates over HTTP, naming the URL on 404', async () => {
    const s = await startModelServer({ root: resolve(repoRoot, 'models') });
    try {
      expect((await loadManifest(`${s.url}zoo.json`)).schema).toBe(1);
      await expect(loadManifest(`${s.url}nope.json`)).rejects.toThrow(
        `${s.url}nope.json: HTTP 404 Not Found`,
      );
    } finally {
      await s.close();
    }
  });
});
