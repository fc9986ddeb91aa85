// The CPU alternative to forward-images.ts for machines whose WebGPU is a software rasterizer (SwiftShader): the
// graph cut at `output` is exported to ONNX and run on onnxruntime-web's WASM backend, with the plain-TS reference
// preprocessing. The ORT/engine parity test (nn/loop/export-parity.gpu.test.ts) is what makes the two paths
// interchangeable: same graph, logits within 1e-4 relative.
import type { Graph } from '../../nn/graph/ir.ts';
import { neededNodes, withInputSize } from '../../nn/plan/compile.ts';
import { exportOnnx } from '../../onnx/export.ts';
import type { U8Image } from '../../preprocess/image.ts';
import { type PreprocessOptions, preprocessRef } from '../../preprocess/pipeline.ref.ts';

export type PixelSource = (i: number) => Promise<U8Image>;

/** `graph` with its first output replaced by `output` (and only the nodes that compute it). */
export function cutGraph(graph: Graph, output: string): Graph {
  const nodes = neededNodes(graph, [output]);
  if (!nodes.some((n) => n.outputs.includes(output)))
    throw new Error(`cutGraph: no node of '${graph.name}' produces '${output}'`);
  const used = new Set(nodes.flatMap((n) => n.inputs));
  // Params of the dropped nodes would be exported as unused initializers (ORT warns about each one).
  const params = new Map([...graph.params].filter(([name]) => used.has(name)));
  return { ...graph, nodes, params, outputs: [{ name: output, shape: ['batch', 'features'] }] };
}

export async function forwardImagesWasm(
  graph: Graph,
  count: number,
  source: PixelSource,
  pre: PreprocessOptions,
  batch: number,
  output?: string,
  onProgress?: (done: number) => void,
): Promise<{ data: Float32Array; dim: number }> {
  if (!pre.crop)
    throw new Error('forwardImagesWasm: the preprocessing needs a crop so every image has one size');
  const g = withInputSize(output ? cutGraph(graph, output) : graph, pre.crop.height, pre.crop.width);
  const ort = await import('onnxruntime-web/wasm');
  // Threads need a cross-origin-isolated page; one thread works everywhere.
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(exportOnnx(g));
  try {
    let data: Float32Array | null = null;
    let dim = 0;
    for (let at = 0; at < count; at += batch) {
      const k = Math.min(batch, count - at);
      const images = await Promise.all(Array.from({ length: k }, (_, i) => source(at + i)));
      const x = preprocessRef(images, pre);
      const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x.data, x.dims) };
      const out = (await session.run(feeds))[session.outputNames[0]];
      const rows = out.data as Float32Array;
      if (!data) {
        dim = rows.length / k;
        data = new Float32Array(count * dim);
      }
      data.set(rows, at * dim);
      onProgress?.(at + k);
    }
    return { data: data ?? new Float32Array(0), dim };
  } finally {
    await session.release();
  }
}
