// PaddleClas label map (`*_label_list.txt`): lines `ID name`, IDs 0-based and contiguous.

import type { ImportProblem } from '../report.ts';
import { splitLines } from '../text.ts';

export interface LabelList {
  names: string[];
  /** 1-based line defining each class (0 when the ID was missing and a placeholder name is used). */
  lines: number[];
  problems: ImportProblem[];
}

export function parseLabelList(file: string, text: string): LabelList {
  const problems: ImportProblem[] = [];
  const byId = new Map<number, { name: string; line: number }>();
  const error = (line: number, code: string, reason: string) =>
    problems.push({ file, line, severity: 'error', code, reason });
  for (const { line, text: raw } of splitLines(text)) {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    const m = /^(\S+)\s+(.+)$/.exec(t);
    if (!m) {
      error(line, 'malformed-line', `expected 'ID name', got '${t}'`);
      continue;
    }
    if (!/^\d+$/.test(m[1]!)) {
      error(line, 'bad-label', `class ID '${m[1]}' is not a non-negative integer`);
      continue;
    }
    const id = Number(m[1]);
    const prior = byId.get(id);
    if (prior) {
      error(line, 'duplicate-class-id', `class ID ${id} already defined at line ${prior.line}; first kept`);
      continue;
    }
    byId.set(id, { name: m[2]!.trim(), line });
  }
  const count = byId.size ? Math.max(...byId.keys()) + 1 : 0;
  const names: string[] = [];
  const lines: number[] = [];
  for (let id = 0; id < count; id++) {
    const entry = byId.get(id);
    if (!entry) {
      problems.push({
        file,
        severity: 'error',
        code: 'missing-class-id',
        reason: `class ID ${id} is missing (IDs must run 0..${count - 1}); named '${id}'`,
      });
    }
    names.push(entry?.name ?? String(id));
    lines.push(entry?.line ?? 0);
  }
  return { names, lines, problems };
}

/** Root-level label map files, PaddleClas style (`flowers102_label_list.txt`) or plain `label_list.txt`. */
export function findLabelLists(paths: string[]): string[] {
  return paths.filter((p) => !p.includes('/') && /(^|[_-])label_list\.txt$/i.test(p)).sort();
}
