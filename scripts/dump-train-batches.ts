// Writes the exact inputs a `webclas train --mode full` run trains on (same split, shuffle, augmentation keys and
// fresh head), from the CPU reference of the augmentation (the GPU path equals it within 1e-3, image-driver.gpu.test):
// for `pytorch-reference.py --replay DIR`, which runs PyTorch's training step on them. This separates the training
// step from the input pipeline when the studio and PyTorch disagree.
// Usage: npx tsx scripts/dump-train-batches.ts DATA_DIR MODEL.onnx OUT_DIR [--seed 0] [--split-seed 0]
//        [--val-split 0.2] [--size 128] [--batch 32] [--epochs 4] [--augment rrc,flip]
// Writes OUT_DIR/inputs.f32 (float32 NCHW, steps × batch × 3 × size × size), labels.txt (one batch per line),
// head.json (the fresh head's weight [classes, in] and bias) and meta.json. MobileNetV2 128 px, 4 epochs: 453 MB.
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDatasetImages } from '../src/cli/dataset-images.ts';
import { runPipeline } from '../src/engine/augment/config/execute.ts';
import { findClassifierHead, replaceHead } from '../src/engine/nn/graph/head.ts';
import { rowsFromEntries } from '../src/engine/nn/loop/image-rows.ts';
import { trainPipeline } from '../src/engine/nn/loop/image-transforms.ts';
import { epochBatches } from '../src/engine/nn/loop/shuffle.ts';
import { importOnnx } from '../src/engine/onnx/import.ts';

const positional: string[] = [];
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i].startsWith('--')) i++;
  else positional.push(process.argv[i]);
}
const [data, modelPath, out] = positional;
if (!data || !modelPath || !out) {
  console.error(
    'usage: npx tsx scripts/dump-train-batches.ts DATA_DIR MODEL.onnx OUT_DIR [--seed 0] [--split-seed 0] ' +
      '[--val-split 0.2] [--size 128] [--batch 32] [--epochs 4] [--augment rrc,flip]',
  );
  process.exit(2);
}
const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const seed = Number(flag('seed', '0'));
const splitSeed = Number(flag('split-seed', String(seed)));
const size = Number(flag('size', '128'));
const batch = Number(flag('batch', '32'));
const epochs = Number(flag('epochs', '4'));
const augment = flag('augment', 'rrc,flip').split(',').filter(Boolean) as ('rrc' | 'flip')[];

const ds = await loadDatasetImages(data, Number(flag('val-split', '0.2')), splitSeed);
const classes = ds.classes.length;
const { graph } = importOnnx(new Uint8Array(readFileSync(modelPath)), modelPath);
const head = findClassifierHead(replaceHead(graph, classes, { seed }));
if (!head.transposed)
  throw new Error(`${modelPath}: head weight is [in, out]; the replay expects Gemm transB=1`);

mkdirSync(out, { recursive: true });
for (const f of ['inputs.f32', 'labels.txt']) rmSync(join(out, f), { force: true });
writeFileSync(
  join(out, 'head.json'),
  JSON.stringify({
    shape: head.weight.shape,
    weight: Array.from(head.weight.data),
    bias: Array.from(head.bias!.data),
  }),
);
// The rows and decoder `webclas train` itself reads its images through.
const trainRows = rowsFromEntries(ds.train);
const images = await Promise.all(Array.from({ length: trainRows.count }, (_, i) => trainRows.pixels(i)));
const pipeline = trainPipeline({ augment, size });
let steps = 0;
for (let epoch = 0; epoch < epochs; epoch++) {
  epochBatches(images.length, batch, seed, epoch).forEach((rows, step) => {
    const labels = Array.from(rows, (i) => ds.train[i].label);
    const { nchw } = runPipeline(
      pipeline,
      Array.from(rows, (i) => images[i]),
      labels,
      classes,
      { seed, epoch, step },
    );
    appendFileSync(join(out, 'inputs.f32'), Buffer.from(nchw.buffer, nchw.byteOffset, nchw.byteLength));
    appendFileSync(join(out, 'labels.txt'), `${labels.join(' ')}\n`);
    steps++;
  });
  console.log(`epoch ${epoch + 1}/${epochs}: ${steps} batches written`);
}
writeFileSync(
  join(out, 'meta.json'),
  JSON.stringify({ seed, splitSeed, size, batch, epochs, augment, classes, steps, train: ds.train.length }),
);
