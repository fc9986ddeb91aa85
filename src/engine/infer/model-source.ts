// Turns a zoo entry or a user's local .onnx into what the classifier needs: bytes (fetched on first use through the
// download manager, verified, cached), preprocessing, output kind and class names.
import type { DownloadProgress } from '../zoo/download.ts';
import { fetchZooModel } from '../zoo/fetch-model.ts';
import { labelName } from '../zoo/labels.ts';
import { findVariant, type PreprocessSpec, type ZooEntry } from '../zoo/manifest.ts';
import type { ModelStore } from '../zoo/store.ts';
import { labelFunction, parseLabelsFile } from './labels-file.ts';
import { classesFromMetadata, preprocessFromMetadata, readMetadataProps } from './model-metadata.ts';
import { DEFAULT_PREPROCESS, type ResolvedModel } from './resolved-model.ts';

export interface ZooFetchOptions {
  store: ModelStore;
  /** Normalized mirror base, or undefined for public URLs. */
  mirror?: string;
  variant?: string;
  /** The 1000 ImageNet-1k names in standard order (null: index numbers are shown). */
  imagenetNames: readonly string[] | null;
  /** Why the names are missing (shown as the label source), e.g. the mirror's list failed its pinned sha256. */
  labelsProblem?: string;
  /** The user confirmed using a variant without a pinned sha256 (fetch-model.ts). */
  allowUnverified?: boolean;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** A zoo model, with whether its bytes were checked against a pinned sha256 (`verified`). */
export async function resolveZooModel(
  entry: ZooEntry,
  o: ZooFetchOptions,
): Promise<ResolvedModel & { verified: boolean }> {
  const variant = findVariant(entry, o.variant);
  const got = await fetchZooModel(entry, { ...o, variant: variant.name });
  const names = o.imagenetNames;
  return {
    modelKey: got.meta.key,
    displayName: `${entry.name} (${variant.name})`,
    bytes: got.data,
    classifier: {
      preprocess: entry.preprocess,
      outputKind: entry.io.outputKind,
      label: names ? (i) => labelName(entry.labels.source, i, names) : labelFunction(null),
    },
    inputName: entry.io.input,
    outputName: entry.io.output,
    labelSource: names
      ? `ImageNet-1k (${entry.labels.source})`
      : `index numbers (${o.labelsProblem ?? 'ImageNet label list not available'})`,
    verified: got.meta.verified,
  };
}

/**
 * A local model: names from a labels file when given, else from metadata_props `webclas.classes`, else index
 * numbers. The preprocessing: the caller's, else the eval preprocessing a studio-trained model carries in
 * `webclas.training`, else the ImageNet default at 224.
 */
export function resolveLocalModel(
  key: string,
  name: string,
  bytes: Uint8Array,
  labelsText?: string | null,
  labelsFile = 'labels file',
  preprocess?: PreprocessSpec | typeof DEFAULT_PREPROCESS,
): ResolvedModel {
  const props = readMetadataProps(bytes);
  const pre = preprocess ?? preprocessFromMetadata(props) ?? DEFAULT_PREPROCESS;
  let names: string[] | null = null;
  let labelSource = 'index numbers';
  if (labelsText != null) {
    names = parseLabelsFile(labelsText, labelsFile);
    labelSource = `${labelsFile} (${names.length} names)`;
  } else {
    names = classesFromMetadata(props);
    if (names) labelSource = `model metadata webclas.classes (${names.length} names)`;
  }
  return {
    modelKey: key,
    displayName: name,
    bytes,
    classifier: { preprocess: pre, outputKind: 'logits', label: labelFunction(names) },
    inputName: null,
    outputName: null,
    labelSource,
  };
}
