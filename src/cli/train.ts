// `webclas train --data DIR --model FILE.onnx --out OUT.onnx [recipe flags]`: reads the dataset and model on the
// Node side, runs the train task in headless Chromium, prints one JSON line per epoch and writes OUT.onnx.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkRecipe, DEFAULT_RECIPE, type Recipe } from '../engine/nn/loop/recipe.ts';
import { PAYLOAD_ARG, type TrainPayload } from '../engine/nn/loop/task-payload.ts';
import type { TaskArgs, TaskIO } from '../engine/tasks/task-types.ts';
import { loadDatasetImages } from './dataset-images.ts';
import { type Runtime, runTask } from './runtime/run-task.ts';

function str(v: TaskArgs[string]): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function num(args: TaskArgs, name: string, fallback: number): number {
  const v = str(args[name]);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, not '${v}'`);
  return n;
}

export function oneOf<T extends string>(args: TaskArgs, name: string, allowed: readonly T[], fallback: T): T {
  const v = str(args[name]) ?? fallback;
  if (!allowed.includes(v as T)) throw new Error(`--${name} must be one of ${allowed.join('|')}, not '${v}'`);
  return v as T;
}

/** The recipe from the command line (defaults: DEFAULT_RECIPE). */
export function recipeFromArgs(args: TaskArgs): Recipe {
  const d = DEFAULT_RECIPE;
  const optimizer = oneOf(args, 'optimizer', ['sgd', 'adamw'] as const, 'sgd');
  const wd = num(args, 'wd', optimizer === 'adamw' ? 0.01 : 0);
  const augment = (str(args.augment) ?? '').split(',').filter(Boolean);
  for (const a of augment)
    if (a !== 'rrc' && a !== 'flip') throw new Error(`--augment takes rrc,flip; '${a}' is unknown`);
  const r: Recipe = {
    mode: oneOf(args, 'mode', ['head', 'last-k', 'full'] as const, d.mode),
    ...(str(args.k) ? { k: num(args, 'k', 1) } : {}),
    epochs: num(args, 'epochs', d.epochs),
    batch: num(args, 'batch', d.batch),
    lr: num(args, 'lr', d.lr),
    size: num(args, 'size', d.size),
    seed: num(args, 'seed', d.seed),
    schedule: oneOf(args, 'schedule', ['cosine', 'step', 'const'] as const, d.schedule),
    warmupEpochs: num(args, 'warmup-epochs', d.warmupEpochs),
    optimizer:
      optimizer === 'sgd'
        ? { kind: 'sgd', momentum: num(args, 'momentum', 0.9), weightDecay: wd }
        : { kind: 'adamw', weightDecay: wd },
    labelSmoothing: num(args, 'label-smoothing', d.labelSmoothing),
    backboneLrMult: num(args, 'backbone-lr-mult', d.backboneLrMult),
    augment: augment as Recipe['augment'],
  };
  checkRecipe(r);
  return r;
}

export async function trainCommand(args: TaskArgs, runtime: Runtime, io: TaskIO): Promise<void> {
  const data = str(args.data);
  const model = str(args.model);
  const out = str(args.out);
  if (!data || !model || !out)
    throw new Error('train needs --data DIR --model FILE.onnx --out OUT.onnx (see webclas --help)');
  const recipe = recipeFromArgs(args);
  const valSplit = num(args, 'val-split', 0.2);
  if (!(valSplit >= 0 && valSplit < 1)) throw new Error(`--val-split must be in [0, 1), got ${valSplit}`);
  const ds = await loadDatasetImages(data, valSplit, recipe.seed);
  io.progress(
    `dataset: ${ds.classes.length} classes, ${ds.train.length} train, ${ds.val.length} val (${ds.valSource})`,
  );
  const payload: TrainPayload = {
    modelName: basename(model),
    modelBase64: readFileSync(model).toString('base64'),
    classes: ds.classes,
    train: ds.train,
    val: ds.val,
    recipe,
    features: oneOf(args, 'features', ['gpu', 'wasm'] as const, 'gpu'),
    dataset: basename(data),
  };
  let written = false;
  const relay: TaskIO = {
    progress: io.progress,
    emit(result) {
      const m = (result as { model?: unknown }).model;
      if (typeof m !== 'string') return io.emit(result);
      writeFileSync(out, Buffer.from(m, 'base64'));
      written = true;
      io.progress(`wrote ${out}`);
    },
  };
  await runTask(runtime, 'train', { [PAYLOAD_ARG]: JSON.stringify(payload) }, relay);
  if (!written) throw new Error('train: the task ended without sending the trained model');
}
