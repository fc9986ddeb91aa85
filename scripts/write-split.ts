// Writes the train/val split `webclas train` uses (same detection, same seeded stratified split) as lists for
// scripts/pytorch-reference.py: train.txt and val.txt ("relpath<TAB>label"), classes.txt (one name per line).
// Usage: npx tsx scripts/write-split.ts DATA_DIR OUT_DIR [--val-split 0.2] [--seed 0]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDatasetImages } from '../src/cli/dataset-images.ts';

const [data, out] = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
if (!data || !out) {
  console.error('usage: npx tsx scripts/write-split.ts DATA_DIR OUT_DIR [--val-split 0.2] [--seed 0]');
  process.exit(2);
}
const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ds = await loadDatasetImages(data, flag('val-split', 0.2), flag('seed', 0));
mkdirSync(out, { recursive: true });
const lines = (rows: { name: string; label: number }[]) =>
  rows.map((r) => `${r.name}\t${r.label}\n`).join('');
writeFileSync(join(out, 'train.txt'), lines(ds.train));
writeFileSync(join(out, 'val.txt'), lines(ds.val));
writeFileSync(join(out, 'classes.txt'), `${ds.classes.join('\n')}\n`);
console.log(`${out}: ${ds.train.length} train, ${ds.val.length} val, ${ds.classes.length} classes`);
