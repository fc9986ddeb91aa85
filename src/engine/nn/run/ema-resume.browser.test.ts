// An EMA run through the real RunController in Chromium (IndexedDB, a tiny BatchNorm CNN exported to ONNX, full
// mode at 32 px on 8 flowers12 photos): a run reloaded after its epoch-1 checkpoint and resumed saves the same EMA
// shadows (`extra`, `ema:<tensor>`) as an uninterrupted run; a checkpoint without them still resumes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainEvent, TrainRunConfig } from '../../../../workers/train-api.ts';
import { deriveImage } from '../../data/import/derive.ts';
import { startImport } from '../../data/import/import-job.ts';
import { DeviceManager } from '../../gpu/device-manager.ts';
import { gpuSkipped, maxRelError } from '../../gpu/testing.ts';
import { exportOnnx } from '../../onnx/export.ts';
import { DatasetLibrary } from '../../storage/library.ts';
import { deleteDb } from '../../storage/testing/delete-db.ts';
import { classificationMetrics } from '../loop/metrics.ts';
import { DEFAULT_RECIPE } from '../loop/recipe.ts';
import { GraphBuilder, mulberry32 } from '../plan/testing/graph-builder.ts';
import { checkpointValLogits } from './checkpoint-eval.ts';
import { type CheckpointRow, CheckpointStore, checkpointBytes } from './checkpoint-store.ts';
import { defaultDriverFactories } from './drivers.ts';
import { RunController, type RunControllerDeps } from './run-controller.ts';
import { flowersSubsetFiles } from './testing/flowers-subset.ts';

const inBrowser = typeof document !== 'undefined';
const CLASSES = 4;

/** conv(s2) → BN → Relu → GAP → Gemm as ONNX bytes: the run's base model. */
function tinyOnnx(): Uint8Array {
  const b = new GraphBuilder('tiny-cnn', ['batch', 3, 32, 32], mulberry32(5));
  const x = b.one('Relu', [b.bn(b.conv(b.input, 3, 8, 3, 2, 1, false), 8)]);
  return exportOnnx(b.build(b.head(b.one('GlobalAveragePool', [x]), 8, CLASSES)), {
    classes: ['a', 'b', 'c', 'd'],
  });
}

/** Resolves when the run reaches done / failed / stopped. */
function ended(): { listener: (e: TrainEvent) => void; state: Promise<string> } {
  let end!: (s: string) => void;
  const state = new Promise<string>((ok) => {
    end = ok;
  });
  return {
    listener: (e) => {
      if (e.type === 'state' && ['done', 'failed', 'stopped'].includes(e.state)) end(e.message ?? e.state);
    },
    state,
  };
}

/** Worst relative error over the named tensors of two rows' `extra`. */
function extraError(got: CheckpointRow, want: CheckpointRow): { err: number; name: string } {
  expect(got.extra?.map((t) => t.name)).toEqual(want.extra?.map((t) => t.name));
  let worst = { err: 0, name: '' };
  for (const [i, w] of (want.extra ?? []).entries()) {
    const { err } = maxRelError(new Float32Array(got.extra![i].data), new Float32Array(w.data), 1e-3);
    if (err > worst.err) worst = { err, name: w.name };
  }
  return worst;
}

describe.skipIf(!inBrowser || gpuSkipped)('EMA shadows in checkpoints (RunController, IndexedDB)', () => {
  const libName = `webclas-datasets-ema-test-${Math.random().toString(36).slice(2)}`;
  const runsName = `webclas-runs-ema-test-${Math.random().toString(36).slice(2)}`;
  let lib: DatasetLibrary;
  let store: CheckpointStore;
  let manager: DeviceManager;
  let config: TrainRunConfig;
  const model = tinyOnnx();

  const deps = (): RunControllerDeps => ({
    store,
    device: () => manager.get(),
    openLibrary: async () => lib,
    loadModel: async () => ({ bytes: model, name: 'tiny-cnn.onnx' }),
    drivers: defaultDriverFactories(),
  });

  /** Starts a run, abandons it (a reload) after its epoch-1 checkpoint; `edit` may rewrite that row first. */
  async function reloadAfterEpoch1(name: string, edit?: (row: CheckpointRow) => CheckpointRow) {
    const before = await RunController.create(deps());
    let id = '';
    await new Promise<void>((ok) => {
      void before
        .start({ ...config, name }, (e) => {
          if (e.type === 'checkpoint' && e.checkpoint.epoch === 1) void before.abandon().then(ok);
        })
        .then((x) => {
          id = x;
        });
    });
    const row = (await store.checkpoint(id, 1))!;
    if (edit) await store.db.put('checkpoints', edit(row));
    const after = await RunController.create(deps());
    const w = ended();
    await after.resume(id, w.listener);
    expect(await w.state).toBe('done');
    return { id, epoch1: row, final: (await store.checkpoint(id, 2))! };
  }

  beforeAll(async () => {
    const files = await flowersSubsetFiles(CLASSES, 2, 1);
    lib = await DatasetLibrary.open(libName);
    const outcome = await startImport(
      lib,
      { files },
      { name: 'flowers4 tiny', copyShortSide: 48 },
      { derive: deriveImage },
    );
    expect(outcome.message ?? outcome.state).toBe('done');
    store = await CheckpointStore.open(runsName);
    manager = new DeviceManager(navigator.gpu, { label: 'ema resume test' });
    config = {
      name: 'ema',
      datasetId: outcome.datasetId,
      trainSplit: 'train',
      valSplit: 'val',
      valFraction: 0,
      base: { kind: 'local', id: 'tiny' },
      mirror: null,
      preset: 'custom',
      recipe: {
        ...DEFAULT_RECIPE,
        mode: 'full',
        size: 32,
        batch: 4,
        epochs: 2,
        lr: 0.1,
        schedule: 'const',
        optimizer: { kind: 'sgd', momentum: 0.9 },
        ema: 0.8,
        seed: 6,
      },
      featureBackend: 'gpu',
      checkpointEvery: 1,
    };
  }, 300_000);

  afterAll(async () => {
    manager?.dispose();
    store?.close();
    lib?.close();
    await deleteDb(libName);
    await deleteDb(runsName);
  });

  it('a reloaded and resumed EMA run saves the uninterrupted run’s shadows; old rows still resume', async () => {
    const whole = await RunController.create(deps());
    const w = ended();
    const id = await whole.start(config, w.listener);
    expect(await w.state).toBe('done');
    const want = (await store.checkpoint(id, 2))!;
    expect(want.extra?.length, 'one shadow per param and running stat').toBeGreaterThan(0);
    expect(want.extra!.every((t) => t.name.startsWith('ema:'))).toBe(true);
    expect(want.meta.bytes).toBe(checkpointBytes(want));
    expect(want.meta.bytes).toBeGreaterThan(checkpointBytes({ tensors: want.tensors }));

    // Evaluating the saved checkpoint (the Evaluate view) scores the EMA model its epoch report measured: the
    // row's shadows decide the logits (the same row with its raw weights in place of the shadows scores otherwise).
    const run = (await store.listRuns()).find((r) => r.id === id)!;
    const evalDeps = {
      ctx: await manager.get(),
      store,
      lib,
      loadModel: deps().loadModel,
      drivers: defaultDriverFactories(),
    };
    const ema = await checkpointValLogits(evalDeps, run, want);
    const labels = ema.data.val.map((v) => v.label);
    expect(classificationMetrics(ema.logits, labels, CLASSES).top1).toBe(want.meta.valTop1);
    const rawAsShadows = want.extra!.map((t) => ({
      name: t.name,
      data: want.tensors.find((x) => x.name === t.name.slice('ema:'.length))!.data,
    }));
    const raw = await checkpointValLogits(evalDeps, run, { ...want, extra: rawAsShadows });
    expect(maxRelError(ema.logits, raw.logits, 1e-3).err).toBeGreaterThan(1e-4);

    const resumed = await reloadAfterEpoch1('ema reloaded');
    const got = extraError(resumed.final, want);
    expect(got.err, `EMA shadows after resume (worst: ${got.name})`).toBeLessThanOrEqual(1e-6);
    expect(resumed.final.meta.valTop1).toBe(want.meta.valTop1);

    // A row from before shadows were kept: the run resumes, its average restarts, and the shadows end elsewhere
    // (so the comparison above can fail).
    const old = await reloadAfterEpoch1('ema old row', ({ extra: _, ...row }) => row);
    expect(extraError(old.final, want).err).toBeGreaterThan(1e-3);
  }, 300_000);
});
