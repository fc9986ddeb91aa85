// The import worker (module worker): checks, decodes and stores dropped datasets off the UI thread, one job at a
// time, over comlink; the dataset library (IndexedDB) is shared with the UI thread, which reads and edits it.
import { expose, transfer } from 'comlink';
import type { FileTree } from '../src/engine/data/file-tree.ts';
import { deriveImage } from '../src/engine/data/import/derive.ts';
import {
  continueImport,
  type ImportHooks,
  prepareTree,
  startImport,
} from '../src/engine/data/import/import-job.ts';
import { buildPaddleClasZip } from '../src/engine/data/import/paddleclas-export.ts';
import { copyName, findSameContent } from '../src/engine/data/import/same-content.ts';
import { DatasetLibrary } from '../src/engine/storage/library.ts';
import type { ImportWorkerApi, SourceFile } from './import-api.ts';

function toTree(files: SourceFile[]): FileTree {
  return {
    files: files.map(({ path, file }) => ({
      path,
      size: file.size,
      blob: file,
      read: async () => new Uint8Array(await file.arrayBuffer()),
    })),
  };
}

function createImportService(openLibrary: () => Promise<DatasetLibrary> = () => DatasetLibrary.open()) {
  let library: Promise<DatasetLibrary> | undefined;
  let running: AbortController | null = null;
  const lib = () => (library ??= openLibrary());

  async function exclusive<T>(
    run: (library: DatasetLibrary, hooks: ImportHooks) => Promise<T>,
    extra: Partial<ImportHooks>,
  ): Promise<T> {
    if (running) throw new Error('An import is already running: wait for it or cancel it first');
    // Claimed before the first await (opening the library): a cancel sent right after the call must find it.
    const controller = new AbortController();
    running = controller;
    try {
      const l = await lib();
      return await run(l, { derive: deriveImage, signal: controller.signal, ...extra });
    } finally {
      running = null;
    }
  }

  const api: ImportWorkerApi = {
    async findSameContent(files) {
      const l = await lib();
      const [datasets, jobs] = await Promise.all([l.listDatasets(), l.jobs()]);
      const byId = new Map(jobs.map((j) => [j.id, j]));
      datasets.sort((a, b) => a.createdAt - b.createdAt);
      const tree = await prepareTree(toTree(files));
      const found = await findSameContent(
        tree,
        datasets.map((dataset) => ({ dataset, job: byId.get(dataset.id) })),
      );
      if (!found) return null;
      const images = byId.get(found.id)?.items.length ?? 0;
      return {
        id: found.id,
        name: found.name,
        images,
        copyName: copyName(
          found.name,
          datasets.map((d) => d.name),
        ),
      };
    },
    importDataset(files, options, onProgress, onJob) {
      return exclusive((l, hooks) => startImport(l, toTree(files), options, hooks), {
        ...(onProgress ? { onProgress } : {}),
        ...(onJob ? { onJob } : {}),
      });
    },
    resumeImport(datasetId, files, onProgress) {
      return exclusive(
        (l, hooks) => continueImport(l, datasetId, hooks, files ? toTree(files) : undefined),
        onProgress ? { onProgress } : {},
      );
    },
    cancel() {
      running?.abort();
    },
    async exportPaddleClas(datasetId) {
      const l = await lib();
      const [classes, images] = await Promise.all([l.classes(datasetId), l.images(datasetId)]);
      const withBytes = [];
      for (const img of images) {
        const blob = await l.original(datasetId, img.hash);
        if (!blob) throw new Error(`export: the original of ${img.path} is missing from storage`);
        withBytes.push({ ...img, bytes: new Uint8Array(await blob.arrayBuffer()) });
      }
      const zip = buildPaddleClasZip(
        classes.map((c) => c.name),
        withBytes,
      );
      return transfer(zip, [zip.buffer]);
    },
  };
  return api;
}

expose(createImportService());
