// Test-only: builds small engine graphs (IR) directly, with fresh random weights, and random CNN-like DAGs for
// property tests of autograd and the buffer plan.
import { inferSymbolicShapes } from '../../graph/infer.ts';
import type { AttrValue, Dim, Graph, GraphNode, IrOp } from '../../graph/ir.ts';

export { mulberry32 } from '../../../random/mulberry32.ts';

import { mulberry32 } from '../../../random/mulberry32.ts';

export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly params = new Map<
    string,
    { name: string; shape: number[]; data: Float32Array; constant?: boolean }
  >();
  private count = 0;

  constructor(
    private readonly name: string,
    private readonly inputShape: Dim[],
    private readonly rand: () => number = Math.random,
  ) {}

  readonly input = 'x';

  /** A param with uniform values in [lo, hi). */
  param(base: string, shape: number[], lo = -0.5, hi = 0.5, constant = false): string {
    const name = `${base}_${this.count++}`;
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: n }, () => lo + (hi - lo) * this.rand());
    this.params.set(name, { name, shape, data, ...(constant ? { constant } : {}) });
    return name;
  }

  node(op: IrOp, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs = 1): string[] {
    const id = this.count++;
    const outs = Array.from({ length: outputs }, (_, i) => `${op.toLowerCase()}${id}_${i}`);
    this.nodes.push({ op, name: `${op}_${id}`, inputs, outputs: outs, attrs });
    return outs;
  }

  one(op: IrOp, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    return this.node(op, inputs, attrs)[0];
  }

  conv(x: string, cin: number, cout: number, k = 3, stride = 1, group = 1, bias = true): string {
    const w = this.param('w', [cout, cin / group, k, k]);
    const b = bias ? [this.param('b', [cout])] : [];
    const p = (k - 1) / 2;
    return this.one('Conv', [x, w, ...b], {
      strides: [stride, stride],
      pads: [p, p, p, p],
      group,
      kernelShape: [k, k],
    });
  }

  bn(x: string, c: number): string {
    return this.one(
      'BatchNormalization',
      [
        x,
        this.param('gamma', [c], 0.5, 1.5),
        this.param('beta', [c]),
        this.param('mean', [c], -0.2, 0.2),
        this.param('var', [c], 0.5, 1.5),
      ],
      { epsilon: 1e-5, momentum: 0.9 },
    );
  }

  /** Flatten + Gemm(transB=1) to `k` logits, as PyTorch exports Linear. */
  head(x: string, features: number, k: number): string {
    const f = this.one('Flatten', [x], { axis: 1 });
    return this.one('Gemm', [f, this.param('fc_w', [k, features]), this.param('fc_b', [k])], { transB: 1 });
  }

  build(output: string): Graph {
    const g: Graph = {
      name: this.name,
      inputs: [{ name: this.input, shape: this.inputShape }],
      outputs: [{ name: output, shape: [] }],
      nodes: this.nodes,
      params: new Map(this.params),
      opsets: { '': 13 },
      meta: {},
    };
    const shapes = inferSymbolicShapes(g);
    g.outputs[0].shape = shapes.get(output)!;
    return g;
  }
}

/**
 * A random CNN-like DAG: convs, BN, activations, residual Adds, Concat, Split, MaxPool; every tensor that nothing
 * consumes is pooled and concatenated into the classifier input, so every weight reaches the loss.
 */
export function randomGraph(
  seed: number,
  opts: { ops?: number; size?: number; classes?: number } = {},
): Graph {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const size = opts.size ?? 8;
  const b = new GraphBuilder(`random-${seed}`, ['batch', 3, size, size], rand);
  type T = { name: string; c: number; h: number };
  const live: T[] = [{ name: b.conv(b.input, 3, 4), c: 4, h: size }];
  const used = new Set<string>();
  const take = (t: T) => {
    used.add(t.name);
    return t.name;
  };
  const ops = opts.ops ?? 12;
  for (let i = 0; i < ops; i++) {
    const x = pick(live);
    const kind = pick(['conv', 'conv', 'bn', 'act', 'add', 'concat', 'split', 'pool', 'dw']);
    if (kind === 'conv') {
      const c = pick([2, 4, 6]);
      const stride = x.h >= 4 && rand() < 0.3 ? 2 : 1;
      const k = pick([1, 3]);
      live.push({ name: b.conv(take(x), x.c, c, k, stride), c, h: stride === 2 ? Math.ceil(x.h / 2) : x.h });
    } else if (kind === 'dw') {
      live.push({ name: b.conv(take(x), x.c, x.c, 3, 1, x.c), c: x.c, h: x.h });
    } else if (kind === 'bn') {
      live.push({ name: b.bn(take(x), x.c), c: x.c, h: x.h });
    } else if (kind === 'act') {
      const op = pick(['Relu', 'Clip', 'HardSwish', 'Sigmoid'] as const);
      const attrs: Record<string, AttrValue> = op === 'Clip' ? { min: 0, max: 6 } : {};
      live.push({ name: b.one(op, [take(x)], attrs), c: x.c, h: x.h });
    } else if (kind === 'add' || kind === 'concat') {
      const mates = live.filter((y) => y.h === x.h && (kind === 'concat' || y.c === x.c));
      const y = pick(mates);
      if (kind === 'add') live.push({ name: b.one('Add', [take(x), take(y)]), c: x.c, h: x.h });
      else live.push({ name: b.one('Concat', [take(x), take(y)], { axis: 1 }), c: x.c + y.c, h: x.h });
    } else if (kind === 'split' && x.c % 2 === 0) {
      const [p, q] = b.node('Split', [take(x)], { axis: 1 }, 2);
      live.push({ name: p, c: x.c / 2, h: x.h }, { name: q, c: x.c / 2, h: x.h });
    } else if (kind === 'pool' && x.h >= 2) {
      const h = Math.floor(x.h / 2);
      live.push({ name: b.one('MaxPool', [take(x)], { kernelShape: [2, 2], strides: [2, 2] }), c: x.c, h });
    }
  }
  const ends = live.filter((t) => !used.has(t.name));
  const pooled = ends.map((t) => b.one('GlobalAveragePool', [t.name]));
  const channels = ends.reduce((s, t) => s + t.c, 0);
  const cat = pooled.length > 1 ? b.one('Concat', pooled, { axis: 1 }) : pooled[0];
  return b.build(b.head(cat, channels, opts.classes ?? 3));
}
