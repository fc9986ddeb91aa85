// Test-only builders of hostile archives: a DEFLATE stream of zeros written directly (13 bits per 258 bytes, so
// a 1 GiB entry is ~7 MB and never exists uncompressed), and ZIP / gzip containers whose header sizes say
// whatever the test wants.
import { concat } from './png-encode.ts';

/** LSB-first bit writer, as DEFLATE packs its bits. */
class Bits {
  private out: Uint8Array;
  private at = 0;
  private bit = 0;
  constructor(capacity: number) {
    this.out = new Uint8Array(capacity);
  }
  put(value: number, length: number) {
    for (let i = 0; i < length; i++) {
      if ((value >> i) & 1) this.out[this.at]! |= 1 << this.bit;
      if (++this.bit === 8) {
        this.bit = 0;
        this.at++;
      }
    }
  }
  /** Huffman codes go most significant bit first. */
  code(value: number, length: number) {
    for (let i = length - 1; i >= 0; i--) this.put((value >> i) & 1, 1);
  }
  bytes(): Uint8Array {
    return this.out.slice(0, this.at + (this.bit ? 1 : 0));
  }
}

/**
 * A raw DEFLATE stream that inflates to `prefix` (a stored block, at most 65535 bytes) followed by `1 + 258·k`
 * zero bytes, at least `atLeast` in all; returns it and the size it inflates to.
 */
export function deflatedZeros(
  atLeast: number,
  prefix: Uint8Array = new Uint8Array(0),
): { data: Uint8Array; size: number } {
  const copies = Math.max(0, Math.ceil((atLeast - prefix.length - 1) / 258));
  const bits = new Bits(Math.ceil((3 + 8 + copies * 13 + 7) / 8) + 1);
  bits.put(1, 1); // BFINAL
  bits.put(1, 2); // fixed Huffman codes
  bits.code(0x30, 8); // literal 0
  // Length 258 (symbol 285, code 11000101) at distance 1 (distance code 0, 5 bits): copy the last byte 258 times.
  for (let i = 0; i < copies; i++) {
    bits.code(0xc5, 8);
    bits.code(0, 5);
  }
  bits.code(0, 7); // end of block
  const size = prefix.length + 1 + copies * 258;
  if (!prefix.length) return { data: bits.bytes(), size };
  // A stored block: BFINAL 0 and BTYPE 00 padded to a byte, LEN, NLEN, the bytes.
  const stored = Uint8Array.of(
    0,
    prefix.length & 0xff,
    prefix.length >> 8,
    ~prefix.length & 0xff,
    (~prefix.length >> 8) & 0xff,
  );
  return { data: concat([stored, prefix, bits.bytes()]), size };
}

/** A ustar header (checksum right) for a regular file of `size` bytes, whose data need not follow. */
export function tarHeader(name: string, size: number): Uint8Array {
  const h = new Uint8Array(512);
  const put = (text: string, at: number) => h.set(new TextEncoder().encode(text), at);
  put(name, 0);
  put('0000644\0', 100);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124);
  put('0', 156);
  put('ustar\0' + '00', 257);
  put('        ', 148);
  const sum = h.reduce((s, b) => s + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

export interface RawZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  /** The compressed bytes as stored. */
  data: Uint8Array;
  /** The inflated size the headers claim (true or not). */
  size: number;
}

/** A ZIP with these entries (UTF-8 names, CRCs left 0: the reader does not check them). */
export function rawZip(entries: RawZipEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x800, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x800, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...parts, ...central, eocd]);
}

/** A gzip member around a raw DEFLATE stream; the trailer claims `claimedSize` (CRC left 0). */
export function rawGzip(deflate: Uint8Array, claimedSize: number): Uint8Array {
  const header = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3);
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(4, claimedSize >>> 0, true);
  return concat([header, deflate, trailer]);
}
