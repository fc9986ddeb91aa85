// Pure data for the evaluation views: the summary figures, the sortable per-class table, the confusion-matrix
// heatmap option for echarts, and the misclassified gallery's captions. No React, no DOM: unit-tested in Node.
import type { ClassStats, EvalReport, Misclassified } from '../../../../workers/train-api.ts';
import { tooltipHtml } from '../../../shared/charts/tooltip-html.ts';

export const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

export interface EvalSummary {
  top1: string;
  top5: string;
  /** Validation images (the confusion matrix total). */
  images: number;
  correct: number;
  misclassified: number;
}

/** Checks the report's shapes against the class list, naming what disagrees. */
export function checkReport(report: EvalReport, classes: string[]): void {
  const n = classes.length;
  if (report.confusion.length !== n)
    throw new Error(`eval report: confusion matrix has ${report.confusion.length} rows for ${n} classes`);
  report.confusion.forEach((row, i) => {
    if (row.length !== n)
      throw new Error(`eval report: confusion row ${i} has ${row.length} columns, not ${n}`);
  });
  if (report.perClass.length !== n)
    throw new Error(`eval report: ${report.perClass.length} per-class rows for ${n} classes`);
  for (const m of report.misclassified) {
    if (!(m.label >= 0 && m.label < n))
      throw new Error(`eval report: ${m.path} has label ${m.label}, outside 0..${n - 1}`);
  }
}

export function evalSummary(report: EvalReport): EvalSummary {
  let images = 0;
  let correct = 0;
  report.confusion.forEach((row, i) => {
    row.forEach((c, j) => {
      images += c;
      if (i === j) correct += c;
    });
  });
  return {
    top1: pct(report.top1),
    top5: pct(report.top5),
    images,
    correct,
    misclassified: images - correct,
  };
}

export type ClassSortKey = 'index' | 'name' | 'support' | 'precision' | 'recall' | 'f1';

export interface ClassRowView extends ClassStats {
  index: number;
  f1: number;
}

/** Per-class rows with F1, sorted by `key` (ties keep class order, so the table never jumps on re-sort). */
export function sortClassRows(rows: ClassStats[], key: ClassSortKey, descending: boolean): ClassRowView[] {
  const view = rows.map((r, index) => ({
    ...r,
    index,
    f1: r.precision + r.recall > 0 ? (2 * r.precision * r.recall) / (r.precision + r.recall) : 0,
  }));
  const sign = descending ? -1 : 1;
  return view.sort((a, b) => {
    const va = a[key];
    const vb = b[key];
    const c = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
    return c !== 0 ? sign * c : a.index - b.index;
  });
}

/**
 * The tooltip HTML of one confusion cell: counts and the share of the true class's images. Class names come from
 * user folders, so they are escaped (tooltipHtml).
 */
export function confusionTooltip(classes: string[], confusion: number[][], t: number, p: number): string {
  const row = confusion[t] ?? [];
  const total = row.reduce((s, c) => s + c, 0);
  const count = row[p] ?? 0;
  const share = total > 0 ? ` (${pct(count / total)} of ${total})` : '';
  return tooltipHtml(
    `true: ${classes[t]}`,
    `predicted: ${classes[p]}`,
    `${count} image${count === 1 ? '' : 's'}${share}`,
  );
}

/**
 * The echarts option of the confusion matrix: rows are true classes (first at the top), columns predictions;
 * every cell is present so hovering a zero still says so. Labels thin out past 30 classes.
 */
export function confusionOption(confusion: number[][], classes: string[]): Record<string, unknown> {
  const n = classes.length;
  const data: [number, number, number][] = [];
  let max = 0;
  for (let t = 0; t < n; t++) {
    for (let p = 0; p < n; p++) {
      const c = confusion[t]?.[p] ?? 0;
      max = Math.max(max, c);
      data.push([p, t, c]);
    }
  }
  const label = { interval: n <= 30 ? 0 : 'auto', fontSize: n <= 30 ? 11 : 9 };
  return {
    animation: false,
    tooltip: {
      position: 'top',
      formatter: (params: { value: [number, number, number] }) =>
        confusionTooltip(classes, confusion, params.value[1], params.value[0]),
    },
    // Room under the rotated labels for the 'predicted' title and, below it, the colour scale (visualMap).
    grid: { left: 120, right: 24, top: 16, bottom: 150 },
    xAxis: {
      type: 'category',
      name: 'predicted',
      nameLocation: 'middle',
      nameGap: 95,
      data: classes,
      axisLabel: { ...label, rotate: 45 },
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      name: 'true',
      nameLocation: 'middle',
      nameGap: 105,
      data: classes,
      inverse: true,
      axisLabel: label,
      splitArea: { show: true },
    },
    visualMap: {
      min: 0,
      max: Math.max(1, max),
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] },
    },
    series: [
      {
        name: 'confusion',
        type: 'heatmap',
        data,
        label: { show: n <= 15, fontSize: 10 },
        emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
      },
    ],
  };
}

export interface TopGuess {
  name: string;
  prob: string;
  correct: boolean;
}

/** The gallery caption's data: true class and the model's three best, named. */
export function misclassifiedCaption(
  m: Misclassified,
  classes: string[],
): { truth: string; top3: TopGuess[] } {
  const name = (i: number) => classes[i] ?? `class ${i}`;
  return {
    truth: name(m.label),
    top3: m.top3.map((g) => ({ name: name(g.index), prob: pct(g.prob), correct: g.index === m.label })),
  };
}
