// Minimal MATLAB Level 5 MAT-file writer for tests: 1×n double row vectors, optionally zlib-compressed
// (miCOMPRESSED, as MATLAB's default `save` writes them). Layout per MathWorks' "MAT-File Format" document.
// `claimDims` writes other dimensions than the values hold: the hostile files a tab must survive.

import { zlibSync } from 'fflate';
import { concat } from './png-encode.ts';

const miINT8 = 1;
const miINT32 = 5;
const miUINT32 = 6;
const miDOUBLE = 9;
const miMATRIX = 14;
const miCOMPRESSED = 15;
const mxDOUBLE_CLASS = 6;

function element(type: number, data: Uint8Array): Uint8Array {
  const padded = new Uint8Array(8 + Math.ceil(data.length / 8) * 8);
  const v = new DataView(padded.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, data.length, true);
  padded.set(data, 8);
  return padded;
}

function rowVector(name: string, values: number[], claim?: readonly number[]): Uint8Array {
  const flags = new Uint8Array(8);
  new DataView(flags.buffer).setUint32(0, mxDOUBLE_CLASS, true);
  const shape = claim ?? [1, values.length];
  const dims = new Uint8Array(4 * shape.length);
  shape.forEach((d, k) => {
    new DataView(dims.buffer).setInt32(4 * k, d, true);
  });
  const real = new Uint8Array(values.length * 8);
  values.forEach((x, i) => {
    new DataView(real.buffer).setFloat64(i * 8, x, true);
  });
  const body = concat([
    element(miUINT32, flags),
    element(miINT32, dims),
    element(miINT8, new TextEncoder().encode(name)),
    element(miDOUBLE, real),
  ]);
  return element(miMATRIX, body);
}

export function writeMat(
  vars: Record<string, number[]>,
  compressed: boolean,
  claimDims: Record<string, readonly number[]> = {},
): Uint8Array {
  const header = new Uint8Array(128).fill(0x20);
  header.set(new TextEncoder().encode('MATLAB 5.0 MAT-file, written by webclas tests'), 0);
  header.fill(0, 116, 124);
  new DataView(header.buffer).setUint16(124, 0x0100, true);
  header.set([0x49, 0x4d], 126); // 'IM': little-endian
  const parts: Uint8Array[] = [header];
  for (const [name, values] of Object.entries(vars)) {
    const matrix = rowVector(name, values, claimDims[name]);
    if (!compressed) {
      parts.push(matrix);
      continue;
    }
    const z = zlibSync(matrix);
    const tag = new Uint8Array(8);
    new DataView(tag.buffer).setUint32(0, miCOMPRESSED, true);
    new DataView(tag.buffer).setUint32(4, z.length, true);
    parts.push(tag, z);
  }
  return concat(parts);
}
