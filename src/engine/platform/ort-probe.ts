// Proves which ONNX Runtime execution providers really work here: each one builds a session for a one-node
// model (Add of two float[4]) and must return the right sum. Runtime-neutral: the caller passes the ORT module.
import onnxProto from 'onnx-proto';
import type * as Ort from 'onnxruntime-web';

const { onnx } = onnxProto;

/** A model written on the spot, so the probe needs no file: y = a + b over float[4], opset 13. */
export function buildAddModel(): Uint8Array {
  const f32 = onnx.TensorProto.DataType.FLOAT;
  const vec4 = (name: string) => ({
    name,
    type: { tensorType: { elemType: f32, shape: { dim: [{ dimValue: 4 }] } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'webclas-ort-probe',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'probe',
      node: [{ opType: 'Add', input: ['a', 'b'], output: ['y'], name: 'probe_add' }],
      input: [vec4('a'), vec4('b')],
      output: [vec4('y')],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

export interface EpProbe {
  /** Execution-provider name as ORT spells it ('webgpu', 'wasm', 'webnn'). */
  name: string;
  available: boolean;
  /** Session creation plus one run, in milliseconds (absent when the probe failed before timing). */
  ms?: number;
  /** What happened: the check that passed, or the error ORT raised. */
  detail: string;
}

export type EpOption = Ort.InferenceSession.ExecutionProviderConfig;

/** Creates a session with only this EP, runs it once and compares against a + b computed here. */
export async function probeExecutionProvider(ort: typeof Ort, ep: EpOption): Promise<EpProbe> {
  const name = typeof ep === 'string' ? ep : ep.name;
  const t0 = performance.now();
  let session: Ort.InferenceSession | undefined;
  try {
    session = await ort.InferenceSession.create(buildAddModel(), { executionProviders: [ep] });
    const a = Float32Array.from({ length: 4 }, () => Math.random() * 2 - 1);
    const b = Float32Array.from({ length: 4 }, () => Math.random() * 2 - 1);
    const out = await session.run({
      a: new ort.Tensor('float32', a, [4]),
      b: new ort.Tensor('float32', b, [4]),
    });
    const y = (await out.y.getData()) as Float32Array;
    const ms = performance.now() - t0;
    for (let i = 0; i < 4; i++) {
      const want = Math.fround(a[i] + b[i]);
      if (Math.abs(y[i] - want) > 1e-6) {
        return { name, available: false, ms, detail: `Add gave ${y[i]} at [${i}], expected ${want}` };
      }
    }
    return { name, available: true, ms, detail: 'session created, Add result matches' };
  } catch (e) {
    return { name, available: false, detail: e instanceof Error ? e.message : String(e) };
  } finally {
    await session?.release().catch(() => undefined);
  }
}
