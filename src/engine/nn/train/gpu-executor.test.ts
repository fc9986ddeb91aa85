// Node-side checks of the GPU executor's op coverage: every op the shared models train with has a launcher, and
// an op without one is named, with its node, before any buffer is allocated.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../onnx/import.ts';
import { readShared } from '../../onnx/testing/shared.ts';
import { compileEvalSchedule, compileTrainSchedule } from '../plan/compile.ts';
import { missingGpuOps } from './gpu-executor.ts';
import { GPU_LAUNCHERS } from './gpu-ops.ts';

const MODELS = [
  'mobilenetv2-12-float.onnx',
  'arch/resnet18-bn-random.onnx',
  'arch/shufflenet_v2_x0_5-random.onnx',
  'arch/efficientnet_b0-random.onnx',
  'arch/mobilenet_v3_small-random.onnx',
  'arch/squeezenet1_1-random.onnx',
];

describe('GPU launcher coverage', () => {
  for (const file of MODELS) {
    it(`${file}: full training and eval schedules have a launcher for every step`, () => {
      const { graph } = importOnnx(readShared(`models/${file}`), file);
      const train = compileTrainSchedule(graph, {
        batch: 2,
        mode: 'full',
        optimizer: { kind: 'sgd' },
        clipNorm: 1,
      });
      expect(missingGpuOps(train)).toEqual([]);
      expect(missingGpuOps(compileEvalSchedule(graph, 2))).toEqual([]);
    });
  }

  it('names the op and node of a step without a launcher', () => {
    const { graph } = importOnnx(readShared('models/arch/resnet18-bn-random.onnx'), 'resnet18');
    const s = compileTrainSchedule(graph, { batch: 1, mode: 'head', optimizer: { kind: 'sgd' } });
    const gemm = s.steps.find((x) => x.op === 'GemmGrad')!;
    const renamed = { ...s, steps: s.steps.map((x) => (x === gemm ? { ...x, op: 'FancyGrad' } : x)) };
    expect(missingGpuOps(renamed)).toEqual([`FancyGrad (node '${gemm.node}')`]);
    expect(GPU_LAUNCHERS.FancyGrad).toBeUndefined();
  });
});
