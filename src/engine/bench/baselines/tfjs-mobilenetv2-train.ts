// Baseline for `bench train`: MobileNetV2 (width 1.0) written with tf.layers as a TF.js user would, trained with
// model.trainOnBatch (SGD momentum 0.9), timed like our step: warm-up, then timed steps ending in awaited data.
type Tf = typeof import('@tensorflow/tfjs');
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;

/** [expansion t, output channels c, repeats n, first stride s] per stage (Sandler et al. 2018, Table 2). */
export const MOBILENETV2_STAGES: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

export interface MobileNetV2Options {
  /** Square input side (NHWC input [batch, size, size, 3]). */
  size: number;
  classes: number;
}

/**
 * Keras' MobileNetV2 at alpha 1.0 (stem conv 32 stride 2, inverted residual blocks, 1×1 conv 1280, global average
 * pool, dense softmax), every conv bias-free and followed by BatchNorm (ε 1e-3, momentum 0.999) and ReLU6 except
 * the linear projections. 'same' padding instead of Keras' explicit ZeroPadding2D: same shapes for even sizes.
 */
export function buildMobileNetV2(tf: Tf, o: MobileNetV2Options): LayersModel {
  if (!Number.isInteger(o.size) || o.size < 32)
    throw new Error(`buildMobileNetV2: size ${o.size} must be an integer ≥ 32`);
  if (!Number.isInteger(o.classes) || o.classes < 1)
    throw new Error(`buildMobileNetV2: classes ${o.classes} must be a positive integer`);
  const L = tf.layers;
  const bn = (x: SymbolicTensor, name: string) =>
    L.batchNormalization({ epsilon: 1e-3, momentum: 0.999, name: `${name}_bn` }).apply(x) as SymbolicTensor;
  const relu6 = (x: SymbolicTensor, name: string) =>
    L.reLU({ maxValue: 6, name: `${name}_relu6` }).apply(x) as SymbolicTensor;
  const conv = (x: SymbolicTensor, filters: number, kernelSize: number, strides: number, name: string) =>
    L.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, name }).apply(
      x,
    ) as SymbolicTensor;

  const input = tf.input({ shape: [o.size, o.size, 3], name: 'input' });
  let x = relu6(bn(conv(input, 32, 3, 2, 'stem'), 'stem'), 'stem');
  let channels = 32;
  let id = 0;
  for (const [t, c, n, s] of MOBILENETV2_STAGES) {
    for (let i = 0; i < n; i++, id++) {
      const stride = i === 0 ? s : 1;
      const name = `block${id}`;
      let h = x;
      if (t !== 1)
        h = relu6(bn(conv(h, channels * t, 1, 1, `${name}_expand`), `${name}_expand`), `${name}_expand`);
      const dw = L.depthwiseConv2d({
        kernelSize: 3,
        strides: stride,
        padding: 'same',
        useBias: false,
        name: `${name}_dw`,
      }).apply(h) as SymbolicTensor;
      h = relu6(bn(dw, `${name}_dw`), `${name}_dw`);
      h = bn(conv(h, c, 1, 1, `${name}_project`), `${name}_project`);
      if (stride === 1 && channels === c) h = L.add({ name: `${name}_add` }).apply([x, h]) as SymbolicTensor;
      x = h;
      channels = c;
    }
  }
  x = relu6(bn(conv(x, 1280, 1, 1, 'last'), 'last'), 'last');
  x = L.globalAveragePooling2d({ name: 'pool' }).apply(x) as SymbolicTensor;
  const logits = L.dense({ units: o.classes, activation: 'softmax', name: 'head' }).apply(
    x,
  ) as SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'mobilenetv2' });
}

/** Full: every layer trains; head: only the dense classifier (set before compile, which collects the weights). */
export function setTrainableForMode(model: LayersModel, mode: 'full' | 'head'): void {
  for (const layer of model.layers) layer.trainable = mode === 'full' || layer.name === 'head';
}

export interface TfTrainTiming {
  /** Warm-up steps' wall time (graph tracing and shader compilation included). */
  warmupMs: number;
  steps: number;
  /** Mean wall time of one timed step. */
  meanMs: number;
  /** Loss of the last timed step (a sanity value: random data). */
  loss: number;
}

export interface TfTrainCase {
  mode: 'full' | 'head';
  size: number;
  batch: number;
  classes: number;
  warmup: number;
  steps: number;
  lr: number;
  /** Random NHWC images and labels, drawn by the caller (the same values our side gets, transposed). */
  images: Float32Array;
  labels: Uint32Array;
}

/**
 * Builds the model, freezes everything but the dense head in head mode, compiles with SGD momentum 0.9 and
 * categorical cross-entropy, then times `trainOnBatch`, which awaits the loss's data: every step ends with its
 * work done on the GPU (updates included: they were queued before the loss readback).
 */
export async function timeTfTrain(tf: Tf, c: TfTrainCase): Promise<TfTrainTiming> {
  const model = buildMobileNetV2(tf, { size: c.size, classes: c.classes });
  const optimizer = tf.train.momentum(c.lr, 0.9);
  setTrainableForMode(model, c.mode);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const x = tf.tensor4d(c.images, [c.batch, c.size, c.size, 3]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(c.labels), 'int32'), c.classes).toFloat();
  try {
    const step = async () => {
      const loss = await model.trainOnBatch(x, y);
      return Array.isArray(loss) ? loss[0] : loss;
    };
    const t0 = performance.now();
    for (let i = 0; i < c.warmup; i++) await step();
    const warmupMs = performance.now() - t0;
    const start = performance.now();
    let loss = Number.NaN;
    for (let i = 0; i < c.steps; i++) loss = await step();
    const totalMs = performance.now() - start;
    return { warmupMs, steps: c.steps, meanMs: totalMs / c.steps, loss };
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
    optimizer.dispose();
  }
}
