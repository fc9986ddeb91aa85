// Expands a dropped .zip (fflate) or .tar/.tgz/.tar.gz (nanotar, gunzip by fflate) into a FileTree in memory.

import { gunzipSync, unzipSync } from 'fflate';
import { parseTar } from 'nanotar';
import { type DataFile, type FileTree, memoryFile, normalisePath } from './file-tree.ts';
import { DatasetError, type ImportProblem } from './report.ts';

export type ArchiveKind = 'zip' | 'tar' | 'tgz';

/** Archive kind from the file name, or null. */
export function archiveKind(name: string): ArchiveKind | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.tgz') || lower.endsWith('.tar.gz')) return 'tgz';
  if (lower.endsWith('.tar')) return 'tar';
  return null;
}

/** Reads the whole archive into memory; entry paths that escape the root are skipped with a warning. */
export function expandArchive(name: string, bytes: Uint8Array): FileTree {
  const kind = archiveKind(name);
  if (!kind) throw new DatasetError('not a .zip, .tar, .tgz or .tar.gz archive', name);
  const files: DataFile[] = [];
  const problems: ImportProblem[] = [];
  const add = (rawPath: string, data: Uint8Array) => {
    const path = normalisePath(rawPath);
    if (path === null) {
      problems.push({
        file: `${name}!${rawPath}`,
        severity: 'warning',
        code: 'unsafe-path',
        reason: 'archive entry path leaves the archive root; skipped',
      });
      return;
    }
    files.push(memoryFile(path, data));
  };
  if (kind === 'zip') {
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b))
      throw new DatasetError('not a ZIP archive (no PK signature)', name);
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') });
    } catch (e) {
      throw new DatasetError(`cannot read ZIP archive: ${(e as Error).message}`, name);
    }
    // Windows archivers sometimes write backslash separators; ZIP mandates '/'.
    for (const [entry, data] of Object.entries(entries)) add(entry.replace(/\\/g, '/'), data);
  } else {
    let tar = bytes;
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        tar = gunzipSync(bytes);
      } catch (e) {
        throw new DatasetError(`cannot gunzip: ${(e as Error).message}`, name);
      }
    } else if (kind === 'tgz') {
      throw new DatasetError('not gzip-compressed (no 1F 8B signature)', name);
    }
    // nanotar reads `data.buffer` whole, so hand it a view that starts at offset 0 of its own buffer.
    if (tar.byteOffset !== 0 || tar.byteLength !== tar.buffer.byteLength) tar = tar.slice();
    if (tar.length < 512 || !isTarHeader(tar)) throw new DatasetError('not a TAR archive (bad header)', name);
    for (const item of parseTar(tar)) {
      if ((item.type === 'file' || item.type === 'contiguousFile') && item.data) add(item.name, item.data);
    }
  }
  return { files, problems };
}

/** A ustar/GNU header has 'ustar' at 257, or at least a valid header checksum. */
function isTarHeader(b: Uint8Array): boolean {
  if (String.fromCharCode(...b.subarray(257, 262)) === 'ustar') return true;
  const stored = Number.parseInt(
    String.fromCharCode(...b.subarray(148, 156))
      .replace(/\0/g, ' ')
      .trim(),
    8,
  );
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : b[i]!;
  return stored === sum;
}
