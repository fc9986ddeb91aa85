// `webclas eval` in the browser harness page: the engine's own eval forward on the GPU (GPU preprocessing, then the
// compiled eval schedule) or ORT WASM (--backend wasm, for software WebGPU), and top-1/top-5, per-class accuracy and the confusion matrix over the images.
// An image that cannot be decoded is a `skipped` line, left out of the metrics (`skipped` counts them).
import { evalPreprocess } from '../../data/feed/eval-preprocess.ts';
import { forwardImages } from '../../data/feed/forward-images.ts';
import { forwardImagesWasm } from '../../data/feed/forward-images-wasm.ts';
import { GpuContext } from '../../gpu/context.ts';
import { importOnnx } from '../../onnx/import.ts';
import type { Task } from '../../tasks/task-types.ts';
import { ImageSkips, keepRows } from './image-skips.ts';
import { entryPixels, entrySource } from './image-source.ts';
import { classificationMetrics } from './metrics.ts';
import { type EvalPayload, fromBase64, readPayload } from './task-payload.ts';

export const evalTask: Task = async (gpu, args, io) => {
  const p = readPayload<EvalPayload>(args, 'eval');
  const { graph } = importOnnx(fromBase64(p.modelBase64), p.modelName);
  const ctx = await GpuContext.create(gpu, { label: 'webclas eval', maxDispatchesPerFlush: 10_000 });
  try {
    const t0 = performance.now();
    const pre = evalPreprocess(p.size);
    // A file that does not decode is reported and left out of the metrics; the run goes on.
    const skips = new ImageSkips(io.progress);
    const out =
      p.backend === 'wasm'
        ? await forwardImagesWasm(graph, p.images.length, entryPixels(p.images, skips), pre, p.batch)
        : await forwardImages(ctx, graph, p.images.length, entrySource(ctx, p.images, skips), pre, p.batch);
    if (out.dim !== p.classes.length)
      throw new Error(`eval: the model outputs ${out.dim} classes, the dataset has ${p.classes.length}`);
    const scored = skips.keep(p.images);
    if (!scored.length) throw new Error(`eval: none of the ${p.images.length} images could be decoded`);
    const m = classificationMetrics(
      keepRows(out.data, out.dim, skips.indexes),
      Uint32Array.from(scored, (e) => e.label),
      out.dim,
    );
    io.progress(
      `eval (${p.backend}): ${scored.length} images in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    io.emit({
      top1: m.top1,
      top5: m.top5,
      per_class: m.per_class,
      confusion: m.confusion,
      count: m.count,
      classes: p.classes,
      skipped: skips.count,
    });
  } finally {
    ctx.destroy();
  }
};
