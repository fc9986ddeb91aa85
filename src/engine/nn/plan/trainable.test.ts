// Fine-tune modes: the stage rule on real architectures (a residual block is one stage, the classifier the last)
// and which params each mode trains.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../onnx/import.ts';
import { readShared } from '../../onnx/testing/shared.ts';
import { cutTensors, runningStats, stages, trainableParams } from './trainable.ts';

const load = (rel: string) => importOnnx(readShared(`models/${rel}`), rel).graph;

describe('stages', () => {
  it('resnet18: stem, 8 residual blocks, fc', () => {
    const g = load('arch/resnet18-bn-random.onnx');
    const st = stages(g);
    expect(st).toHaveLength(10);
    expect(st[9].map((n) => n.op)).toEqual(['Gemm']);
    for (const block of st.slice(1, 9)) expect(block.filter((n) => n.op === 'Add')).toHaveLength(1);
    // The block input is live until the skip Add, so nothing before the Add inside a block is a cut.
    const cuts = cutTensors(g);
    const block = st[1];
    const add = block.findIndex((n) => n.op === 'Add');
    expect(block.slice(0, add).some((n) => n.outputs.some((t) => cuts.has(t)))).toBe(false);
    expect(cuts.has(block[add].outputs[0])).toBe(true);
  });

  it('stage counts of the shared architectures', () => {
    const counts = Object.fromEntries(
      ['mobilenetv2-12-float.onnx', 'arch/efficientnet_b0-random.onnx', 'arch/squeezenet1_1-random.onnx'].map(
        (f) => [f, stages(load(f)).length],
      ),
    );
    expect(counts).toEqual({
      'mobilenetv2-12-float.onnx': 33,
      'arch/efficientnet_b0-random.onnx': 39,
      'arch/squeezenet1_1-random.onnx': 18,
    });
  });
});

describe('trainable params per mode', () => {
  const g = load('arch/resnet18-bn-random.onnx');
  it('head: the fc weight and bias', () => {
    expect(trainableParams(g, { mode: 'head' })).toEqual(['fc.weight', 'fc.bias']);
  });
  it('last-k = 2: the last block (convs, BN γ/β) and fc; never running stats', () => {
    const p = trainableParams(g, { mode: 'last-k', k: 2 });
    expect(p.slice(-2)).toEqual(['fc.weight', 'fc.bias']);
    expect(p.every((n) => n.startsWith('layer4.1.') || n.startsWith('fc.'))).toBe(true);
    expect(p).toHaveLength(2 * 3 + 2);
    const stats = runningStats(g);
    expect(p.some((n) => stats.has(n))).toBe(false);
  });
  it('full: every weight but the running stats', () => {
    const p = trainableParams(g, { mode: 'full' });
    const stats = runningStats(g);
    expect(p.length + stats.size).toBe([...g.params.values()].filter((x) => !x.constant).length);
  });
  it('last-k rejects k beyond the stage count, naming the graph', () => {
    expect(() => trainableParams(g, { mode: 'last-k', k: 11 })).toThrow(
      /k = 11 but graph '.*' has 10 stages/,
    );
  });
  it('squeezenet has no Gemm head: head mode trains the last stage (final 1×1 conv)', () => {
    const sq = load('arch/squeezenet1_1-random.onnx');
    const p = trainableParams(sq, { mode: 'head' });
    expect(p).toHaveLength(2);
  });
});
