// "Export for PaddleClas" of a run: its dataset's original files with the run's train/val assignment (a held-out
// fraction becomes the val list), its recipe and the base model's PaddleClas Arch, zipped by paddleclas/export.ts.
import type { RunSummary } from '../../../../workers/train-api.ts';
import { type PaddleArch, paddleClasArch } from '../../paddleclas/arch-map.ts';
import { paddleClasExport } from '../../paddleclas/export.ts';
import type { DatasetLibrary } from '../../storage/library.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import { loadRunData, type RunImage } from './run-data.ts';
import { type LoadedModel, type ModelLoader, rootModel } from './run-graph.ts';

/** Zoo models name their family; for a local file the family is guessed from its name (and marked inexact). */
export function archOf(model: Pick<LoadedModel, 'name' | 'family' | 'displayName'>): PaddleArch {
  if (model.family) return paddleClasArch(model.family, model.displayName ?? model.name);
  const n = model.name.toLowerCase();
  const family = /mobilenet-?v2/.test(n)
    ? 'mobilenet-v2'
    : /mobilenet-?v3/.test(n)
      ? 'mobilenet-v3'
      : /resnet/.test(n)
        ? 'resnet'
        : /shufflenet/.test(n)
          ? 'shufflenet'
          : /squeezenet/.test(n)
            ? 'squeezenet'
            : /efficientnet/.test(n)
              ? 'efficientnet'
              : model.name;
  const arch = paddleClasArch(family, model.name.replace(/resnet-?(\d+)/i, 'ResNet$1'));
  return { name: arch.name, exact: false };
}

export async function exportRunPaddleClas(
  run: RunSummary,
  lib: DatasetLibrary,
  store: CheckpointStore,
  load: ModelLoader,
): Promise<Uint8Array> {
  const c = run.config;
  const data = await loadRunData(lib, { ...c, seed: c.recipe.seed });
  const arch = archOf(await rootModel(run, store, load));
  const rows = async (images: RunImage[], split: string) =>
    Promise.all(
      images.map(async (im) => {
        // PaddleClas gets the original files (its own transforms resize them), not the studio's training copies.
        const blob = await lib.original(data.datasetId, im.hash);
        if (!blob)
          throw new Error(`${im.path}: its file is missing from the library (re-import the dataset)`);
        return { path: im.path, label: im.label, split, blob };
      }),
    );
  return paddleClasExport({
    datasetName: data.datasetName,
    classes: data.classes,
    images: [...(await rows(data.train, 'train')), ...(await rows(data.val, 'val'))],
    recipe: c.recipe,
    arch: arch.name,
    archInexact: !arch.exact,
    runName: c.name,
  });
}
