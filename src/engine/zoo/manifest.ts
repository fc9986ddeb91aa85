// Types of the model zoo manifest (models/zoo.json) and the validator run on it at load.
// Every message names the file, the entry (index and id) and the field, so a bad edit is found in seconds.

export type Layout = 'NCHW' | 'NHWC';
export type Resample = 'bilinear' | 'bicubic';
export type ChannelOrder = 'RGB' | 'BGR';
/** Where an entry's files come from; `local-mirror-only` files have no public URL (served from a mirror only). */
export type SourceKind = 'onnx-model-zoo' | 'huggingface' | 'local-mirror-only';
/** `imagenet-1k`: 1000 classes in the standard synset order; `1001-background`: index 0 is "background". */
export type LabelSource = 'imagenet-1k' | '1001-background';
export type OutputKind = 'logits' | 'probabilities';

export interface ModelSource {
  kind: SourceKind;
  /** Hugging Face repo (`owner/name`) or ONNX Model Zoo folder; null for local files. */
  repo: string | null;
  /** Git revision the URLs use (`main` when no commit hash could be pinned). */
  revision: string | null;
  /** Human-readable page for the model (model card / README). */
  page: string | null;
}

export interface Variant {
  /** Precision tag: fp32, fp16, int8 (ONNX Zoo QLinear), q8 (transformers.js `model_quantized.onnx`), … */
  name: string;
  /** Path relative to a mirror root (see mirror.ts); unique across the manifest. */
  path: string;
  /** Canonical public URL, null only for `local-mirror-only` sources. */
  url: string | null;
  /** Other public copies of the same file (not guaranteed byte-identical unless `verified`). */
  altUrls: string[];
  /** Exact byte size where published, else null (then the download stops at approxMB's rounding bound). */
  bytes: number | null;
  /** Approximate size in MB (10^6 bytes) from a repo file list when the exact size is unknown. */
  approxMB: number | null;
  /**
   * Lowercase hex sha256 of the published file, enforced on every download; null = unpinned: the file is
   * "unverified" and is fetched only after the user confirms (fetch-model.ts).
   */
  sha256: string | null;
  /** Where the sha256 (and bytes) were taken from (an LFS pointer, a hashed local file); null when unpinned. */
  pinnedFrom: string | null;
  /** True exactly when sha256 is pinned from a named source (`pinnedFrom`). */
  verified: boolean;
}

/** A pinned file served beside the models on a mirror (the ImageNet-1k label list). */
export interface PinnedFile {
  path: string;
  bytes: number;
  sha256: string;
  pinnedFrom: string;
}

export type ResizeSpec =
  | { mode: 'short-side'; size: number }
  | { mode: 'exact'; width: number; height: number };

export interface PreprocessSpec {
  resize: ResizeSpec;
  resample: Resample;
  /** Centre crop after resizing; null = no crop. */
  crop: { width: number; height: number } | null;
  /** Multiplies the 0..255 pixel before mean/std: 1/255 for [0,1] inputs, 1 for 0..255 inputs. */
  scale: number;
  /** Per channel, in the channel order the model expects (after a BGR swap). */
  mean: [number, number, number];
  std: [number, number, number];
  channelOrder: ChannelOrder;
  layout: Layout;
  verified: boolean;
  source: string | null;
}

export interface IoSpec {
  /** Graph input/output names; null when unknown (read session.inputNames at load). */
  input: string | null;
  output: string | null;
  outputKind: OutputKind;
  verified: boolean;
}

export interface LabelSpec {
  source: LabelSource;
  classes: number;
  /** Where the names come from inside the model's repo (e.g. `config.json` id2label), null = standard list. */
  file: string | null;
  verified: boolean;
}

export interface ReferenceAccuracy {
  /** Percent, ImageNet-1k val. */
  top1: number | null;
  top5: number | null;
  /** Evaluation resolution the figure was measured at. */
  resolution: number | null;
  source: string | null;
  verified: boolean;
}

export interface ModelCost {
  /** Millions of parameters. */
  paramsM: number | null;
  /** Giga multiply-accumulates per image at the reference resolution. */
  gmacs: number | null;
  source: string | null;
  verified: boolean;
}

export interface Licence {
  id: string | null;
  verified: boolean;
}

export interface ZooEntry {
  id: string;
  family: string;
  name: string;
  source: ModelSource;
  licence: Licence;
  variants: Variant[];
  io: IoSpec;
  preprocess: PreprocessSpec;
  labels: LabelSpec;
  reference: ReferenceAccuracy;
  cost: ModelCost;
  notes: string | null;
}

export interface ZooManifest {
  schema: 1;
  /** `imagenet-labels.txt` on the mirror: the names shown for every `imagenet-1k` / `1001-background` model. */
  imagenetLabels: PinnedFile;
  models: ZooEntry[];
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const ENTRY_KEYS = [
  'id',
  'family',
  'name',
  'source',
  'licence',
  'variants',
  'io',
  'preprocess',
  'labels',
  'reference',
  'cost',
  'notes',
];
const VARIANT_KEYS = [
  'name',
  'path',
  'url',
  'altUrls',
  'bytes',
  'approxMB',
  'sha256',
  'pinnedFrom',
  'verified',
];
const ROOT_KEYS = ['$comment', 'schema', 'imagenetLabels', 'models'];
const PATH = /^[A-Za-z0-9._-][A-Za-z0-9._/-]*$/;
const SHA256 = /^[0-9a-f]{64}$/;
const ID = /^[a-z0-9][a-z0-9._-]*$/;

type Obj = Record<string, unknown>;

/** Validates parsed JSON and returns it typed; throws ManifestError naming `file`, entry and field. */
export function validateManifest(json: unknown, file = 'models/zoo.json'): ZooManifest {
  const fail = (where: string, msg: string): never => {
    throw new ManifestError(`${file}: ${where}: ${msg}`);
  };
  const root = asObj(json, 'manifest', fail);
  new Fields(root, 'manifest', fail).only(ROOT_KEYS);
  if (root.schema !== 1) fail('schema', `expected 1, got ${JSON.stringify(root.schema)}`);
  if (!Array.isArray(root.models)) fail('models', 'must be an array');
  const labels = new Fields(asObj(root.imagenetLabels, 'imagenetLabels', fail), 'imagenetLabels', fail);
  labels.only(['path', 'bytes', 'sha256', 'pinnedFrom']);
  checkPath(labels.str('path', PATH), 'imagenetLabels.path', fail);
  labels.num('bytes', true);
  labels.str('sha256', SHA256);
  labels.str('pinnedFrom');
  const ids = new Set<string>();
  const paths = new Map<string, string>();
  const models = (root.models as unknown[]).map((raw, i) => {
    const id = isObj(raw) && typeof raw.id === 'string' ? raw.id : '?';
    const at = `models[${i}] "${id}"`;
    const e = asObj(raw, at, fail);
    const f = new Fields(e, at, fail);
    f.only(ENTRY_KEYS);
    f.str('id', ID);
    if (ids.has(id)) fail(`${at}.id`, 'duplicate id');
    ids.add(id);
    f.str('family', ID);
    f.str('name');
    f.nullableStr('notes');
    const source = checkSource(f.obj('source'), `${at}.source`, fail);
    checkGroup(f.obj('licence'), `${at}.licence`, fail, (g) => g.nullableStr('id'), ['id']);
    const variants = f.arr('variants');
    if (variants.length === 0) fail(`${at}.variants`, 'needs at least one variant');
    const names = new Set<string>();
    variants.forEach((v, j) => {
      const vat = `${at}.variants[${j}]`;
      const g = new Fields(asObj(v, vat, fail), vat, fail);
      g.only(VARIANT_KEYS);
      const name = g.str('name', ID);
      if (names.has(name)) fail(`${vat}.name`, `duplicate variant "${name}"`);
      names.add(name);
      const path = checkPath(g.str('path', PATH), `${vat}.path`, fail);
      const other = paths.get(path);
      if (other) fail(`${vat}.path`, `"${path}" is also used by ${other}`);
      paths.set(path, vat);
      const url = g.nullableStr('url', /^https:\/\//);
      if (url === null && source.kind !== 'local-mirror-only') {
        fail(`${vat}.url`, 'is null but source.kind is not "local-mirror-only"');
      }
      if (url !== null && source.kind === 'local-mirror-only') {
        fail(`${vat}.url`, 'a local-mirror-only source has no public URL: set it to null');
      }
      for (const [k, u] of g.arr('altUrls').entries()) {
        if (typeof u !== 'string' || !u.startsWith('https://'))
          fail(`${vat}.altUrls[${k}]`, 'must be an https URL');
      }
      const bytes = g.nullableNum('bytes', true);
      const approx = g.nullableNum('approxMB');
      if (bytes === null && approx === null) fail(vat, 'needs bytes or approxMB');
      const sha256 = g.nullableStr('sha256', SHA256);
      const pinnedFrom = g.nullableStr('pinnedFrom');
      const verified = g.bool('verified');
      // Pinned or explicitly unverified, nothing in between: a hash without its source cannot be checked by a
      // reader, and `verified` must never describe a file whose bytes nothing checks.
      if ((sha256 === null) !== (pinnedFrom === null))
        fail(`${vat}.pinnedFrom`, 'sha256 and pinnedFrom go together (both set, or both null = unverified)');
      if (verified !== (sha256 !== null))
        fail(`${vat}.verified`, `must be ${sha256 !== null} (true exactly when sha256 is pinned)`);
    });
    checkGroup(
      f.obj('io'),
      `${at}.io`,
      fail,
      (g) => {
        g.nullableStr('input');
        g.nullableStr('output');
        g.oneOf('outputKind', ['logits', 'probabilities']);
      },
      ['input', 'output'],
    );
    checkPreprocess(f.obj('preprocess'), `${at}.preprocess`, fail);
    checkGroup(
      f.obj('labels'),
      `${at}.labels`,
      fail,
      (g) => {
        const src = g.oneOf('source', ['imagenet-1k', '1001-background']);
        const classes = g.num('classes', true);
        const want = src === 'imagenet-1k' ? 1000 : 1001;
        if (classes !== want) fail(`${at}.labels.classes`, `${src} has ${want} classes, got ${classes}`);
        g.nullableStr('file');
      },
      [],
    );
    checkGroup(
      f.obj('reference'),
      `${at}.reference`,
      fail,
      (g) => {
        for (const k of ['top1', 'top5'] as const) {
          const v = g.nullableNum(k);
          if (v !== null && (v <= 0 || v > 100))
            fail(`${at}.reference.${k}`, `must be a percentage in (0, 100], got ${v}`);
        }
        g.nullableNum('resolution', true);
        g.nullableStr('source');
      },
      ['top1', 'source'],
    );
    checkGroup(
      f.obj('cost'),
      `${at}.cost`,
      fail,
      (g) => {
        g.nullableNum('paramsM');
        g.nullableNum('gmacs');
        g.nullableStr('source');
      },
      ['paramsM', 'gmacs', 'source'],
    );
    return e as unknown as ZooEntry;
  });
  return { schema: 1, imagenetLabels: root.imagenetLabels as PinnedFile, models };
}

/** Finds an entry by id or throws a message listing the known ids. */
export function findEntry(manifest: ZooManifest, id: string): ZooEntry {
  const e = manifest.models.find((m) => m.id === id);
  if (!e)
    throw new ManifestError(
      `unknown model id "${id}"; known: ${manifest.models.map((m) => m.id).join(', ')}`,
    );
  return e;
}

/** Picks a variant by name (default: the first one listed, which is the entry's preferred variant). */
export function findVariant(entry: ZooEntry, name?: string): Variant {
  if (name === undefined) return entry.variants[0];
  const v = entry.variants.find((x) => x.name === name);
  if (!v) {
    throw new ManifestError(
      `model "${entry.id}" has no variant "${name}"; it has: ${entry.variants.map((x) => x.name).join(', ')}`,
    );
  }
  return v;
}

/** Best-known download size in bytes (exact, else approximate), for the UI. */
export function variantSizeBytes(v: Variant): number {
  return v.bytes ?? Math.round((v.approxMB ?? 0) * 1e6);
}

/** True when the variant's bytes are checked against a pinned sha256 (else it is "unverified"). */
export function isPinned(v: Variant): v is Variant & { sha256: string } {
  return v.sha256 !== null;
}

/**
 * Most bytes a download of the variant may take: the exact size, else the upper rounding bound of approxMB
 * (file lists print three significant digits, so "25.8 MB" ≤ 25.85e6 and "347 MB" ≤ 347.5e6; 0.5 MB covers
 * both). The downloader stops there instead of trusting a Content-Length the server chose.
 */
export function maxDownloadBytes(v: Variant): number {
  return v.bytes ?? Math.ceil(((v.approxMB ?? 0) + 0.5) * 1e6);
}

type Fail = (where: string, msg: string) => never;

/** A mirror path must stay a plain relative path (mirror.ts checks the resolved URL again at fetch time). */
function checkPath(path: string, where: string, fail: Fail): string {
  if (path.includes('..') || path.includes('//')) fail(where, `must be a plain relative path, got "${path}"`);
  return path;
}

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function asObj(x: unknown, where: string, fail: Fail): Obj {
  if (!isObj(x))
    fail(where, `must be an object, got ${x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x}`);
  return x as Obj;
}

/** Typed field readers that name `where.field` in their errors. */
class Fields {
  constructor(
    readonly o: Obj,
    readonly at: string,
    readonly fail: Fail,
  ) {}
  /** Rejects unknown keys, so a typo such as `sha265` is an error instead of a silently missing fact. */
  only(keys: readonly string[]): void {
    for (const k of Object.keys(this.o)) {
      if (!keys.includes(k)) this.fail(`${this.at}.${k}`, `unknown field (allowed: ${keys.join(', ')})`);
    }
  }
  private has(k: string): unknown {
    if (!(k in this.o)) this.fail(`${this.at}.${k}`, 'is missing');
    return this.o[k];
  }
  str(k: string, re?: RegExp): string {
    const v = this.has(k);
    if (typeof v !== 'string' || v.length === 0) this.fail(`${this.at}.${k}`, `must be a non-empty string`);
    if (re && !re.test(v as string)) this.fail(`${this.at}.${k}`, `"${v}" does not match ${re}`);
    return v as string;
  }
  nullableStr(k: string, re?: RegExp): string | null {
    const v = this.has(k);
    return v === null ? null : this.str(k, re);
  }
  num(k: string, integer = false): number {
    const v = this.has(k);
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      this.fail(`${this.at}.${k}`, `must be a positive number, got ${JSON.stringify(v)}`);
    }
    if (integer && !Number.isInteger(v)) this.fail(`${this.at}.${k}`, `must be an integer, got ${v}`);
    return v as number;
  }
  nullableNum(k: string, integer = false): number | null {
    const v = this.has(k);
    return v === null ? null : this.num(k, integer);
  }
  bool(k: string): boolean {
    const v = this.has(k);
    if (typeof v !== 'boolean')
      this.fail(`${this.at}.${k}`, `must be true or false, got ${JSON.stringify(v)}`);
    return v as boolean;
  }
  oneOf<T extends string>(k: string, allowed: readonly T[]): T {
    const v = this.has(k);
    if (!allowed.includes(v as T)) {
      this.fail(`${this.at}.${k}`, `must be one of ${allowed.join(' | ')}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }
  obj(k: string): Obj {
    return asObj(this.has(k), `${this.at}.${k}`, this.fail);
  }
  arr(k: string): unknown[] {
    const v = this.has(k);
    if (!Array.isArray(v)) this.fail(`${this.at}.${k}`, 'must be an array');
    return v as unknown[];
  }
}

/**
 * A field group carries `verified`: true means every listed fact is known (not null) and taken from a verified
 * source; a null fact in `mustBeKnownWhenVerified` therefore requires `verified: false`.
 */
function checkGroup(
  o: Obj,
  at: string,
  fail: Fail,
  body: (g: Fields) => void,
  mustBeKnownWhenVerified: string[],
): void {
  const g = new Fields(o, at, fail);
  body(g);
  if (g.bool('verified')) {
    for (const k of mustBeKnownWhenVerified) {
      if (o[k] === null)
        fail(`${at}.${k}`, 'is null but the group says verified: true (set verified: false)');
    }
  }
}

function checkSource(o: Obj, at: string, fail: Fail): ModelSource {
  const g = new Fields(o, at, fail);
  const kind = g.oneOf('kind', ['onnx-model-zoo', 'huggingface', 'local-mirror-only']);
  const repo = g.nullableStr('repo');
  const revision = g.nullableStr('revision');
  g.nullableStr('page', /^https:\/\//);
  if (kind === 'huggingface' && (repo === null || revision === null)) {
    fail(at, 'a huggingface source needs repo and revision');
  }
  return o as unknown as ModelSource;
}

function checkPreprocess(o: Obj, at: string, fail: Fail): void {
  const g = new Fields(o, at, fail);
  const resize = g.obj('resize');
  const r = new Fields(resize, `${at}.resize`, fail);
  const mode = r.oneOf('mode', ['short-side', 'exact']);
  if (mode === 'short-side') r.num('size', true);
  else {
    r.num('width', true);
    r.num('height', true);
  }
  g.oneOf('resample', ['bilinear', 'bicubic']);
  if (o.crop !== null) {
    const c = new Fields(g.obj('crop'), `${at}.crop`, fail);
    const cw = c.num('width', true);
    const ch = c.num('height', true);
    const minSide =
      mode === 'short-side' ? (resize.size as number) : Math.min(Number(resize.width), Number(resize.height));
    if (cw > minSide || ch > minSide)
      fail(`${at}.crop`, `${cw}×${ch} is larger than the resized short side ${minSide}`);
  }
  g.num('scale');
  for (const k of ['mean', 'std'] as const) {
    const v = g.arr(k);
    if (v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      fail(`${at}.${k}`, 'must be 3 finite numbers');
    }
    if (k === 'std' && !v.every((x) => (x as number) > 0)) fail(`${at}.std`, 'must be positive');
  }
  g.oneOf('channelOrder', ['RGB', 'BGR']);
  g.oneOf('layout', ['NCHW', 'NHWC']);
  const verified = g.bool('verified');
  const source = g.nullableStr('source');
  if (verified && source === null) fail(`${at}.source`, 'is null but verified: true');
}
