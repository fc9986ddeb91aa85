// Zoo families → PaddleClas Arch names, against the real zoo manifest, and which archs take lr_mult_list.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lrMultStages, paddleClasArch } from './arch-map.ts';

describe('paddleClasArch', () => {
  it('maps the zoo entries by family and display name', () => {
    expect(paddleClasArch('mobilenet-v2', 'MobileNetV2 1.0 (ONNX Model Zoo, fp32)')).toEqual({
      name: 'MobileNetV2',
      exact: true,
    });
    expect(paddleClasArch('mobilenet-v2', 'MobileNetV2 0.5')).toEqual({
      name: 'MobileNetV2_x0_5',
      exact: true,
    });
    // PaddleClas ships no 0.35 width: the plain name, flagged.
    expect(paddleClasArch('mobilenet-v2', 'MobileNetV2 0.35 96 (google, ONNX)')).toEqual({
      name: 'MobileNetV2',
      exact: false,
    });
    expect(paddleClasArch('resnet', 'ResNet-50 v1 (ONNX Model Zoo, fp32)')).toEqual({
      name: 'ResNet50',
      exact: true,
    });
    expect(paddleClasArch('resnet', 'ResNet-18 (transformers.js)')).toEqual({
      name: 'ResNet18',
      exact: true,
    });
    expect(paddleClasArch('mobilenet-v3')).toEqual({ name: 'MobileNetV3_large_x1_0', exact: true });
    expect(paddleClasArch('efficientnet')).toEqual({ name: 'EfficientNetB0', exact: true });
    expect(paddleClasArch('efficientnet-lite').exact).toBe(false);
    expect(paddleClasArch('fastvit')).toEqual({ name: 'fastvit', exact: false });
  });

  it('gives every model of the zoo manifest a name usable as a PaddleClas Arch', () => {
    const zoo = JSON.parse(readFileSync(resolve(process.cwd(), 'models/zoo.json'), 'utf8')) as {
      models: { family: string; name: string }[];
    };
    expect(zoo.models.length).toBeGreaterThan(5);
    for (const m of zoo.models) expect(paddleClasArch(m.family, m.name).name).toMatch(/^[A-Za-z][\w.-]*$/);
  });
});

describe('lrMultStages', () => {
  it('knows the archs with per-stage lr multipliers', () => {
    expect(lrMultStages('ResNet50')).toBe(5);
    expect(lrMultStages('ResNet50_vd')).toBe(5);
    expect(lrMultStages('MobileNetV3_large_x1_0')).toBe(6);
    expect(lrMultStages('PPLCNet_x1_0')).toBe(6);
    expect(lrMultStages('MobileNetV2')).toBeNull();
    expect(lrMultStages('EfficientNetB0')).toBeNull();
  });
});
