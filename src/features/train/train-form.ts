// The Train screen's setup form as plain data: text fields as typed, the preset that fills them, and the checks
// that turn them into a Recipe (one message per field, naming the field and, for transform_ops, the op).
import type { TrainBase, TrainRunConfig } from '../../../workers/train-api.ts';
import { parseTransformOps } from '../../engine/augment/config/parse.ts';
import { localModelKey } from '../../engine/infer/local-models.ts';
import { checkRecipe, type Recipe } from '../../engine/nn/loop/recipe.ts';
import type { FineTuneMode } from '../../engine/nn/plan/schedule-types.ts';
import { PRESETS, type PresetId, preset, withSize } from '../../engine/nn/recipes/presets.ts';
import { modelKey } from '../../engine/zoo/fetch-model.ts';

export type OptimizerChoice = 'sgd' | 'nesterov' | 'adamw';

/** The recipe part of the form: numbers stay text so a half-typed value is not lost or coerced. */
export interface RecipeFields {
  mode: FineTuneMode;
  k: string;
  epochs: string;
  batch: string;
  size: string;
  lr: string;
  schedule: Recipe['schedule'];
  warmupEpochs: string;
  optimizer: OptimizerChoice;
  momentum: string;
  weightDecay: string;
  labelSmoothing: string;
  backboneLrMult: string;
  /** Empty or 0: no EMA. */
  ema: string;
  seed: string;
  fromScratch: boolean;
  /** Carried from the preset; used by the worker only when there are no transform_ops. */
  augment: Recipe['augment'];
  /** PaddleClas transform_ops as JSON text; empty: none. */
  transformOps: string;
}

export interface TrainForm extends RecipeFields {
  name: string;
  datasetId: string;
  trainSplit: string;
  /** A split name, or '' to hold out `valPercent` % of the train split. */
  valSplit: string;
  valPercent: string;
  /** A model catalog key, or `ckpt:<runId>:<epoch>` (see checkpointKey). */
  baseKey: string;
  preset: PresetId;
  featureBackend: 'gpu' | 'wasm';
  checkpointEvery: string;
  /** Empty: run every epoch; else pause (checkpointed) once this epoch is done. */
  pauseAfter: string;
  /** The model mirror as typed; empty: this server's /mirror/ folder. */
  mirror: string;
}

export type FieldName = keyof TrainForm;
export type FormErrors = Partial<Record<FieldName | 'recipe', string>>;

/** Labels as shown on the screen: the messages use them so the user finds the field. */
export const FIELD_LABELS: Record<FieldName, string> = {
  name: 'Run name',
  datasetId: 'Dataset',
  trainSplit: 'Train split',
  valSplit: 'Validation split',
  valPercent: 'Hold out %',
  baseKey: 'Base model',
  preset: 'Preset',
  mode: 'Mode',
  k: 'Last k layers',
  epochs: 'Epochs',
  batch: 'Batch',
  size: 'Input size',
  lr: 'Learning rate',
  schedule: 'Schedule',
  warmupEpochs: 'Warm-up epochs',
  optimizer: 'Optimizer',
  momentum: 'Momentum',
  weightDecay: 'Weight decay',
  labelSmoothing: 'Label smoothing',
  backboneLrMult: 'Backbone lr multiplier',
  ema: 'EMA decay',
  seed: 'Seed',
  fromScratch: 'From scratch',
  augment: 'Augmentation',
  transformOps: 'Augmentation (transform_ops)',
  featureBackend: 'Feature backend',
  checkpointEvery: 'Checkpoint every',
  pauseAfter: 'Pause after epoch',
  mirror: 'Model mirror',
};

export function recipeFields(r: Recipe): RecipeFields {
  const o = r.optimizer;
  return {
    mode: r.mode,
    k: String(r.k ?? 2),
    epochs: String(r.epochs),
    batch: String(r.batch),
    size: String(r.size),
    lr: String(r.lr),
    schedule: r.schedule,
    warmupEpochs: String(r.warmupEpochs),
    optimizer: o.kind === 'adamw' ? 'adamw' : o.nesterov ? 'nesterov' : 'sgd',
    momentum: String(o.kind === 'sgd' ? (o.momentum ?? 0) : 0.9),
    weightDecay: String(o.weightDecay ?? 0),
    labelSmoothing: String(r.labelSmoothing),
    backboneLrMult: String(r.backboneLrMult),
    ema: r.ema ? String(r.ema) : '',
    seed: String(r.seed),
    fromScratch: r.fromScratch === true,
    augment: [...r.augment],
    transformOps: r.transformOps ? JSON.stringify(r.transformOps, null, 2) : '',
  };
}

export function initialForm(id: PresetId = 'quick-head'): TrainForm {
  return {
    ...recipeFields(preset(id).recipe),
    name: '',
    datasetId: '',
    trainSplit: '',
    valSplit: '',
    valPercent: '20',
    baseKey: '',
    preset: id,
    featureBackend: 'wasm',
    checkpointEvery: '1',
    pauseAfter: '',
    mirror: '',
  };
}

/**
 * The form that describes a run's own config: what the disabled setup shows while that run is under way (the
 * draft may hold other values, or the defaults after a reload). formConfig of it gives the config back.
 */
export function formFromConfig(c: TrainRunConfig): TrainForm {
  const b = c.base;
  const baseKey =
    b.kind === 'checkpoint'
      ? checkpointKey(b.runId, b.epoch)
      : b.kind === 'local'
        ? localModelKey(b.id)
        : modelKey(b.id, b.variant ?? '');
  // A custom recipe shows under the preset of its mode, which the preset hint then calls edited.
  const presetId =
    c.preset === 'custom'
      ? (PRESETS.find((p) => p.recipe.mode === c.recipe.mode)?.id ?? 'quick-head')
      : c.preset;
  return {
    ...recipeFields(c.recipe),
    name: c.name,
    datasetId: c.datasetId,
    trainSplit: c.trainSplit,
    valSplit: c.valSplit ?? '',
    valPercent: c.valSplit === null ? String(Number((c.valFraction * 100).toPrecision(6))) : '20',
    baseKey,
    preset: presetId,
    featureBackend: c.featureBackend,
    checkpointEvery: String(c.checkpointEvery),
    pauseAfter: c.pauseAfterEpoch === null ? '' : String(c.pauseAfterEpoch),
    mirror: c.mirror ?? '',
  };
}

/** Picking a preset fills every recipe field; dataset, model and run settings stay. */
export function applyPreset(form: TrainForm, id: PresetId): TrainForm {
  return { ...form, ...recipeFields(preset(id).recipe), preset: id };
}

/** A new input size also resizes the crops in transform_ops (what withSize does), when the JSON is readable. */
export function setInputSize(form: TrainForm, size: string): TrainForm {
  const n = Number(size);
  if (!Number.isInteger(n) || n < 1 || form.transformOps.trim() === '') return { ...form, size };
  try {
    const ops = JSON.parse(form.transformOps);
    if (!Array.isArray(ops)) return { ...form, size };
    const resized = withSize({ ...preset(form.preset).recipe, transformOps: ops }, n).transformOps;
    return { ...form, size, transformOps: JSON.stringify(resized, null, 2) };
  } catch {
    return { ...form, size };
  }
}

type Num = { int?: boolean; min?: number; gt?: number; max?: number; lt?: number };

function rangeText(c: Num): string {
  const parts: string[] = [];
  if (c.min !== undefined) parts.push(`≥ ${c.min}`);
  if (c.gt !== undefined) parts.push(`> ${c.gt}`);
  if (c.max !== undefined) parts.push(`≤ ${c.max}`);
  if (c.lt !== undefined) parts.push(`< ${c.lt}`);
  return `${c.int ? 'a whole number' : 'a number'}${parts.length ? ` ${parts.join(' and ')}` : ''}`;
}

/** Reads one numeric field, recording a message naming it when it is not a number in range. */
function num(form: TrainForm, field: FieldName, c: Num, errors: FormErrors): number {
  const text = String(form[field]).trim();
  const v = text === '' ? Number.NaN : Number(text);
  const bad =
    !Number.isFinite(v) ||
    (c.int && !Number.isInteger(v)) ||
    (c.min !== undefined && v < c.min) ||
    (c.gt !== undefined && !(v > c.gt)) ||
    (c.max !== undefined && v > c.max) ||
    (c.lt !== undefined && !(v < c.lt));
  if (bad) errors[field] = `${FIELD_LABELS[field]} must be ${rangeText(c)}, got "${text}"`;
  return v;
}

const CROP_OPS = ['RandCropImage', 'RandomResizedCrop', 'CropImage'];

/** Parses transform_ops with the augmentation parser (its messages name the list index and op). */
function readTransformOps(text: string, size: number): { ops?: unknown[]; error?: string } {
  if (text.trim() === '') return {};
  let ops: unknown;
  try {
    ops = JSON.parse(text);
  } catch (e) {
    return { error: `transform_ops: not valid JSON (${(e as Error).message})` };
  }
  try {
    parseTransformOps(ops);
  } catch (e) {
    return { error: (e as Error).message };
  }
  const list = ops as Record<string, Record<string, unknown> | null>[];
  for (let i = 0; i < list.length; i++) {
    const [name] = Object.keys(list[i] ?? {});
    const s = list[i]?.[name]?.size;
    // The crop is what the network sees: a crop of another size would not fit the compiled input.
    if (CROP_OPS.includes(name) && typeof s === 'number' && Number.isInteger(size) && s !== size)
      return { error: `transform_ops[${i}] ${name}: size ${s} differs from Input size ${size}` };
  }
  return { ops: list };
}

/** The recipe the form describes, or the messages of every field at fault. */
export function formRecipe(form: TrainForm): { recipe: Recipe | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const epochs = num(form, 'epochs', { int: true, min: 1 }, errors);
  const size = num(form, 'size', { int: true, min: 8, max: 1024 }, errors);
  const optimizer = (() => {
    const weightDecay = num(form, 'weightDecay', { min: 0 }, errors);
    if (form.optimizer === 'adamw') return { kind: 'adamw' as const, weightDecay };
    const momentum = num(form, 'momentum', { min: 0, lt: 1 }, errors);
    return form.optimizer === 'nesterov'
      ? { kind: 'sgd' as const, momentum, nesterov: true, weightDecay }
      : { kind: 'sgd' as const, momentum, weightDecay };
  })();
  const ema = form.ema.trim() === '' ? 0 : num(form, 'ema', { min: 0, lt: 1 }, errors);
  const aug = readTransformOps(form.transformOps, size);
  if (aug.error) errors.transformOps = aug.error;
  const recipe: Recipe = {
    mode: form.mode,
    ...(form.mode === 'last-k' ? { k: num(form, 'k', { int: true, min: 1 }, errors) } : {}),
    epochs,
    batch: num(form, 'batch', { int: true, min: 1, max: 4096 }, errors),
    lr: num(form, 'lr', { gt: 0 }, errors),
    size,
    seed: num(form, 'seed', { int: true, min: 0 }, errors),
    schedule: form.schedule,
    warmupEpochs: num(form, 'warmupEpochs', { min: 0 }, errors),
    optimizer,
    labelSmoothing: num(form, 'labelSmoothing', { min: 0, lt: 1 }, errors),
    backboneLrMult: num(form, 'backboneLrMult', { min: 0 }, errors),
    augment: [...form.augment],
    ...(aug.ops ? { transformOps: aug.ops } : {}),
    ...(form.fromScratch ? { fromScratch: true } : {}),
    ...(ema > 0 ? { ema } : {}),
  };
  if (!errors.warmupEpochs && !errors.epochs && recipe.warmupEpochs >= epochs)
    errors.warmupEpochs = `Warm-up epochs must be below Epochs (${epochs}), got ${recipe.warmupEpochs}`;
  if (Object.keys(errors).length > 0) return { recipe: null, errors };
  try {
    checkRecipe(recipe);
  } catch (e) {
    return { recipe: null, errors: { recipe: (e as Error).message } };
  }
  return { recipe, errors };
}

/** Key-order-independent equality of plain JSON data (undefined fields count as absent). */
function sameJson(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(norm)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== undefined)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, x]) => [k, norm(x)]),
          )
        : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** The preset a recipe still is (its input size may differ: that is the machine's choice), else 'custom'. */
export function presetOf(r: Recipe): PresetId | 'custom' {
  return PRESETS.find((p) => sameJson(withSize(p.recipe, r.size), r))?.id ?? 'custom';
}

export const CHECKPOINT_PREFIX = 'ckpt:';

export function checkpointKey(runId: string, epoch: number): string {
  return `${CHECKPOINT_PREFIX}${runId}:${epoch}`;
}

/** `ckpt:<runId>:<epoch>` → a checkpoint base; null for anything else (a catalog key). */
export function parseCheckpointKey(key: string): { runId: string; epoch: number } | null {
  if (!key.startsWith(CHECKPOINT_PREFIX)) return null;
  const rest = key.slice(CHECKPOINT_PREFIX.length);
  const at = rest.lastIndexOf(':');
  const digits = rest.slice(at + 1);
  if (at <= 0 || !/^\d+$/.test(digits)) return null;
  return { runId: rest.slice(0, at), epoch: Number(digits) };
}

export interface ConfigContext {
  /** The base the form's baseKey names (a catalog entry or a checkpoint), or null when it names none. */
  base: TrainBase | null;
  /** Normalized mirror, or the message why the typed one is not usable. */
  mirror: string | null;
  mirrorError?: string;
  /** Split names of the chosen dataset with their image counts. */
  splits: Record<string, number>;
  datasetName: string;
  baseName: string;
  /** Names of the runs already in the list: a default name never repeats one. */
  takenNames?: readonly string[];
  /** When the default name's date is read (the form's render). */
  now?: Date;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The name a run gets when the Run name field is empty: what tells runs apart in the list (model, mode, input
 * size, dataset, local date and minute), and ` #2`, ` #3`… when a run of that name exists already.
 */
export function defaultRunName(
  parts: { baseName: string; mode: string; size: number; datasetName: string },
  now: Date,
  taken: readonly string[],
): string {
  const date = `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())} ${pad2(now.getHours())}:${pad2(now.getMinutes())}`;
  const base = `${parts.baseName} · ${parts.mode} · ${parts.size}px · ${parts.datasetName} · ${date}`;
  const used = new Set(taken);
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base} #${n}`;
  return name;
}

/** The full run config, or every message at fault (fields and recipe). */
export function formConfig(
  form: TrainForm,
  ctx: ConfigContext,
): { config: TrainRunConfig | null; errors: FormErrors } {
  const { recipe, errors } = formRecipe(form);
  if (form.datasetId === '') errors.datasetId = 'Dataset: choose a dataset from the library';
  else if (!(form.trainSplit in ctx.splits))
    errors.trainSplit = `Train split: the dataset has no split "${form.trainSplit}" (has ${Object.keys(ctx.splits).join(', ') || 'none'})`;
  else if ((ctx.splits[form.trainSplit] ?? 0) === 0)
    errors.trainSplit = `Train split "${form.trainSplit}" holds no images`;
  if (form.valSplit !== '' && form.valSplit === form.trainSplit)
    errors.valSplit = 'Validation split must differ from the train split (or hold out a part of it)';
  else if (form.valSplit !== '' && !(form.valSplit in ctx.splits))
    errors.valSplit = `Validation split: the dataset has no split "${form.valSplit}"`;
  const valPercent = form.valSplit === '' ? num(form, 'valPercent', { gt: 0, max: 90 }, errors) : 0;
  if (ctx.base === null) errors.baseKey = 'Base model: choose a zoo model, one of My models or a checkpoint';
  if (ctx.mirrorError) errors.mirror = `Model mirror: ${ctx.mirrorError}`;
  const checkpointEvery = num(form, 'checkpointEvery', { int: true, min: 1 }, errors);
  const pauseAfterEpoch =
    form.pauseAfter.trim() === '' ? null : num(form, 'pauseAfter', { int: true, min: 1 }, errors);
  if (pauseAfterEpoch !== null && !errors.pauseAfter && recipe && pauseAfterEpoch >= recipe.epochs)
    errors.pauseAfter = `Pause after epoch must be below Epochs (${recipe.epochs}), got ${pauseAfterEpoch}`;
  if (!recipe || Object.keys(errors).length > 0 || ctx.base === null) return { config: null, errors };
  const name =
    form.name.trim() ||
    defaultRunName(
      { baseName: ctx.baseName, mode: recipe.mode, size: recipe.size, datasetName: ctx.datasetName },
      ctx.now ?? new Date(),
      ctx.takenNames ?? [],
    );
  return {
    config: {
      name,
      datasetId: form.datasetId,
      trainSplit: form.trainSplit,
      valSplit: form.valSplit === '' ? null : form.valSplit,
      valFraction: valPercent / 100,
      base: ctx.base,
      mirror: ctx.mirror,
      preset: presetOf(recipe),
      recipe,
      featureBackend: form.featureBackend,
      checkpointEvery,
      pauseAfterEpoch,
    },
    errors,
  };
}

/** The split to train on by default: 'train' when present, else the largest. */
export function defaultSplits(splits: Record<string, number>): { trainSplit: string; valSplit: string } {
  const names = Object.keys(splits);
  const trainSplit =
    names.find((n) => n === 'train') ?? [...names].sort((a, b) => splits[b] - splits[a])[0] ?? '';
  const valSplit = names.find((n) => n !== trainSplit && /^(val|valid|validation|test)$/i.test(n)) ?? '';
  return { trainSplit, valSplit };
}
