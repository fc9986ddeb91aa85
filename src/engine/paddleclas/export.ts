// "Export for PaddleClas": one zip holding the dataset in PaddleClas list format (the dataset export's own list
// writer) plus a YAML config equivalent to the run's recipe and a README with the multi-GPU command.
import { zipSync } from 'fflate';
import { paddleClasFiles } from '../data/import/paddleclas-export.ts';
import type { Recipe } from '../nn/loop/recipe.ts';
import { paddleClasYaml } from './config-yaml.ts';
import { safeSegment } from './list-paths.ts';

export interface PaddleClasExportInput {
  datasetName: string;
  classes: string[];
  /** `split` 'train' and 'val' become train_list.txt / val_list.txt (a held-out val fraction must say 'val'). */
  images: { path: string; label: number; split: string; blob: Blob }[];
  recipe: Recipe;
  /** PaddleClas Arch name (see paddleClasArch in arch-map.ts). */
  arch: string;
  runName: string;
  /** paddleClasArch's `exact: false`: the YAML asks to check the Arch name. */
  archInexact?: boolean;
}

/** A file or folder name safe on every OS, in a YAML path and in a list line (safeSegment), never empty. */
export function safeName(name: string, what: string): string {
  const s = safeSegment(name);
  if (s === '') throw new Error(`PaddleClas export: the ${what} '${name}' has no usable characters`);
  return s;
}

/** Zip paths are `<dataset>/…`: unzipped into PaddleClas/dataset/, the YAML's ./dataset/<dataset>/ paths hold. */
export async function paddleClasExport(input: PaddleClasExportInput): Promise<Uint8Array> {
  const dir = safeName(input.datasetName, 'dataset name');
  const config = `${safeName(input.runName, 'run name')}.yaml`;
  for (const split of ['train', 'val']) {
    if (!input.images.some((im) => im.split === split)) {
      throw new Error(
        `PaddleClas export: no images in split '${split}' (PaddleClas trains from train_list.txt and evaluates on val_list.txt)`,
      );
    }
  }
  const images = await Promise.all(
    input.images.map(async (im) => ({ ...im, bytes: new Uint8Array(await im.blob.arrayBuffer()) })),
  );
  const files = paddleClasFiles(input.classes, images);
  const root = `./dataset/${dir}/`;
  const yaml = paddleClasYaml(
    {
      recipe: input.recipe,
      arch: input.arch,
      archInexact: input.archInexact,
      classNum: input.classes.length,
      pretrained: !input.recipe.fromScratch,
      trainList: `${root}train_list.txt`,
      valList: `${root}val_list.txt`,
      labelList: `${root}label_list.txt`,
      imageRoot: root,
    },
    ` PaddleClas config for run '${input.runName}' on dataset '${input.datasetName}', exported by WebClas Studio.\n` +
      ` Unzip into PaddleClas/dataset/ and start from the PaddleClas root (see README.txt).`,
  );
  const enc = new TextEncoder();
  files[config] = enc.encode(yaml);
  files['README.txt'] = enc.encode(readme(dir, config, input));
  return zipSync({ [dir]: files });
}

function readme(dir: string, config: string, input: PaddleClasExportInput): string {
  const count = (split: string) => input.images.filter((im) => im.split === split).length;
  return [
    `WebClas Studio export of run '${input.runName}' for PaddleClas`,
    '',
    `Dataset '${input.datasetName}': ${input.classes.length} classes, ${count('train')} train and ${count('val')} val images.`,
    `  ${dir}/jpg/...            the images`,
    `  ${dir}/train_list.txt     lines 'path label' (paths relative to ${dir}/, renamed to ASCII without spaces)`,
    `  ${dir}/val_list.txt`,
    `  ${dir}/label_list.txt     lines 'ID name'`,
    `  ${dir}/${config}   the training config (Arch ${input.arch}, recipe as in the studio)`,
    '',
    'Unzip into the dataset/ folder of a PaddleClas checkout, then from the PaddleClas root:',
    '',
    `  python -m paddle.distributed.launch --gpus="0,1,2,3" tools/train.py -c ./dataset/${dir}/${config}`,
    '',
    'DataLoader batch_size is per GPU: on 4 GPUs the global batch is 4x the studio one. Divide batch_size by the',
    'GPU count to keep the studio recipe, or scale learning_rate by it (linear scaling).',
    '',
  ].join('\n');
}
