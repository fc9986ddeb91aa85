// Fresh weights for the "from scratch" recipe: He-normal Conv/Gemm/MatMul weights, zero biases, BatchNorm as an
// identity (γ 1, β 0, mean 0, var 1), drawn from a seeded RNG so a run can be repeated exactly.
import { mulberry32 } from '../../random/mulberry32.ts';
import { cloneGraph, type Graph, type GraphNode, type Param } from './ir.ts';

/** mulberry32 (uniform) + Box–Muller (normal): deterministic per seed, identical in every runtime. */
function normalSource(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => {
    // 1 − u keeps the log argument in (0, 1].
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** What each re-initialised param becomes. */
type Init = { kind: 'he'; fanIn: number } | { kind: 'fill'; value: number };

function weightFanIn(node: GraphNode, w: Param): number {
  if (node.op === 'Conv') return w.shape.slice(1).reduce((a, b) => a * b, 1);
  // Gemm's B is [in, out] unless transB (PyTorch's Linear: [out, in]); MatMul's right operand is [in, out].
  if (node.op === 'Gemm' && node.attrs.transB === 1) return w.shape[1];
  return w.shape[0];
}

/** The init of every param that a layer owns, by name; params of other ops are left as they are. */
function plan(graph: Graph): Map<string, Init> {
  const inits = new Map<string, Init>();
  const isWeight = (t: string | undefined) => {
    const p = t === undefined ? undefined : graph.params.get(t);
    return p !== undefined && !p.constant ? p : undefined;
  };
  const producer = new Map<string, GraphNode>();
  for (const n of graph.nodes) for (const o of n.outputs) producer.set(o, n);
  for (const n of graph.nodes) {
    if (n.op === 'Conv' || n.op === 'Gemm' || n.op === 'MatMul') {
      const w = isWeight(n.inputs[1]);
      if (w) {
        const fanIn = weightFanIn(n, w);
        if (!(fanIn > 0))
          throw new Error(`reinit: node '${n.name}' (${n.op}) weight '${w.name}' has fan-in 0`);
        inits.set(w.name, { kind: 'he', fanIn });
      }
      const b = n.op === 'MatMul' ? undefined : isWeight(n.inputs[2]);
      if (b) inits.set(b.name, { kind: 'fill', value: 0 });
    } else if (n.op === 'BatchNormalization') {
      const values = [1, 0, 0, 1];
      n.inputs.slice(1, 5).forEach((t, i) => {
        if (graph.params.has(t)) inits.set(t, { kind: 'fill', value: values[i] });
      });
    } else if (n.op === 'Add') {
      // The bias of a MatMul layer is the param added to its output (how exporters write Linear without Gemm).
      const fromLayer = n.inputs.some((t) => producer.get(t)?.op === 'MatMul');
      const b = fromLayer ? n.inputs.map(isWeight).find((p) => p !== undefined) : undefined;
      if (b && !inits.has(b.name)) inits.set(b.name, { kind: 'fill', value: 0 });
    }
  }
  return inits;
}

/**
 * A copy of the graph with every layer's weights re-initialised (the source graph is not modified): He normal
 * N(0, 2/fan_in) for Conv/Gemm/MatMul weights, 0 for their biases, BatchNorm γ 1 β 0 mean 0 var 1. Params no
 * layer owns (e.g. a learned Mul scale, folded constants) keep their values. Returns the names that were re-initialised.
 */
export function reinitWeights(graph: Graph, seed: number): { graph: Graph; reinitialised: string[] } {
  const normal = normalSource(seed);
  const g = cloneGraph(graph);
  const inits = plan(graph);
  // Graph order of params, so the draws depend only on (graph, seed).
  for (const [name, init] of inits) {
    const p = graph.params.get(name)!;
    const data = new Float32Array(p.data.length);
    if (init.kind === 'fill') data.fill(init.value);
    else {
      const std = Math.sqrt(2 / init.fanIn);
      for (let i = 0; i < data.length; i++) data[i] = normal() * std;
    }
    g.params.set(name, { ...p, shape: [...p.shape], data });
  }
  return { graph: g, reinitialised: [...inits.keys()] };
}
