// The usual in-browser classification pipeline, as transformers.js runs it with `device: 'webgpu'`: decode, canvas
// 2D resize (short side 256) and centre crop 224, normalize in JS into a CPU Float32 tensor, one ORT WebGPU run
// per image with the output read back to the CPU, softmax + top-5 in JS. The baseline `bench classify` beats.
import type * as Ort from 'onnxruntime-web';
import { softmaxRef, topKRef } from '../../preprocess/topk.ref.ts';

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** Canvas 2D resize + crop + JS normalize of one decoded image into CHW floats. */
export function canvasPreprocess(bitmap: ImageBitmap, resize = 256, crop = 224): Float32Array {
  const s = resize / Math.min(bitmap.width, bitmap.height);
  const w = Math.round(bitmap.width * s);
  const h = Math.round(bitmap.height * s);
  const canvas = new OffscreenCanvas(crop, crop);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) throw new Error('classify baseline: OffscreenCanvas 2D context is not available');
  g.imageSmoothingQuality = 'high';
  // Drawing the resized image shifted by the crop offset resizes and crops in one call.
  g.drawImage(bitmap, -Math.floor((w - crop) / 2), -Math.floor((h - crop) / 2), w, h);
  const { data } = g.getImageData(0, 0, crop, crop);
  const plane = crop * crop;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[c * plane + i] = (data[i * 4 + c] / 255 - MEAN[c]) / STD[c];
  }
  return out;
}

/** One image through the baseline: returns the top-1 index (so the work cannot be skipped). */
export async function classifyBaseline(
  ort: typeof Ort,
  session: Ort.InferenceSession,
  inputName: string,
  blob: Blob,
): Promise<number> {
  const bitmap = await createImageBitmap(blob);
  let data: Float32Array;
  try {
    data = canvasPreprocess(bitmap);
  } finally {
    bitmap.close();
  }
  const out = await session.run({ [inputName]: new ort.Tensor('float32', data, [1, 3, 224, 224]) });
  const logits = Object.values(out)[0];
  const scores = (await logits.getData()) as Float32Array;
  logits.dispose();
  return topKRef(softmaxRef(scores, scores.length), scores.length, 5)[0][0].index;
}
