// Maps a model's output index to an ImageNet-1k class index according to the manifest's label source.
import type { LabelSource } from './manifest.ts';

/**
 * ImageNet-1k index (0..999) of output `index`, or null for the extra "background" output of
 * 1001-class models (TF-slim / Google MobileNet exports put background at 0 and shift every class by one).
 */
export function imagenetIndex(source: LabelSource, index: number): number | null {
  const classes = source === 'imagenet-1k' ? 1000 : 1001;
  if (!Number.isInteger(index) || index < 0 || index >= classes) {
    throw new Error(`label index ${index} is outside 0..${classes - 1} for label source ${source}`);
  }
  if (source === 'imagenet-1k') return index;
  return index === 0 ? null : index - 1;
}

/** Name of output `index` given the 1000 ImageNet-1k names in standard order. */
export function labelName(source: LabelSource, index: number, imagenetNames: readonly string[]): string {
  if (imagenetNames.length !== 1000)
    throw new Error(`expected 1000 ImageNet-1k names, got ${imagenetNames.length}`);
  const i = imagenetIndex(source, index);
  return i === null ? 'background' : imagenetNames[i];
}
