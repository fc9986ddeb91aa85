// The GPU worker's training half (Train screen): runs through src/engine/nn/run/run-controller.ts on the worker's
// shared device, checkpoints in the webclas-runs IndexedDB database, evaluation and export of checkpoints.
import type { DeviceManager } from '../src/engine/gpu/device-manager.ts';
import { type LocalModelIndex, localModelKey } from '../src/engine/infer/local-models.ts';
import { checkRecipe } from '../src/engine/nn/loop/recipe.ts';
import { withInputSize } from '../src/engine/nn/plan/compile.ts';
import { checkpointValLogits, pickCheckpoint } from '../src/engine/nn/run/checkpoint-eval.ts';
import type { CheckpointStore } from '../src/engine/nn/run/checkpoint-store.ts';
import { type DriverFactories, defaultDriverFactories } from '../src/engine/nn/run/drivers.ts';
import { deviceFlopRate, estimateFromGraph } from '../src/engine/nn/run/estimate.ts';
import { evalReport } from '../src/engine/nn/run/eval-report.ts';
import { exportRunPaddleClas } from '../src/engine/nn/run/export-paddle.ts';
import { exportRunOnnx } from '../src/engine/nn/run/export-run.ts';
import { RunController } from '../src/engine/nn/run/run-controller.ts';
import { loadRunData } from '../src/engine/nn/run/run-data.ts';
import { type ModelLoader, runStartGraph } from '../src/engine/nn/run/run-graph.ts';
import type { DatasetLibrary } from '../src/engine/storage/library.ts';
import { fetchZooModel } from '../src/engine/zoo/fetch-model.ts';
import { findEntry, type ZooManifest } from '../src/engine/zoo/manifest.ts';
import type { ModelStore } from '../src/engine/zoo/store.ts';
import type { ClassifyWorkerApi } from './gpu-api.ts';
import type { TrainWorkerApi } from './train-api.ts';

export interface TrainServiceDeps {
  manager: DeviceManager | undefined;
  /** The run database (IndexedDB 'webclas-runs' in the worker; a uniquely named one in tests). */
  openRuns: () => Promise<CheckpointStore>;
  openLibrary: () => Promise<DatasetLibrary>;
  loadModel: ModelLoader;
  /** "My models" (the classify service's): exported runs go there so Classify and Compare see them at once. */
  addLocalModel: ClassifyWorkerApi['addLocalModel'];
  /** Per-mode epoch drivers; default: head mode only (full/last-k are wired to the image driver by the lead). */
  drivers?: DriverFactories;
}

/** Model bytes of a zoo entry (through the download cache) or of "My models". */
export function storeModelLoader(d: {
  openStore: () => Promise<ModelStore>;
  openLocalIndex: () => Promise<LocalModelIndex>;
  loadManifest: () => Promise<ZooManifest>;
  fetch?: typeof fetch;
}): ModelLoader {
  const doFetch = d.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  return async (ref, mirror) => {
    const store = await d.openStore();
    if (ref.kind === 'local') {
      const info = await (await d.openLocalIndex()).get(ref.id);
      const got = await store.get(localModelKey(ref.id));
      if (!info || !got) throw new Error(`local model ${ref.id} is not in "My models" (was it deleted?)`);
      return { bytes: got.data, name: info.name.replace(/\.onnx$/i, '') };
    }
    const entry = findEntry(await d.loadManifest(), ref.id);
    const got = await fetchZooModel(entry, {
      store,
      mirror: mirror ?? undefined,
      variant: ref.variant,
      fetch: doFetch,
    });
    return {
      bytes: got.data,
      name: ref.variant ? `${ref.id}/${ref.variant}` : ref.id,
      family: entry.family,
      displayName: entry.name,
    };
  };
}

export function createTrainService(d: TrainServiceDeps): TrainWorkerApi {
  const drivers = d.drivers ?? defaultDriverFactories();
  const device = () => {
    if (!d.manager)
      return Promise.reject(new Error('Training needs WebGPU: navigator.gpu is missing in the GPU worker'));
    return d.manager.get();
  };
  let runs: Promise<CheckpointStore> | undefined;
  const store = () => {
    runs ??= d.openRuns().catch((e) => {
      runs = undefined;
      throw e;
    });
    return runs;
  };
  let controllerPromise: Promise<RunController> | undefined;
  const controller = () => {
    controllerPromise ??= store()
      .then((s) =>
        RunController.create({
          store: s,
          device,
          openLibrary: d.openLibrary,
          loadModel: d.loadModel,
          drivers,
        }),
      )
      .catch((e) => {
        controllerPromise = undefined;
        throw e;
      });
    return controllerPromise;
  };
  const runOf = async (runId: string) => {
    const run = await (await store()).run(runId);
    if (!run) throw new Error(`run ${runId} is not in the run list`);
    return run;
  };

  return {
    async estimateRun(config) {
      checkRecipe(config.recipe);
      const lib = await d.openLibrary();
      const data = await loadRunData(lib, { ...config, seed: config.recipe.seed });
      const { graph } = await runStartGraph({ config, classes: data.classes }, await store(), d.loadModel);
      const r = config.recipe;
      const rate = await deviceFlopRate(await device());
      return estimateFromGraph(
        withInputSize(graph, r.size, r.size),
        r,
        data.train.length,
        data.val.length,
        rate,
        config.recipe.mode === 'head' ? config.featureBackend : 'gpu',
      );
    },
    async startRun(config, onEvent) {
      return (await controller()).start(config, onEvent);
    },
    async resumeRun(runId, onEvent) {
      await (await controller()).resume(runId, onEvent);
    },
    async watchRun(runId, onEvent) {
      return (await controller()).watch(runId, onEvent);
    },
    async pauseRun(runId) {
      await (await controller()).pause(runId);
    },
    async stopRun(runId) {
      await (await controller()).stop(runId);
    },
    async listRuns() {
      return (await controller()).listRuns();
    },
    async deleteRun(runId) {
      await (await controller()).deleteRun(runId);
    },
    async deleteCheckpoint(runId, epoch) {
      const c = await controller();
      if (c.activeRunId === runId)
        throw new Error('the run is in progress: stop it before deleting its checkpoints');
      await (await store()).deleteCheckpoint(runId, epoch);
    },
    async evaluateRun(runId, epoch) {
      const run = await runOf(runId);
      const s = await store();
      const ckpt = await pickCheckpoint(s, run, epoch);
      const { logits, data } = await checkpointValLogits(
        { ctx: await device(), store: s, lib: await d.openLibrary(), loadModel: d.loadModel, drivers },
        run,
        ckpt,
      );
      const images = data.val.map((v) => ({ imageId: v.id, path: v.path, label: v.label }));
      return evalReport(runId, ckpt.epoch, logits, images, run.classes);
    },
    async exportRun(runId, epoch) {
      const run = await runOf(runId);
      const s = await store();
      const ckpt = await pickCheckpoint(s, run, epoch);
      const ds = await (await d.openLibrary()).dataset(run.config.datasetId);
      const out = await exportRunOnnx(run, ckpt, s, d.loadModel, ds?.name ?? run.config.datasetId);
      const info = await d.addLocalModel({ name: out.fileName, bytes: out.onnx }, null);
      return { onnx: out.onnx, card: out.card, fileName: out.fileName, localModelId: info.id };
    },
    async exportPaddleClas(runId) {
      return exportRunPaddleClas(await runOf(runId), await d.openLibrary(), await store(), d.loadModel);
    },
  };
}
