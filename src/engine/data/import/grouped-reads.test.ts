// GroupedReads in Node (which has Blob): every file gets exactly its own bytes, in any request order; files are
// read in groups closed by bytes or count in plan order; files without a Blob, or unplanned, are read alone.
import { describe, expect, it } from 'vitest';
import type { DataFile } from '../file-tree.ts';
import { GroupedReads } from './grouped-reads.ts';
import { StageClock } from './stage-clock.ts';

function blobFile(path: string, bytes: Uint8Array): DataFile & { blob: Blob } {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  return { path, size: bytes.length, blob, read: async () => new Uint8Array(await blob.arrayBuffer()) };
}

const randomFiles = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const bytes = crypto.getRandomValues(new Uint8Array(1 + Math.floor(Math.random() * 300)));
    return { file: blobFile(`train/c/${i}.jpg`, bytes), bytes };
  });

describe('GroupedReads', () => {
  it('hands every planned file its own bytes, one read per group (closed by bytes or count)', async () => {
    const files = randomFiles(40);
    const clock = new StageClock();
    const reads = new GroupedReads({ bytes: 1000, files: 6 }, clock);
    reads.plan(files.map((f) => f.file));
    // Expected groups, in plan order: closed once they reach 1000 bytes or 6 files.
    let groups = 0;
    let bytes = 0;
    let count = 0;
    for (const { bytes: b } of files) {
      bytes += b.length;
      count++;
      if (bytes >= 1000 || count >= 6) {
        groups++;
        bytes = 0;
        count = 0;
      }
    }
    if (count) groups++;
    // Requests in a shuffled order and all at once, as parallel check lanes would make them.
    const order = files.map((_, i) => i).sort(() => Math.random() - 0.5);
    const got = await Promise.all(order.map((i) => reads.read(files[i]!.file)));
    for (const [k, i] of order.entries()) expect(got[k]).toEqual(files[i]!.bytes);
    expect(clock.snapshot().read?.calls).toBe(groups);
    // A second read of a path (handed out already) reads the file on its own.
    expect(await reads.read(files[3]!.file)).toEqual(files[3]!.bytes);
    expect(clock.snapshot().read?.calls).toBe(groups + 1);
  });

  it('reads files without a Blob, or whose Blob size disagrees, or not planned, one by one', async () => {
    const [a, b, c, d] = randomFiles(4);
    const memory: DataFile = { path: 'm.jpg', size: 3, read: async () => Uint8Array.of(1, 2, 3) };
    const lying = { ...c!.file, size: c!.file.size + 1 };
    const clock = new StageClock();
    const reads = new GroupedReads({ bytes: 1 << 20, files: 100 }, clock);
    reads.plan([a!.file, memory, lying, b!.file]);
    expect(await reads.read(memory)).toEqual(Uint8Array.of(1, 2, 3));
    expect(await reads.read(lying)).toEqual(c!.bytes);
    expect(await reads.read(d!.file)).toEqual(d!.bytes);
    expect(await reads.read(b!.file)).toEqual(b!.bytes);
    expect(await reads.read(a!.file)).toEqual(a!.bytes);
    // a and b share one group read; memory, lying and d were read alone.
    expect(clock.snapshot().read?.calls).toBe(4);
  });
});
