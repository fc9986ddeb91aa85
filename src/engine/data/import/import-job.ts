// The import job: check the dropped tree, create the dataset, copy the originals into IndexedDB (staging) while
// decoding each one into a training copy and thumbnail, then store the image rows batch by batch once staging is
// done. The images store is the done set, image ids are `${dataset}:${path}`, so a resumed job (after cancel,
// reload or a full disk) redoes only the batch that was in flight and never writes a duplicate.
import type { DatasetLibrary, StoredImage } from '../../storage/library.ts';
import { StorageFullError } from '../../storage/quota.ts';
import { imageId, type JobRow, type StoredBytes } from '../../storage/schema.ts';
import { archiveKind, expandArchive } from '../archive.ts';
import { type CheckOptions, checkDataset, defaultMaxMegapixels } from '../check-dataset.ts';
import { type DataFile, type FileTree, unwrapTree } from '../file-tree.ts';
import type { ImportItem, ImportProblem } from '../report.ts';
import { CheckStager, ownBuffer, type StageLimits } from './check-stager.ts';
import type { Derived, DeriveOptions } from './derive.ts';
import { EarlyDerive } from './early-derive.ts';
import { defaultGroupLimits, GroupedReads } from './grouped-reads.ts';
import { type ImportProgress, ProgressMeter } from './progress.ts';
import { type StageClock, timed } from './stage-clock.ts';

/** A dropped file that can hand over its Blob (decoded as is, without copying it through JS memory). */
export interface BlobDataFile extends DataFile {
  blob: Blob;
}

export interface ImportOptions {
  name: string;
  format?: CheckOptions['format'];
  /** Short side of the training copies (default 256). */
  copyShortSide?: number;
  maxMegapixels?: number;
  /** Thumbnail side (default 128). */
  thumbSize?: number;
  /**
   * Images per transaction: an abort loses at most this many. Default: originals are staged ~1 MB per
   * transaction (`stageLimits`), image rows are written 96 per transaction.
   */
  batchSize?: number;
}

export interface ImportHooks {
  /** `bytes`: the file's bytes when the check holds them (spares reading the Blob again). */
  derive: (
    blob: Blob,
    item: ImportItem,
    options: DeriveOptions,
    clock?: StageClock,
    bytes?: Uint8Array,
  ) => Promise<Derived>;
  onProgress?: (p: ImportProgress) => void;
  onJob?: (datasetId: string) => void;
  signal?: AbortSignal;
  now?: () => number;
  newId?: () => string;
  /** Collects busy time per stage (the bench's breakdown). */
  clock?: StageClock;
}

export interface ImportOutcome {
  datasetId: string;
  state: JobRow['state'];
  stored: number;
  total: number;
  problems: ImportProblem[];
  message?: string;
}

const errorLine = (file: string, reason: string): ImportProblem => ({
  file,
  severity: 'error',
  code: 'decode-failed',
  reason,
});

/** Expands a lone archive the same way checkDataset does, so item paths find their files. */
export async function prepareTree(input: FileTree): Promise<FileTree> {
  const tree = unwrapTree(input);
  const only = tree.files.length === 1 ? tree.files[0]! : null;
  if (!only || !archiveKind(only.path)) return tree;
  const expanded = expandArchive(only.path, await only.read());
  return unwrapTree({
    files: expanded.files,
    problems: [...(tree.problems ?? []), ...(expanded.problems ?? [])],
  });
}

export async function startImport(
  library: DatasetLibrary,
  input: FileTree,
  options: ImportOptions,
  hooks: ImportHooks,
): Promise<ImportOutcome> {
  const now = hooks.now ?? (() => Date.now());
  const tree = await prepareTree(input);
  const maxMegapixels = options.maxMegapixels ?? defaultMaxMegapixels;
  const id = hooks.newId?.() ?? crypto.randomUUID();
  // The rows exist before the first original is staged, so a reload during the check finds a job to resume.
  // The format field holds the forced format (if any) until the check names the detected one.
  const job: JobRow = {
    id,
    state: 'checking',
    startedAt: now(),
    items: [],
    classes: [],
    problems: [],
    options: {
      copyShortSide: options.copyShortSide ?? 256,
      maxMegapixels,
      thumbSize: options.thumbSize ?? 128,
    },
  };
  await library.createDataset(
    {
      id,
      name: options.name,
      format: options.format ?? '',
      createdAt: now(),
      state: 'importing',
      storedBytes: 0,
      copyShortSide: job.options.copyShortSide,
    },
    [],
    job,
  );
  hooks.onJob?.(id);
  return continueImport(library, id, hooks, tree, options.batchSize);
}

/**
 * A job row written before the check finished has no classes (a finished check always names at least one; an
 * empty dataset is refused): resuming it runs the check again.
 */
const checkFinished = (job: JobRow) => job.state !== 'checking' && job.classes.length > 0;

/**
 * Checks the tree while staging each accepted original as soon as it is hashed, then writes the dataset, classes
 * and job rows from the full check result (job → 'deriving': every original is stored by then). Originals already
 * staged (a resumed check) are not written again.
 */
async function checkAndStage(
  library: DatasetLibrary,
  job: JobRow,
  tree: FileTree,
  hooks: ImportHooks,
  now: () => number,
  limits: StageLimits,
  early: EarlyDerive,
): Promise<JobRow> {
  const clock = hooks.clock;
  const byPath = new Map(tree.files.map((f) => [f.path, f]));
  const dataset = await library.dataset(job.id);
  if (!dataset) throw new Error(`import: dataset ${job.id} is gone (deleted during the import?)`);
  const checking = new ProgressMeter('checking', tree.files.length, 0, now);
  // A failed staging write (quota) stops the check at once instead of hashing files that cannot be stored.
  const stop = new AbortController();
  const signal = hooks.signal ? AbortSignal.any([hooks.signal, stop.signal]) : stop.signal;
  const stager = new CheckStager(
    library,
    job.id,
    await library.storedOriginals(job.id),
    limits,
    clock,
    (error) => stop.abort(error),
  );
  // Images are read in groups (one read of many small files) in the order the check asks for them.
  const reads = new GroupedReads(defaultGroupLimits, clock);
  const groupedTree: FileTree = {
    ...tree,
    files: tree.files.map((f) => ({ ...f, read: () => reads.read(f) })),
  };
  const format = dataset.format ? (dataset.format as CheckOptions['format']) : undefined;
  let report: Awaited<ReturnType<typeof checkDataset>>;
  try {
    report = await timed(clock, 'check', () =>
      checkDataset(groupedTree, {
        ...(format ? { format } : {}),
        onPlan: (paths) => reads.plan(paths.flatMap((p) => byPath.get(p) ?? [])),
        maxMegapixels: job.options.maxMegapixels,
        signal,
        onImage: ({ item, bytes }) => {
          const blob = (byPath.get(item.path) as Partial<BlobDataFile> | undefined)?.blob;
          early.offer(
            item,
            () =>
              blob instanceof Blob ? blob : new Blob([bytes as Uint8Array<ArrayBuffer>], { type: item.mime }),
            bytes,
          );
          return stager.add(item.hash, bytes, item.mime);
        },
        onListProgress: (linesDone, linesTotal) =>
          hooks.onProgress?.({
            phase: 'reading',
            filesDone: linesDone,
            filesTotal: linesTotal,
            bytesDone: 0,
            bytesTotal: 0,
            etaMs: null,
          }),
        onProgress: (done, total) => {
          checking.filesDone = done;
          hooks.onProgress?.({
            ...checking.snapshot(),
            filesTotal: total,
            bytesDone: 0,
            bytesTotal: 0,
            etaMs: null,
          });
        },
      }),
    );
    await stager.finish();
  } catch (e) {
    // Never return while a staging write is landing; a staging failure is the cause to report, not the abort.
    await stager.drain();
    throw e;
  }
  // Every accepted image went through onImage and every staging write landed: all originals are stored.
  const checked: JobRow = {
    ...job,
    state: 'deriving',
    items: report.items,
    classes: report.classes,
    problems: report.problems,
  };
  // No write is in flight: the byte count read here is current.
  const current = (await library.dataset(job.id)) ?? dataset;
  await library.createDataset({ ...current, format: report.format }, report.classes, checked);
  return checked;
}

/**
 * Finishes a job: stages the originals still missing (from `tree`, when the files are at hand), then derives and
 * stores every image not yet stored. Without a tree, a job interrupted while staging asks for the files again.
 */
export async function continueImport(
  library: DatasetLibrary,
  datasetId: string,
  hooks: ImportHooks,
  tree?: FileTree,
  batchSize?: number,
): Promise<ImportOutcome> {
  const rowBatch = batchSize ?? defaultRowBatch;
  const limits: StageLimits = batchSize ? { files: batchSize, bytes: Infinity } : stageLimits;
  const now = hooks.now ?? (() => Date.now());
  const found = await library.job(datasetId);
  if (!found) throw new Error(`continueImport: no import job for dataset ${datasetId}`);
  // Images without a row are decoded again on every run, so an earlier run's decode lines would be doubled.
  let job: JobRow = { ...found, problems: found.problems.filter((p) => p.code !== 'decode-failed') };
  const save = async (state: JobRow['state'], problems: ImportProblem[], message?: string) => {
    const row: JobRow = { ...job, state, problems, ...(message ? { message } : {}) };
    if (!message) delete row.message;
    // A full disk may refuse even this small write; the job then stays in its last saved state.
    await library.putJob(row).catch(() => undefined);
    return row;
  };
  const outcome = async (state: JobRow['state'], problems: ImportProblem[], message?: string) => {
    await save(state, problems, message);
    const stored = (await library.storedImageIds(datasetId)).size;
    const total = job.items.length;
    return { datasetId, state, stored, total, problems, ...(message ? { message } : {}) };
  };
  const decodeProblems: ImportProblem[] = [];
  const allProblems = () => [...job.problems, ...decodeProblems];
  let early: EarlyDerive | undefined;
  let stagedByCheck = false;
  try {
    if (!checkFinished(job)) {
      if (!tree) {
        throw new Error(
          'the check stopped before every file was read: drop the same folder or archive again to resume',
        );
      }
      const options = job.options;
      early = new EarlyDerive(
        (item, blob, bytes) => hooks.derive(blob, item, options, hooks.clock, bytes),
        deriveConcurrency,
        maxImagesAhead,
        hooks.signal,
      );
      job = await checkAndStage(library, job, await prepareTree(tree), hooks, now, limits, early);
      stagedByCheck = true;
    }
    // Expanded once: staging copies these files and deriving decodes them, never reading originals back.
    const files = tree && (await inHandSources(tree));
    // Staging and decoding overlap: the dropped files decode while their originals are copied, but no image row
    // is written before every original is stored, so a reload during 'processing' resumes without the files.
    // A check that just ran staged every original (its job row already says 'deriving'): nothing to look up.
    const staging = stagedByCheck
      ? Promise.resolve()
      : stage(library, job, hooks, now, limits, files).then(async () => {
          await save('deriving', job.problems);
        });
    try {
      await derive(library, job, hooks, now, rowBatch, decodeProblems, staging, files, early);
    } finally {
      // Never return while staging's transaction is landing; its error, if any, derive has already rethrown.
      await staging.catch(() => undefined);
    }
  } catch (e) {
    const problems = allProblems();
    if (e instanceof StorageFullError) return outcome('quota', problems, e.message);
    if (hooks.signal?.aborted) return outcome('cancelled', problems, 'Import cancelled; resume it to finish');
    return outcome('failed', problems, e instanceof Error ? e.message : String(e));
  }
  // Originals are staged before they are decoded: those of files that then failed to decode go, bytes and all.
  await library.dropUnusedBlobs(datasetId);
  await library.setDatasetState(datasetId, 'ready');
  const problems = [...allProblems()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return outcome('done', problems);
}

async function stage(
  library: DatasetLibrary,
  job: JobRow,
  hooks: ImportHooks,
  now: () => number,
  limits: StageLimits,
  files?: Map<string, DataFile>,
): Promise<void> {
  const staged = await library.storedOriginals(job.id);
  const stored = await library.storedImageIds(job.id);
  const missing: ImportItem[] = [];
  const seen = new Set<string>();
  for (const item of job.items) {
    if (staged.has(item.hash) || stored.has(imageId(job.id, item.path)) || seen.has(item.hash)) continue;
    seen.add(item.hash);
    missing.push(item);
  }
  if (missing.length === 0) return;
  if (!files) {
    throw new Error(
      `${missing.length} of ${job.items.length} files were not copied before the import stopped: drop the same folder or archive again to resume`,
    );
  }
  const bytesTotal = missing.reduce((s, it) => s + it.size, 0);
  const meter = new ProgressMeter('storing', missing.length, bytesTotal, now);
  for (const slice of batches(missing, limits)) {
    hooks.signal?.throwIfAborted();
    for (const item of slice) {
      const file = files.get(item.path);
      if (!file) throw new Error(`${item.path}: not in the dropped files; drop the same dataset again`);
      if (file.size !== item.size) throw new Error(`${item.path}: size changed since the check`);
    }
    // Held from the check when it fit the budget; otherwise read again, the whole batch at once.
    const batch: { hash: string; file: StoredBytes }[] = await Promise.all(
      slice.map(async (item) => ({
        hash: item.hash,
        file: { bytes: ownBuffer(await files.get(item.path)!.read()), type: item.mime },
      })),
    );
    // `missing` holds each hash once, none of them staged: no lookups needed.
    await timed(hooks.clock, 'stage.write', () => library.stageOriginals(job.id, batch, { fresh: true }));
    meter.add(
      batch.length,
      batch.reduce((s, b) => s + b.file.bytes.byteLength, 0),
    );
    hooks.onProgress?.(meter.snapshot());
  }
}

async function derive(
  library: DatasetLibrary,
  job: JobRow,
  hooks: ImportHooks,
  now: () => number,
  batchSize: number,
  problems: ImportProblem[],
  staging: Promise<void>,
  inHand?: Map<string, DataFile>,
  early?: EarlyDerive,
): Promise<void> {
  const stored = await library.storedImageIds(job.id);
  const pending = job.items.filter((it) => !stored.has(imageId(job.id, it.path)));
  const bytesTotal = job.items.reduce((s, it) => s + it.size, 0);
  const doneBytes = bytesTotal - pending.reduce((s, it) => s + it.size, 0);
  const meter = new ProgressMeter('processing', job.items.length, bytesTotal, now, {
    files: job.items.length - pending.length,
    bytes: doneBytes,
  });
  // Hashes whose thumbnail and copy are stored, kept up to date here, so each write needs no lookups.
  const derivedStored = await library.storedDerived(job.id);
  let staged = false;
  let stageFailure: { error: unknown } | null = null;
  staging.then(
    () => {
      staged = true;
    },
    (error: unknown) => {
      stageFailure = { error };
    },
  );
  // The 'processing' phase starts once every original is stored: the UI shows one phase at a time.
  let announced = false;
  const untilStaged = async () => {
    await staging;
    if (!announced) {
      announced = true;
      hooks.onProgress?.(meter.snapshot());
    }
  };
  // Within one run each content is decoded once; later paths with the same hash reuse the result.
  const derivedByHash = new Map<string, Derived>();
  const writes = new WriteSlot();
  // Batches decoded while the originals are still being copied, waiting to be written.
  const waiting: { slice: ImportItem[]; batch: StoredImage[] }[] = [];
  try {
    await deriveBatches();
  } finally {
    // Never return (cancel, failure) while a write is still landing: the outcome counts what is stored.
    await writes.drain();
  }

  async function flush() {
    await untilStaged();
    for (let next = waiting.shift(); next; next = waiting.shift()) {
      const { slice, batch } = next;
      // One write in flight at a time, so an abort (quota, tab closed) still loses at most the batch being
      // written, and a failed write stops the job before the next.
      await writes.settle();
      // A cancel that came while this batch decoded stops here: nothing new is written after it.
      hooks.signal?.throwIfAborted();
      writes.start(async () => {
        if (batch.length) {
          await timed(hooks.clock, 'write', () => library.putImages(job.id, batch, derivedStored));
          for (const { row } of batch) derivedStored.add(row.hash);
        }
        meter.add(
          slice.length,
          slice.reduce((s, it) => s + it.size, 0),
        );
        hooks.onProgress?.(meter.snapshot());
      });
    }
  }

  async function deriveBatches() {
    for (let i = 0; i < pending.length; i += batchSize) {
      if (stageFailure) throw (stageFailure as { error: unknown }).error;
      hooks.signal?.throwIfAborted();
      const slice = pending.slice(i, i + batchSize);
      // Decoding and encoding run off the thread (image decoder, canvas encoder): keep a few in flight.
      const fresh = [
        ...new Map(slice.filter((it) => !derivedByHash.has(it.hash)).map((it) => [it.hash, it])).values(),
      ];
      const failed = new Map<string, string>();
      await eachLimited(fresh, deriveConcurrency, async (item) => {
        // Decoded during the check already (an early failure is decoded again below, to report why).
        const ready = await early?.take(item.hash);
        if (ready) {
          derivedByHash.set(item.hash, ready);
          return;
        }
        // The dropped file is the staged original: decoding it avoids reading every original back from IndexedDB.
        const file = inHand?.get(item.path);
        const original = await timed(hooks.clock, 'derive.source', async () => {
          if (file && file.size === item.size) return sourceBlob(file, item.mime);
          await staging;
          return library.original(job.id, item.hash);
        });
        if (!original) {
          failed.set(item.hash, 'original missing from storage; drop the dataset again');
          return;
        }
        try {
          derivedByHash.set(item.hash, await hooks.derive(original, item, job.options, hooks.clock));
        } catch (e) {
          failed.set(item.hash, `could not be decoded: ${e instanceof Error ? e.message : e}`);
        }
      });
      const batch: StoredImage[] = [];
      for (const item of slice) {
        const d = derivedByHash.get(item.hash);
        if (!d) {
          problems.push(errorLine(item.path, failed.get(item.hash) ?? 'could not be decoded'));
          continue;
        }
        batch.push({
          row: {
            id: imageId(job.id, item.path),
            datasetId: job.id,
            path: item.path,
            label: item.label,
            split: item.split,
            hash: item.hash,
            mime: item.mime,
            size: item.size,
            width: d.size.width,
            height: d.size.height,
            orientation: item.orientation,
          },
          thumb: d.thumb,
          copy: d.copy,
        });
      }
      waiting.push({ slice, batch });
      // Decode ahead (bounded) while the originals are copied; write as soon as they all are.
      if (staged || waiting.length * batchSize >= maxImagesAhead) await flush();
    }
    await flush();
    await writes.settle();
  }
}

/** One background write at a time; its failure is rethrown by the next settle() (never left unhandled). */
class WriteSlot {
  private inFlight: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  start(write: () => Promise<void>): void {
    this.inFlight = write().catch((error: unknown) => {
      this.failure = { error };
    });
  }

  async settle(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure.error;
  }

  /** Waits for the write in flight without rethrowing (an error is already on its way out). */
  drain(): Promise<void> {
    return this.inFlight;
  }
}

/** Consecutive runs of items, each closed at `limits.files` items or once it reaches `limits.bytes`. */
function batches(items: ImportItem[], limits: StageLimits): ImportItem[][] {
  const out: ImportItem[][] = [];
  let run: ImportItem[] = [];
  let bytes = 0;
  for (const item of items) {
    run.push(item);
    bytes += item.size;
    if (run.length >= limits.files || bytes >= limits.bytes) {
      out.push(run);
      run = [];
      bytes = 0;
    }
  }
  if (run.length) out.push(run);
  return out;
}

/**
 * Staging transactions close at 1 MB of originals (or 256 files): IndexedDB's cost is per request, not per
 * transaction (measured: 720 originals in 30 transactions 175–232 ms, in one 142–175 ms), and a batch this size
 * stays well under any quota a browser grants, so a full disk still stops after whole batches are stored.
 */
const stageLimits: StageLimits = { files: 256, bytes: 1 << 20 };

/**
 * Images per row transaction by default (each image is three requests: row, thumbnail, copy; ~3 MB at most with
 * the default sizes). Measured (720 images' rows, 5 runs, loaded 2-core machine): 24 per transaction 248–444 ms,
 * 96 per transaction 169–363 ms; a resumed job redoes at most one such batch.
 */
const defaultRowBatch = 96;

/**
 * Decoded images that may wait for staging to finish, their thumbnails and copies held in memory (~30 KB an image
 * at most with the default sizes, so ~45 MB): enough that decoding never waits for staging on flowers12.
 */
const maxImagesAhead = 1536;

// Measured in a worker on flowers12 (bench import): 8 decodes/encodes in flight beat 4 by about a third, as the
// canvas encoder waits for idle time and the decoder threads are otherwise left waiting.
const deriveConcurrency = 8;

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** The dropped files by path, when the job runs with the files at hand (not a resume after a reload). */
async function inHandSources(tree: FileTree): Promise<Map<string, DataFile>> {
  return new Map((await prepareTree(tree)).files.map((f) => [f.path, f]));
}

async function sourceBlob(file: DataFile, mime: string): Promise<Blob> {
  const blob = (file as Partial<BlobDataFile>).blob;
  if (blob instanceof Blob) return blob;
  return new Blob([(await file.read()) as Uint8Array<ArrayBuffer>], { type: mime });
}
