// A PaddleClas training config (ppcls/configs layout: Global, Arch, Loss, Optimizer, DataLoader, Infer, Metric)
// equivalent to a studio recipe, so a run outgrowing the browser continues on `tools/train.py -c …`.
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { checkRecipe, type Recipe } from '../nn/loop/recipe.ts';
import { lrMultStages } from './arch-map.ts';
import { evalTransformOps, trainTransformOps } from './transform-ops.ts';

export interface PaddleClasConfigInput {
  recipe: Recipe;
  /** PaddleClas Arch name, e.g. MobileNetV2 (see arch-map.ts). */
  arch: string;
  classNum: number;
  /** Start from PaddleClas's ImageNet weights (`Arch.pretrained`); ignored for from-scratch recipes. */
  pretrained: boolean;
  /** Paths as PaddleClas sees them from its repo root, e.g. ./dataset/flowers12/train_list.txt. */
  trainList: string;
  valList: string;
  labelList: string;
  imageRoot: string;
  /** Set when `arch` is a guess (no exact PaddleClas counterpart): the YAML says to check it. */
  archInexact?: boolean;
}

/** A YAML comment attached to the node at `path`. */
interface Note {
  path: (string | number)[];
  text: string;
}

/** PaddleClas `Optimizer.lr`: the studio's schedule with the same per-iteration curve (see recipeLr). */
function lrConfig(r: Recipe): { lr: Record<string, unknown>; note: string } {
  const warmup = r.warmupEpochs > 0 ? { warmup_epoch: r.warmupEpochs } : {};
  if (r.schedule === 'cosine') {
    return {
      lr: { name: 'Cosine', learning_rate: r.lr, ...warmup },
      note: ' linear warm-up from 0, then cosine to 0 over the remaining iterations, as in the studio',
    };
  }
  if (r.schedule === 'step') {
    // The studio decays ×0.1 at each third of the post-warm-up iterations; Piecewise counts its boundaries after
    // the warm-up too, so the same thirds in epochs give the same curve.
    const third = (r.epochs - r.warmupEpochs) / 3;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      lr: {
        name: 'Piecewise',
        decay_epochs: [round(third), round(2 * third)],
        values: [r.lr, r.lr * 0.1, r.lr * 0.01],
        ...warmup,
      },
      note: ' the studio\'s "step" schedule: ×0.1 at each third of the epochs after warm-up',
    };
  }
  return { lr: { name: 'Constant', learning_rate: r.lr, ...warmup }, note: ' constant lr after the warm-up' };
}

function optimizerConfig(r: Recipe, notes: Note[]): Record<string, unknown> {
  const { lr, note } = lrConfig(r);
  notes.push({ path: ['Optimizer', 'lr'], text: note });
  const o = r.optimizer;
  if (o.kind === 'adamw') {
    // PaddleClas AdamW: decoupled decay p ← p − lr·weight_decay·p, the studio's AdamW rule.
    return {
      name: 'AdamW',
      beta1: o.beta1 ?? 0.9,
      beta2: o.beta2 ?? 0.999,
      epsilon: o.epsilon ?? 1e-8,
      weight_decay: o.weightDecay ?? 0,
      lr,
    };
  }
  if (o.nesterov) {
    notes.push({
      path: ['Optimizer', 'momentum'],
      text: " the studio used Nesterov momentum; PaddleClas's Momentum has no such switch (plain momentum here)",
    });
  }
  // Momentum + L2 regularizer: the decay is added to the gradient, as the studio's SGD does with weightDecay.
  return {
    name: 'Momentum',
    momentum: o.momentum ?? 0,
    lr,
    regularizer: { name: 'L2', coeff: o.weightDecay ?? 0 },
  };
}

/**
 * `Arch`, with the backbone lr multiplier as `lr_mult_list` where the arch takes one: PaddleClas multiplies the
 * lr of each stage's params by its entry and leaves the classifier at ×1, which is what the studio's
 * backboneLrMult does to every non-head param. Head-only and last-k become zeros (PaddleClas has no freeze switch).
 */
function archConfig(input: PaddleClasConfigInput, notes: Note[]): Record<string, unknown> {
  const r = input.recipe;
  const pretrained = input.pretrained && !r.fromScratch;
  const arch: Record<string, unknown> = { name: input.arch, class_num: input.classNum, pretrained };
  if (input.archInexact) {
    notes.push({
      path: ['Arch', 'name'],
      text: ' no exact PaddleClas counterpart of the studio model: check this name in ppcls/arch/backbone',
    });
  }
  const stages = lrMultStages(input.arch);
  const m = r.backboneLrMult;
  if (stages !== null) {
    if (r.mode === 'head') {
      arch.lr_mult_list = Array(stages).fill(0);
      notes.push({
        path: ['Arch', 'lr_mult_list'],
        text: ' head only: backbone lr 0 (its BN running statistics still update in PaddleClas train mode)',
      });
    } else if (r.mode === 'last-k') {
      arch.lr_mult_list = [...Array(stages - 1).fill(0), m];
      notes.push({
        path: ['Arch', 'lr_mult_list'],
        text: ` the studio trained the last ${r.k ?? 'k'} layers; the nearest PaddleClas setting trains the last stage`,
      });
    } else {
      arch.lr_mult_list = Array(stages).fill(m);
    }
  } else if (r.mode !== 'full' || m !== 1) {
    const what =
      r.mode === 'full'
        ? `a backbone lr multiplier of ${m}`
        : r.mode === 'head'
          ? 'head-only training (frozen backbone)'
          : `last-${r.k ?? 'k'} training (earlier layers frozen)`;
    notes.push({
      path: ['Arch', 'name'],
      text: ` the studio used ${what}; PaddleClas's ${input.arch} takes no lr_mult_list, so every layer trains at learning_rate`,
    });
  }
  if (r.fromScratch && input.pretrained) {
    notes.push({ path: ['Arch', 'pretrained'], text: ' from-scratch recipe: every weight starts from init' });
  }
  return arch;
}

function dataset(input: PaddleClasConfigInput, list: string, ops: unknown[]) {
  return { name: 'ImageNetDataset', image_root: input.imageRoot, cls_label_path: list, transform_ops: ops };
}

function loader(batch: number, shuffle: boolean) {
  return {
    // The studio wraps the last partial batch instead of dropping it: keep every image.
    sampler: { name: 'DistributedBatchSampler', batch_size: batch, drop_last: false, shuffle },
    loader: { num_workers: 4, use_shared_memory: true },
  };
}

function build(input: PaddleClasConfigInput): { config: Record<string, unknown>; notes: Note[] } {
  const r = input.recipe;
  checkRecipe(r);
  if (!/^[A-Za-z][\w.-]*$/.test(input.arch))
    throw new Error(`paddleClasConfig: Arch name '${input.arch}' is not a PaddleClas identifier`);
  if (!Number.isInteger(input.classNum) || input.classNum < 2)
    throw new Error(`paddleClasConfig: class_num must be an integer ≥ 2, got ${input.classNum}`);
  for (const k of ['trainList', 'valList', 'labelList', 'imageRoot'] as const) {
    if (input[k].trim() === '' || /[\r\n]/.test(input[k]))
      throw new Error(`paddleClasConfig: ${k} must be a one-line path, got ${JSON.stringify(input[k])}`);
  }
  const notes: Note[] = [];
  const topk = Math.min(5, input.classNum);
  const evalOps = evalTransformOps(r.size);
  const config: Record<string, unknown> = {
    Global: {
      checkpoints: null,
      pretrained_model: null,
      output_dir: './output/',
      device: 'gpu',
      seed: r.seed,
      save_interval: 1,
      eval_during_train: true,
      eval_interval: 1,
      epochs: r.epochs,
      print_batch_step: 10,
      use_visualdl: false,
      image_shape: [3, r.size, r.size],
      save_inference_dir: './inference',
    },
    Arch: archConfig(input, notes),
    Loss: {
      Train: [{ CELoss: { weight: 1.0, ...(r.labelSmoothing > 0 ? { epsilon: r.labelSmoothing } : {}) } }],
      Eval: [{ CELoss: { weight: 1.0 } }],
    },
    Optimizer: optimizerConfig(r, notes),
    ...(r.ema ? { EMA: { decay: r.ema } } : {}),
    DataLoader: {
      Train: { dataset: dataset(input, input.trainList, trainTransformOps(r)), ...loader(r.batch, true) },
      Eval: { dataset: dataset(input, input.valList, evalOps), ...loader(r.batch, false) },
    },
    Infer: {
      infer_imgs: 'docs/images/whl/demo.jpg',
      batch_size: 10,
      transforms: [...evalOps, { ToCHWImage: null }],
      PostProcess: { name: 'Topk', topk, class_id_map_file: input.labelList },
    },
    Metric: {
      Train: [{ TopkAcc: { topk: [1, topk] } }],
      Eval: [{ TopkAcc: { topk: [1, topk] } }],
    },
  };
  notes.push(
    {
      path: ['Global', 'pretrained_model'],
      text: ' ImageNet weights come from Arch.pretrained; a .pdparams path here starts from other weights',
    },
    {
      // ImageNetDataset takes a `delimiter` key only since PaddleClas 2.4; older releases refuse it, and the
      // exported paths need none (list-paths.ts), so the default is left alone.
      path: ['DataLoader', 'Train', 'dataset', 'cls_label_path'],
      text: " lines 'path label' split on one space (ImageNetDataset's default delimiter): paths hold no whitespace",
    },
    {
      path: ['DataLoader', 'Train', 'sampler', 'batch_size'],
      text: ' per GPU: on N GPUs the global batch is N × this; divide it by N to keep the studio recipe, or scale learning_rate by N',
    },
  );
  if (r.mode === 'head') {
    notes.push({
      path: ['DataLoader', 'Train', 'dataset', 'transform_ops'],
      text: ' head-only runs train on features of un-augmented images: the eval preprocessing',
    });
  }
  return { config, notes };
}

/** The config as a plain object (what `yaml.parse` of paddleClasYaml gives back). */
export function paddleClasConfig(input: PaddleClasConfigInput): Record<string, unknown> {
  return build(input).config;
}

/** The config as PaddleClas YAML, with comments where the mapping from the studio recipe is not one-to-one. */
export function paddleClasYaml(input: PaddleClasConfigInput, header?: string): string {
  const { config, notes } = build(input);
  // No anchors/aliases: the eval ops are shared objects, but PaddleClas configs spell every list out.
  const doc = new Document(config, { aliasDuplicateObjects: false });
  for (const { path, text } of notes) {
    // The comment goes on the line above the key, so long notes stay readable.
    const parent = doc.getIn(path.slice(0, -1), true);
    const pair = isMap(parent)
      ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1))
      : null;
    if (!pair || !isScalar(pair.key))
      throw new Error(`paddleClasYaml: no key at ${path.join('.')} for its comment`);
    const key = pair.key;
    key.commentBefore = key.commentBefore ? `${key.commentBefore}\n${text}` : text;
  }
  // Number lists on one line ([3, 224, 224]), as PaddleClas's own configs write them.
  visit(doc, {
    Seq(_, seq) {
      if (isSeq(seq) && seq.items.every((it) => typeof (it as { value?: unknown }).value === 'number'))
        seq.flow = true;
    },
  });
  if (header) doc.commentBefore = header;
  return doc.toString({ lineWidth: 0 });
}
