// `webclas bench classify [--images N] [--batch 1,32]`: images/s of MobileNetV2 float classifying real photos
// (../shared/data/photos through the dev server's /shared/) in one browser run:
// ours = GPU preprocessing + ORT WebGPU + GPU top-k (ClassifyRunner, batched) vs the transformers.js-style baseline
// on the same EP and device (canvas 2D + JS normalize + one ORT WebGPU run per image), plus ORT WASM with 1 and 2
// threads through the CPU pipeline. Every timing covers decode → top-5 on the CPU for all N images.
import type * as Ort from 'onnxruntime-web';
import { GpuContext } from '../gpu/context.ts';
import type { ResolvedModel } from '../infer/resolved-model.ts';
import { DEFAULT_PREPROCESS } from '../infer/resolved-model.ts';
import { ClassifyRunner, type ImageFile } from '../infer/runner.ts';
import type { Backend } from '../infer/session-cache.ts';
import type { Task, TaskArgs } from '../tasks/task-types.ts';
import { classifyBaseline } from './baselines/classify-canvas.ts';
import { parseBatches } from './models/runner.ts';

const PHOTOS = [
  'coffee.png',
  'chelsea.png',
  'LadyBird.jpg',
  'eagle.jpg',
  'dog.jpg',
  'ILSVRC2012_val_00020010.jpeg',
  'ILSVRC2012_val_00030010.jpeg',
];

async function get(url: string): Promise<Blob> {
  const res = await fetch(url);
  if (!res.ok)
    throw new Error(`${url}: HTTP ${res.status} (is ../shared there? set WEBCLAS_SHARED to its folder)`);
  return res.blob();
}

function count(args: TaskArgs, name: string, fallback: number): number {
  const v = args[name];
  if (typeof v !== 'string') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: '${v}' is not a positive whole number`);
  return n;
}

/** Runs `fn` over all images in chunks of `batch`; images per second over the whole span. */
async function imagesPerSec(files: ImageFile[], batch: number, fn: (chunk: ImageFile[]) => Promise<void>) {
  const t0 = performance.now();
  for (let i = 0; i < files.length; i += batch) await fn(files.slice(i, i + batch));
  return (files.length * 1000) / (performance.now() - t0);
}

export const classifyBenchTask: Task = async (gpu, args, io) => {
  const n = count(args, 'images', 4);
  const batches = parseBatches(typeof args.batch === 'string' ? args.batch : '1,4');
  const photos = await Promise.all(PHOTOS.map((p) => get(`/shared/data/photos/${p}`)));
  const files: ImageFile[] = Array.from({ length: n }, (_, i) => ({
    name: PHOTOS[i % PHOTOS.length],
    blob: photos[i % PHOTOS.length],
  }));
  const bytes = new Uint8Array(await (await get('/mirror/mobilenetv2-12-float.onnx')).arrayBuffer());
  const model: ResolvedModel = {
    modelKey: 'mobilenetv2-12-float/fp32',
    displayName: 'MobileNetV2 float',
    bytes,
    classifier: { preprocess: DEFAULT_PREPROCESS, outputKind: 'logits', label: (i) => String(i) },
    inputName: 'input',
    outputName: 'logits',
    labelSource: 'index numbers',
  };
  // Three ORT bundles, three WASM runtimes: each keeps its own thread count (fixed when its runtime starts).
  const ortGpu = await import('onnxruntime-web/webgpu');
  const ort1 = await import('onnxruntime-web/wasm');
  ort1.env.wasm.numThreads = 1;
  const ort2 = (await import('onnxruntime-web')) as typeof Ort;
  ort2.env.wasm.numThreads = 2;
  const ctx = await GpuContext.create(gpu, { label: 'bench classify' });
  const runner = (ortWasm: () => Promise<typeof Ort>) =>
    new ClassifyRunner({ ortWebGpu: async () => ortGpu, ortWasm, gpu: async () => ctx });
  const ours = runner(async () => ort1);
  const wasm2 = runner(async () => ort2);
  io.emit({ bench: 'classify', adapter: ctx.info, images: n, batches, crossOriginIsolated });
  let baseline: Ort.InferenceSession | undefined;
  try {
    const check = async (r: ClassifyRunner, backend: Backend, chunk: ImageFile[]) => {
      for (const item of await r.classify(model, backend, chunk, 5))
        if (!item.ok) throw new Error(`bench classify: ${item.name}: ${item.error}`);
    };
    // Session creation and shader compilation are not throughput: prepare and warm every pipeline first.
    io.progress('warming up: ours (WebGPU), WASM 1 and 2 threads, baseline…');
    await check(ours, 'webgpu', files.slice(0, 1));
    await check(ours, 'wasm', files.slice(0, 1));
    await check(wasm2, 'wasm', files.slice(0, 1));
    baseline = await ortGpu.InferenceSession.create(bytes, {
      executionProviders: [
        { name: 'webgpu', device: ctx.device } as Ort.InferenceSession.ExecutionProviderConfig,
      ],
    });
    const b = baseline;
    await classifyBaseline(ortGpu, b, 'input', files[0].blob);
    const threads2 = Number(ort2.env.wasm.numThreads);
    for (const batch of batches) {
      io.progress(`batch ${batch}: ours…`);
      const oursRate = await imagesPerSec(files, batch, (c) => check(ours, 'webgpu', c));
      io.progress(`batch ${batch}: ours ${oursRate.toFixed(3)} img/s; baseline…`);
      // The baseline has no batching: one run per image whatever the batch (as transformers.js pipelines do).
      const baseRate = await imagesPerSec(files, 1, async (c) => {
        await classifyBaseline(ortGpu, b, 'input', c[0].blob);
      });
      io.progress(`batch ${batch}: baseline ${baseRate.toFixed(3)} img/s; WASM…`);
      const w1 = await imagesPerSec(files, batch, (c) => check(ours, 'wasm', c));
      const w2 = await imagesPerSec(files, batch, (c) => check(wasm2, 'wasm', c));
      const line = (name: string, value: number, extra: object = {}) => ({
        bench: 'classify',
        case: `mobilenetv2-float b${batch}`,
        unit: 'images/s',
        ours: oursRate,
        baseline: name,
        baseline_value: value,
        ratio: oursRate / value,
        images: n,
        ...extra,
      });
      io.emit(line('canvas2d+ort-webgpu', baseRate));
      io.emit(line('ort-wasm-1t', w1, { threads: 1 }));
      io.emit(line(`ort-wasm-${threads2}t`, w2, { threads: threads2 }));
    }
  } finally {
    await baseline?.release();
    await ours.dispose();
    await wasm2.dispose();
    ctx.destroy();
  }
};
