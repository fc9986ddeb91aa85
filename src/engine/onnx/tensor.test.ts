// TensorProto decoding: raw_data and every typed field, Long and number int64s, and its error messages.
import { describe, expect, it } from 'vitest';
import { evalFoldable } from './fold.ts';
import { onnx } from './proto.ts';
import { decodeTensor, floatTensor, int64Tensor } from './tensor.ts';

const T = (props: Record<string, unknown>) => onnx.TensorProto.create(props);
/** Protobuf round trip, as the tensor would arrive from a file (int64s come back as Long). */
const wire = (t: InstanceType<typeof onnx.TensorProto>) =>
  onnx.TensorProto.decode(onnx.TensorProto.encode(t).finish());

describe('decodeTensor', () => {
  it('reads FLOAT from raw_data and from float_data to the same values', () => {
    const v = Float32Array.from({ length: 6 }, () => Math.random() - 0.5);
    const raw = decodeTensor(wire(floatTensor('w', [2, 3], v)), 'f.onnx');
    const typed = decodeTensor(
      wire(T({ name: 'w', dims: [2, 3], dataType: 1, floatData: Array.from(v) })),
      'f.onnx',
    );
    expect(raw.dims).toEqual([2, 3]);
    expect(Array.from(raw.data)).toEqual(Array.from(v));
    expect(Array.from(typed.data)).toEqual(Array.from(v));
  });

  it('reads int64 as Long (after the wire) and as plain numbers, and raw int64', () => {
    const fromWire = wire(int64Tensor('s', [3], [1, -1, 300000000000]));
    expect(typeof fromWire.int64Data[0]).not.toBe('number');
    expect(decodeTensor(fromWire, 'x').data).toEqual([1, -1, 300000000000]);
    expect(decodeTensor(T({ name: 's', dims: [2], dataType: 7, int64Data: [4, 5] }), 'x').data).toEqual([
      4, 5,
    ]);
    const raw = new Uint8Array(16);
    new DataView(raw.buffer).setBigInt64(0, -7n, true);
    new DataView(raw.buffer).setBigInt64(8, 9223372036854775807n, true);
    // INT64_MAX (Slice "to the end") clamps to the safe range, keeping its meaning.
    expect(decodeTensor(T({ name: 'r', dims: [2], dataType: 7, rawData: raw }), 'x').data).toEqual([
      -7,
      Number.MAX_SAFE_INTEGER,
    ]);
  });

  it('reads INT8/UINT8/INT32 from int32_data and raw_data, FLOAT16 and DOUBLE', () => {
    expect(
      decodeTensor(T({ name: 'q', dims: [3], dataType: 3, int32Data: [-128, 0, 127] }), 'x').data,
    ).toEqual([-128, 0, 127]);
    expect(
      decodeTensor(T({ name: 'q', dims: [2], dataType: 3, rawData: new Uint8Array([0xff, 0x80]) }), 'x').data,
    ).toEqual([-1, -128]);
    expect(
      decodeTensor(T({ name: 'u', dims: [2], dataType: 2, rawData: new Uint8Array([0xff, 7]) }), 'x').data,
    ).toEqual([255, 7]);
    const i32 = new Uint8Array(new Int32Array([-5, 1 << 20]).buffer);
    expect(decodeTensor(T({ name: 'b', dims: [2], dataType: 6, rawData: i32 }), 'x').data).toEqual([
      -5,
      1 << 20,
    ]);
    // 1.0, -2.0, 0.5 in IEEE half precision.
    const half = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3800]).buffer);
    expect(
      Array.from(decodeTensor(T({ name: 'h', dims: [3], dataType: 10, rawData: half }), 'x').data),
    ).toEqual([1, -2, 0.5]);
    expect(
      Array.from(decodeTensor(T({ name: 'd', dims: [1], dataType: 11, doubleData: [0.25] }), 'x').data),
    ).toEqual([0.25]);
  });

  it('names the file and tensor when data is missing, short or external', () => {
    expect(() =>
      decodeTensor(T({ name: 'w', dims: [2, 2], dataType: 1, floatData: [1, 2, 3] }), 'm.onnx'),
    ).toThrow("m.onnx: tensor 'w': has 3 values in its typed field, FLOAT[2,2] needs 4");
    expect(() =>
      decodeTensor(T({ name: 'w', dims: [2], dataType: 1, rawData: new Uint8Array(7) }), 'm.onnx'),
    ).toThrow("m.onnx: tensor 'w': raw_data has 7 bytes, FLOAT[2] needs 8");
    expect(() => decodeTensor(T({ name: 'w', dims: [1], dataType: 1, dataLocation: 1 }), 'm.onnx')).toThrow(
      /external data/,
    );
    expect(() => decodeTensor(T({ name: 's', dims: [1], dataType: 8 }), 'm.onnx')).toThrow(
      "m.onnx: tensor 's': unsupported data type STRING",
    );
  });
});

describe('evalFoldable (shape arithmetic with a symbolic batch)', () => {
  const none = new Map();
  const ints = (shape: number[], data: (number | string)[]) => ({ float: false, shape, data });

  it('Shape → Gather → Unsqueeze → Concat keeps the batch symbol', () => {
    const [shape] = evalFoldable('Shape', [undefined], none, ['batch', 48, 28, 28]);
    expect(shape).toEqual(ints([4], ['batch', 48, 28, 28]));
    const [n] = evalFoldable('Gather', [shape, ints([], [0])], new Map([['axis', 0]]));
    expect(n).toEqual(ints([], ['batch']));
    const [c] = evalFoldable('Gather', [shape, ints([], [-3])], none);
    const [half] = evalFoldable('Div', [c, ints([], [2])], none);
    expect(half.data).toEqual([24]);
    const [u] = evalFoldable('Unsqueeze', [n, ints([1], [0])], none);
    const [h] = evalFoldable('Unsqueeze', [half], new Map([['axes', [0]]]));
    const [cat] = evalFoldable('Concat', [u, ints([1], [2]), h], new Map([['axis', 0]]));
    expect(cat).toEqual(ints([3], ['batch', 2, 24]));
    const [prod] = evalFoldable('Mul', [u, ints([1], [3])], none);
    expect(prod.data).toEqual(['(batch*3)']);
  });

  it('integer Div truncates toward zero like ONNX Runtime; float Div does not', () => {
    expect(evalFoldable('Div', [ints([2], [7, -7]), ints([], [2])], none)[0].data).toEqual([3, -3]);
    expect(
      evalFoldable('Div', [{ float: true, shape: [1], data: [7] }, ints([], [2])], none)[0].data,
    ).toEqual([3.5]);
    expect(() => evalFoldable('Div', [ints([1], [1]), ints([1], [0])], none)).toThrow(/division by zero/);
  });

  it('Gather on a 2-D value, Slice, ConstantOfShape, Cast', () => {
    const m = ints([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(evalFoldable('Gather', [m, ints([2], [2, 0])], new Map([['axis', 1]]))[0]).toEqual(
      ints([2, 2], [3, 1, 6, 4]),
    );
    const v = ints([5], [10, 11, 12, 13, 14]);
    const sl = evalFoldable(
      'Slice',
      [v, ints([1], [-1]), ints([1], [0]), undefined, ints([1], [-2])],
      none,
    )[0];
    expect(sl.data).toEqual([14, 12]);
    const fill = evalFoldable('ConstantOfShape', [ints([2], [2, 2])], none)[0];
    expect(fill).toEqual({ float: true, shape: [2, 2], data: [0, 0, 0, 0] });
    expect(
      evalFoldable('Cast', [{ float: true, shape: [2], data: [2.7, -2.7] }], new Map([['to', 7]]))[0].data,
    ).toEqual([2, -2]);
    expect(() => evalFoldable('ConstantOfShape', [ints([1], ['batch'])], none)).toThrow(
      /symbolic dim 'batch'/,
    );
  });
});
