// Parses a labels file a user gives with a local model: one name per line, PaddleClas-style "0 daisy" lines, or a
// JSON array. Index numbers stand in when there are no names at all.

/** Class names in index order. Throws naming the line when "index name" lines skip or repeat an index. */
export function parseLabelsFile(text: string, file = 'labels file'): string[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('[')) {
    const v = JSON.parse(trimmed) as unknown;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
      throw new Error(`${file}: a JSON labels file must be an array of strings`);
    return v as string[];
  }
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error(`${file}: no labels in it`);
  const indexed = lines.every((l) => /^\s*\d+[\s:,]+\S/.test(l));
  if (!indexed) return lines.map((l) => l.trim());
  const names: string[] = [];
  lines.forEach((l, n) => {
    const m = /^\s*(\d+)[\s:,]+(.*\S)\s*$/.exec(l)!;
    const i = Number(m[1]);
    if (i !== names.length) throw new Error(`${file}:${n + 1}: expected index ${names.length}, got ${i}`);
    names.push(m[2]);
  });
  return names;
}

/** The label function for a model: names when known (index beyond them shown as a number), else the index. */
export function labelFunction(names: readonly string[] | null): (index: number) => string {
  return (i) => names?.[i] ?? `class ${i}`;
}
