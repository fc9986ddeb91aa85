// HeldBytes: the check's read is handed to staging once (no second read), within a byte budget, random contents.
import { describe, expect, it } from 'vitest';
import type { DataFile } from '../file-tree.ts';
import { HeldBytes } from './held-bytes.ts';

function countingFile(path: string, n: number): DataFile & { reads: number } {
  const bytes = new Uint8Array(n).map(() => Math.floor(Math.random() * 256));
  const f = {
    path,
    size: n,
    reads: 0,
    read: async () => {
      f.reads++;
      return bytes.slice();
    },
  };
  return f;
}

describe('HeldBytes', () => {
  it('hands the first read to the second caller, then reads the file again', async () => {
    const held = new HeldBytes(1000);
    const src = countingFile('a/1.jpg', 300);
    const f = held.wrap(src);
    const first = await f.read();
    expect(held.heldBytes).toBe(300);
    const second = await f.read();
    expect(second).toBe(first);
    expect(src.reads).toBe(1);
    expect(held.heldBytes).toBe(0);
    const third = await f.read();
    expect(third).toEqual(first);
    expect(src.reads).toBe(2);
    expect(f.path).toBe('a/1.jpg');
    expect(f.size).toBe(300);
  });

  it('holds nothing past its budget: those files are read again', async () => {
    const held = new HeldBytes(500);
    const a = countingFile('a', 300);
    const b = countingFile('b', 300);
    const [fa, fb] = [held.wrap(a), held.wrap(b)];
    await fa.read();
    await fb.read();
    expect(held.heldBytes).toBe(300);
    await fa.read();
    await fb.read();
    expect([a.reads, b.reads]).toEqual([1, 2]);
  });
});
