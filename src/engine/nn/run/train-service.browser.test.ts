// Training runs through the GPU worker's real service in Chromium: a 4-class flowers12 subset imported into a fresh
// IndexedDB library, the real MobileNetV2, head mode on ORT-WASM features at 64 px. Checks epochs, checkpoints,
// pause/resume and a simulated reload give the same curves as an uninterrupted run, a diverging run fails keeping
// its last good checkpoint, the export's ORT logits match evaluateRun, and deleting frees the bytes.
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuWorkerApi } from '../../../../workers/gpu-api.ts';
import { createGpuService } from '../../../../workers/gpu-service.ts';
import type { EvalReport, RunSummary, TrainEvent, TrainRunConfig } from '../../../../workers/train-api.ts';
import { storeModelLoader } from '../../../../workers/train-service.ts';
import { evalPreprocess } from '../../data/feed/eval-preprocess.ts';
import { deriveImage } from '../../data/import/derive.ts';
import { startImport } from '../../data/import/import-job.ts';
import { DeviceManager } from '../../gpu/device-manager.ts';
import { gpuSkipped } from '../../gpu/testing.ts';
import { bitmapPixels, decodeImage } from '../../infer/decode.ts';
import { localModelKey, MemoryLocalModelIndex } from '../../infer/local-models.ts';
import { readOnnxMetadata } from '../../onnx/export.ts';
import { preprocessRef } from '../../preprocess/pipeline.ref.ts';
import { DatasetLibrary } from '../../storage/library.ts';
import { StorageFullError } from '../../storage/quota.ts';
import { deleteDb } from '../../storage/testing/delete-db.ts';
import { MemoryModelStore } from '../../zoo/store.ts';
import type { EpochReport } from '../loop/head-loop.ts';
import { DEFAULT_RECIPE } from '../loop/recipe.ts';
import { sharedFile } from '../loop/testing/shared-file.ts';
import { type CheckpointRow, CheckpointStore } from './checkpoint-store.ts';
import { type DriverFactories, defaultDriverFactories, headDriverFactory } from './drivers.ts';
import { softmaxRow } from './eval-report.ts';
import { RunController } from './run-controller.ts';
import { flowersSubsetFiles } from './testing/flowers-subset.ts';

const inBrowser = typeof document !== 'undefined';
const CLASSES = 4;
const SIZE = 64;

/** Without the timing column, which differs run to run. */
const curve = (h: EpochReport[]) => h.map(({ images_per_s: _, ...rest }) => rest);

interface Watched {
  events: TrainEvent[];
  ended: Promise<TrainEvent & { type: 'state' }>;
  listener: (e: TrainEvent) => void;
}

function watcher(onEvent?: (e: TrainEvent) => void): Watched {
  const events: TrainEvent[] = [];
  let end!: (e: TrainEvent & { type: 'state' }) => void;
  const ended = new Promise<TrainEvent & { type: 'state' }>((ok) => {
    end = ok;
  });
  const listener = (e: TrainEvent) => {
    events.push(e);
    onEvent?.(e);
    if (e.type === 'state' && ['done', 'failed', 'stopped'].includes(e.state)) end(e);
  };
  return { events, ended, listener };
}

describe.skipIf(!inBrowser || gpuSkipped)(
  'training runs (GPU worker service, IndexedDB, real MobileNetV2)',
  () => {
    const libName = `webclas-datasets-train-test-${Math.random().toString(36).slice(2)}`;
    const runsName = `webclas-runs-train-test-${Math.random().toString(36).slice(2)}`;
    let lib: DatasetLibrary;
    let datasetId: string;
    const modelStore = new MemoryModelStore();
    const localIndex = new MemoryLocalModelIndex();
    let service: GpuWorkerApi;
    let config: TrainRunConfig;
    let reference: RunSummary;

    const newService = () =>
      createGpuService({
        gpu: navigator.gpu,
        scope: globalThis,
        loadOrt: () => import('onnxruntime-web/wasm'),
        ortBuild: 'onnxruntime-web/wasm',
        openStore: async () => modelStore,
        openLocalIndex: async () => localIndex,
        openRuns: () => CheckpointStore.open(runsName),
        openLibrary: async () => lib,
      });

    const controllerDeps = (store: CheckpointStore) => ({
      store,
      openLibrary: async () => lib,
      loadModel: storeModelLoader({
        openStore: async () => modelStore,
        openLocalIndex: async () => localIndex,
        loadManifest: async () => {
          throw new Error('no zoo here');
        },
      }),
      drivers: defaultDriverFactories(),
    });

    const run = async (c: TrainRunConfig, onEvent?: (e: TrainEvent, id: string) => void) => {
      let id = '';
      const w = watcher((e) => onEvent?.(e, id));
      id = await service.startRun(c, w.listener);
      const end = await w.ended;
      const summary = (await service.listRuns()).find((r) => r.id === id)!;
      return { id, end, events: w.events, summary };
    };

    beforeAll(async () => {
      const files = await flowersSubsetFiles(CLASSES, 8, 3);
      lib = await DatasetLibrary.open(libName);
      const outcome = await startImport(
        lib,
        { files },
        { name: 'flowers4', copyShortSide: 96 },
        { derive: deriveImage },
      );
      expect(outcome.message ?? outcome.state).toBe('done');
      expect(outcome.stored).toBe(CLASSES * 11);
      datasetId = outcome.datasetId;

      const bytes = await sharedFile('models/mobilenetv2-12-float.onnx');
      service = newService();
      const info = await service.addLocalModel({ name: 'mobilenetv2-12-float.onnx', bytes }, null);
      config = {
        name: 'flowers4 head',
        datasetId,
        trainSplit: 'train',
        valSplit: 'val',
        valFraction: 0,
        base: { kind: 'local', id: info.id },
        mirror: null,
        preset: 'custom',
        recipe: { ...DEFAULT_RECIPE, epochs: 2, batch: 8, lr: 0.05, size: SIZE, seed: 3 },
        featureBackend: 'wasm',
        checkpointEvery: 1,
      };
    }, 300_000);

    afterAll(async () => {
      lib?.close();
      await deleteDb(libName);
      await deleteDb(runsName);
    });

    it('estimates, then trains 2 epochs with an event and a checkpoint each', async () => {
      const est = await service.estimateRun(config);
      expect(est).toMatchObject({ trainImages: 32, valImages: 12, stepsPerEpoch: 4 });
      expect(est.peakGpuBytes).toBeGreaterThan(0);
      expect(est.secondsPerEpoch).toBeGreaterThan(0);
      expect(est.basis).toMatch(/measured on this device/);

      const r = await run(config);
      expect(r.end.state).toBe('done');
      expect(r.events.filter((e) => e.type === 'epoch')).toHaveLength(2);
      expect(
        r.events
          .filter((e) => e.type === 'checkpoint')
          .map((e) => e.type === 'checkpoint' && e.checkpoint.epoch),
      ).toEqual([1, 2]);
      expect(r.events.some((e) => e.type === 'progress' && e.phase.startsWith('train features'))).toBe(true);
      expect(r.summary.checkpoints.map((c) => c.epoch)).toEqual([1, 2]);
      expect(r.summary.checkpoints.filter((c) => c.best)).toHaveLength(1);
      expect(r.summary.history).toHaveLength(2);
      expect(r.summary.history[1].val_top1).toBeGreaterThanOrEqual(0.5);
      reference = r.summary;
    });

    it('pause and resume give the same history as the uninterrupted run', async () => {
      const states: string[] = [];
      const r = await run({ ...config, name: 'paused' }, (e, id) => {
        if (e.type === 'state') states.push(e.state);
        if (e.type === 'progress' && e.phase === 'epoch 2/2' && e.done === 1) {
          void service.pauseRun(id).then(async () => {
            const listed = (await service.listRuns()).find((x) => x.id === id)!;
            states.push(`listed:${listed.state}`);
            await service.resumeRun(id, () => undefined);
          });
        }
      });
      expect(r.end.state).toBe('done');
      expect(states).toContain('paused');
      expect(states).toContain('listed:paused');
      expect(curve(r.summary.history)).toEqual(curve(reference.history));
      // Same backbone, dataset, size and backend as the first run: its cached features are copied, not recomputed.
      const phases = r.events.flatMap((e) => (e.type === 'progress' ? [e.phase] : []));
      expect(phases).toContain('train features reused from an earlier run');
      expect(phases).toContain('val features reused from an earlier run');
      expect(phases.some((p) => /^train features \(/.test(p))).toBe(false);
    });

    it('pauseAfterEpoch pauses at that epoch boundary, checkpointed; resuming gives the same curve', async () => {
      await expect(service.startRun({ ...config, pauseAfterEpoch: 2 }, () => undefined)).rejects.toThrow(
        'pauseAfterEpoch must be a whole number from 1 to 1 (below the epochs), got 2',
      );
      const epochs: number[] = [];
      let atPause: { epochs: number[]; listed: RunSummary } | null = null;
      // checkpointEvery 2 would save only epoch 2: the planned pause saves epoch 1 as well.
      const r = await run(
        { ...config, name: 'pause after 1', checkpointEvery: 2, pauseAfterEpoch: 1 },
        (e, id) => {
          if (e.type === 'epoch') epochs.push(e.report.epoch);
          if (e.type === 'state' && e.state === 'paused') {
            const seen = [...epochs];
            void service.listRuns().then(async (runs) => {
              atPause = { epochs: seen, listed: runs.find((x) => x.id === id)! };
              await service.resumeRun(id, () => undefined);
            });
          }
        },
      );
      expect(r.end.state).toBe('done');
      expect(atPause).not.toBeNull();
      const { epochs: before, listed } = atPause!;
      expect(before).toEqual([1]);
      expect(listed.state).toBe('paused');
      expect(listed.message).toBeUndefined();
      expect(listed.checkpoints.map((c) => c.epoch)).toEqual([1]);
      expect(r.summary.checkpoints.map((c) => c.epoch)).toEqual([1, 2]);
      expect(r.events.filter((e) => e.type === 'state' && e.state === 'paused')).toHaveLength(1);
      expect(curve(r.summary.history)).toEqual(curve(reference.history));
    });

    it('a reload mid-run leaves it interrupted; resuming reaches the same final val top-1', async () => {
      const manager = new DeviceManager(navigator.gpu, { label: 'reload test' });
      const store = await CheckpointStore.open(runsName);
      const before = await RunController.create({ ...controllerDeps(store), device: () => manager.get() });
      let id = '';
      const killed = new Promise<void>((ok) => {
        void before
          .start({ ...config, name: 'reloaded' }, (e) => {
            if (e.type === 'checkpoint' && e.checkpoint.epoch === 1) void before.abandon().then(ok);
          })
          .then((x) => {
            id = x;
          });
      });
      await killed;
      expect((await store.run(id))!.state).toBe('running');
      store.close();
      manager.dispose();

      service = newService(); // the page comes back: a new worker over the same databases
      const listed = (await service.listRuns()).find((x) => x.id === id)!;
      expect(listed.state).toBe('interrupted');
      expect(listed.message).toMatch(/checkpoint of epoch 1/);
      const w = watcher();
      await service.resumeRun(id, w.listener);
      expect((await w.ended).state).toBe('done');
      // Only epoch 2 is trained again; epoch 1 comes from the checkpoint.
      expect(
        w.events.filter((e) => e.type === 'epoch').map((e) => e.type === 'epoch' && e.report.epoch),
      ).toEqual([2]);
      const after = (await service.listRuns()).find((x) => x.id === id)!;
      expect(curve(after.history)).toEqual(curve(reference.history));
      expect(after.history[1].val_top1).toBe(reference.history[1].val_top1);
    });

    it('a lost GPU device resumes from the last checkpoint on a new device, with the same curves', async () => {
      let injected = false;
      const r = await run({ ...config, name: 'device lost' }, (e) => {
        if (!injected && e.type === 'progress' && e.phase === 'epoch 2/2' && e.done === 2) {
          injected = true;
          void service.injectDeviceLoss();
        }
      });
      expect(injected).toBe(true);
      expect(r.end.state).toBe('done');
      const note = r.events.find((e) => e.type === 'state' && /GPU device lost/.test(e.message ?? ''));
      expect(note && note.type === 'state' && note.message).toMatch(
        /resuming from the checkpoint of epoch 1 on a new device \(recovery 1 of 2\)/,
      );
      expect(curve(r.summary.history)).toEqual(curve(reference.history));
    });

    it('a loss that turns NaN fails the run with a message and keeps the last good checkpoint', async () => {
      // The real head driver, with its lr blown up from the second epoch on (1e37: the weights overflow to Inf).
      const exploding: DriverFactories = {
        ...defaultDriverFactories(),
        head: async (input) => {
          const driver = await headDriverFactory(input);
          const runEpoch = driver.runEpoch.bind(driver);
          driver.runEpoch = (epoch, hooks) =>
            runEpoch(epoch, epoch === 0 ? hooks : { ...hooks, lrAt: (s) => hooks.lrAt(s) * 1e37 });
          return driver;
        },
      };
      const store = await CheckpointStore.open(runsName);
      const manager = new DeviceManager(navigator.gpu, { label: 'nan test' });
      const controller = await RunController.create({
        ...controllerDeps(store),
        device: () => manager.get(),
        drivers: exploding,
      });
      try {
        const w = watcher();
        const id = await controller.start({ ...config, name: 'diverging' }, w.listener);
        const end = await w.ended;
        expect(end.state).toBe('failed');
        expect(end.message).toMatch(/loss is (NaN|Infinity) in epoch 2 \(steps 5–8\)/);
        expect(end.message).toMatch(/checkpoint of epoch 1 is kept/);
        const row = (await store.run(id))!;
        expect(row.state).toBe('failed');
        expect(row.checkpoints.map((c) => c.epoch)).toEqual([1]);
        expect((await store.checkpoint(id, 1))!.tensors.length).toBeGreaterThan(0);
      } finally {
        store.close();
        manager.dispose();
      }
    });

    it('exports an ONNX whose ORT logits agree with evaluateRun, added to "My models"', async () => {
      const report: EvalReport = await service.evaluateRun(reference.id);
      const best = reference.checkpoints.find((c) => c.best)!;
      expect(report.epoch).toBe(best.epoch);
      expect(report.top1).toBeCloseTo(reference.history[best.epoch - 1].val_top1!, 12);
      expect(report.confusion.flat().reduce((a, b) => a + b, 0)).toBe(12);

      const out = await service.exportRun(reference.id);
      expect(out.card.classes).toHaveLength(CLASSES);
      expect(out.card.metrics.epoch).toBe(best.epoch);
      expect(readOnnxMetadata(out.onnx).classes).toEqual(reference.classes);
      const mine = await service.listLocalModels();
      expect(mine.map((m) => m.id)).toContain(out.localModelId);
      expect(await modelStore.get(localModelKey(out.localModelId))).toBeDefined();

      // The exported model in ORT on the same val images (their training copies, eval preprocessing).
      const ort = await import('onnxruntime-web/wasm');
      ort.env.wasm.numThreads = 1;
      const session = await ort.InferenceSession.create(out.onnx);
      const images = (await lib.images(datasetId)).filter((i) => i.split === 'val');
      const pre = evalPreprocess(SIZE);
      let hits = 0;
      const probs = new Map<string, number[]>();
      for (const im of images) {
        const blob = (await lib.copy(datasetId, im.hash))!.blob;
        const bitmap = await decodeImage(blob, im.path);
        const x = preprocessRef([bitmapPixels(bitmap)], pre);
        bitmap.close();
        const y = (await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x.data, x.dims) }))[
          session.outputNames[0]
        ].data as Float32Array;
        const p = softmaxRow(y);
        probs.set(im.id, p);
        if (p.indexOf(Math.max(...p)) === im.label) hits++;
      }
      await session.release();
      expect(hits / images.length).toBeCloseTo(report.top1, 12);
      for (const m of report.misclassified) {
        const p = probs.get(m.imageId)!;
        for (const t of m.top3) expect(Math.abs(p[t.index] - t.prob)).toBeLessThan(1e-4);
      }
    });

    it('a full disk pauses the run before its checkpoint; resume writes it and finishes', async () => {
      const store = await CheckpointStore.open(runsName);
      let refused = 0;
      // The real store, except that its first checkpoint write meets a full disk (IndexedDB aborts the transaction).
      const full: CheckpointStore = Object.assign(Object.create(store) as CheckpointStore, {
        saveCheckpoint: (run: RunSummary, row: CheckpointRow) => {
          if (refused++ === 0)
            return Promise.reject(
              new StorageFullError('the checkpoint', new DOMException('quota', 'QuotaExceededError')),
            );
          return store.saveCheckpoint(run, row);
        },
      });
      const manager = new DeviceManager(navigator.gpu, { label: 'quota test' });
      const controller = await RunController.create({ ...controllerDeps(full), device: () => manager.get() });
      try {
        let id = '';
        const w = watcher((e) => {
          if (e.type === 'state' && e.state === 'paused') void controller.resume(id);
        });
        id = await controller.start({ ...config, name: 'disk full' }, w.listener);
        expect((await w.ended).state).toBe('done');
        const paused = w.events.find((e) => e.type === 'state' && e.state === 'paused');
        expect(paused && paused.type === 'state' && paused.message).toMatch(
          /Storage is full.*checkpoint of epoch 1 is retried on resume/,
        );
        const row = (await store.run(id))!;
        expect(row.checkpoints.map((c) => c.epoch)).toEqual([1, 2]);
        expect(curve(row.history)).toEqual(curve(reference.history));
      } finally {
        store.close();
        manager.dispose();
      }
    });

    it('exports the run for PaddleClas: lists, label list and a YAML with the Arch', async () => {
      const zip = unzipSync(await service.exportPaddleClas(reference.id));
      const text = (suffix: string) => {
        const key = Object.keys(zip).find((k) => k.endsWith(suffix));
        expect(key, suffix).toBeDefined();
        return new TextDecoder().decode(zip[key!]);
      };
      expect(text('train_list.txt').trim().split('\n')).toHaveLength(32);
      expect(text('val_list.txt').trim().split('\n')).toHaveLength(12);
      expect(text('label_list.txt').trim().split('\n')).toHaveLength(CLASSES);
      expect(text('.yaml')).toMatch(/name: MobileNetV2/);
    });

    it('deleting a checkpoint and then the run frees their bytes', async () => {
      const store = await CheckpointStore.open(runsName);
      try {
        const total = await store.storedBytes(reference.id);
        const one = reference.checkpoints[0].bytes;
        expect(one).toBeGreaterThan(0);
        await service.deleteCheckpoint(reference.id, 1);
        expect(await store.storedBytes(reference.id)).toBe(total - one);
        expect(
          (await service.listRuns()).find((r) => r.id === reference.id)!.checkpoints.map((c) => c.epoch),
        ).toEqual([2]);
        await service.deleteRun(reference.id);
        expect(await store.storedBytes(reference.id)).toBe(0);
        expect((await service.listRuns()).some((r) => r.id === reference.id)).toBe(false);
      } finally {
        store.close();
      }
    });
  },
);
