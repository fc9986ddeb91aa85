// reinitWeights: He-normal statistics per layer, zero biases, identity BatchNorm, seeded determinism, untouched
// source graph and non-layer params.
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../plan/testing/graph-builder.ts';
import { reinitWeights } from './reinit.ts';

function net() {
  const b = new GraphBuilder('scratch', ['batch', 3, 8, 8]);
  let x = b.conv(b.input, 3, 64, 3, 1, 1, false);
  x = b.one('Relu', [b.bn(x, 64)]);
  x = b.conv(x, 64, 32, 1, 1, 1, true);
  const slope = b.param('scale', [1], 0.2, 0.3);
  x = b.one('Mul', [x, slope]);
  return { graph: b.build(b.head(b.one('GlobalAveragePool', [x]), 32, 10)), slope };
}

const stats = (d: Float32Array) => {
  const mean = d.reduce((a, v) => a + v, 0) / d.length;
  const variance = d.reduce((a, v) => a + (v - mean) ** 2, 0) / d.length;
  return { mean, variance };
};

describe('reinitWeights', () => {
  it('draws He-normal weights, zero biases and identity BatchNorm', () => {
    const { graph, slope } = net();
    const before = new Map([...graph.params].map(([k, p]) => [k, p.data.slice()]));
    const { graph: g, reinitialised } = reinitWeights(graph, 7);
    const conv1 = graph.nodes[0];
    const w1 = g.params.get(conv1.inputs[1])!.data; // [64, 3, 3, 3]: fan-in 27
    const s1 = stats(w1);
    expect(Math.abs(s1.mean)).toBeLessThan(0.02);
    expect(s1.variance / (2 / 27)).toBeGreaterThan(0.9);
    expect(s1.variance / (2 / 27)).toBeLessThan(1.1);
    const conv2 = graph.nodes.find((n) => n.op === 'Conv' && n !== conv1)!;
    expect(stats(g.params.get(conv2.inputs[1])!.data).variance / (2 / 64)).toBeGreaterThan(0.85);
    expect(stats(g.params.get(conv2.inputs[1])!.data).variance / (2 / 64)).toBeLessThan(1.15);
    expect([...g.params.get(conv2.inputs[2])!.data].every((v) => v === 0)).toBe(true);
    const bn = graph.nodes.find((n) => n.op === 'BatchNormalization')!;
    const values = bn.inputs.slice(1, 5).map((t) => [...g.params.get(t)!.data]);
    expect(values.map((v) => new Set(v))).toEqual([new Set([1]), new Set([0]), new Set([0]), new Set([1])]);
    const gemm = graph.nodes.find((n) => n.op === 'Gemm')!; // transB: [10, 32], fan-in 32
    expect(g.params.get(gemm.inputs[1])!.shape).toEqual([10, 32]);
    expect([...g.params.get(gemm.inputs[2])!.data].every((v) => v === 0)).toBe(true);
    // A param no layer owns keeps its value; the source graph is untouched.
    expect(reinitialised).not.toContain(slope);
    expect(g.params.get(slope)!.data).toEqual(before.get(slope));
    for (const [k, p] of graph.params) expect(p.data).toEqual(before.get(k));
  });

  it('is deterministic per seed and differs across seeds', () => {
    const { graph } = net();
    const w = graph.nodes[0].inputs[1];
    const a = reinitWeights(graph, 1).graph.params.get(w)!.data;
    expect(reinitWeights(graph, 1).graph.params.get(w)!.data).toEqual(a);
    expect(reinitWeights(graph, 2).graph.params.get(w)!.data).not.toEqual(a);
  });

  it('uses the [in, out] fan-in of a MatMul weight and zeroes its bias Add', () => {
    const b = new GraphBuilder('mm', ['batch', 16]);
    const w = b.param('w', [16, 1000]);
    const bias = b.param('bias', [1000]);
    const g = b.build(b.one('Add', [b.one('MatMul', [b.input, w]), bias]));
    const out = reinitWeights(g, 3).graph;
    expect(stats(out.params.get(w)!.data).variance / (2 / 16)).toBeGreaterThan(0.9);
    expect(stats(out.params.get(w)!.data).variance / (2 / 16)).toBeLessThan(1.1);
    expect([...out.params.get(bias)!.data].every((v) => v === 0)).toBe(true);
  });
});
