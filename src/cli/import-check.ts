// `webclas import-check DIR|ARCHIVE`: the dataset detection and validation of the browser import, run on
// Node's file system. Returns the report without per-image items (the CLI prints it as one JSON line).

import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { archiveKind, expandArchive } from '../engine/data/archive.ts';
import { type CheckOptions, checkDataset } from '../engine/data/check-dataset.ts';
import type { DataFile, FileTree } from '../engine/data/file-tree.ts';
import { DatasetError, type ImportReport } from '../engine/data/report.ts';

export type ImportCheckReport = Omit<ImportReport, 'items'>;

export async function importCheck(
  pathToDirOrArchive: string,
  options: Omit<CheckOptions, 'onProgress' | 'signal'> = {},
): Promise<ImportCheckReport> {
  const tree = await treeFromPath(pathToDirOrArchive);
  const { items: _items, ...summary } = await checkDataset(tree, options);
  return summary;
}

/** A directory becomes a lazy tree; an archive file is read and expanded in memory. */
export async function treeFromPath(path: string): Promise<FileTree> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new DatasetError('no such file or directory', path);
  }
  if (info.isDirectory()) return { files: await walk(path) };
  if (info.isFile() && archiveKind(path)) return expandArchive(basename(path), await readFile(path));
  throw new DatasetError('not a directory or a .zip/.tar/.tgz/.tar.gz archive', path);
}

/** Regular files under root (symlinked files followed, symlinked folders not, to avoid cycles). */
async function walk(root: string): Promise<DataFile[]> {
  const out: DataFile[] = [];
  const visit = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        await visit(full);
        continue;
      }
      const info = e.isSymbolicLink() ? await stat(full).catch(() => null) : await lstat(full);
      if (!info?.isFile()) continue;
      out.push({
        path: relative(root, full).split(sep).join('/'),
        size: info.size,
        read: async () => new Uint8Array(await readFile(full)),
      });
    }
  };
  await visit(root);
  return out;
}
