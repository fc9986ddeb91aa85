// Storage and environment facts: real Node globals, and navigator shapes as browsers present them.
import { describe, expect, it } from 'vitest';
import { gatherEnvironment, gatherStorage } from './environment-facts.ts';

describe('gatherStorage', () => {
  it('reports a missing StorageManager as unsupported with no numbers', async () => {
    expect(await gatherStorage(undefined)).toEqual({
      supported: false,
      quotaBytes: null,
      usageBytes: null,
      persisted: null,
    });
    expect((await gatherStorage({})).supported).toBe(false);
  });

  it('passes the estimate and persisted flag through', async () => {
    const quota = Math.floor(Math.random() * 1e12);
    const usage = Math.floor(Math.random() * 1e6);
    const facts = await gatherStorage({
      storage: { estimate: async () => ({ quota, usage }), persisted: async () => true },
    });
    expect(facts).toEqual({ supported: true, quotaBytes: quota, usageBytes: usage, persisted: true });
  });

  it('keeps persisted null where only estimate exists, and reports errors verbatim', async () => {
    const noPersist = await gatherStorage({ storage: { estimate: async () => ({ quota: 10 }) } });
    expect(noPersist).toMatchObject({ quotaBytes: 10, usageBytes: null, persisted: null });
    const failing = await gatherStorage({
      storage: {
        estimate: async () => {
          throw new Error('SecurityError: opaque origin');
        },
      },
    });
    expect(failing).toMatchObject({ supported: true, error: 'SecurityError: opaque origin' });
  });
});

describe('gatherEnvironment', () => {
  it('reads the real Node globals (navigator exists from Node 21 only) as a non-worker scope', async () => {
    const env = await gatherEnvironment();
    const nav = (globalThis as { navigator?: Navigator }).navigator;
    expect(env.scope).toBe('window');
    expect(env.sharedArrayBuffer).toBe(true);
    expect(env.crossOriginIsolated).toBe(false);
    expect(env.hardwareConcurrency).toBe(nav?.hardwareConcurrency ?? null);
    expect(env.userAgent).toBe(nav?.userAgent ?? '');
  });

  it('recognises a worker scope and isolation', async () => {
    const fake = {
      WorkerGlobalScope: class {},
      crossOriginIsolated: true,
      SharedArrayBuffer,
      navigator: { hardwareConcurrency: 3, userAgent: 'UA' },
    } as unknown as typeof globalThis;
    const env = await gatherEnvironment(fake);
    expect(env).toMatchObject({
      scope: 'worker',
      crossOriginIsolated: true,
      sharedArrayBuffer: true,
      hardwareConcurrency: 3,
      userAgent: 'UA',
    });
    expect(env.storage.supported).toBe(false);
  });
});
