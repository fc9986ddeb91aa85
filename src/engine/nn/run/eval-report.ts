// The Train screen's evaluation of a checkpoint, from its validation logits: top-1/top-5, per-class precision and
// recall, the confusion matrix, and the misclassified images with the model's three best classes (softmax).
import type { ClassStats, EvalReport, Misclassified } from '../../../../workers/train-api.ts';
import { argmax, classificationMetrics } from '../loop/metrics.ts';

/** Softmax of one row, computed stably (max subtracted) in float64. */
export function softmaxRow(row: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let j = 0; j < row.length; j++) max = Math.max(max, row[j]);
  const e = Array.from({ length: row.length }, (_, j) => Math.exp(row[j] - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** The k best classes of a row of logits by probability, best first (ties: lower index first). */
export function topK(row: ArrayLike<number>, k: number): { index: number; prob: number }[] {
  const p = softmaxRow(row);
  return p
    .map((prob, index) => ({ index, prob }))
    .sort((a, b) => b.prob - a.prob || a.index - b.index)
    .slice(0, k);
}

export interface EvalImage {
  imageId: string;
  path: string;
  label: number;
}

export function evalReport(
  runId: string,
  epoch: number,
  logits: Float32Array,
  images: readonly EvalImage[],
  classNames: readonly string[],
): EvalReport {
  const classes = classNames.length;
  const m = classificationMetrics(
    logits,
    images.map((i) => i.label),
    classes,
  );
  const perClass: ClassStats[] = classNames.map((name, c) => {
    const support = m.confusion[c].reduce((a, b) => a + b, 0);
    const predicted = m.confusion.reduce((a, row) => a + row[c], 0);
    const hits = m.confusion[c][c];
    return {
      name,
      support,
      // No prediction of the class: precision is undefined; 0 says "never right about it" without NaN in JSON.
      precision: predicted ? hits / predicted : 0,
      recall: support ? hits / support : 0,
    };
  });
  const misclassified: Misclassified[] = [];
  images.forEach((im, i) => {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    if (argmax(row) !== im.label)
      misclassified.push({ imageId: im.imageId, path: im.path, label: im.label, top3: topK(row, 3) });
  });
  return { runId, epoch, top1: m.top1, top5: m.top5, perClass, confusion: m.confusion, misclassified };
}
