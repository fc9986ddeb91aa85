// Duplicate-import detection: the same files match a finished dataset; changed bytes of the same size, an added
// image, or an unfinished dataset do not; copy names skip the ones taken.
import { describe, expect, it } from 'vitest';
import type { DatasetRow, JobRow } from '../../storage/schema.ts';
import { type FileTree, memoryFile } from '../file-tree.ts';
import { sha256Hex } from '../hash.ts';
import type { ImportItem } from '../report.ts';
import { copyName, findSameContent, type StoredImport } from './same-content.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const files: Record<string, string> = { 'a/1.jpg': 'one', 'a/2.jpg': 'two', 'b/3.jpg': 'three' };
const tree = (over: Record<string, string> = {}): FileTree => ({
  files: Object.entries({ ...files, ...over }).map(([p, s]) => memoryFile(p, bytes(s))),
});

async function stored(id: string, state: DatasetRow['state'] = 'ready'): Promise<StoredImport> {
  const items = await Promise.all(
    Object.entries(files)
      .filter(([p]) => p !== 'b/3.jpg')
      .map(async ([path, s]) => ({ path, size: s.length, hash: await sha256Hex(bytes(s)) }) as ImportItem),
  );
  return {
    dataset: { id, name: id, state } as DatasetRow,
    job: {
      id,
      items,
      // b/3.jpg was rejected by that import: it is part of what it saw.
      problems: [{ file: 'b/3.jpg', severity: 'error', code: 'truncated', reason: 'cut' }],
    } as unknown as JobRow,
  };
}

describe('findSameContent', () => {
  it('finds the finished dataset holding the same images', async () => {
    const found = await findSameContent(tree({ 'train_list.txt': 'x' }), [
      await stored('half', 'importing'),
      await stored('flowers'),
    ]);
    expect(found?.id).toBe('flowers');
  });

  it('does not match changed bytes of the same size, or an image that import never saw', async () => {
    const lib = [await stored('flowers')];
    expect(await findSameContent(tree({ 'a/2.jpg': 'TWO' }), lib)).toBeNull();
    expect(await findSameContent(tree({ 'a/4.jpg': 'four' }), lib)).toBeNull();
    expect(await findSameContent({ files: tree().files.slice(1) }, lib)).toBeNull();
  });
});

describe('copyName', () => {
  it('numbers copies past the names taken', () => {
    expect(copyName('flowers', ['flowers'])).toBe('flowers (copy)');
    expect(copyName('flowers', ['flowers', 'flowers (copy)', 'flowers (copy 2)'])).toBe('flowers (copy 3)');
  });
});
