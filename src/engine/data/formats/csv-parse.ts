// Minimal RFC 4180 CSV reader: quoted fields with "" escapes and embedded commas/newlines; reports row lines.
// Past MAX_LIST_LINES lines it stops with a DatasetError naming the file and line; `pace` keeps a long file
// cancellable.

import { formatCount, MAX_LIST_LINES } from '../limits.ts';
import type { Pace } from '../pace.ts';
import { DatasetError } from '../report.ts';

export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  cells: string[];
}

export async function parseCsv(
  text: string,
  file: string,
  pace?: Pace,
  maxLines = MAX_LIST_LINES,
): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    cells.push(cell);
    // Skip blank lines entirely.
    if (!(cells.length === 1 && cells[0]!.trim() === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  const newLine = () => {
    line++;
    if (line > maxLines && i + 1 < text.length) {
      throw new DatasetError(`more than ${formatCount(maxLines)} lines (the limit)`, file, line);
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') newLine();
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      newLine();
      rowLine = line;
      if (pace) {
        pace.done++;
        if (pace.due()) await pace.pause();
      }
    } else {
      cell += c;
    }
    i++;
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}
