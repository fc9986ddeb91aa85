// `webclas classify` as an engine task, run in the CLI's browser harness page: the CLI (src/cli/classify.ts) reads
// the model and images on the Node side and passes them in as base64; here they are decoded with createImageBitmap
// and classified by ClassifyRunner, one JSON line per image.
import { describeAdapter } from '../gpu/adapter-info.ts';
import { GpuContext } from '../gpu/context.ts';
import { chooseInferenceBackend } from '../platform/backend-choice.ts';
import type { PreprocessOptions } from '../preprocess/pipeline.ref.ts';
import type { Task, TaskArgs } from '../tasks/task-types.ts';
import type { ResolvedModel } from './resolved-model.ts';
import { ClassifyRunner } from './runner.ts';
import type { Backend } from './session-cache.ts';

/** What the CLI passes to the page (all strings, as TaskArgs allows). */
export interface ClassifyTaskPayload {
  modelKey: string;
  modelName: string;
  modelBase64: string;
  preprocess: PreprocessOptions;
  outputKind: 'logits' | 'probabilities';
  /** Output index → name, already resolved on the Node side (ImageNet list, labels file, metadata); null = numbers. */
  labels: string[] | null;
  inputName: string | null;
  outputName: string | null;
  backend: 'auto' | Backend;
  images: { name: string; base64: string }[];
  k: number;
}

export const PAYLOAD_ARG = 'payload';

function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function payloadOf(args: TaskArgs): ClassifyTaskPayload {
  const raw = args[PAYLOAD_ARG];
  if (typeof raw !== 'string')
    throw new Error('classify task: missing payload (run it through `webclas classify`)');
  return JSON.parse(raw) as ClassifyTaskPayload;
}

export const classifyTask: Task = async (gpu, args, io) => {
  if (typeof createImageBitmap === 'undefined') {
    throw new Error('classify decodes images with createImageBitmap: use --runtime browser (the default)');
  }
  const p = payloadOf(args);
  let backend: Backend;
  if (p.backend === 'auto') {
    const adapter = await gpu.requestAdapter();
    const choice = chooseInferenceBackend({
      hasWebGpu: true,
      adapter: adapter ? describeAdapter(adapter) : null,
    });
    io.progress(`backend: ${choice.backend} (${choice.reason})`);
    backend = choice.backend;
  } else backend = p.backend;
  let ctx: GpuContext | undefined;
  const runner = new ClassifyRunner({
    ortWasm: () => import('onnxruntime-web/wasm'),
    ortWebGpu: () => import('onnxruntime-web/webgpu'),
    gpu: async () => {
      ctx ??= await GpuContext.create(gpu, { label: 'webclas classify' });
      return ctx;
    },
  });
  const names = p.labels;
  const model: ResolvedModel = {
    modelKey: p.modelKey,
    displayName: p.modelName,
    bytes: fromBase64(p.modelBase64),
    classifier: {
      preprocess: p.preprocess,
      outputKind: p.outputKind,
      label: (i) => names?.[i] ?? `class ${i}`,
    },
    inputName: p.inputName,
    outputName: p.outputName,
    labelSource: names ? 'given' : 'index numbers',
  };
  try {
    const info = await runner.prepare(model, backend);
    io.progress(
      `session ${info.key}: created in ${info.createMs.toFixed(0)} ms, warm-up ${info.warmupMs.toFixed(0)} ms`,
    );
    // Small batches keep memory flat for long image lists; results stream out as each batch finishes.
    for (let i = 0; i < p.images.length; i += 8) {
      const files = p.images
        .slice(i, i + 8)
        .map((im) => ({ name: im.name, blob: new Blob([fromBase64(im.base64)]) }));
      for (const item of await runner.classify(model, backend, files, p.k)) {
        io.emit(
          item.ok
            ? {
                file: item.name,
                top: item.top,
                backend: item.backend,
                preprocessMs: item.preprocessMs,
                inferenceMs: item.inferenceMs,
              }
            : { file: item.name, error: item.error },
        );
      }
    }
  } finally {
    await runner.dispose();
    ctx?.destroy();
  }
};
