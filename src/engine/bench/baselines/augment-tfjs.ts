// TF.js WebGPU baseline for the augmentation bench: the same per-sample work op by op with what TF.js has
// (cropAndResize, flipLeftRight + where, transform, elementwise colour math, masks, gather for Cutmix).
import { rotationMatrix } from '../../augment/core/affine.ts';
import { type Timing, type TimingOptions, timeGpuWork } from '../timing.ts';
import { type AugmentBenchCase, MEAN, STD } from './augment-case.ts';
import { loadTfWebgpu } from './tfjs-matmul.ts';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor4D = import('@tensorflow/tfjs').Tensor4D;

function boxMask(
  tf: Tf,
  n: number,
  size: number,
  boxes: { y1: number; x1: number; y2: number; x2: number }[],
): Tensor {
  const rows = tf.range(0, size).reshape([1, size, 1, 1]);
  const cols = tf.range(0, size).reshape([1, 1, size, 1]);
  const b = (k: 'y1' | 'x1' | 'y2' | 'x2') => tf.tensor1d(boxes.map((x) => x[k])).reshape([n, 1, 1, 1]);
  return tf
    .greaterEqual(rows, b('y1'))
    .logicalAnd(tf.less(rows, b('y2')))
    .logicalAnd(tf.greaterEqual(cols, b('x1')))
    .logicalAnd(tf.less(cols, b('x2')));
}

/** One batch: NHWC uint-range source → NCHW normalized batch and soft targets (both left on the GPU). */
function augmentTf(tf: Tf, c: AugmentBenchCase, src: Tensor): { images: Tensor; targets: Tensor } {
  return tf.tidy(() => {
    const { n, size, srcSize, samples } = c;
    const boxes = tf.tensor2d(
      samples.map(({ box }) => [
        box.y / (srcSize - 1),
        box.x / (srcSize - 1),
        (box.y + box.h - 1) / (srcSize - 1),
        (box.x + box.w - 1) / (srcSize - 1),
      ]),
    );
    const idx = tf.tensor1d(
      samples.map((_, i) => i),
      'int32',
    );
    let x: Tensor4D = tf.image.cropAndResize(src as Tensor4D, boxes, idx, [size, size], 'bilinear');
    const flipMask = tf
      .tensor1d(
        samples.map((s) => (s.flip ? 1 : 0)),
        'bool',
      )
      .reshape([n, 1, 1, 1]);
    x = tf.where(flipMask, tf.image.flipLeftRight(x), x) as Tensor4D;
    // PIL's matrix maps output centres (x+.5, y+.5); TF maps integer output coordinates
    const transforms = tf.tensor2d(
      samples.map((s) => {
        const [a, b, cc, d, e, f] = rotationMatrix(s.angle, size, size);
        return [a, b, cc + 0.5 * (a + b - 1), d, e, f + 0.5 * (d + e - 1), 0, 0];
      }),
    );
    x = tf.image.transform(x, transforms, 'nearest', 'constant', 128);
    x = tf.clipByValue(
      tf.mul(x, tf.tensor1d(samples.map((s) => s.brightness)).reshape([n, 1, 1, 1])),
      0,
      255,
    ) as Tensor4D;
    x = tf.div(tf.sub(tf.mul(x, 1 / 255), tf.tensor1d([...MEAN])), tf.tensor1d([...STD])) as Tensor4D;
    const erase = samples.map((s) =>
      s.erase
        ? { y1: s.erase.top, x1: s.erase.left, y2: s.erase.top + s.erase.h, x2: s.erase.left + s.erase.w }
        : { y1: 0, x1: 0, y2: 0, x2: 0 },
    );
    x = tf.where(boxMask(tf, n, size, erase), tf.zerosLike(x), x) as Tensor4D;
    const { perm, lam, box } = c.cutmix;
    const other = tf.gather(x, tf.tensor1d(perm, 'int32'));
    const cut = boxMask(tf, 1, size, [{ y1: box.y1, x1: box.x1, y2: box.y2, x2: box.x2 }]);
    x = tf.where(tf.broadcastTo(cut, [n, size, size, 1]), other, x) as Tensor4D;
    const labels = tf.tensor1d(c.labels, 'int32');
    const targets = tf.add(
      tf.mul(tf.oneHot(labels, c.classNum), lam),
      tf.mul(tf.oneHot(tf.gather(labels, tf.tensor1d(perm, 'int32')), c.classNum), 1 - lam),
    );
    return { images: tf.transpose(x, [0, 3, 1, 2]), targets };
  });
}

export async function timeTfAugment(c: AugmentBenchCase, opts: TimingOptions): Promise<Timing> {
  const tf = await loadTfWebgpu();
  const flat = new Float32Array(c.n * c.srcSize * c.srcSize * 3);
  c.images.forEach((img, i) => {
    flat.set(img.data, i * img.data.length);
  });
  const src = tf.tensor4d(flat, [c.n, c.srcSize, c.srcSize, 3]);
  let consumed: Tensor | undefined;
  try {
    return await timeGpuWork(
      () => {
        consumed?.dispose();
        const out = augmentTf(tf, c, src);
        // consumed on the GPU like a training step would: only a per-channel mean is read back
        consumed = tf.tidy(() => tf.add(tf.mean(out.images, [2, 3]), tf.sum(out.targets)));
        out.images.dispose();
        out.targets.dispose();
      },
      async () => {
        await consumed?.data();
      },
      opts,
    );
  } finally {
    consumed?.dispose();
    src.dispose();
  }
}
