// Reference softmax and top-k over a [N, C] score matrix (float64 maths), the spec of the GPU top-k.

/** Row-wise softmax with the max subtracted first (no overflow for large logits). */
export function softmaxRef(scores: ArrayLike<number>, classes: number): Float32Array {
  if (!Number.isInteger(classes) || classes < 1 || scores.length % classes !== 0) {
    throw new Error(
      `softmaxRef: ${scores.length} scores is not a whole number of rows of ${classes} classes`,
    );
  }
  const out = new Float32Array(scores.length);
  for (let r = 0; r < scores.length; r += classes) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) max = Math.max(max, scores[r + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(scores[r + c] - max);
    for (let c = 0; c < classes; c++) out[r + c] = Math.exp(scores[r + c] - max) / sum;
  }
  return out;
}

export interface TopEntry {
  index: number;
  score: number;
}

/** The k largest entries of each row, largest first; ties go to the lower index. NaN is an error. */
export function topKRef(scores: ArrayLike<number>, classes: number, k: number): TopEntry[][] {
  if (!Number.isInteger(classes) || classes < 1 || scores.length % classes !== 0) {
    throw new Error(`topKRef: ${scores.length} scores is not a whole number of rows of ${classes} classes`);
  }
  if (!Number.isInteger(k) || k < 1 || k > classes)
    throw new Error(`topKRef: k must be in 1..${classes}, got ${k}`);
  const rows: TopEntry[][] = [];
  for (let r = 0; r < scores.length; r += classes) {
    const row: TopEntry[] = [];
    for (let c = 0; c < classes; c++) {
      const s = scores[r + c];
      if (Number.isNaN(s)) throw new Error(`topKRef: NaN at row ${r / classes}, class ${c}`);
      row.push({ index: c, score: s });
    }
    row.sort((a, b) => b.score - a.score || a.index - b.index);
    rows.push(row.slice(0, k));
  }
  return rows;
}
