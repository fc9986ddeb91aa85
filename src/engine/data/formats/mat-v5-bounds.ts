// Checks a MATLAB Level 5 MAT-file before mat-for-js reads it, because mat-for-js trusts the file: it allocates
// and loops over the product of an array's dimensions (a 400-byte file claiming 65536×65536 hangs the tab), and
// inflates compressed variables without a limit. Here every element must fit the bytes that hold it, compressed
// variables inflate through a cap, and each numeric array's dimensions must multiply to exactly the values its
// data holds. What passes is handed on as a plain, uncompressed file of just those numeric arrays, so mat-for-js
// reads only checked bytes. Tag reading mirrors mat-for-js (including its small-element quirk), so both agree on
// where every element is. Layout per MathWorks' "MAT-File Format" (Level 5).

import { unzlibCapped } from '../inflate-capped.ts';
import { formatCount, MAX_MAT_BYTES, MAX_MAT_DIMS } from '../limits.ts';
import { DatasetError } from '../report.ts';

const miINT8 = 1;
const miINT32 = 5;
const miUINT32 = 6;
const miMATRIX = 14;
const miCOMPRESSED = 15;

/** Bytes per value of the numeric data types mat-for-js turns into numbers (int64 types give BigInts). */
const valueBytes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };

/** mxDOUBLE_CLASS .. mxUINT64_CLASS: the array classes whose data is one or two numeric elements. */
const isNumericClass = (c: number) => c >= 6 && c <= 15;

const round8 = (n: number) => Math.ceil(n / 8) * 8;

interface Tag {
  type: number;
  length: number;
  /** 8, or 4 for a small data element. */
  tagBytes: number;
}

/**
 * A checked copy of the file for mat-for-js: the 128-byte header plus each numeric array whose dimensions agree
 * with its data, uncompressed. Anything else (cells, structs, text) is left out. Throws DatasetError naming `file`.
 */
export function boundedMat(bytes: Uint8Array, file: string): ArrayBuffer {
  const fail = (message: string): never => {
    throw new DatasetError(message, file);
  };
  if (bytes.length < 128) fail(`${bytes.length} bytes: too short for a MATLAB v5 header (128 bytes)`);
  const head = new DataView(bytes.buffer, bytes.byteOffset, 128);
  const marker = head.getUint16(126, true);
  if (marker !== 0x4d49 && marker !== 0x494d) fail('not a MATLAB v5 MAT-file (no IM/MI endian marker)');
  const le = marker === 0x4d49;
  const version = head.getUint16(124, le);
  if (version === 0x0200) fail('MATLAB v7.3 (HDF5) files are not supported; save with -v7');
  if (version !== 0x0100) fail(`unknown MAT-file version 0x${version.toString(16)}`);

  const kept: Uint8Array[] = [bytes.slice(0, 128)];
  let keptBytes = 128;
  let inflatedBudget = MAX_MAT_BYTES;
  let at = 128;
  while (at < bytes.length) {
    const tag = readTag(bytes, at, bytes.length, le, fail);
    if (tag.type === miCOMPRESSED) {
      const inflated = unzlibSafe(bytes.subarray(at + 8, at + 8 + tag.length), inflatedBudget, at, fail);
      inflatedBudget -= inflated.length;
      const inner = readTag(inflated, 0, inflated.length, le, fail);
      const matrix = inner.type === miMATRIX ? checkedMatrix(inflated, 0, inflated.length, le, fail) : null;
      if (matrix) {
        kept.push(matrix);
        keptBytes += matrix.length;
      }
      at += tag.tagBytes + tag.length; // compressed elements are not padded
    } else {
      if (tag.type === miMATRIX) {
        const matrix = checkedMatrix(bytes, at, bytes.length, le, fail);
        if (matrix) {
          kept.push(matrix);
          keptBytes += matrix.length;
        }
      }
      at += round8(tag.tagBytes + tag.length);
    }
  }
  const out = new Uint8Array(keptBytes);
  let o = 0;
  for (const part of kept) {
    out.set(part, o);
    o += part.length;
  }
  return out.buffer;
}

/** Reads a data element's tag at `at` the way mat-for-js does, and checks its data ends before `end`. */
function readTag(bytes: Uint8Array, at: number, end: number, le: boolean, fail: (m: string) => never): Tag {
  if (at + 8 > end) fail(`data element at byte ${at} is cut short (${end - at} bytes left, a tag needs 8)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
  // mat-for-js: a zero upper half of the first word means the long (8-byte) tag.
  const tag: Tag =
    view.getInt32(0, le) >>> 16 === 0
      ? { type: view.getInt32(0, le), length: view.getInt32(4, le), tagBytes: 8 }
      : { type: view.getInt16(0, le), length: view.getInt16(2, le), tagBytes: 4 };
  if (tag.length < 0 || (tag.tagBytes === 4 && tag.length > 4)) {
    fail(`data element at byte ${at} has an invalid length ${tag.length}`);
  }
  if (at + tag.tagBytes + tag.length > end) {
    fail(
      `data element at byte ${at} claims ${formatCount(tag.length)} bytes, but only ${formatCount(end - at - tag.tagBytes)} remain`,
    );
  }
  return tag;
}

function unzlibSafe(data: Uint8Array, budget: number, at: number, fail: (m: string) => never): Uint8Array {
  let inflated: Uint8Array | null;
  try {
    inflated = unzlibCapped(data, budget);
  } catch (e) {
    return fail(`compressed variable at byte ${at} does not inflate (${(e as Error).message})`);
  }
  if (!inflated) {
    return fail(`compressed variables inflate past ${formatCount(MAX_MAT_BYTES)} bytes (the limit)`);
  }
  return inflated;
}

/**
 * The miMATRIX element at `at` (tag, body and padding) when it is a numeric array whose dimensions multiply to
 * the values its real (and imaginary) data hold; null for other array classes; throws for a malformed one.
 */
function checkedMatrix(
  bytes: Uint8Array,
  at: number,
  end: number,
  le: boolean,
  fail: (m: string) => never,
): Uint8Array | null {
  const outer = readTag(bytes, at, end, le, fail);
  if (outer.type !== miMATRIX || outer.tagBytes !== 8) {
    return fail(`element at byte ${at} is not an array (type ${outer.type})`);
  }
  const body = at + 8;
  const bodyEnd = body + outer.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const sub = (r: number, what: string, type?: number) => {
    const t = readTag(bytes, r, bodyEnd, le, fail);
    if (type !== undefined && t.type !== type) fail(`array at byte ${at}: its ${what} has type ${t.type}`);
    return { ...t, data: r + t.tagBytes, next: r + round8(t.tagBytes + t.length) };
  };
  // Array flags: mat-for-js reads the class and complex flag from fixed bytes of a 16-byte element.
  const flags = sub(body, 'flags', miUINT32);
  if (flags.tagBytes !== 8 || flags.length !== 8) fail(`array at byte ${at}: its flags are not 8 bytes`);
  const arrayClass = bytes[le ? body + 8 : body + 11]!;
  const complex = ((bytes[le ? body + 9 : body + 10]! >> 3) & 1) === 1;
  // Other classes (cells, structs, text, objects) are not read at all: the flowers102 files hold none.
  if (!isNumericClass(arrayClass)) return null;

  const dimsEl = sub(flags.next, 'dimensions', miINT32);
  const ndims = dimsEl.length / 4;
  if (!Number.isInteger(ndims) || ndims < 1 || ndims > MAX_MAT_DIMS) {
    fail(`array at byte ${at} has ${ndims} dimensions (1..${MAX_MAT_DIMS} allowed)`);
  }
  const dims: number[] = [];
  for (let k = 0; k < ndims; k++) {
    const d = view.getInt32(dimsEl.data + 4 * k, le);
    if (d < 0) fail(`array at byte ${at} has a negative dimension ${d}`);
    dims.push(d);
  }
  const nameEl = sub(dimsEl.next, 'name', miINT8);
  // MATLAB names have at most 63 characters; a longer one is shown cut.
  let name = '';
  for (let k = 0; k < Math.min(nameEl.length, 63); k++) name += String.fromCharCode(bytes[nameEl.data + k]!);

  const shape = dims.join('×');
  // As a double: exact up to 2^53, and anything larger cannot equal a value count that fits the file.
  const claimed = dims.reduce((a, d) => a * d, 1);
  let next = nameEl.next;
  for (const part of complex ? ['real', 'imaginary'] : ['real']) {
    const data = sub(next, `${part} data`);
    const size = valueBytes[data.type];
    if (size === undefined) fail(`variable '${name}': its ${part} data has unsupported type ${data.type}`);
    if (data.length % size! !== 0)
      fail(`variable '${name}': ${data.length} bytes is not a whole number of values`);
    const values = data.length / size!;
    if (claimed !== values) {
      fail(
        `variable '${name}' is ${shape} (${formatCount(claimed)} values) but its ${part} data holds ${formatCount(values)} (${formatCount(data.length)} bytes)`,
      );
    }
    next = data.next;
  }
  if (next > bodyEnd) fail(`variable '${name}' runs past the end of its array element`);
  // The element as mat-for-js will walk it: 8-byte tag, body, padded to 8 bytes.
  const out = new Uint8Array(round8(8 + outer.length));
  out.set(bytes.subarray(at, bodyEnd));
  return out;
}
