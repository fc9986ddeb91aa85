// Walks a TAR archive (ustar, GNU long names, pax `path`) and returns its regular files with their names exactly
// as written. nanotar rewrites names on the way (`../x` → `x`, `/etc/x` → `etc/x`), which would hide exactly the
// entries the import must report, so the walk is done here.

export interface TarEntry {
  name: string;
  /** A view into the archive. */
  data: Uint8Array;
}

export interface TarWalk {
  entries: TarEntry[];
  /** Set when the walk stopped before the end-of-archive blocks: the name of the entry it stopped in, and why. */
  stopped?: { name: string; reason: string };
}

const utf8 = new TextDecoder();

/** The archive's regular files, in order; a header with a bad checksum or data past the end stops the walk. */
export function tarEntries(tar: Uint8Array): TarWalk {
  const entries: TarEntry[] = [];
  let longName: string | null = null;
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return { entries };
    const raw = longName ?? headerName(header);
    longName = null;
    if (!checksumOk(header)) return { entries, stopped: { name: raw, reason: 'a header checksum is wrong' } };
    const size = octal(header.subarray(124, 136));
    if (size === null)
      return { entries, stopped: { name: raw, reason: 'a header size field is unreadable' } };
    const start = at + 512;
    if (start + size > tar.length)
      return { entries, stopped: { name: raw, reason: 'the archive ends inside this entry' } };
    const data = tar.subarray(start, start + size);
    const type = String.fromCharCode(header[156]!);
    if (type === 'L') longName = utf8.decode(data).replace(/\0.*$/s, '');
    else if (type === 'x') longName = paxPath(data);
    else if (type === '0' || type === '\0' || type === '7') entries.push({ name: raw, data });
    // Directories, links, devices and global pax headers ('g') carry no file of the dataset.
    at = start + Math.ceil(size / 512) * 512;
  }
  return { entries };
}

/** ustar: `prefix/name` when the prefix field is set. */
function headerName(header: Uint8Array): string {
  const field = (from: number, length: number) =>
    utf8.decode(header.subarray(from, from + length)).replace(/\0.*$/s, '');
  const name = field(0, 100);
  const ustar = field(257, 5) === 'ustar';
  const prefix = ustar ? field(345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** Octal digits, NUL/space padded; base-256 sizes (over 8 GiB) are past any cap, so they read as unreadable. */
function octal(field: Uint8Array): number | null {
  const text = String.fromCharCode(...field)
    .replace(/[\0 ]+$/, '')
    .trim();
  if (!/^[0-7]+$/.test(text)) return text === '' ? 0 : null;
  return Number.parseInt(text, 8);
}

function checksumOk(header: Uint8Array): boolean {
  const stored = octal(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return stored === sum;
}

/** The `path` record of a pax extended header (`<length> path=<value>\n`; values may hold spaces and '='). */
function paxPath(data: Uint8Array): string | null {
  let path: string | null = null;
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number(String.fromCharCode(...data.subarray(at, space)));
    if (!Number.isInteger(length) || length <= 0 || at + length > data.length) break;
    const record = utf8.decode(data.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    at += length;
  }
  return path;
}
