// Expands a dropped .zip or .tar/.tgz/.tar.gz into a FileTree in memory, within the caps of archive-limits.ts:
// entries that escape the root or are absolute, too large, or broken are skipped with a report line each, and
// reading stops with one at the total cap. ZIP entries are listed from the central directory and inflated
// (fflate) one at a time; a .tgz is gunzipped up to the total cap, then walked (tar-entries.ts).

import { type ArchiveLimits, archiveLimits, gzipSizeHint, inflateExactly, mib } from './archive-limits.ts';
import { type DataFile, type FileTree, memoryFile, normalisePath } from './file-tree.ts';
import { inflateCapped } from './inflate-capped.ts';
import { DatasetError, type ImportProblem } from './report.ts';
import { tarEntries } from './tar-entries.ts';
import { zipEntries } from './zip-entries.ts';

export type ArchiveKind = 'zip' | 'tar' | 'tgz';

/** Archive kind from the file name, or null. */
export function archiveKind(name: string): ArchiveKind | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.tgz') || lower.endsWith('.tar.gz')) return 'tgz';
  if (lower.endsWith('.tar')) return 'tar';
  return null;
}

/**
 * `/etc/x`, `C:\x`, `C:x`, `\\server\x`: a name that means a place on the machine that made the archive, never a
 * class folder (stripping the root, as some extractors do, would import `etc` or `C:` as a class).
 */
export function isAbsoluteEntry(name: string): boolean {
  return /^([/\\]|[A-Za-z]:)/.test(name);
}

/** Reads the whole archive into memory, within `limits` (tests lower them). */
export function expandArchive(
  name: string,
  bytes: Uint8Array,
  limits: ArchiveLimits = archiveLimits,
): Required<FileTree> {
  const kind = archiveKind(name);
  if (!kind) throw new DatasetError('not a .zip, .tar, .tgz or .tar.gz archive', name);
  const files: DataFile[] = [];
  const problems: ImportProblem[] = [];
  let total = 0;
  const skip = (entry: string, severity: ImportProblem['severity'], code: string, reason: string) =>
    problems.push({ file: `${name}!${entry}`, severity, code, reason });
  const placed = new Set<string>();
  /** The entry's path in the tree, or null when it is skipped (with its report line). */
  const place = (rawPath: string): string | null => {
    // Windows archivers sometimes write backslash separators; ZIP mandates '/'.
    const path = isAbsoluteEntry(rawPath) ? null : normalisePath(rawPath.replace(/\\/g, '/'));
    if (path === null) {
      const why = isAbsoluteEntry(rawPath) ? 'is absolute' : 'leaves the archive root';
      skip(rawPath, 'warning', 'unsafe-path', `archive entry path ${why}; skipped`);
    } else if (placed.has(path)) {
      // Two entries for one path would be two images with one id; the first is kept.
      skip(
        rawPath,
        'warning',
        'unsafe-path',
        `archive entry path repeats an earlier entry (${path}); skipped`,
      );
      return null;
    }
    if (path !== null) placed.add(path);
    return path;
  };
  /** False when the entry is over a cap (a line says which); the total cap also stops the reading. */
  const fits = (entry: string, size: number): boolean | 'stop' => {
    if (size > limits.entryBytes) {
      skip(
        entry,
        'error',
        'too-large',
        `expands to ${mib(size)}, over the ${mib(limits.entryBytes)} cap per entry; skipped`,
      );
      return false;
    }
    if (total + size > limits.totalBytes) {
      problems.push({
        file: name,
        severity: 'error',
        code: 'archive-limit',
        reason: `entries expand to more than the ${mib(limits.totalBytes)} cap for a whole archive; stopped before ${entry}, the rest was not read`,
      });
      return 'stop';
    }
    return true;
  };

  if (kind === 'zip') {
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b))
      throw new DatasetError('not a ZIP archive (no PK signature)', name);
    let entries: ReturnType<typeof zipEntries>;
    try {
      entries = zipEntries(bytes);
    } catch (e) {
      throw new DatasetError(`cannot read ZIP archive: ${(e as Error).message}`, name);
    }
    for (const entry of entries) {
      if (entry.name.endsWith('/') || entry.name.endsWith('\\')) continue;
      const path = place(entry.name);
      if (path === null) continue;
      if (typeof entry.data === 'string') {
        skip(entry.name, 'error', 'corrupt', `archive entry cannot be read: ${entry.data}; skipped`);
        continue;
      }
      if (entry.encrypted || (entry.method !== 0 && entry.method !== 8)) {
        const what = entry.encrypted ? 'is encrypted' : `uses compression method ${entry.method}`;
        skip(
          entry.name,
          'error',
          'unsupported',
          `archive entry ${what} (only stored and deflate are read); skipped`,
        );
        continue;
      }
      const verdict = fits(entry.name, entry.size);
      if (verdict === 'stop') break;
      if (!verdict) continue;
      let data: Uint8Array;
      try {
        if (entry.method === 8) data = inflateExactly(entry.data, entry.size);
        else if (entry.data.length === entry.size) data = entry.data.slice();
        else throw new Error(`holds ${entry.data.length} bytes, its header gives ${entry.size}`);
      } catch (e) {
        skip(entry.name, 'error', 'corrupt', `archive entry ${(e as Error).message}; skipped`);
        continue;
      }
      total += data.length;
      files.push(memoryFile(path, data));
    }
    return { files, problems };
  }

  let tar = bytes;
  let cut = false;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // The tar's headers and padding count too: a cap of total bytes of tar is a little stricter than of entries.
      ({ bytes: tar, over: cut } = inflateCapped('gzip', bytes, limits.totalBytes, gzipSizeHint(bytes)));
    } catch (e) {
      throw new DatasetError(`cannot gunzip: ${(e as Error).message}`, name);
    }
  } else if (kind === 'tgz') {
    throw new DatasetError('not gzip-compressed (no 1F 8B signature)', name);
  }
  if (tar.length < 512 || !isTarHeader(tar)) throw new DatasetError('not a TAR archive (bad header)', name);
  const walk = tarEntries(tar);
  let stopped = false;
  for (const entry of walk.entries) {
    const path = place(entry.name);
    if (path === null) continue;
    const verdict = fits(entry.name, entry.data.length);
    if (verdict === 'stop') {
      stopped = true;
      break;
    }
    if (!verdict) continue;
    total += entry.data.length;
    files.push(memoryFile(path, entry.data));
  }
  if (stopped) return { files, problems };
  if (cut) {
    problems.push({
      file: name,
      severity: 'error',
      code: 'archive-limit',
      reason: `expands to more than the ${mib(limits.totalBytes)} cap for a whole archive; stopped${walk.stopped ? ` in ${walk.stopped.name}` : ''}, the rest was not read`,
    });
  } else if (walk.stopped) {
    skip(
      walk.stopped.name,
      'error',
      'corrupt',
      `${walk.stopped.reason}; the rest of the archive was not read`,
    );
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
