// The one way the studio's echarts tooltip formatters write their HTML: lines of plain text, each escaped, joined
// with <br/>. echarts inserts a formatter's return value as HTML, so no formatter writes markup by hand.
import { escapeHtml } from '../escape-html.ts';

/** Tooltip HTML of `lines` (plain text: a model id `<img …>` shows as those characters, never as an element). */
export function tooltipHtml(...lines: unknown[]): string {
  return lines.map(escapeHtml).join('<br/>');
}
