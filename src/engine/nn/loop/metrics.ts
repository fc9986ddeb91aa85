// Classification metrics from logits: top-1/top-5, per-class accuracy and the confusion matrix, in plain TS (the
// logits are read back once per evaluation, so there is nothing to gain from a kernel here).

export interface EvalMetrics {
  top1: number;
  top5: number;
  /** Per class (label order): accuracy on that class's images, null when it has none. */
  per_class: (number | null)[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  count: number;
}

/** Rank of the true class among the row's logits (0 = top-1); ties count against it, so NaN rows never score. */
export function rankOf(row: ArrayLike<number>, label: number): number {
  const v = row[label];
  if (Number.isNaN(v)) return row.length;
  let rank = 0;
  for (let j = 0; j < row.length; j++) if (j !== label && !(row[j] < v)) rank++;
  return rank;
}

export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
  return best;
}

/** Metrics of `logits` ([n, classes], row-major) against `labels`. */
export function classificationMetrics(
  logits: Float32Array,
  labels: ArrayLike<number>,
  classes: number,
): EvalMetrics {
  const n = labels.length;
  if (logits.length !== n * classes)
    throw new Error(`classificationMetrics: ${logits.length} logits for ${n} labels × ${classes} classes`);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let top1 = 0;
  let top5 = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes)
      throw new Error(`classificationMetrics: label ${label} at row ${i} is outside 0..${classes - 1}`);
    const row = logits.subarray(i * classes, (i + 1) * classes);
    const rank = rankOf(row, label);
    if (rank === 0) top1++;
    if (rank < 5) top5++;
    confusion[label][argmax(row)]++;
  }
  const per_class = confusion.map((r, c) => {
    const total = r.reduce((a, b) => a + b, 0);
    return total ? r[c] / total : null;
  });
  return { top1: n ? top1 / n : 0, top5: n ? top5 / n : 0, per_class, confusion, count: n };
}
