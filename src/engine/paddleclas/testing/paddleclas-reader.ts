// How PaddleClas itself reads an exported dataset, for tests — its rules restated in TS, not its code:
// - image lists: ImageNetDataset._load_anno (ppcls/data/dataloader/imagenet_dataset.py): `open()` in text mode
//   (universal newlines, the locale's encoding), each line `.strip().split(delimiter)` (delimiter a single space
//   unless the config sets one), field 0 joined to image_root with os.path.join, field 1 as np.int64.
// - label list: Topk.parse_class_id_map (ppcls/data/postprocess/topk.py): `line.split("\n")[0].partition(" ")`,
//   int(left) → the rest of the line, spaces included.

/** Python's `file.readlines()` in text mode: \r\n, \r and \n all end a line, and come back as \n. */
export function pythonReadlines(text: string): string[] {
  return text
    .split(/(?<=\r\n|\r(?!\n)|\n)/)
    .filter((l) => l !== '')
    .map((l) => l.replace(/\r\n?$/, '\n'));
}

/** Python's `str.strip()` with no argument: every character `str.isspace()` accepts, at both ends. */
export function pythonStrip(s: string): string {
  const ws =
    '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
  return s.replace(new RegExp(`^${ws}+|${ws}+$`, 'g'), '');
}

/** Python's `os.path.join(root, p)` then normpath, on POSIX: an absolute `p` replaces the root. */
export function pythonJoin(root: string, p: string): string {
  const joined = p.startsWith('/') ? p : `${root.replace(/\/?$/, '/')}${p}`;
  const out: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out.at(-1) !== '..') out.pop();
    else out.push(part);
  }
  return `${joined.startsWith('/') ? '/' : ''}${out.join('/')}`;
}

export interface ListEntry {
  /** 1-based line of the list file. */
  line: number;
  /** image_root joined with field 0, normalized. */
  path: string;
  label: number;
}

/**
 * An image list as ImageNetDataset reads it, checked more strictly than PaddleClas does: it ignores fields past
 * the second (so a path with a space silently loses its tail), here any line without exactly two fields, a
 * non-numeric label or a non-ASCII byte (read in an unknown locale encoding) throws naming the line.
 */
export function readImageList(text: string, imageRoot: string, delimiter = ' '): ListEntry[] {
  return pythonReadlines(text).map((raw, i) => {
    const at = `line ${i + 1} ${JSON.stringify(raw)}`;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point.
    if (/[^\x00-\x7f]/.test(raw)) throw new Error(`${at}: not ASCII`);
    const fields = pythonStrip(raw).split(delimiter);
    if (fields.length !== 2) throw new Error(`${at}: ${fields.length} fields, not 2`);
    const [path, label] = fields as [string, string];
    if (!/^\d+$/.test(label)) throw new Error(`${at}: label ${JSON.stringify(label)} is not a number`);
    return { line: i + 1, path: pythonJoin(imageRoot, path), label: Number(label) };
  });
}

/** label_list.txt as Topk reads it: class id → name (everything after the first space). */
export function readClassIdMap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const line of pythonReadlines(text)) {
    const body = line.split('\n')[0]!;
    const cut = body.indexOf(' ');
    const [id, name] = cut < 0 ? [body, ''] : [body.slice(0, cut), body.slice(cut + 1)];
    if (!/^\s*[+-]?\d+\s*$/.test(id)) throw new Error(`label list: ${JSON.stringify(line)}: int() fails`);
    map.set(Number(id), name);
  }
  return map;
}
