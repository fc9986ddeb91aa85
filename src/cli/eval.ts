// `webclas eval --model FILE.onnx --data DIR [--size N] [--split all|train|val] [--val-split F --split-seed S]
// [--backend engine|wasm]`: the engine's GPU eval forward (or ORT WASM) over the dataset's images → {top1, top5,
// per_class, confusion}. Labels map to the model's outputs by class name when the model carries webclas class
// names; the val cut defaults to the one the model's training metadata records. A bad image is a `skipped` line
// (stderr), and the result's `skipped` counts them.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EvalPayload, ImageEntry, TrainSplit } from '../engine/nn/loop/task-payload.ts';
import { PAYLOAD_ARG } from '../engine/nn/loop/task-payload.ts';
import { readOnnxMetadata } from '../engine/onnx/export.ts';
import type { TaskArgs, TaskIO } from '../engine/tasks/task-types.ts';
import { loadDatasetImages, reportSkip } from './dataset-images.ts';
import { type Runtime, runTask } from './runtime/run-task.ts';
import { num, oneOf } from './train.ts';

/** Dataset labels → model output indices by name (the model's class order wins). */
export function mapLabels(
  datasetClasses: string[],
  modelClasses: string[] | undefined,
  images: ImageEntry[],
) {
  if (!modelClasses) return { classes: datasetClasses, images };
  const index = new Map(modelClasses.map((c, i) => [c, i]));
  const missing = datasetClasses.filter((c) => !index.has(c));
  if (missing.length) throw new Error(`eval: the model has no class named ${missing.join(', ')}`);
  return {
    classes: modelClasses,
    images: images.map((e) => ({ ...e, label: index.get(datasetClasses[e.label])! })),
  };
}

/**
 * The held-out cut for `--split train|val`: flags first, then the split the model's training metadata records
 * (so an export is scored on the images it did not train on), then 0.2 / seed 0. `all` cuts nothing.
 */
export function evalSplit(
  args: TaskArgs,
  split: string,
  training: unknown,
): { fraction: number; seed: number; note: string | null } {
  if (split === 'all') return { fraction: 0, seed: 0, note: null };
  const recorded = (training as { split?: Partial<TrainSplit> } | undefined)?.split;
  const known = recorded?.source === 'stratified' && typeof recorded.fraction === 'number';
  // --seed is the older spelling; the split is the only random thing eval does.
  const seedFlag = args['split-seed'] !== undefined ? 'split-seed' : args.seed !== undefined ? 'seed' : null;
  const fraction = num(args, 'val-split', known ? recorded.fraction! : 0.2);
  const seed = seedFlag
    ? num(args, seedFlag, 0)
    : known && typeof recorded.seed === 'number'
      ? recorded.seed
      : 0;
  const fromModel = known && args['val-split'] === undefined && seedFlag === null;
  return {
    fraction,
    seed,
    note: fromModel ? `eval: the model's own val split (fraction ${fraction}, split seed ${seed})` : null,
  };
}

export async function evalCommand(args: TaskArgs, runtime: Runtime, io: TaskIO): Promise<void> {
  const data = typeof args.data === 'string' ? args.data : undefined;
  const model = typeof args.model === 'string' ? args.model : undefined;
  if (!data || !model) throw new Error('eval needs --model FILE.onnx --data DIR');
  const split = typeof args.split === 'string' ? args.split : 'all';
  if (!['all', 'train', 'val'].includes(split))
    throw new Error(`--split must be all, train or val, not '${split}'`);
  const bytes = readFileSync(model);
  const meta = readOnnxMetadata(new Uint8Array(bytes), model);
  const trained = (meta.training as { recipe?: { size?: number } } | undefined)?.recipe?.size;
  const size = num(args, 'size', trained ?? 224);
  const cut = evalSplit(args, split, meta.training);
  if (cut.note) io.progress(cut.note);
  const ds = await loadDatasetImages(data, cut.fraction, cut.seed, reportSkip(io));
  const chosen = split === 'train' ? ds.train : split === 'val' ? ds.val : [...ds.train, ...ds.val];
  if (!chosen.length) throw new Error(`eval: no images in split '${split}' of ${data}`);
  const { classes, images } = mapLabels(ds.classes, meta.classes, chosen);
  const payload: EvalPayload = {
    modelName: basename(model),
    modelBase64: bytes.toString('base64'),
    classes,
    images,
    size,
    batch: num(args, 'batch', 16),
    backend: oneOf(args, 'backend', ['engine', 'wasm'] as const, 'engine'),
  };
  io.progress(`eval: ${images.length} images at ${size}×${size}`);
  // The task counts the images it could not decode; the ones left out before it are added here.
  let skipped = ds.skipped.length;
  const relay: TaskIO = {
    progress: io.progress,
    emit(result) {
      const r = result as { top1?: unknown; skipped?: number };
      if (r.top1 === undefined) return io.emit(result);
      skipped += r.skipped ?? 0;
      io.emit({ ...r, skipped });
    },
  };
  await runTask(runtime, 'eval', { [PAYLOAD_ARG]: JSON.stringify(payload) }, relay);
  if (skipped) io.progress(`eval: ${skipped} image${skipped === 1 ? '' : 's'} skipped (each named above)`);
}
