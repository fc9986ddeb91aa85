// What the benchmark knows about a model before running it: reference figures from the zoo manifest (or none for
// a mirror file outside the zoo) and the parameter count read from the ONNX file itself.

import type { AdapterSummary } from '../../gpu/adapter-info.ts';
import { readMetadataProps, TRAINING_KEY } from '../../infer/model-metadata.ts';
import { decodeModel } from '../../onnx/proto.ts';
import type { ZooEntry } from '../../zoo/manifest.ts';
import type { BenchEnvironment, BenchModelInfo, FineTunedFacts } from './types.ts';

/** Elements of every initializer (weights, biases, quantization scales and zero points). */
export function countParams(bytes: Uint8Array, source: string): number {
  const graph = decodeModel(bytes, source).graph;
  let n = 0;
  for (const t of graph?.initializer ?? []) {
    n += (t.dims ?? []).reduce<number>((a, d) => a * Number(d), 1);
  }
  return n;
}

export function zooModelInfo(entry: ZooEntry, variant: string, bytes: Uint8Array): BenchModelInfo {
  return {
    id: variant === entry.variants[0].name ? entry.id : `${entry.id}/${variant}`,
    name: variant === entry.variants[0].name ? entry.name : `${entry.name} (${variant})`,
    family: entry.family,
    top1: entry.reference.top1,
    params: countParams(bytes, entry.id),
    gflops: entry.cost.gmacs == null ? null : entry.cost.gmacs * 2,
    sizeBytes: bytes.byteLength,
  };
}

/** A file of the mirror that is not a zoo entry (e.g. `arch/resnet18-bn-random.onnx`): no reference accuracy. */
export function fileModelInfo(id: string, bytes: Uint8Array, family?: string): BenchModelInfo {
  const fineTuned = fineTunedFacts(bytes);
  const base =
    id
      .split('/')
      .pop()
      ?.replace(/\.onnx$/, '') ?? id;
  return {
    id,
    name: base,
    family: family ?? base.replace(/-random$/, '').replace(/[-_](bn|x\d.*|\d+(_\d+)?)$/, ''),
    top1: null,
    params: countParams(bytes, id),
    gflops: null,
    sizeBytes: bytes.byteLength,
    ...(fineTuned ? { fineTuned } : {}),
  };
}

/**
 * What a model exported by the studio says about its training (`webclas.training`): dataset, base model and the
 * exported checkpoint's validation top-1; null for any other model or unreadable metadata (it then plots as a
 * plain model, not as a fine-tune).
 */
export function fineTunedFacts(bytes: Uint8Array): FineTunedFacts | null {
  const raw = readMetadataProps(bytes).get(TRAINING_KEY);
  if (raw === undefined) return null;
  try {
    const t = JSON.parse(raw) as { dataset?: unknown; valTop1?: unknown; source?: unknown };
    if (typeof t.dataset !== 'string') return null;
    return {
      dataset: t.dataset,
      valTop1: typeof t.valTop1 === 'number' ? t.valTop1 : null,
      base: typeof t.source === 'string' ? t.source : 'unknown',
    };
  } catch {
    return null;
  }
}

export function benchEnvironment(scope: typeof globalThis, adapter: AdapterSummary | null): BenchEnvironment {
  const nav = scope.navigator as Navigator | undefined;
  return {
    userAgent: nav?.userAgent ?? 'unknown',
    adapter: adapter
      ? `${adapter.vendor} ${adapter.architecture}${adapter.description ? ` (${adapter.description})` : ''}`.trim()
      : null,
    fallbackAdapter: adapter ? adapter.isSoftware || adapter.isFallbackAdapter : false,
    crossOriginIsolated: (scope as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    hardwareConcurrency: nav?.hardwareConcurrency ?? 1,
  };
}
