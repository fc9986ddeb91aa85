// Classification results as CSV (one row per image, top-k flattened) and JSON (an array), for the export buttons.
// File names, labels and errors are untrusted text: csvCell keeps them from running as spreadsheet formulas.
import { csvCell } from '../text/spreadsheet-cell.ts';
import type { ClassifyItem } from './runner.ts';

/**
 * Header: file,ok,error,backend,preprocess_ms,inference_ms,batch_size,top1_index,top1_label,top1_prob,…,topK_prob.
 * `file` is the path the image was picked or dropped under (folder/sub/name.jpg), so two `img1.jpg` in different
 * folders stay apart; the times are the batch's divided by batch_size.
 */
export function resultsToCsv(items: readonly ClassifyItem[], k = 5): string {
  const head = ['file', 'ok', 'error', 'backend', 'preprocess_ms', 'inference_ms', 'batch_size'];
  for (let i = 1; i <= k; i++) head.push(`top${i}_index`, `top${i}_label`, `top${i}_prob`);
  const rows = items.map((it) => {
    const row: (string | number)[] = [it.name, it.ok ? 1 : 0];
    if (!it.ok) return [...row, it.error].map(csvCell).join(',');
    // Times and probabilities are never negative: their fixed-point text never looks like a formula.
    row.push('', it.backend, it.preprocessMs.toFixed(2), it.inferenceMs.toFixed(2), it.batchSize);
    for (let i = 0; i < k; i++) {
      const p = it.top[i];
      row.push(p ? p.index : '', p ? p.label : '', p ? p.probability.toPrecision(6) : '');
    }
    return row.map(csvCell).join(',');
  });
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

export function resultsToJson(items: readonly ClassifyItem[]): string {
  return `${JSON.stringify(items, null, 2)}\n`;
}
