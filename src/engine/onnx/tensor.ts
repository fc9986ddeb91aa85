// TensorProto ⇄ JS values: raw_data and typed fields (float_data, int32_data, int64_data as Long or number).
import type { OnnxTypes } from './proto.ts';
import { onnx, toNum } from './proto.ts';

type TensorProto = OnnxTypes.ITensorProto;
const DT = onnx.TensorProto.DataType;

const DTYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(DT)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v, k]),
);

export function dtypeName(dt: number): string {
  return DTYPE_NAMES[dt] ?? `dtype ${dt}`;
}

/** A decoded tensor: floats for FLOAT/FLOAT16/DOUBLE, plain numbers for integer and bool types. */
export interface DecodedTensor {
  name: string;
  dataType: number;
  dims: number[];
  /** Float32Array for float types; number[] (exact for |v| < 2^53) otherwise. */
  data: Float32Array | number[];
}

export function isFloatType(dt: number): boolean {
  return dt === DT.FLOAT || dt === DT.FLOAT16 || dt === DT.DOUBLE || dt === DT.BFLOAT16;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

const RAW_READERS: Record<number, [number, (v: DataView, o: number) => number]> = {
  [DT.FLOAT]: [4, (v, o) => v.getFloat32(o, true)],
  [DT.DOUBLE]: [8, (v, o) => v.getFloat64(o, true)],
  [DT.FLOAT16]: [2, (v, o) => halfToFloat(v.getUint16(o, true))],
  [DT.BFLOAT16]: [2, (v, o) => new Float32Array(new Uint32Array([v.getUint16(o, true) << 16]).buffer)[0]],
  [DT.UINT8]: [1, (v, o) => v.getUint8(o)],
  [DT.INT8]: [1, (v, o) => v.getInt8(o)],
  [DT.UINT16]: [2, (v, o) => v.getUint16(o, true)],
  [DT.INT16]: [2, (v, o) => v.getInt16(o, true)],
  [DT.INT32]: [4, (v, o) => v.getInt32(o, true)],
  [DT.UINT32]: [4, (v, o) => v.getUint32(o, true)],
  [DT.BOOL]: [1, (v, o) => v.getUint8(o)],
  [DT.INT64]: [8, (v, o) => safe(v.getBigInt64(o, true))],
  [DT.UINT64]: [8, (v, o) => safe(v.getBigUint64(o, true))],
};

/** int64 → number; values beyond ±2^53 are sentinels (Slice ends = INT64_MAX) and clamp to the safe range. */
function safe(b: bigint): number {
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Number(b)));
}

/** Decodes a TensorProto; `where` names the file/node for error messages. */
export function decodeTensor(t: TensorProto, where: string): DecodedTensor {
  const name = t.name ?? '';
  const ctx = `${where}: tensor '${name}'`;
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0) {
    const loc = t.externalData?.find((e) => e.key === 'location')?.value;
    throw new Error(
      `${ctx} uses external data${loc ? ` ('${loc}')` : ''}; external data files are not supported`,
    );
  }
  const dt = t.dataType ?? 0;
  const dims = (t.dims ?? []).map((d) => toNum(d));
  const count = dims.reduce((a, b) => a * b, 1);
  const reader = RAW_READERS[dt];
  if (!reader) throw new Error(`${ctx}: unsupported data type ${dtypeName(dt)}`);
  const float = isFloatType(dt);
  let values: ArrayLike<number>;
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    const [size, read] = reader;
    if (raw.length !== count * size) {
      throw new Error(
        `${ctx}: raw_data has ${raw.length} bytes, ${dtypeName(dt)}${JSON.stringify(dims)} needs ${count * size}`,
      );
    }
    if (dt === DT.FLOAT) {
      // Copy into a fresh aligned buffer: raw_data is a view into the file (Node's Buffer#slice does not copy).
      const bytes = new Uint8Array(raw.byteLength);
      bytes.set(raw);
      values = isLittleEndian ? new Float32Array(bytes.buffer, 0, count) : readAll(bytes, count, size, read);
    } else values = readAll(raw, count, size, read);
  } else {
    values = typedField(t, dt);
    if (values.length !== count) {
      throw new Error(
        `${ctx}: has ${values.length} values in its typed field, ${dtypeName(dt)}${JSON.stringify(dims)} needs ${count}`,
      );
    }
  }
  const data = float
    ? values instanceof Float32Array
      ? values
      : Float32Array.from(values)
    : Array.from(values);
  return { name, dataType: dt, dims, data };
}

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readAll(
  bytes: Uint8Array,
  count: number,
  size: number,
  read: (v: DataView, o: number) => number,
): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = read(view, i * size);
  return out;
}

function typedField(t: TensorProto, dt: number): ArrayLike<number> {
  switch (dt) {
    case DT.FLOAT:
      return t.floatData ?? [];
    case DT.DOUBLE:
      return t.doubleData ?? [];
    case DT.INT64:
      return (t.int64Data ?? []).map((v) => toNum(v));
    case DT.UINT32:
    case DT.UINT64:
      return (t.uint64Data ?? []).map((v) => toNum(v));
    case DT.FLOAT16:
      return (t.int32Data ?? []).map(halfToFloat);
    case DT.BFLOAT16:
      return (t.int32Data ?? []).map((b) => new Float32Array(new Uint32Array([b << 16]).buffer)[0]);
    default:
      // int32_data carries INT32, INT16, INT8, UINT16, UINT8 and BOOL.
      return t.int32Data ?? [];
  }
}

/** A FLOAT TensorProto with little-endian raw_data. */
export function floatTensor(
  name: string,
  dims: readonly number[],
  data: Float32Array,
): OnnxTypes.TensorProto {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return onnx.TensorProto.create({ name, dims: [...dims], dataType: DT.FLOAT, rawData: bytes });
}

/** An INT64 TensorProto (shapes, axes, indices). */
export function int64Tensor(
  name: string,
  dims: readonly number[],
  data: readonly number[],
): OnnxTypes.TensorProto {
  return onnx.TensorProto.create({ name, dims: [...dims], dataType: DT.INT64, int64Data: [...data] });
}
