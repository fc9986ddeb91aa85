// The evaluation views' pure builders: summary, per-class sorting with F1, confusion heatmap option and tooltip,
// gallery captions, on fresh random reports.
import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../../../../workers/train-api.ts';
import { escapeHtml } from '../../../shared/escape-html.ts';
import {
  checkReport,
  confusionOption,
  confusionTooltip,
  evalSummary,
  misclassifiedCaption,
  sortClassRows,
} from './eval-options.ts';

/** A random but self-consistent report: per-class stats and top-1 computed from the confusion matrix. */
function randomReport(n: number, seed: number): { report: EvalReport; classes: string[] } {
  let s = seed;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const classes = Array.from({ length: n }, (_, i) => `class <${i}>`);
  const confusion = classes.map((_, t) => classes.map((_, p) => Math.floor(rand() * (t === p ? 20 : 4))));
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  const correct = confusion.reduce((a, row, i) => a + row[i]!, 0);
  const perClass = classes.map((name, i) => {
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[i]!, 0);
    const hit = confusion[i]![i]!;
    return { name, support, precision: predicted ? hit / predicted : 0, recall: support ? hit / support : 0 };
  });
  const report: EvalReport = {
    runId: 'r',
    epoch: 3,
    top1: correct / total,
    top5: Math.min(1, correct / total + 0.1),
    perClass,
    confusion,
    misclassified: [
      {
        imageId: 'd:a.jpg',
        path: 'a.jpg',
        label: 1,
        top3: [
          { index: 0, prob: 0.6 },
          { index: 1, prob: 0.3 },
          { index: 2, prob: 0.05 },
        ],
      },
    ],
  };
  return { report, classes };
}

describe('eval options', () => {
  it('summarises the confusion matrix', () => {
    const { report, classes } = randomReport(7, 11);
    checkReport(report, classes);
    const s = evalSummary(report);
    expect(s.images).toBe(report.confusion.flat().reduce((a, b) => a + b, 0));
    expect(s.correct / s.images).toBeCloseTo(report.top1, 12);
    expect(s.misclassified).toBe(s.images - s.correct);
    expect(s.top1).toBe(`${(report.top1 * 100).toFixed(1)}%`);
  });

  it('sorts per-class rows by any column, ties in class order, with F1', () => {
    const { report } = randomReport(9, 5);
    for (const key of ['name', 'support', 'precision', 'recall', 'f1'] as const) {
      for (const desc of [false, true]) {
        const rows = sortClassRows(report.perClass, key, desc);
        expect(rows.map((r) => r.index).sort((a, b) => a - b)).toEqual([...Array(9).keys()]);
        for (let i = 1; i < rows.length; i++) {
          const a = rows[i - 1]![key];
          const b = rows[i]![key];
          const c = typeof a === 'string' ? a.localeCompare(b as string) : a - (b as number);
          expect(desc ? c >= 0 : c <= 0).toBe(true);
          if (c === 0) expect(rows[i - 1]!.index).toBeLessThan(rows[i]!.index);
        }
      }
    }
    const f1 = sortClassRows([{ name: 'x', support: 4, precision: 0.5, recall: 1 }], 'f1', true)[0]!.f1;
    expect(f1).toBeCloseTo(2 / 3, 12);
    expect(sortClassRows([{ name: 'x', support: 0, precision: 0, recall: 0 }], 'f1', true)[0]!.f1).toBe(0);
  });

  it('builds a heatmap with every cell, true classes as rows, and tooltips with counts', () => {
    const { report, classes } = randomReport(6, 23);
    const o = confusionOption(report.confusion, classes) as {
      series: { data: [number, number, number][] }[];
      xAxis: { data: string[] };
      yAxis: { inverse: boolean };
      visualMap: { max: number };
      tooltip: { formatter: (p: { value: [number, number, number] }) => string };
    };
    const data = o.series[0]!.data;
    expect(data).toHaveLength(36);
    for (const [p, t, c] of data) expect(c).toBe(report.confusion[t]![p]);
    expect(o.yAxis.inverse).toBe(true);
    expect(o.xAxis.data).toEqual(classes);
    expect(o.visualMap.max).toBe(Math.max(...report.confusion.flat()));
    const [p, t, c] = data[8]!;
    const tip = o.tooltip.formatter({ value: [p, t, c] }) as string;
    expect(tip).toContain(`true: ${escapeHtml(classes[t]!)}`);
    expect(tip).toContain(`predicted: ${escapeHtml(classes[p]!)}`);
    expect(tip).toContain(`${c} image`);
    expect(tip).not.toContain('<0>');
    expect(
      confusionTooltip(
        ['a', 'b'],
        [
          [3, 1],
          [0, 0],
        ],
        0,
        1,
      ),
    ).toBe('true: a<br/>predicted: b<br/>1 image (25.0% of 4)');
    // A folder named like markup stays text in the heatmap's HTML tooltip.
    const hostile = confusionOption(
      [
        [1, 0],
        [0, 1],
      ],
      ['<img src=x onerror=alert(1)>', 'b'],
    ) as { tooltip: { formatter: (p: { value: [number, number, number] }) => string } };
    expect(hostile.tooltip.formatter({ value: [1, 0, 0] })).toBe(
      'true: &#60;img src=x onerror=alert(1)&#62;<br/>predicted: b<br/>0 images (0.0% of 1)',
    );
  });

  it('captions misclassified images and names a bad report', () => {
    const { report, classes } = randomReport(4, 2);
    expect(misclassifiedCaption(report.misclassified[0]!, classes)).toEqual({
      truth: 'class <1>',
      top3: [
        { name: 'class <0>', prob: '60.0%', correct: false },
        { name: 'class <1>', prob: '30.0%', correct: true },
        { name: 'class <2>', prob: '5.0%', correct: false },
      ],
    });
    expect(() => checkReport(report, classes.slice(0, 3))).toThrow(/4 rows for 3 classes/);
    const bad = { ...report, misclassified: [{ ...report.misclassified[0]!, label: 9 }] };
    expect(() => checkReport(bad, classes)).toThrow(/a\.jpg has label 9, outside 0\.\.3/);
  });
});
