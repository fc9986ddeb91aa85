// The TF.js MobileNetV2 baseline is the architecture it claims: Keras' parameter counts, and head mode trains
// only the dense layer (TF.js CPU backend in Node: building the model needs no GPU).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2, setTrainableForMode } from './tfjs-mobilenetv2-train.ts';

// Weight shapes are fully known once built; a null dimension would make the count NaN and fail the test.
const count = (ws: { shape: (number | null)[] }[]) =>
  ws.reduce((a, w) => a + w.shape.reduce<number>((x, y) => x * (y ?? Number.NaN), 1), 0);

describe('buildMobileNetV2 (tf.layers)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('has Keras MobileNetV2 1.0 parameter counts with 1000 classes (3,538,984; 3,504,872 trainable)', () => {
    const m = buildMobileNetV2(tf, { size: 224, classes: 1000 });
    try {
      expect(m.countParams()).toBe(3_538_984);
      expect(count(m.trainableWeights)).toBe(3_504_872);
      expect(m.outputs[0].shape).toEqual([null, 1000]);
    } finally {
      m.dispose();
    }
  });

  it('with 12 classes at 96 px: a 1280→12 head on a 3×3 map, 17 inverted residual blocks, 10 skips', () => {
    const m = buildMobileNetV2(tf, { size: 96, classes: 12 });
    try {
      expect(m.getLayer('head').countParams()).toBe(1280 * 12 + 12);
      expect(m.getLayer('last').outputShape).toEqual([null, 3, 3, 1280]);
      expect(m.layers.filter((l) => l.name.endsWith('_dw')).length).toBe(17);
      expect(m.layers.filter((l) => l.name.endsWith('_add')).length).toBe(10);
    } finally {
      m.dispose();
    }
  });

  it('head mode leaves only the dense layer trainable; full mode everything', () => {
    const m = buildMobileNetV2(tf, { size: 64, classes: 12 });
    try {
      setTrainableForMode(m, 'head');
      expect(m.trainableWeights.map((w) => w.originalName).sort()).toEqual(['head/bias', 'head/kernel']);
      setTrainableForMode(m, 'full');
      expect(count(m.trainableWeights)).toBe(3_504_872 - 1281 * 1000 + 1281 * 12);
    } finally {
      m.dispose();
    }
  });

  it('rejects a size or class count it cannot build', () => {
    expect(() => buildMobileNetV2(tf, { size: 16, classes: 12 })).toThrow(/size 16/);
    expect(() => buildMobileNetV2(tf, { size: 96, classes: 0 })).toThrow(/classes 0/);
  });
});
