// Turns benchmark model ids into bytes + facts. An id is a zoo entry (`mobilenetv2-12-float`, or `id/variant`) or
// a file path under the model mirror that is not a zoo entry (`arch/resnet18-bn-random.onnx`): those have no
// reference accuracy. Zoo bytes go through the caller's loader (download manager with sha256 and cache); a mirror
// file's URL is resolved and checked here (mirrorFileUrl), so no path can reach outside the mirror.
import { findEntry, findVariant, type ZooEntry, type ZooManifest } from '../../zoo/manifest.ts';
import { mirrorFileUrl } from '../../zoo/mirror.ts';
import { fileModelInfo, zooModelInfo } from './model-info.ts';
import type { BenchModel } from './runner.ts';

export interface ModelLoaders {
  manifest: ZooManifest;
  /** Bytes of a zoo variant (verified). */
  zooBytes: (entry: ZooEntry, variant: string) => Promise<Uint8Array>;
  /** The normalized model mirror base mirror files are read from; null when none is set. */
  mirror: string | null;
  /** Bytes at a URL inside the mirror (the file `arch/x.onnx` resolved by mirrorFileUrl). */
  mirrorBytes: (url: string) => Promise<Uint8Array>;
}

/** Input dims of one image for models whose input shape is symbolic: the manifest's crop, else 224. */
function imageDims(entry: ZooEntry | undefined): number[] {
  const crop = entry?.preprocess.crop;
  const size = entry?.preprocess.resize.mode === 'short-side' ? entry.preprocess.resize.size : 224;
  const h = crop?.height ?? size;
  const w = crop?.width ?? size;
  return entry?.preprocess.layout === 'NHWC' ? [h, w, 3] : [3, h, w];
}

export function isMirrorFile(id: string): boolean {
  return id.endsWith('.onnx');
}

/** A model file's bytes as a benchmark model: no reference accuracy, input dims from its graph or 224². */
export function fileBenchModel(id: string, bytes: Uint8Array): BenchModel {
  return { info: fileModelInfo(id, bytes), bytes, inputName: null, imageDims: imageDims(undefined) };
}

export async function loadBenchModel(id: string, l: ModelLoaders): Promise<BenchModel> {
  if (isMirrorFile(id)) {
    if (!l.mirror) throw new Error(`${id}: a mirror file needs a model mirror (set one in Settings)`);
    return fileBenchModel(id, await l.mirrorBytes(mirrorFileUrl(l.mirror, id)));
  }
  const [entryId, variantName] = id.includes('/') ? id.split('/', 2) : [id, undefined];
  const entry = findEntry(l.manifest, entryId);
  const variant = findVariant(entry, variantName);
  const bytes = await l.zooBytes(entry, variant.name);
  return {
    info: zooModelInfo(entry, variant.name, bytes),
    bytes,
    inputName: entry.io.input,
    imageDims: imageDims(entry),
  };
}
