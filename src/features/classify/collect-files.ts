// Gathers image files from a drop (files and whole folders, walked recursively), a paste or a file input.
import { readDirectoryEntries } from '../../shared/read-directory-entries.ts';

const IMAGE_EXT = /\.(jpe?g|png|gif|webp|bmp|avif)$/i;

/** Files worth classifying: images by type or extension (a renamed non-image still goes through and errors). */
export function isImageCandidate(f: NamedFile): boolean {
  return f.file.type.startsWith('image/') || IMAGE_EXT.test(f.name);
}

/** A file and the path it is shown under (folder/sub/name.jpg for dropped folders). */
export interface NamedFile {
  name: string;
  file: File;
}

export const named = (files: Iterable<File>): NamedFile[] =>
  [...files].map((file) => ({ name: file.webkitRelativePath || file.name, file }));

async function walk(entry: FileSystemEntry, prefix: string, out: NamedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ name: `${prefix}${file.name}`, file });
  } else if (entry.isDirectory) {
    for (const child of await readDirectoryEntries(entry as FileSystemDirectoryEntry)) {
      await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}

/** Every file of a drop, folders included, in a stable order. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<NamedFile[]> {
  const entries = [...dt.items].filter((i) => i.kind === 'file').map((i) => i.webkitGetAsEntry?.() ?? null);
  if (entries.length > 0 && entries.every((e) => e !== null)) {
    const out: NamedFile[] = [];
    for (const e of entries) await walk(e as FileSystemEntry, '', out);
    return out;
  }
  return named(dt.files);
}
