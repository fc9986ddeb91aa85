// Test-only: run an ONNX model with onnxruntime-web's WASM backend in Node (single-threaded, no proxy worker).
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;

/** Runs the model's first input → first output on one float32 batch. */
export async function runOrt(
  model: Uint8Array,
  input: Float32Array,
  dims: number[],
): Promise<{ data: Float32Array; dims: number[] }> {
  const session = await ort.InferenceSession.create(model);
  try {
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, dims) };
    const out = (await session.run(feeds))[session.outputNames[0]];
    return { data: out.data as Float32Array, dims: [...out.dims] };
  } finally {
    await session.release();
  }
}

/** Index of the largest value in each row of a [rows, cols] matrix. */
export function argmaxRows(data: Float32Array, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < data.length / cols; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (data[r * cols + c] > data[r * cols + best]) best = c;
    out.push(best);
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]);
    if (Number.isNaN(e)) return Number.POSITIVE_INFINITY;
    if (e > d) d = e;
  }
  return d;
}
