// What the classifier needs about one model, and the defaults for models that carry no preprocessing facts.
// Kept apart from model-source.ts so the CLI can use them without the browser-side mirror/download code.
import type { PreprocessSpec } from '../zoo/manifest.ts';
import type { ClassifierModel } from './classify.ts';

/** Everything the runner needs about one model. */
export interface ResolvedModel {
  /** Session cache key: `${id}/${variant}` or `local/${sha256 prefix}`. */
  modelKey: string;
  displayName: string;
  bytes: Uint8Array;
  classifier: ClassifierModel;
  inputName: string | null;
  outputName: string | null;
  /** Where the class names come from, for the UI. */
  labelSource: string;
}

/** ImageNet-style preprocessing for local models (the usual torchvision/timm recipe at 224). */
export const DEFAULT_PREPROCESS: Omit<PreprocessSpec, 'verified' | 'source'> = {
  resize: { mode: 'short-side', size: 256 },
  resample: 'bilinear',
  crop: { width: 224, height: 224 },
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  channelOrder: 'RGB',
  layout: 'NCHW',
};

/** Parses the standard label list (one name per line, 1000 lines). */
export function parseImagenetNames(text: string): string[] {
  const names = text.replace(/\r/g, '').replace(/\n+$/, '').split('\n');
  if (names.length !== 1000) throw new Error(`imagenet-labels.txt: expected 1000 names, got ${names.length}`);
  return names;
}
