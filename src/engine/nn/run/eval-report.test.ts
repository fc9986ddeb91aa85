// evalReport on random logits against a direct recount: precision/recall from first principles, softmax sums to 1,
// misclassified rows are exactly those whose argmax differs from the label, top-3 is sorted and matches softmax.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../loop/shuffle.ts';
import { evalReport, softmaxRow, topK } from './eval-report.ts';

function randomCase(n: number, classes: number, seed: number) {
  const rand = mulberry32(seed);
  const logits = Float32Array.from({ length: n * classes }, () => (rand() - 0.5) * 8);
  const images = Array.from({ length: n }, (_, i) => ({
    imageId: `d:${i}.jpg`,
    path: `${i}.jpg`,
    label: Math.floor(rand() * classes),
  }));
  return { logits, images };
}

describe('evalReport', () => {
  it('softmax is stable and normalised', () => {
    const p = softmaxRow([1000, 1001, 999]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[1]).toBeCloseTo(Math.exp(1) / (1 + Math.exp(1) + Math.exp(-1)), 12);
    expect(topK([0, 3, 1, 2], 3).map((t) => t.index)).toEqual([1, 3, 2]);
  });

  it('matches a direct recount on random logits', () => {
    const classes = 5;
    const names = ['a', 'b', 'c', 'd', 'e'];
    const { logits, images } = randomCase(200, classes, 7);
    const r = evalReport('run', 3, logits, images, names);
    const pred = images.map((_, i) => {
      const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
      return row.indexOf(Math.max(...row));
    });
    const correct = images.filter((im, i) => pred[i] === im.label).length;
    expect(r.top1).toBeCloseTo(correct / images.length, 12);
    expect(r.top5).toBe(1); // five classes: the true one is always in the top 5
    for (let c = 0; c < classes; c++) {
      const tp = images.filter((im, i) => im.label === c && pred[i] === c).length;
      const support = images.filter((im) => im.label === c).length;
      const predicted = pred.filter((p) => p === c).length;
      expect(r.perClass[c]).toEqual({
        name: names[c],
        support,
        precision: predicted ? tp / predicted : 0,
        recall: support ? tp / support : 0,
      });
    }
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);
    const wrong = images.filter((im, i) => pred[i] !== im.label);
    expect(r.misclassified.map((m) => m.imageId)).toEqual(wrong.map((w) => w.imageId));
    for (const m of r.misclassified) {
      const i = images.findIndex((im) => im.imageId === m.imageId);
      const p = softmaxRow(logits.subarray(i * classes, (i + 1) * classes));
      expect(m.top3).toHaveLength(3);
      expect(m.top3[0].index).toBe(pred[i]);
      expect(m.top3[0].prob).toBeCloseTo(Math.max(...p), 12);
      expect(m.top3[0].prob).toBeGreaterThanOrEqual(m.top3[1].prob);
      expect(m.top3[1].prob).toBeGreaterThanOrEqual(m.top3[2].prob);
    }
  });

  it('refuses logits that do not match the images', () => {
    expect(() =>
      evalReport('r', 1, new Float32Array(5), [{ imageId: 'x', path: 'x', label: 0 }], ['a', 'b']),
    ).toThrow(/5 logits for 1 labels × 2 classes/);
  });
});
