// EarlyDerive on its own: at most `concurrency` decodes run at once, each hash once, nothing past the cap, a
// failed early decode hands back nothing (the derive step decodes it again), and an aborted job starts none.
import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../report.ts';
import type { Derived } from './derive.ts';
import { EarlyDerive } from './early-derive.ts';

const item = (hash: string): ImportItem => ({
  path: `train/a/${hash}.jpg`,
  label: 0,
  split: 'train',
  width: 10,
  height: 10,
  hash,
  mime: 'image/jpeg',
  size: 1,
  orientation: 1,
  grayscale: false,
  alpha: false,
});
const derived = (w: number): Derived => ({
  size: { width: w, height: w },
  copy: { blob: null, width: w, height: w },
  thumb: null,
});
const tick = () => new Promise((ok) => setTimeout(ok, 1));

describe('EarlyDerive', () => {
  it('runs at most `concurrency` at once, once per hash, and stops offering past the cap', async () => {
    let active = 0;
    let peak = 0;
    const calls: string[] = [];
    const early = new EarlyDerive(
      async (it) => {
        calls.push(it.hash);
        peak = Math.max(peak, ++active);
        await tick();
        active--;
        return derived(Number(it.hash.slice(1)));
      },
      3,
      8,
    );
    const blob = () => new Blob([]);
    for (let i = 0; i < 10; i++) early.offer(item(`h${i}`), blob);
    early.offer(item('h2'), blob);
    for (let i = 0; i < 8; i++) expect((await early.take(`h${i}`))?.size.width).toBe(i);
    expect(await early.take('h8')).toBeUndefined();
    expect(await early.take('h0')).toBeUndefined(); // handed out once
    expect(peak).toBe(3);
    expect(calls).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7']);
  });

  it('hands the held bytes to the decode within its byte budget, and frees the budget as decodes finish', async () => {
    const got = new Map<string, number | undefined>();
    let release!: () => void;
    const gate = new Promise<void>((ok) => {
      release = ok;
    });
    const early = new EarlyDerive(
      async (it, _blob, bytes) => {
        got.set(it.hash, bytes?.byteLength);
        await gate;
        return derived(1);
      },
      1,
      10,
      undefined,
      100,
    );
    const blob = () => new Blob([]);
    early.offer(item('a'), blob, new Uint8Array(60));
    early.offer(item('b'), blob, new Uint8Array(50)); // 60 + 50 > 100: decoded from its Blob
    early.offer(item('c'), blob, new Uint8Array(40)); // 60 + 40 ≤ 100: held
    release();
    for (const h of ['a', 'b', 'c']) await early.take(h);
    expect([...got]).toEqual([
      ['a', 60],
      ['b', undefined],
      ['c', 40],
    ]);
    // Everything decoded: the whole budget is free again.
    early.offer(item('d'), blob, new Uint8Array(100));
    await early.take('d');
    expect(got.get('d')).toBe(100);
  });

  it('hands back nothing for a failed decode, and decodes nothing once the job is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const early = new EarlyDerive(
      async (it) => {
        calls++;
        if (it.hash === 'bad') throw new Error('not an image');
        await tick();
        return derived(1);
      },
      1,
      10,
      controller.signal,
    );
    early.offer(item('bad'), () => new Blob([]));
    expect(await early.take('bad')).toBeUndefined();
    early.offer(item('a'), () => new Blob([]));
    early.offer(item('b'), () => new Blob([]));
    controller.abort();
    expect(await early.take('a')).toBeDefined(); // already running when the abort came
    expect(await early.take('b')).toBeUndefined();
    expect(calls).toBe(2);
  });
});
