// `webclas classify --model ID|FILE [--variant V] [--labels FILE] [--backend auto|webgpu|wasm] [--top K]
// [--allow-unverified] IMAGES...`: resolves the model on the Node side (a zoo id is fetched from the mirror through
// fetchZooModel: checked against its pinned sha256, or, with no pin, only with --allow-unverified; a FILE is read as
// is), then runs the classify task in headless Chromium. Prints one JSON line per image: {file, top: [...], …}.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClassifyTaskPayload } from '../engine/infer/classify-task.ts';
import { PAYLOAD_ARG } from '../engine/infer/classify-task.ts';
import { parseLabelsFile } from '../engine/infer/labels-file.ts';
import { classesFromMetadata, readMetadataProps } from '../engine/infer/model-metadata.ts';
import { DEFAULT_PREPROCESS, parseImagenetNames } from '../engine/infer/resolved-model.ts';
import type { TaskArgs, TaskIO } from '../engine/tasks/task-types.ts';
import { fetchZooModel } from '../engine/zoo/fetch-model.ts';
import { parseManifest } from '../engine/zoo/load.ts';
import { findEntry, findVariant, type PinnedFile } from '../engine/zoo/manifest.ts';
import { fileFetch } from '../engine/zoo/node/file-fetch.ts';
import { fetchPinnedFile } from '../engine/zoo/pinned-file.ts';
import { integrityText } from '../engine/zoo/status.ts';
import { MemoryModelStore } from '../engine/zoo/store.ts';
import type { Runtime } from './runtime/run-task.ts';
import { runTask } from './runtime/run-task.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The mirror for zoo ids: WEBCLAS_MODEL_MIRROR (a URL or a folder), else ../shared/models when present, else the
 * public URLs. Resolved here rather than with zoo/mirror-env.ts, which reads Vite's import.meta.env (not typed for Node).
 */
function cliMirror(): string | undefined {
  const env = process.env.WEBCLAS_MODEL_MIRROR?.trim();
  const folder = resolve(repoRoot, process.env.WEBCLAS_SHARED ?? '../shared', 'models');
  const base = env
    ? /^[a-z][a-z0-9+.-]*:\/\//i.test(env)
      ? env
      : pathToFileURL(resolve(env)).href
    : existsSync(folder)
      ? pathToFileURL(folder).href
      : undefined;
  return base && (base.endsWith('/') ? base : `${base}/`);
}

function str(v: TaskArgs[string]): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

async function imagenetNames(
  mirror: string | undefined,
  file: PinnedFile,
  entryLabels: 'imagenet-1k' | '1001-background',
  io: TaskIO,
) {
  if (!mirror) return null;
  // Only the pinned list: a mirror's other list would relabel every result. Without it, index numbers.
  const bytes = await fetchPinnedFile(mirror, file, fileFetch).catch((e: Error) => {
    io.progress(`labels: ${e.message}; printing index numbers`);
    return null;
  });
  if (!bytes) return null;
  const names = parseImagenetNames(new TextDecoder().decode(bytes));
  // 1001-class models put "background" at 0 and shift the ImageNet classes by one.
  return entryLabels === 'imagenet-1k' ? names : ['background', ...names];
}

export async function classifyCommand(
  images: string[],
  args: TaskArgs,
  runtime: Runtime,
  io: TaskIO,
): Promise<void> {
  const modelArg = str(args.model);
  if (!modelArg)
    throw new Error('classify needs --model ID|FILE (a zoo id from models/zoo.json, or an .onnx file)');
  if (images.length === 0)
    throw new Error('classify needs at least one image: webclas classify --model ID IMAGES...');
  const backend = str(args.backend) ?? 'auto';
  if (!['auto', 'webgpu', 'wasm'].includes(backend))
    throw new Error(`--backend must be auto, webgpu or wasm, not '${backend}'`);
  const k = Number(str(args.top) ?? 5);
  if (!Number.isInteger(k) || k < 1)
    throw new Error(`--top must be a positive integer, not '${String(args.top)}'`);
  const labelsFile = str(args.labels);
  const fileLabels = labelsFile ? parseLabelsFile(readFileSync(labelsFile, 'utf8'), labelsFile) : null;

  let payload: Omit<ClassifyTaskPayload, 'images' | 'backend' | 'k'>;
  if (existsSync(modelArg) && statSync(modelArg).isFile()) {
    const bytes = readFileSync(modelArg);
    payload = {
      modelKey: `file:${resolve(modelArg)}`,
      modelName: basename(modelArg),
      modelBase64: bytes.toString('base64'),
      preprocess: DEFAULT_PREPROCESS,
      outputKind: 'logits',
      labels: fileLabels ?? classesFromMetadata(readMetadataProps(new Uint8Array(bytes))),
      inputName: null,
      outputName: null,
    };
  } else {
    const manifest = parseManifest(readFileSync(resolve(repoRoot, 'models/zoo.json'), 'utf8'));
    const entry = findEntry(manifest, modelArg);
    const mirror = cliMirror();
    const variant = findVariant(entry, str(args.variant));
    const got = await fetchZooModel(entry, {
      store: new MemoryModelStore(),
      mirror,
      variant: variant.name,
      allowUnverified: args['allow-unverified'] === true,
      fetch: fileFetch,
      onProgress: (p) => {
        if (p.phase === 'verifying') io.progress(`${entry.id}/${variant.name}: ${p.loaded} bytes, checking`);
      },
    }).catch((e: Error) => {
      throw e.name === 'UnverifiedModelError' ? new Error(`${e.message} (pass --allow-unverified)`) : e;
    });
    io.progress(`${entry.id}/${variant.name} from ${got.meta.url}: ${integrityText(got.meta)}`);
    payload = {
      modelKey: got.meta.key,
      modelName: entry.name,
      modelBase64: Buffer.from(got.data).toString('base64'),
      preprocess: entry.preprocess,
      outputKind: entry.io.outputKind,
      labels: fileLabels ?? (await imagenetNames(mirror, manifest.imagenetLabels, entry.labels.source, io)),
      inputName: entry.io.input,
      outputName: entry.io.output,
    };
  }
  const full: ClassifyTaskPayload = {
    ...payload,
    backend: backend as ClassifyTaskPayload['backend'],
    k,
    images: images.map((path) => {
      if (!existsSync(path)) throw new Error(`classify: no such image file: ${path}`);
      return { name: path, base64: readFileSync(path).toString('base64') };
    }),
  };
  await runTask(runtime, 'classify', { [PAYLOAD_ARG]: JSON.stringify(full) }, io);
}
