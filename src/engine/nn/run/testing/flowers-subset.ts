// Test-only: a small PaddleClas-list dataset cut from ../shared's flowers12-paddleclas — the first few photos of
// each of the first few classes, as in-memory files ready for startImport.
import { type DataFile, memoryFile } from '../../../data/file-tree.ts';
import { sharedFile } from '../../loop/testing/shared-file.ts';

const ROOT = 'data/flowers12-paddleclas';

/** The first `perClass` lines of each class below `classes` of a PaddleClas list ("path label" lines). */
export function listSubset(text: string, classes: number, perClass: number): string[] {
  const count = new Map<number, number>();
  return text
    .split('\n')
    .filter((l) => l.trim())
    .filter((l) => {
      const label = Number(l.trim().split(' ')[1]);
      if (label >= classes) return false;
      const n = count.get(label) ?? 0;
      count.set(label, n + 1);
      return n < perClass;
    });
}

/** train_list / val_list / label list and the photos they name, for `classes` classes. */
export async function flowersSubsetFiles(
  classes: number,
  trainPerClass: number,
  valPerClass: number,
): Promise<DataFile[]> {
  const text = async (f: string) => new TextDecoder().decode(await sharedFile(`${ROOT}/${f}`));
  const train = listSubset(await text('train_list.txt'), classes, trainPerClass);
  const val = listSubset(await text('val_list.txt'), classes, valPerClass);
  const labels = (await text('flowers12_label_list.txt')).split('\n').slice(0, classes);
  const enc = (s: string) => new TextEncoder().encode(`${s}\n`);
  const files = [
    memoryFile('train_list.txt', enc(train.join('\n'))),
    memoryFile('val_list.txt', enc(val.join('\n'))),
    memoryFile('flowers12_label_list.txt', enc(labels.join('\n'))),
  ];
  for (const line of [...train, ...val]) {
    const path = line.split(' ')[0];
    files.push(memoryFile(path, await sharedFile(`${ROOT}/${path}`)));
  }
  return files;
}
