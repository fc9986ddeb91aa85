// Which images a run trains and validates on: the labelled images of the chosen split(s) from the dataset
// library, with a seeded stratified hold-out when the run has no validation split; plus their training copies.
import { stratifiedSplit } from '../../data/split.ts';
import type { DatasetLibrary } from '../../storage/library.ts';
import type { ImageRow } from '../../storage/schema.ts';
import type { ImageBlobSource } from './head-driver.ts';

export interface RunImage {
  id: string;
  path: string;
  hash: string;
  label: number;
}

export interface RunData {
  datasetId: string;
  datasetName: string;
  classes: string[];
  train: RunImage[];
  val: RunImage[];
}

export interface RunDataConfig {
  datasetId: string;
  trainSplit: string;
  valSplit: string | null;
  valFraction: number;
  /** Seeds the hold-out, so a resumed run validates on the same images. */
  seed: number;
}

const asRunImage = (r: ImageRow): RunImage => ({ id: r.id, path: r.path, hash: r.hash, label: r.label! });

/** Splits labelled rows into train/val as the config says (images come sorted by path from the library). */
export function pickRunImages(
  rows: readonly ImageRow[],
  c: RunDataConfig,
): { train: RunImage[]; val: RunImage[] } {
  const labelled = rows.filter((r) => r.label !== null);
  const inTrain = labelled.filter((r) => r.split === c.trainSplit).map(asRunImage);
  if (c.valSplit !== null) {
    if (c.valSplit === c.trainSplit)
      throw new Error(`the validation split '${c.valSplit}' is the training split: pick another one`);
    return { train: inTrain, val: labelled.filter((r) => r.split === c.valSplit).map(asRunImage) };
  }
  if (c.valFraction === 0) return { train: inTrain, val: [] };
  const parts = stratifiedSplit(
    inTrain.map((r) => ({ key: r.path, label: r.label })),
    { val: c.valFraction },
    c.seed,
  );
  return {
    train: inTrain.filter((_, i) => parts[i] === 'train'),
    val: inTrain.filter((_, i) => parts[i] === 'val'),
  };
}

export async function loadRunData(lib: DatasetLibrary, c: RunDataConfig): Promise<RunData> {
  const ds = await lib.dataset(c.datasetId);
  if (!ds) throw new Error(`dataset ${c.datasetId} is not in the library (was it deleted?)`);
  if (ds.state !== 'ready')
    throw new Error(`dataset '${ds.name}' is still importing: finish the import first`);
  const classes = (await lib.classes(c.datasetId)).map((k) => k.name);
  const { train, val } = pickRunImages(await lib.images(c.datasetId), c);
  if (train.length === 0)
    throw new Error(`dataset '${ds.name}' has no labelled images in the split '${c.trainSplit}'`);
  return { datasetId: c.datasetId, datasetName: ds.name, classes, train, val };
}

/** The images' training copies (the original when it serves as the copy), for decoding. */
export function librarySource(
  lib: DatasetLibrary,
  datasetId: string,
  images: readonly RunImage[],
): ImageBlobSource {
  return async (i) => {
    const im = images[i];
    const copy = await lib.copy(datasetId, im.hash);
    const blob = copy?.blob ?? (await lib.original(datasetId, im.hash));
    if (!blob) throw new Error(`${im.path}: its file is missing from the library (re-import the dataset)`);
    return { blob, name: im.path };
  };
}
