// Full / last-k fine-tuning on image batches (ImageDriver) with a tiny BatchNorm CNN at 32 px on 8 real photos:
// flowers12 JPEGs decoded with createImageBitmap in Chromium; in Node (Dawn) crops of the shared PNG photos,
// because Node has no image decoder for JPEG here (createImageBitmap is browser-only). Checks: the augmented
// batch in the executor's input equals runPipeline for the same key; the loss falls on a repeated batch; last-k
// leaves every other param bit-for-bit; val logits equal the CPU executor's eval forward and (Node) ORT on the
// export; EMA and from-scratch; an EMA run checkpointed and resumed (run/checkpoint-state.ts, as the run
// controller does) keeps its shadows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../augment/config/execute.ts';
import { cropImage, type RgbImage } from '../../augment/core/image.ts';
import { loadTestPhoto } from '../../augment/gpu/testing/test-photos.ts';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, maxRelError, requireGpu } from '../../gpu/testing.ts';
import { exportOnnx } from '../../onnx/export.ts';
import { preprocessRef } from '../../preprocess/pipeline.ref.ts';
import type { Graph } from '../graph/ir.ts';
import { reinitWeights } from '../graph/reinit.ts';
import { compileEvalSchedule, withInputSize } from '../plan/compile.ts';
import { GraphBuilder, mulberry32 } from '../plan/testing/graph-builder.ts';
import { trainableParams } from '../plan/trainable.ts';
import { tensor64 } from '../ref/tensor64.ts';
import { readDriverState, restoreDriverState } from '../run/checkpoint-state.ts';
import type { EpochHooks } from '../run/driver.ts';
import { CpuExecutor } from '../train/cpu-executor.ts';
import { ImageDriver } from './image-driver.ts';
import { decodeBlobRgb, rowsFromImages, u8FromRgb } from './image-rows.ts';
import { DEFAULT_RECIPE, type Recipe } from './recipe.ts';
import { epochBatches } from './shuffle.ts';
import { sharedFile } from './testing/shared-file.ts';

const CLASSES = 4;
const inBrowser = typeof window !== 'undefined' && typeof createImageBitmap !== 'undefined';

/** Two flowers12 images of each of the first 4 classes (PaddleClas list: 48 train images per class). */
async function flowers(): Promise<{ images: RgbImage[]; labels: number[] }> {
  const list = new TextDecoder().decode(await sharedFile('data/flowers12-paddleclas/train_list.txt'));
  const rows = list
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([path, label]) => ({ path, label: Number(label) }));
  const picked = [0, 1, 2, 3].flatMap((c) => rows.filter((r) => r.label === c).slice(0, 2));
  const images = await Promise.all(
    picked.map(async (r) =>
      decodeBlobRgb(new Blob([await sharedFile(`data/flowers12-paddleclas/${r.path}`)]), r.path),
    ),
  );
  return { images, labels: picked.map((r) => r.label) };
}

/** Node: 8 crops of the two shared PNG photos, 4 classes. */
async function photoCrops(): Promise<{ images: RgbImage[]; labels: number[] }> {
  const coffee = await loadTestPhoto('data/photos/coffee.png');
  const cat = await loadTestPhoto('data/photos/chelsea.png');
  const images = [0, 1, 2, 3].flatMap((i) => [
    cropImage(coffee, 120 + 40 * i, 80 + 20 * i, 64, 56),
    cropImage(cat, 100 + 30 * i, 40 + 20 * i, 60, 64),
  ]);
  return { images, labels: images.map((_, i) => Math.floor(i / 2)) };
}

/** conv(s2) → BN → Relu → conv(s2) → BN → Relu → GAP → Gemm: three stages (conv, conv, classifier). */
function tinyNet(): Graph {
  const b = new GraphBuilder('tiny-cnn', ['batch', 3, 32, 32], mulberry32(11));
  let x = b.one('Relu', [b.bn(b.conv(b.input, 3, 8, 3, 2, 1, false), 8)]);
  x = b.one('Relu', [b.bn(b.conv(x, 8, 8, 3, 2, 1, false), 8)]);
  return b.build(b.head(b.one('GlobalAveragePool', [x]), 8, CLASSES));
}

function recipe(over: Partial<Recipe>): Recipe {
  return {
    ...DEFAULT_RECIPE,
    mode: 'full',
    size: 32,
    batch: 4,
    lr: 0.1,
    schedule: 'const',
    optimizer: { kind: 'sgd', momentum: 0.9 },
    ...over,
  };
}

function hooks(epoch: number, steps: number, lr: number): EpochHooks {
  return { lrAt: () => lr, firstStep: epoch * steps, beforeStep: async () => {}, onStep: () => {} };
}

describe.skipIf(gpuSkipped)('image driver: full / last-k training on augmented image batches', () => {
  let ctx: GpuContext;
  let images: RgbImage[];
  let labels: number[];
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), {
      label: 'image driver test',
      maxDispatchesPerFlush: 10_000,
    });
    ({ images, labels } = inBrowser ? await flowers() : await photoCrops());
  });
  afterAll(() => ctx?.destroy());

  it('writes the augmented batch (rrc, flip) into the executor input as runPipeline does', async () => {
    const r = recipe({ augment: ['rrc', 'flip'], seed: 5 });
    const train = rowsFromImages(images.slice(0, 4), labels.slice(0, 4));
    const d = ImageDriver.create(ctx, tinyNet(), r, train, null, CLASSES);
    try {
      for (const epoch of [0, 3]) {
        await d.runEpoch(epoch, hooks(epoch, d.stepsPerEpoch, r.lr));
        const [rows] = epochBatches(4, 4, r.seed, epoch);
        const batch = Array.from(rows, (i) => images[i]);
        const want = runPipeline(
          d.pipeline,
          batch,
          Array.from(rows, (i) => labels[i]),
          CLASSES,
          {
            seed: r.seed,
            epoch,
            step: 0,
          },
        ).nchw;
        const got = await ctx.read(d.exec.input);
        let err = 0;
        for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
        expect(err, `epoch ${epoch}: max |input − runPipeline|`).toBeLessThanOrEqual(1e-3);
      }
    } finally {
      d.dispose();
    }
  });

  it('lowers the loss over repeated steps on the same batch (full mode, BatchNorm in train mode)', async () => {
    const r = recipe({ batch: 8, lr: 0.05 });
    const d = ImageDriver.create(ctx, tinyNet(), r, rowsFromImages(images, labels), null, CLASSES);
    try {
      const losses: number[] = [];
      for (let epoch = 0; epoch < 6; epoch++) {
        const s = await d.runEpoch(epoch, hooks(epoch, d.stepsPerEpoch, r.lr));
        expect(s.imagesPerS).toBeGreaterThan(0);
        expect(s.lr).toBe(r.lr);
        losses.push(s.loss);
      }
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[5], `losses ${losses.map((l) => l.toFixed(4)).join(' ')}`).toBeLessThan(losses[0] - 0.05);
      expect(d.peakBytes).toBeGreaterThan(d.exec.plan.peak.totalBytes);
    } finally {
      d.dispose();
    }
  });

  it('last-k trains only the last k stages; val logits equal the CPU eval forward', async () => {
    const base = tinyNet();
    const r = recipe({ mode: 'last-k', k: 2, backboneLrMult: 0.5 });
    const val = rowsFromImages(images.slice(5, 8), labels.slice(5, 8));
    const d = ImageDriver.create(ctx, base, r, rowsFromImages(images, labels), val, CLASSES);
    try {
      const want = new Set(trainableParams(base, { mode: 'last-k', k: 2 }));
      expect(new Set(d.exec.schedule.trainable.map((t) => t.name))).toEqual(want);
      // Running stats of a BatchNorm that trains (batch statistics) move too; a frozen one's must not.
      const moving = new Set(
        base.nodes
          .filter((n) => n.op === 'BatchNormalization' && want.has(n.inputs[1]))
          .flatMap((n) => n.inputs.slice(3, 5)),
      );
      expect(moving.size).toBe(2);
      // The head at lr × 1, the last conv stage at × backboneLrMult.
      for (const t of d.exec.schedule.trainable) expect(t.lrMult).toBe(t.name.startsWith('fc_') ? 1 : 0.5);
      await d.runEpoch(0, hooks(0, d.stepsPerEpoch, r.lr));
      const trained = await d.trainedGraph();
      let changed = 0;
      for (const [name, p] of base.params) {
        const now = trained.params.get(name)!.data;
        const onGpu =
          d.exec.schedule.tensors.get(name)?.kind === 'frozen-param' ? await d.exec.readParam(name) : now;
        if (want.has(name) || moving.has(name)) changed += now.some((v, i) => v !== p.data[i]) ? 1 : 0;
        else {
          expect(Array.from(now), `${name} must not change`).toEqual(Array.from(p.data));
          expect(Array.from(onGpu), `${name} on the GPU`).toEqual(Array.from(p.data));
        }
      }
      expect(changed).toBe(want.size + moving.size);

      const logits = await d.valLogits();
      const u8 = [5, 6, 7].map((i) => u8FromRgb(images[i]));
      const x = preprocessRef(u8, d.evalPreprocess);
      const ref = new CpuExecutor(compileEvalSchedule(trained, 3), trained).forward(
        tensor64(x.dims, Float64Array.from(x.data)),
      );
      const scale = ref.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxRelError(logits!, ref.data, 0.1 * scale).err).toBeLessThan(1e-3);

      // The export carries the moved running stats: ORT (WASM, Node build) gives the same logits.
      if (inBrowser) return;
      const { runOrt } = await import('../../onnx/testing/ort.ts');
      const ort = await runOrt(exportOnnx(trained, { classes: ['a', 'b', 'c', 'd'] }), x.data, x.dims);
      expect(maxRelError(ort.data, ref.data, 0.1 * scale).err).toBeLessThan(1e-4);
    } finally {
      d.dispose();
    }
  });

  it('from scratch re-initialises the weights; EMA shadows follow d·shadow + (1 − d)·param', async () => {
    const base = tinyNet();
    const r = recipe({ fromScratch: true, ema: 0.9, seed: 9 });
    const d = ImageDriver.create(
      ctx,
      base,
      r,
      rowsFromImages(images.slice(0, 4), labels.slice(0, 4)),
      null,
      CLASSES,
    );
    try {
      const scratch = reinitWeights(withInputSize(base, 32, 32), 9).graph;
      for (const [name, p] of d.graph.params) expect(p.data).toEqual(scratch.params.get(name)!.data);
      await d.runEpoch(0, hooks(0, d.stepsPerEpoch, r.lr));
      const ema = await d.readWeights();
      expect(ema.size).toBeGreaterThan(0);
      for (const [name, shadow] of ema) {
        const now = await d.exec.readParam(name);
        const init = scratch.params.get(name)!.data;
        const want = Float64Array.from(init, (v, i) => 0.9 * v + 0.1 * now[i]);
        expect(maxRelError(shadow, want, 1e-3).err, name).toBeLessThan(1e-5);
      }
    } finally {
      d.dispose();
    }
  });

  it('an EMA run checkpointed after epoch 1 and resumed ends with the uninterrupted run’s shadows', async () => {
    const r = recipe({ ema: 0.8, seed: 4 });
    const train = () => rowsFromImages(images.slice(0, 4), labels.slice(0, 4));
    const val = () => rowsFromImages(images.slice(6, 8), labels.slice(6, 8));
    const driver = () => ImageDriver.create(ctx, tinyNet(), r, train(), val(), CLASSES);
    const epochs = async (d: ImageDriver, from: number, to: number) => {
      for (let e = from; e < to; e++) await d.runEpoch(e, hooks(e, d.stepsPerEpoch, r.lr));
    };
    const close = (got: Map<string, Float32Array>, want: Map<string, Float32Array>) => {
      expect([...got.keys()]).toEqual([...want.keys()]);
      let worst = { err: 0, name: '' };
      for (const [name, w] of want) {
        const { err } = maxRelError(got.get(name)!, w, 1e-3);
        if (err > worst.err) worst = { err, name };
      }
      return worst;
    };

    const whole = driver();
    let want: Map<string, Float32Array>;
    let wantLogits: Float32Array;
    try {
      await epochs(whole, 0, 3);
      want = await whole.readWeights();
      wantLogits = (await whole.valLogits())!;
    } finally {
      whole.dispose();
    }

    const first = driver();
    let saved: Awaited<ReturnType<typeof readDriverState>>;
    try {
      await epochs(first, 0, 1);
      saved = await readDriverState(first);
    } finally {
      first.dispose();
    }
    expect(saved.extra?.map((t) => t.name)).toEqual([...want.keys()].map((n) => `ema:${n}`));

    const resumed = driver();
    try {
      await restoreDriverState(resumed, { ...saved, epoch: 1 });
      await epochs(resumed, 1, 3);
      const got = close(await resumed.readWeights(), want);
      expect(got.err, `EMA weights after resume (worst: ${got.name})`).toBeLessThanOrEqual(1e-6);
      const logits = (await resumed.valLogits())!;
      expect(maxRelError(logits, wantLogits, 1e-3).err, 'val logits after resume').toBeLessThanOrEqual(1e-6);
      expect((await resumed.trainedGraph()).params.get([...want.keys()][0])!.data).toEqual(
        [...want.values()][0],
      );

      // Bad checkpoints name the tensor and leave the shadows alone.
      const [name0, data0] = [...want][0];
      await expect(
        resumed.restoreExtraState([{ name: 'ema:nope', data: new Float32Array(1) }]),
      ).rejects.toThrow(/checkpoint tensor 'ema:nope' is not an EMA shadow/);
      await expect(
        resumed.restoreExtraState([{ name: `ema:${name0}`, data: data0.subarray(1) }]),
      ).rejects.toThrow(new RegExp(`'ema:${name0}' holds ${data0.length - 1} values`));
      expect(close(await resumed.readWeights(), want).err).toBeLessThanOrEqual(1e-6);
    } finally {
      resumed.dispose();
    }

    // Control: without the shadows (a checkpoint from before they were kept) the average restarts from the
    // restored weights and ends measurably elsewhere, so the comparison above can fail.
    const old = driver();
    try {
      await restoreDriverState(old, { ...saved, extra: undefined, epoch: 1 });
      for (const [name, shadow] of await old.readWeights())
        expect(shadow, `${name} restarts from the restored weight`).toEqual(await old.exec.readParam(name));
      await epochs(old, 1, 3);
      expect(close(await old.readWeights(), want).err).toBeGreaterThan(1e-3);
    } finally {
      old.dispose();
    }
  });
});
