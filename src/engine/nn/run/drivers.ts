// Driver factories per fine-tune mode: what run-controller.ts trains an epoch with. Head mode caches the backbone
// features per run in IndexedDB, so a resume after a reload does not recompute them, and a new run on the same
// backbone, dataset, size and backend copies another run's rows instead of extracting them again. Full and last-k modes train
// on image batches (loop/image-driver.ts): training copies decoded per step and augmented on the GPU.

import type { TrainRunConfig } from '../../../../workers/train-api.ts';
import { evalPreprocess } from '../../data/feed/eval-preprocess.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { StorageFullError } from '../../storage/quota.ts';
import type { Graph } from '../graph/ir.ts';
import type { FeatureSet } from '../loop/head-loop.ts';
import { ImageDriver } from '../loop/image-driver.ts';
import { decodeBlobRgb, type ImageRows } from '../loop/image-rows.ts';
import { featureBatch, type Recipe } from '../loop/recipe.ts';
import type { FineTuneMode } from '../plan/schedule-types.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import type { EpochDriver } from './driver.ts';
import { extractFeatures, HeadDriver, type ImageBlobSource } from './head-driver.ts';
import type { RunData } from './run-data.ts';

export interface DriverInput {
  ctx: GpuContext;
  runId: string;
  recipe: Recipe;
  featureBackend: 'gpu' | 'wasm';
  data: RunData;
  /** The base model with the run's fresh head (run-graph.ts). */
  graph: Graph;
  source(part: 'train' | 'val'): ImageBlobSource;
  store: CheckpointStore;
  /** What the head features depend on (featureSource); null: never reuse another run's rows. */
  featureSource: string | null;
  progress(phase: string, done: number, total: number): void;
}

/**
 * The identity of head-mode features: the backbone (zoo/local model, or a checkpoint's weights), the dataset whose
 * image ids the rows are keyed by, the input size (eval preprocessing follows from it) and the backend (WASM and
 * WebGPU round differently). The head is not part of it: features are taken before the classifier.
 */
export function featureSource(
  base: TrainRunConfig['base'],
  datasetId: string,
  size: number,
  backend: 'gpu' | 'wasm',
): string {
  const backbone =
    base.kind === 'checkpoint'
      ? ['checkpoint', base.runId, base.epoch]
      : [base.kind, base.id, base.kind === 'zoo' ? (base.variant ?? '') : ''];
  return JSON.stringify({ v: 1, backbone, datasetId, size, backend });
}

/** Rows for `ids` gathered from other runs' caches of the same source; null unless every id is found. */
async function reusedFeatures(
  store: CheckpointStore,
  source: string,
  runId: string,
  ids: readonly string[],
): Promise<{ features: Float32Array; dim: number } | null> {
  const want = new Map(ids.map((id, i) => [id, i]));
  let out: Float32Array | null = null;
  let dim = 0;
  let found = 0;
  for await (const row of store.featuresFrom(source, runId)) {
    if (out === null) {
      dim = row.dim;
      out = new Float32Array(ids.length * dim);
    }
    if (row.dim !== dim) continue;
    const data = new Float32Array(row.features);
    row.imageIds.forEach((id, r) => {
      const at = want.get(id);
      if (at === undefined) return;
      out!.set(data.subarray(r * dim, (r + 1) * dim), at * dim);
      want.delete(id);
      found++;
    });
    if (want.size === 0) break;
  }
  return out !== null && found === ids.length ? { features: out, dim } : null;
}

export type DriverFactory = (input: DriverInput) => Promise<EpochDriver>;
export type DriverFactories = Record<FineTuneMode, DriverFactory>;

async function cachedFeatures(
  d: DriverInput,
  part: 'train' | 'val',
): Promise<{ set: FeatureSet; peakBytes: number } | null> {
  const images = part === 'train' ? d.data.train : d.data.val;
  if (images.length === 0) return null;
  const ids = images.map((i) => i.id);
  const hit = await d.store.features(d.runId, part);
  if (hit && hit.imageIds.length === ids.length && hit.imageIds.every((id, i) => id === ids[i])) {
    return {
      set: { features: new Float32Array(hit.features), labels: new Uint32Array(hit.labels), dim: hit.dim },
      peakBytes: 0,
    };
  }
  const labels = Uint32Array.from(images, (i) => i.label);
  const reused = d.featureSource ? await reusedFeatures(d.store, d.featureSource, d.runId, ids) : null;
  if (reused) {
    d.progress(`${part} features reused from an earlier run`, images.length, images.length);
    await keepFeatures(d, part, { dim: reused.dim, data: reused.features }, labels, ids);
    return { set: { features: reused.features, labels, dim: reused.dim }, peakBytes: 0 };
  }
  const phase = `${part} features (${d.featureBackend === 'wasm' ? 'ORT WASM' : 'WebGPU'})`;
  d.progress(phase, 0, images.length);
  const f = await extractFeatures(
    d.ctx,
    d.graph,
    images.length,
    d.source(part),
    evalPreprocess(d.recipe.size),
    featureBatch(d.recipe),
    d.featureBackend,
    (done) => d.progress(phase, done, images.length),
  );
  await keepFeatures(d, part, f, labels, ids);
  return { set: { features: f.data, labels, dim: f.dim }, peakBytes: f.peakBytes };
}

/** Stores the run's own copy (a reused donor may be deleted later). A full disk only loses the cache. */
async function keepFeatures(
  d: DriverInput,
  part: 'train' | 'val',
  f: { dim: number; data: Float32Array },
  labels: Uint32Array,
  imageIds: string[],
): Promise<void> {
  try {
    await d.store.putFeatures({
      runId: d.runId,
      part,
      dim: f.dim,
      features: f.data.slice().buffer,
      labels: labels.slice().buffer,
      imageIds,
      ...(d.featureSource ? { source: d.featureSource } : {}),
    });
  } catch (e) {
    if (!(e instanceof StorageFullError)) throw e;
    const n = imageIds.length;
    d.progress(`${part} features not cached (storage is full)`, n, n);
  }
}

export const headDriverFactory: DriverFactory = async (d) => {
  const train = await cachedFeatures(d, 'train');
  const val = await cachedFeatures(d, 'val');
  if (!train) throw new Error('head mode: the run has no training images');
  const prior = Math.max(train.peakBytes, val?.peakBytes ?? 0);
  return HeadDriver.fromFeatures(d.ctx, d.graph, train.set, val?.set ?? null, d.recipe, prior);
};

/** The run's images of one part as rows the image driver decodes on demand; null when the part is empty. */
function libraryRows(d: DriverInput, part: 'train' | 'val'): ImageRows | null {
  const images = part === 'train' ? d.data.train : d.data.val;
  if (images.length === 0) return null;
  const source = d.source(part);
  return {
    count: images.length,
    label: (i) => images[i].label,
    pixels: async (i) => {
      const { blob, name } = await source(i);
      return decodeBlobRgb(blob, name);
    },
  };
}

export const imageDriverFactory: DriverFactory = async (d) => {
  const train = libraryRows(d, 'train');
  if (!train) throw new Error(`--mode ${d.recipe.mode}: the run has no training images`);
  return ImageDriver.create(d.ctx, d.graph, d.recipe, train, libraryRows(d, 'val'), d.data.classes.length);
};

/** The factories of this build. */
export function defaultDriverFactories(): DriverFactories {
  return { head: headDriverFactory, full: imageDriverFactory, 'last-k': imageDriverFactory };
}
