// Turns what the user gave (a drop, a directory picker, an archive picker) into files with paths relative to
// the dropped root, walking dropped folders recursively.

import type { SourceFile } from '../../../workers/import-api.ts';
import { readDirectoryEntries } from '../../shared/read-directory-entries.ts';

/** A File with the path it had under the dropped folder (set by directory pickers, or by whoever built it). */
type PathedFile = File & { relativePath?: string };

export function pathOf(file: PathedFile): string {
  return file.relativePath || file.webkitRelativePath || file.name;
}

export function fromFileList(files: Iterable<File>): SourceFile[] {
  return [...files].map((file) => ({ path: pathOf(file), file }));
}

async function walk(entry: FileSystemEntry, out: SourceFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
    out.push({ path: entry.fullPath.replace(/^\/+/, ''), file });
  } else if (entry.isDirectory) {
    for (const child of await readDirectoryEntries(entry as FileSystemDirectoryEntry)) await walk(child, out);
  }
}

/**
 * Every file of a drop. Real folder drops come as entries (webkitGetAsEntry) and are walked; script-built
 * DataTransfers cannot carry entries, so their files keep the relative path they were given.
 */
export async function fromDataTransfer(dt: DataTransfer): Promise<SourceFile[]> {
  // Entries must be taken synchronously, before the drop handler yields.
  const entries = [...dt.items].filter((i) => i.kind === 'file').map((i) => i.webkitGetAsEntry?.() ?? null);
  const files = [...dt.files];
  const out: SourceFile[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry?.isDirectory) await walk(entry, out);
    else if (files[i]) out.push({ path: pathOf(files[i]!), file: files[i]! });
  }
  return out;
}

/** A name for a new dataset: the dropped folder or archive name. */
export function datasetName(sources: SourceFile[]): string {
  const first = sources[0]?.path ?? '';
  const top = first.split('/')[0] ?? '';
  const all = sources.every((s) => s.path.startsWith(`${top}/`));
  const name = sources.length === 1 ? top.replace(/\.(zip|tar|tgz|tar\.gz)$/i, '') : all ? top : 'dataset';
  return name || 'dataset';
}
