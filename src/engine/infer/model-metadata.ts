// Reads an ONNX model's metadata_props (ModelProto field 14) by walking only the top-level protobuf fields, so the
// multi-megabyte graph is skipped, never decoded. `webclas.classes` (a JSON array of names) gives a model's labels.
import type { PreprocessSpec } from '../zoo/manifest.ts';

/** The key under which the studio (and its exporter) stores class names. */
export const CLASSES_KEY = 'webclas.classes';

function varint(b: Uint8Array, p: number, what: string): [number, number] {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (p >= b.length) throw new Error(`ONNX model: truncated varint in ${what} at byte ${p}`);
    const c = b[p++];
    v += (c & 0x7f) * mul;
    if (c < 0x80) return [v, p];
    mul *= 128;
  }
  throw new Error(`ONNX model: varint longer than 10 bytes in ${what}`);
}

/** Calls visit(field, start, end) for each length-delimited field; skips the others. */
function walk(
  b: Uint8Array,
  from: number,
  to: number,
  what: string,
  visit: (field: number, s: number, e: number) => void,
) {
  let p = from;
  while (p < to) {
    const [tag, q] = varint(b, p, what);
    p = q;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) p = varint(b, p, what)[1];
    else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else if (wire === 2) {
      const [len, r] = varint(b, p, what);
      if (r + len > to)
        throw new Error(`ONNX model: field ${field} of ${what} runs past the end (${r + len} > ${to})`);
      visit(field, r, r + len);
      p = r + len;
    } else throw new Error(`ONNX model: unsupported wire type ${wire} for field ${field} in ${what}`);
  }
}

/** All metadata_props of a model as a key → value map. Throws naming the byte when the file is not protobuf. */
export function readMetadataProps(model: Uint8Array): Map<string, string> {
  const props = new Map<string, string>();
  const text = new TextDecoder();
  walk(model, 0, model.length, 'ModelProto', (field, s, e) => {
    if (field !== 14) return;
    let key = '';
    let value = '';
    walk(model, s, e, 'metadata_props entry', (f, a, z) => {
      if (f === 1) key = text.decode(model.subarray(a, z));
      else if (f === 2) value = text.decode(model.subarray(a, z));
    });
    props.set(key, value);
  });
  return props;
}

/** Class names from `webclas.classes`, or null when the model has none. Bad JSON is an error naming the key. */
export function classesFromMetadata(props: Map<string, string>): string[] | null {
  const raw = props.get(CLASSES_KEY);
  if (raw === undefined) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new Error(`metadata_props["${CLASSES_KEY}"] is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new Error(`metadata_props["${CLASSES_KEY}"] must be a JSON array of strings`);
  }
  return v as string[];
}

/** The key under which the studio's exporter stores the training recipe and its eval preprocessing. */
export const TRAINING_KEY = 'webclas.training';

export type MetadataPreprocess = Omit<PreprocessSpec, 'verified' | 'source'>;

/**
 * The eval preprocessing a model trained in the studio carries (`webclas.training` → preprocess), or null when
 * the model has none. A present but malformed entry is an error naming the field: guessing would misclassify.
 */
export function preprocessFromMetadata(props: Map<string, string>): MetadataPreprocess | null {
  const raw = props.get(TRAINING_KEY);
  if (raw === undefined) return null;
  let training: unknown;
  try {
    training = JSON.parse(raw);
  } catch (e) {
    throw new Error(`metadata_props["${TRAINING_KEY}"] is not JSON: ${(e as Error).message}`);
  }
  const p = (training as { preprocess?: unknown } | null)?.preprocess as Record<string, unknown> | undefined;
  if (p === undefined) return null;
  const bad = (field: string) =>
    new Error(`metadata_props["${TRAINING_KEY}"].preprocess.${field} is missing or malformed`);
  const triple = (v: unknown, field: string): [number, number, number] => {
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
      throw bad(field);
    return [v[0], v[1], v[2]];
  };
  const resize = p.resize as MetadataPreprocess['resize'] | undefined;
  const sizeOk = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
  if (
    !resize ||
    !(
      (resize.mode === 'short-side' && sizeOk(resize.size)) ||
      (resize.mode === 'exact' && sizeOk(resize.width) && sizeOk(resize.height))
    )
  )
    throw bad('resize');
  const crop = p.crop as MetadataPreprocess['crop'] | undefined;
  if (crop !== null && !(crop && sizeOk(crop.width) && sizeOk(crop.height))) throw bad('crop');
  if (typeof p.scale !== 'number' || !(p.scale > 0)) throw bad('scale');
  const resample = p.resample ?? 'bilinear';
  if (resample !== 'bilinear' && resample !== 'bicubic') throw bad('resample');
  const channelOrder = p.channelOrder ?? 'RGB';
  if (channelOrder !== 'RGB' && channelOrder !== 'BGR') throw bad('channelOrder');
  const layout = p.layout ?? 'NCHW';
  if (layout !== 'NCHW' && layout !== 'NHWC') throw bad('layout');
  return {
    resize,
    resample,
    crop: crop ?? null,
    scale: p.scale,
    mean: triple(p.mean, 'mean'),
    std: triple(p.std, 'std'),
    channelOrder,
    layout,
  };
}
