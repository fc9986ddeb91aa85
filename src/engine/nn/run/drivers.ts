// Driver factories per fine-tune mode: what run-controller.ts trains an epoch with. Head mode caches the backbone
// features per run in IndexedDB, so a resume after a reload does not recompute them. Full and last-k modes train
// on image batches (loop/image-driver.ts): training copies decoded per step and augmented on the GPU.
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
  progress(phase: string, done: number, total: number): void;
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
  const labels = Uint32Array.from(images, (i) => i.label);
  try {
    await d.store.putFeatures({
      runId: d.runId,
      part,
      dim: f.dim,
      features: f.data.slice().buffer,
      labels: labels.slice().buffer,
      imageIds: ids,
    });
  } catch (e) {
    // The cache only saves time after a reload: with a full disk the run goes on without it.
    if (!(e instanceof StorageFullError)) throw e;
    d.progress(`${part} features not cached (storage is full)`, images.length, images.length);
  }
  return { set: { features: f.data, labels, dim: f.dim }, peakBytes: f.peakBytes };
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
