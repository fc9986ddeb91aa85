// `webclas train --data DIR --model FILE.onnx --out OUT.onnx [recipe flags]`: reads the dataset and model on the
// Node side, runs the train task in headless Chromium, prints one JSON line per epoch and writes OUT.onnx.
// A bad image is a `skipped FILE: reason` line on stderr and the run goes on; the last line counts them.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { trainPipeline } from '../engine/nn/loop/image-transforms.ts';
import { checkRecipe, DEFAULT_RECIPE, type Recipe } from '../engine/nn/loop/recipe.ts';
import { PAYLOAD_ARG, type TrainPayload } from '../engine/nn/loop/task-payload.ts';
import type { TaskArgs, TaskIO } from '../engine/tasks/task-types.ts';
import { loadDatasetImages, reportSkip } from './dataset-images.ts';
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

/** The `train` lines of `webclas --help` (main.ts's usage text should show these). */
export const TRAIN_HELP = `  train --data DIR --model FILE.onnx --out OUT.onnx [--mode head|last-k|full] [--k N] [--epochs 2]
        [--batch 32] [--lr 0.01] [--size 224] [--val-split 0.2] [--seed 0] [--split-seed SEED] [--schedule cosine|step|const]
        [--warmup-epochs 0] [--optimizer sgd|adamw] [--momentum 0.9] [--wd 0] [--label-smoothing 0]
        [--backbone-lr-mult 1] [--augment rrc,flip] [--transform-ops FILE.json] [--from-scratch]
        [--ema DECAY] [--features gpu|wasm]
                                 fine-tune; one JSON line per epoch, then writes OUT.onnx. head: cached backbone
                                 features (--features: WebGPU, or ORT WASM when WebGPU is software); last-k (the
                                 last --k stages) and full: image batches augmented on the GPU (--augment, or a
                                 PaddleClas transform_ops list), --backbone-lr-mult scales every non-head lr`;

/** A boolean flag given as `--name=true|false` (or `--name true`); absent: false. */
function bool(args: TaskArgs, name: string): boolean {
  const v = args[name];
  if (v === undefined || v === true) return v === true;
  const s = String(v).toLowerCase();
  if (['true', '1', 'yes'].includes(s)) return true;
  if (['false', '0', 'no'].includes(s)) return false;
  throw new Error(`--${name} is true or false, not '${v}'`);
}

/**
 * A PaddleClas transform_ops list from a JSON file: the list itself, or an object with `transform_ops` (a pasted
 * config section). Batch ops are refused by name: full/last-k train on hard labels.
 */
export function readTransformOps(file: string): unknown[] {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`--transform-ops ${file}: ${(e as Error).message}`);
  }
  if (v && typeof v === 'object' && !Array.isArray(v) && 'transform_ops' in v) {
    const o = v as { transform_ops: unknown; batch_transform_ops?: unknown };
    const batch = Array.isArray(o.batch_transform_ops) ? o.batch_transform_ops : [];
    if (batch.length) {
      const names = batch.map((b) => (b && typeof b === 'object' ? Object.keys(b)[0] : String(b)));
      throw new Error(
        `--transform-ops ${file}: batch_transform_ops (${names.join(', ')}) need soft targets, which training ` +
          'does not wire into its loss yet; remove them',
      );
    }
    v = o.transform_ops;
  }
  if (!Array.isArray(v))
    throw new Error(`--transform-ops ${file}: expected a JSON list of PaddleClas transform ops`);
  return v;
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
  const ops = str(args['transform-ops']);
  if (ops) r.transformOps = readTransformOps(ops);
  if (bool(args, 'from-scratch')) r.fromScratch = true;
  if (str(args.ema)) r.ema = num(args, 'ema', 0);
  checkRecipe(r);
  if (r.mode === 'last-k' && r.k === undefined)
    throw new Error('--mode last-k needs --k N (stages counted from the output; 1 = the classifier)');
  if (r.mode !== 'head') {
    // Parse errors (unknown op, bad parameter, batch ops) before a browser starts.
    try {
      trainPipeline(r);
    } catch (e) {
      throw new Error(`${ops ? `--transform-ops ${ops}` : '--augment'}: ${(e as Error).message}`);
    }
  }
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
  // A separate split seed lets seed-to-seed spread be measured on one fixed split (default: the run's seed).
  const splitSeed = num(args, 'split-seed', recipe.seed);
  const ds = await loadDatasetImages(data, valSplit, splitSeed, reportSkip(io));
  io.progress(
    `dataset: ${ds.classes.length} classes, ${ds.train.length} train, ${ds.val.length} val (${ds.valSource}, split seed ${splitSeed})`,
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
    split: { source: ds.valSource, fraction: valSplit, seed: splitSeed },
  };
  let written = false;
  // The task counts the images it could not decode; the ones left out before it are added here.
  let skipped = ds.skipped.length;
  const relay: TaskIO = {
    progress: io.progress,
    emit(result) {
      const { model: m, skipped: inTask } = result as { model?: unknown; skipped?: number };
      if (typeof m !== 'string') return io.emit(result);
      writeFileSync(out, Buffer.from(m, 'base64'));
      written = true;
      skipped += inTask ?? 0;
      io.progress(`wrote ${out}`);
    },
  };
  await runTask(runtime, 'train', { [PAYLOAD_ARG]: JSON.stringify(payload) }, relay);
  if (!written) throw new Error('train: the task ended without sending the trained model');
  if (skipped) io.progress(`train: ${skipped} image${skipped === 1 ? '' : 's'} skipped (each named above)`);
}
