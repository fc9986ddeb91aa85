// Lists a ZIP archive's entries from its central directory (ZIP64 included) without inflating anything, so the
// caller can weigh each entry's claimed size against the caps before spending memory on it (archive.ts).
import { strFromU8 } from 'fflate';

export interface ZipEntry {
  /** As stored: UTF-8 when the entry says so, else Latin-1 (as fflate's unzipSync reads it). */
  name: string;
  /** 0 stored, 8 deflate; anything else is not supported. */
  method: number;
  encrypted: boolean;
  /** Claimed inflated size (the archive's word only). */
  size: number;
  /** The entry's compressed bytes, or a reason they cannot be found. */
  data: Uint8Array | string;
}

/** Throws on a broken central directory (the archive cannot be listed); a broken entry gets `data` as a reason. */
export function zipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => u32(at) + u32(at + 4) * 2 ** 32;
  const need = (at: number, length: number, what: string) => {
    if (at < 0 || at + length > zip.length) throw new Error(`${what} lies outside the file`);
  };
  // End of central directory: 22 bytes plus a comment of at most 65535.
  let eocd = -1;
  for (let at = zip.length - 22; at >= 0 && zip.length - at <= 22 + 0xffff; at--) {
    if (u32(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory (a cut or damaged file)');
  let count = u16(eocd + 10);
  let offset = u32(eocd + 16);
  if (eocd >= 20 && u32(eocd - 20) === 0x07064b50) {
    const z64 = u64(eocd - 12);
    need(z64, 56, 'the ZIP64 end of central directory');
    if (u32(z64) === 0x06064b50) {
      count = u64(z64 + 32);
      offset = u64(z64 + 48);
    }
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    need(at, 46, `central directory entry ${i + 1}`);
    if (u32(at) !== 0x02014b50) throw new Error(`central directory entry ${i + 1} has a bad signature`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    let packed = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    let local = u32(at + 42);
    need(at + 46, nameLength + extraLength + u16(at + 32), `central directory entry ${i + 1}`);
    const name = strFromU8(zip.subarray(at + 46, at + 46 + nameLength), !(flags & 0x800));
    // ZIP64 extra field: the 64-bit values of the fields saturated at 0xFFFFFFFF, in this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = u16(x);
      const length = u16(x + 2);
      if (id === 1) {
        let f = x + 4;
        const next = () => {
          const v = f + 8 <= x + 4 + length && f + 8 <= zip.length ? u64(f) : -1;
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = next();
        if (packed === 0xffffffff) packed = next();
        if (local === 0xffffffff) local = next();
      }
      x += 4 + length;
    }
    at += 46 + nameLength + extraLength + u16(at + 32);
    entries.push({ name, method, encrypted: (flags & 1) === 1, size, data: entryData(local, packed) });
  }
  return entries;

  function entryData(local: number, packed: number): Uint8Array | string {
    if (local < 0 || packed < 0) return 'its ZIP64 sizes are missing';
    if (local + 30 > zip.length || u32(local) !== 0x04034b50) return 'its local header is missing or damaged';
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + packed > zip.length) return 'its data runs past the end of the archive';
    return zip.subarray(start, start + packed);
  }
}
