// The two timed columns of `webclas bench import`, run in the import bench worker (where the app's import runs):
// plain createImageBitmap decoding of every blob, and our full import of the same blobs into a fresh database.
import { deriveImage } from '../data/import/derive.ts';
import { type BlobDataFile, startImport } from '../data/import/import-job.ts';
import type { ImportProgress } from '../data/import/progress.ts';
import { StageClock, type StageTotal } from '../data/import/stage-clock.ts';
import { DatasetLibrary } from '../storage/library.ts';

export interface ImportBenchRequest {
  paths: string[];
  blobs: Blob[];
  reps: number;
  /** createImageBitmap calls in flight in the decode column. */
  lanes: number;
}

export interface ImportBenchTimes {
  decodeMs: number[];
  /** The same files read and decoded with WebCodecs' ImageDecoder (empty where it is missing). */
  webCodecsMs: number[];
  importMs: number[];
  /** Per rep: ms in each import phase. */
  phaseMs: Record<string, number>[];
  /** Per rep: busy ms and calls per import stage (overlapping stages can sum past the wall time). */
  stages: Record<string, StageTotal>[];
  stored: number;
}

async function deleteDb(name: string): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = () => ok();
    r.onerror = () => fail(r.error ?? new Error(`could not delete ${name}`));
  });
}

/** Plain decoding: createImageBitmap of every blob, `lanes` in flight (the browser decodes off the thread). */
export async function timeDecode(blobs: Blob[], lanes: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < blobs.length) (await createImageBitmap(blobs[next++]!)).close();
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return performance.now() - t0;
}

/**
 * A second decode column, for disclosure: the import validates images that need no pixels with ImageDecoder
 * (cheaper than createImageBitmap here), so its ratio against this column shows what storage costs beyond it.
 */
export async function timeWebCodecsDecode(blobs: Blob[], lanes: number): Promise<number | null> {
  if (typeof ImageDecoder !== 'function') return null;
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < blobs.length) {
      const blob = blobs[next++]!;
      const decoder = new ImageDecoder({ data: await blob.arrayBuffer(), type: blob.type || 'image/jpeg' });
      try {
        (await decoder.decode()).image.close();
      } finally {
        decoder.close();
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return performance.now() - t0;
}

/** Our import of the files into a fresh database (deleted after); its wall time and the images it stored. */
export async function timeImport(files: BlobDataFile[]): Promise<{
  ms: number;
  stored: number;
  phaseMs: Record<string, number>;
  stages: Record<string, StageTotal>;
}> {
  const dbName = `webclas-bench-import-${crypto.randomUUID()}`;
  const library = await DatasetLibrary.open(dbName);
  try {
    // Where the time goes: ms spent in each progress phase (checking, storing, processing).
    const phaseMs: Record<string, number> = {};
    let phase = '';
    const t0 = performance.now();
    let mark = t0;
    const onProgress = (p: ImportProgress) => {
      if (p.phase === phase) return;
      const t = performance.now();
      if (phase) phaseMs[phase] = t - mark;
      phase = p.phase;
      mark = t;
    };
    const clock = new StageClock();
    const out = await startImport(
      library,
      { files },
      { name: 'flowers12 (bench)' },
      { derive: deriveImage, onProgress, clock },
    );
    const ms = performance.now() - t0;
    if (phase) phaseMs[phase] = performance.now() - mark;
    if (out.state !== 'done') throw new Error(`bench import: ended '${out.state}': ${out.message ?? ''}`);
    return { ms, stored: out.stored, phaseMs, stages: clock.snapshot() };
  } finally {
    library.close();
    await deleteDb(dbName);
  }
}

export async function runImportBench(
  req: ImportBenchRequest,
  progress: (message: string) => void,
): Promise<ImportBenchTimes> {
  const files: BlobDataFile[] = req.paths.map((path, i) => ({
    path,
    size: req.blobs[i]!.size,
    blob: req.blobs[i]!,
    read: async () => new Uint8Array(await req.blobs[i]!.arrayBuffer()),
  }));
  // One untimed pass of each warms the decoder threads, the JPEG encoder and IndexedDB's backing store.
  await timeDecode(req.blobs, req.lanes);
  await timeImport(files.slice(0, Math.min(files.length, 24)));
  await timeWebCodecsDecode(req.blobs, req.lanes);
  const out: ImportBenchTimes = {
    decodeMs: [],
    webCodecsMs: [],
    importMs: [],
    phaseMs: [],
    stages: [],
    stored: 0,
  };
  for (let r = 0; r < req.reps; r++) {
    // Alternating the two in each rep spreads a loaded machine's noise over both columns alike.
    out.decodeMs.push(await timeDecode(req.blobs, req.lanes));
    const wc = await timeWebCodecsDecode(req.blobs, req.lanes);
    if (wc !== null) out.webCodecsMs.push(wc);
    const imp = await timeImport(files);
    out.importMs.push(imp.ms);
    out.phaseMs.push(imp.phaseMs);
    out.stages.push(imp.stages);
    out.stored = imp.stored;
    progress(
      `import rep ${r + 1}/${req.reps}: decode ${out.decodeMs[r]!.toFixed(0)} ms, import ${imp.ms.toFixed(0)} ms (${imp.stored} stored; ${Object.entries(
        imp.phaseMs,
      )
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')} ms)`,
    );
  }
  return out;
}
