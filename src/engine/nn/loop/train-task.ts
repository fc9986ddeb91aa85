// `webclas train` in the browser harness page. Head mode: the backbone's pooled features are computed once on the
// GPU (eval forward), then only the fresh N-class head trains on them each epoch. Full / last-k: every step
// decodes and augments its images on the GPU and trains the whole schedule (image-loop.ts). Either way the
// trained graph is exported to ONNX with class names and the recipe, and sent back as base64 in a `{model}` line.
// An image that cannot be decoded is a `skipped` progress line and is left out; the `{model}` line counts them.
import { evalPreprocess } from '../../data/feed/eval-preprocess.ts';
import { forwardImages } from '../../data/feed/forward-images.ts';
import { forwardImagesWasm } from '../../data/feed/forward-images-wasm.ts';
import { GpuContext } from '../../gpu/context.ts';
import { exportOnnx } from '../../onnx/export.ts';
import { importOnnx } from '../../onnx/import.ts';
import type { Task, TaskIO } from '../../tasks/task-types.ts';
import { findClassifierHead, replaceHead } from '../graph/head.ts';
import { withInputSize } from '../plan/compile.ts';
import { type FeatureSet, trainHead } from './head-loop.ts';
import { trainImages } from './image-loop.ts';
import { rowsFromEntries } from './image-rows.ts';
import { ImageSkips, keepRows } from './image-skips.ts';
import { decodableEntries, entryPixels, entrySource } from './image-source.ts';
import { checkRecipe, featureBatch, type Recipe } from './recipe.ts';
import { fromBase64, type ImageEntry, readPayload, type TrainPayload, toBase64 } from './task-payload.ts';

export const trainTask: Task = async (gpu, args, io) => {
  const p = readPayload<TrainPayload>(args, 'train');
  const r = p.recipe;
  checkRecipe(r);
  if (r.mode !== 'head') return trainOnImages(gpu, p, r, io);
  if (r.augment.length || r.transformOps)
    io.progress(
      'train: --augment / --transform-ops are ignored in head mode (the cached features are of un-augmented images)',
    );
  const { graph } = importOnnx(fromBase64(p.modelBase64), p.modelName);
  const featureTensor = findClassifierHead(graph).node.inputs[0];
  const ctx = await GpuContext.create(gpu, { label: 'webclas train', maxDispatchesPerFlush: 10_000 });
  try {
    const pre = evalPreprocess(r.size);
    // Images that do not decode are reported once each and left out of the features (and the metadata's counts).
    const skips = { train: new ImageSkips(io.progress), val: new ImageSkips(io.progress) };
    const features = async (
      entries: ImageEntry[],
      what: string,
      skipped: ImageSkips,
    ): Promise<FeatureSet & { peak: number }> => {
      const t0 = performance.now();
      const f =
        p.features === 'wasm'
          ? {
              ...(await forwardImagesWasm(
                graph,
                entries.length,
                entryPixels(entries, skipped),
                pre,
                featureBatch(r),
                featureTensor,
              )),
              peakBytes: 0,
            }
          : await forwardImages(
              ctx,
              graph,
              entries.length,
              entrySource(ctx, entries, skipped),
              pre,
              featureBatch(r),
              featureTensor,
            );
      const s = (performance.now() - t0) / 1000;
      const kept = skipped.keep(entries);
      if (!kept.length) throw new Error(`${what}: none of the ${entries.length} images could be decoded`);
      io.progress(
        `${what}: ${kept.length} images → ${f.dim}-d features (${p.features}) in ${s.toFixed(1)} s`,
      );
      return {
        features: keepRows(f.data, f.dim, skipped.indexes),
        dim: f.dim,
        labels: Uint32Array.from(kept, (e) => e.label),
        peak: f.peakBytes,
      };
    };
    const train = await features(p.train, 'train features', skips.train);
    const val = p.val.length ? await features(p.val, 'val features', skips.val) : null;
    const fresh = replaceHead(graph, p.classes.length, { seed: r.seed });
    const epochs: unknown[] = [];
    const { val: final } = await trainHead(
      ctx,
      fresh,
      train,
      val,
      r,
      (e) => {
        epochs.push(e);
        io.emit(e);
      },
      Math.max(train.peak, val?.peak ?? 0),
    );
    const bytes = exportOnnx(withInputSize(fresh, r.size, r.size), {
      classes: p.classes,
      training: {
        recipe: r,
        dataset: p.dataset,
        ...(p.split ? { split: p.split } : {}),
        trainImages: p.train.length - skips.train.count,
        valImages: p.val.length - skips.val.count,
        preprocess: pre,
        epochs,
        valTop1: final?.top1 ?? null,
        source: p.modelName,
        features: p.features,
      },
    });
    io.emit({ model: toBase64(bytes), skipped: skips.train.count + skips.val.count });
  } finally {
    ctx.destroy();
  }
};

/** --mode full | last-k: image batches augmented on the GPU through the whole training schedule. */
async function trainOnImages(gpu: GPU, p: TrainPayload, r: Recipe, io: TaskIO): Promise<void> {
  const { graph } = importOnnx(fromBase64(p.modelBase64), p.modelName);
  const ctx = await GpuContext.create(gpu, { label: 'webclas train', maxDispatchesPerFlush: 10_000 });
  try {
    const fresh = replaceHead(graph, p.classes.length, { seed: r.seed });
    const epochs: unknown[] = [];
    // Every image is decoded once before the first step: a file that does not decode is reported and left out.
    const skips = new ImageSkips(io.progress);
    const train = await decodableEntries(p.train, skips);
    const val = await decodableEntries(p.val, skips);
    if (!train.length)
      throw new Error(`train: none of the ${p.train.length} training images could be decoded`);
    const result = await trainImages(
      ctx,
      fresh,
      rowsFromEntries(train),
      val.length ? rowsFromEntries(val) : null,
      r,
      p.classes.length,
      (e) => {
        epochs.push(e);
        io.emit(e);
      },
      (line) => io.progress(line),
    );
    const bytes = exportOnnx(result.graph, {
      classes: p.classes,
      training: {
        recipe: r,
        dataset: p.dataset,
        ...(p.split ? { split: p.split } : {}),
        trainImages: train.length,
        valImages: val.length,
        preprocess: result.preprocess,
        epochs,
        valTop1: result.val?.top1 ?? null,
        source: p.modelName,
      },
    });
    io.emit({ model: toBase64(bytes), skipped: skips.count });
  } finally {
    ctx.destroy();
  }
}
