// Pure parts of `bench train`: flags, the JSON lines `webclas bench` tabulates, the bench's own table, the random
// batch's two layouts, and the planned 224/32 peak the issue caps at 2 GiB.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../onnx/import.ts';
import { readShared } from '../onnx/testing/shared.ts';
import {
  benchData,
  benchGraph,
  formatTrainTable,
  imagesPerSecond,
  PLAN_CASE,
  parseTrainBenchArgs,
  plannedPeakBytes,
  TRAIN_BENCH_DEFAULTS,
  type TrainCaseResult,
  trainResultLine,
} from './train-bench.ts';

const side = (meanMs: number) => ({ warmupMs: 5 * meanMs, steps: 3, meanMs, loss: 2.5 });

describe('parseTrainBenchArgs', () => {
  it('defaults to a small case that SwiftShader finishes', () => {
    expect(parseTrainBenchArgs({})).toEqual(TRAIN_BENCH_DEFAULTS);
    expect(TRAIN_BENCH_DEFAULTS.steps).toBeGreaterThanOrEqual(3);
    expect(TRAIN_BENCH_DEFAULTS.modes).toEqual(['full', 'head']);
  });

  it('reads --size --batch --steps --warmup --modes --classes --lr --no-tfjs', () => {
    const o = parseTrainBenchArgs({
      size: '224',
      batch: '32',
      steps: '5',
      warmup: '0',
      modes: 'head',
      classes: '102',
      lr: '0.01',
      'no-tfjs': true,
    });
    expect(o).toEqual({
      size: 224,
      batch: 32,
      steps: 5,
      warmup: 0,
      modes: ['head'],
      classes: 102,
      lr: 0.01,
      tfjs: false,
    });
    expect(parseTrainBenchArgs({ modes: 'head,full,head' }).modes).toEqual(['head', 'full']);
  });

  it('rejects bad values with the flag named', () => {
    expect(() => parseTrainBenchArgs({ batch: '0' })).toThrow(/--batch '0' must be an integer ≥ 1/);
    expect(() => parseTrainBenchArgs({ steps: '2.5' })).toThrow(/--steps/);
    expect(() => parseTrainBenchArgs({ size: '100' })).toThrow(/--size 100 must be a multiple of 32/);
    expect(() => parseTrainBenchArgs({ modes: 'full,last-k' })).toThrow(/'last-k' is not full or head/);
    expect(() => parseTrainBenchArgs({ lr: '-1' })).toThrow(/--lr '-1'/);
    expect(() => parseTrainBenchArgs({ warmup: '-1' })).toThrow(/--warmup/);
  });
});

describe('result lines and table', () => {
  const ran: TrainCaseResult = {
    mode: 'full',
    size: 96,
    batch: 8,
    ours: side(400),
    peakBytes: 300 * 2 ** 20,
    tfjs: side(1000),
  };
  const skipped: TrainCaseResult = { ...ran, mode: 'head', tfjs: { skipped: 'no WebGPU backend' } };

  it('images/s is batch per mean step time', () => {
    expect(imagesPerSecond(8, 400)).toBeCloseTo(20, 12);
    expect(imagesPerSecond(32, 1000)).toBeCloseTo(32, 12);
  });

  it('a case with TF.js is a comparison line: ratio = ours / TF.js images/s', () => {
    const l = trainResultLine(ran);
    expect(l).toMatchObject({
      bench: 'train',
      case: 'full 96px b8',
      unit: 'images/s',
      mode: 'full',
      size: 96,
      batch: 8,
      baseline: 'tfjs-webgpu',
      peak_mb: 300,
    });
    expect(l.ours).toBeCloseTo(20, 12);
    expect(l.baseline_value).toBeCloseTo(8, 12);
    expect(l.ratio).toBeCloseTo(2.5, 12);
  });

  it('a skipped TF.js side keeps our figures and the reason, and is no comparison line', () => {
    const l = trainResultLine(skipped);
    expect(l).toMatchObject({ skipped: 'tfjs-webgpu', reason: 'no WebGPU backend', case: 'head 96px b8' });
    expect('baseline' in l || 'ratio' in l).toBe(false);
  });

  it('the table has one aligned row per case with both rates, the ratio and our peak MB', () => {
    const t = formatTrainTable([ran, skipped]).split('\n');
    expect(t).toHaveLength(4);
    expect(new Set(t.map((l) => l.length)).size).toBe(1);
    expect(t[0]).toMatch(/case .*size .*batch .*ours img\/s .*TF\.js img\/s .*ratio .*our peak MB/);
    expect(t[2]).toMatch(/\| full .*\| 96 .*\| 8 .*\| 20\.00 .*\| 8\.00 .*\| 2\.50× .*\| 300\.0 /);
    expect(t[3]).toMatch(/\| head .*\| skipped .*\| - /);
  });
});

describe('benchData', () => {
  it('gives TF.js the same values as ours, NHWC instead of NCHW, and labels in range', () => {
    const o = { batch: 3, size: 4, classes: 5 };
    const { nchw, nhwc, labels } = benchData(o, 11);
    expect(nchw.length).toBe(3 * 3 * 16);
    for (let b = 0; b < 3; b++)
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < 4; y++)
          for (let x = 0; x < 4; x++)
            expect(nhwc[((b * 4 + y) * 4 + x) * 3 + c]).toBe(nchw[((b * 3 + c) * 4 + y) * 4 + x]);
    expect([...labels].every((l) => l >= 0 && l < 5)).toBe(true);
    expect(new Set(nchw).size).toBeGreaterThan(100);
    expect(benchData(o, 11).nchw).toEqual(nchw);
    expect(benchData(o, 12).nchw).not.toEqual(nchw);
  });
});

describe('planned peak (../shared MobileNetV2, plan only)', () => {
  it(`${PLAN_CASE.size}px batch ${PLAN_CASE.batch}: full fits in 2 GiB; head needs far less`, () => {
    const { graph } = importOnnx(readShared('models/mobilenetv2-12-float.onnx'), 'mobilenetv2-12-float.onnx');
    const g = benchGraph(graph, 12, PLAN_CASE.size);
    expect(g.outputs[0].shape).toEqual([g.outputs[0].shape[0], 12]);
    const full = plannedPeakBytes(g, 'full', PLAN_CASE.batch);
    const head = plannedPeakBytes(g, 'head', PLAN_CASE.batch);
    expect(full).toBeLessThanOrEqual(2 * 2 ** 30);
    expect(full).toBeGreaterThan(2 ** 30); // activations of 32 images at 224 px: well over 1 GiB
    expect(head).toBeLessThan(full / 3);
  });
});
