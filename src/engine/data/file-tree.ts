// Runtime-neutral view of a dropped dataset: a flat list of files with posix relative paths and lazy reads.
// Browsers build it from drops, handles or archives; Node builds it from fs (src/cli/import-check.ts).

import type { ImportProblem } from './report.ts';
import { splitOfFolder } from './split-names.ts';

export interface DataFile {
  /** Posix path relative to the dropped root, no leading `./` or `/`. */
  path: string;
  size: number;
  read(): Promise<Uint8Array>;
}

export interface FileTree {
  files: DataFile[];
  /** Problems met while building the tree (unsafe archive paths, unreadable entries). */
  problems?: ImportProblem[];
}

/** A file held in memory (archive entries, tests). */
export function memoryFile(path: string, bytes: Uint8Array): DataFile {
  return { path, size: bytes.byteLength, read: async () => bytes };
}

/** Normalises separators and strips `./` and leading slashes; returns null for paths escaping the root. */
export function normalisePath(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return parts.length ? parts.join('/') : null;
}

// Files operating systems and archivers add that are never part of a dataset.
const junkSegment = /^(__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini|\.git|\.ipynb_checkpoints)$/i;

/** True for OS/archiver clutter (macOS resource forks, thumbnails caches, hidden files). */
export function isJunkPath(path: string): boolean {
  return path.split('/').some((seg) => junkSegment.test(seg) || seg.startsWith('._') || seg === '.gitkeep');
}

const imageExtension = /\.(jpe?g|jfif|png|gif|webp|bmp|heic|heif|avif|svg|tiff?)$/i;

/** Files whose extension claims an image (including formats we reject, so they get a clear reason). */
export function hasImageExtension(path: string): boolean {
  return imageExtension.test(path);
}

/**
 * Drops junk and, while everything sits under one top folder that holds more than bare images, strips it:
 * `flowers102/jpg/...` becomes `jpg/...`, but a lone class folder `daisy/*.jpg` or split folder `train/` is kept.
 */
export function unwrapTree(tree: FileTree): FileTree {
  let files = tree.files.filter((f) => !isJunkPath(f.path));
  const problems = tree.problems ?? [];
  for (;;) {
    if (files.length === 0) return { files, problems };
    const top = files[0]!.path.split('/')[0]!;
    const allUnder = files.every((f) => f.path.startsWith(top + '/'));
    // A lone train/ folder is a split, not a wrapper.
    if (!allUnder || splitOfFolder(top) !== undefined) return { files, problems };
    const rest = files.map((f) => f.path.slice(top.length + 1));
    const onlyBareImages = rest.every((p) => !p.includes('/') && hasImageExtension(p));
    if (onlyBareImages) return { files, problems };
    files = files.map((f, i) => ({ ...f, path: rest[i]! }));
  }
}
