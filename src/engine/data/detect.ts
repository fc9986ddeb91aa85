// Picks the dataset format from the (unwrapped) tree. Order matters: PaddleClas lists win over the .mat pair
// because PaddleClas's flowers102 folder keeps both and trains from the lists.

import type { FileTree } from './file-tree.ts';
import { findCsvFiles, planCsv } from './formats/csv-format.ts';
import { hasFlowers102Mat, planFlowers102Mat } from './formats/flowers102-mat.ts';
import { planFolderPerClass } from './formats/folder-per-class.ts';
import { hasPaddleLists, planPaddleClas } from './formats/paddleclas.ts';
import type { Planner } from './formats/plan.ts';
import type { DatasetFormat } from './report.ts';

export function detectFormat(tree: FileTree): DatasetFormat {
  if (hasPaddleLists(tree)) return 'paddleclas';
  if (hasFlowers102Mat(tree)) return 'flowers102-mat';
  if (findCsvFiles(tree).length > 0) return 'csv';
  return 'folder-per-class';
}

export const planners: Record<DatasetFormat, Planner> = {
  'folder-per-class': planFolderPerClass,
  paddleclas: planPaddleClas,
  'flowers102-mat': planFlowers102Mat,
  csv: planCsv,
};

/** Why an explicitly chosen format cannot apply to this tree, or null when it can. */
export function formatMismatch(tree: FileTree, format: DatasetFormat): string | null {
  if (format === 'paddleclas' && !hasPaddleLists(tree))
    return 'no train_list.txt or val_list.txt at the root';
  if (format === 'flowers102-mat' && !hasFlowers102Mat(tree))
    return 'no imagelabels.mat and setid.mat at the root';
  if (format === 'csv' && findCsvFiles(tree).length === 0) return 'no .csv file at the root';
  return null;
}
