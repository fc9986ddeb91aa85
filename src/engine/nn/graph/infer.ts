// Whole-graph shape inference: symbolic (batch as a symbol, at import) or concrete (at plan time).
import { formatShape, isConcrete } from './dims.ts';
import type { Dim, Graph } from './ir.ts';
import { inferNodeShapes } from './shapes.ts';

/** Shapes of every tensor (graph inputs, params, activations) for given graph-input shapes. */
export function inferSymbolicShapes(graph: Graph, inputShapes?: Record<string, Dim[]>): Map<string, Dim[]> {
  const shapes = new Map<string, Dim[]>();
  for (const p of graph.params.values()) shapes.set(p.name, p.shape);
  for (const input of graph.inputs) {
    const given = inputShapes?.[input.name];
    if (given) {
      if (given.length !== input.shape.length) {
        throw new Error(
          `input '${input.name}': shape ${formatShape(given)} has rank ≠ declared ${formatShape(input.shape)}`,
        );
      }
      given.forEach((d, i) => {
        const decl = input.shape[i];
        if (typeof decl === 'number' && decl !== d) {
          throw new Error(
            `input '${input.name}': dim ${i} is ${d}, the model declares ${formatShape(input.shape)}`,
          );
        }
      });
    }
    shapes.set(input.name, given ?? input.shape);
  }
  for (const name of Object.keys(inputShapes ?? {})) {
    if (!graph.inputs.some((i) => i.name === name)) {
      throw new Error(
        `no graph input named '${name}' (inputs: ${graph.inputs.map((i) => i.name).join(', ')})`,
      );
    }
  }
  for (const node of graph.nodes) {
    const ins = node.inputs.map((name) => {
      const s = shapes.get(name);
      if (!s) throw new Error(`${node.op} '${node.name}': input '${name}' is not produced before use`);
      return s;
    });
    const outs = inferNodeShapes(node, ins);
    node.outputs.forEach((name, i) => {
      shapes.set(name, outs[i]);
    });
  }
  return shapes;
}

/**
 * Concrete shapes of every tensor for concrete graph-input shapes, e.g. `inferShapes(g, { input: [8, 3, 224, 224] })`.
 * Throws if any dim stays symbolic (an input shape was not given).
 */
export function inferShapes(graph: Graph, inputShapes: Record<string, number[]>): Map<string, number[]> {
  for (const input of graph.inputs) {
    if (!inputShapes[input.name] && !isConcrete(input.shape)) {
      throw new Error(
        `inferShapes: give a concrete shape for input '${input.name}' ${formatShape(input.shape)}`,
      );
    }
  }
  const sym = inferSymbolicShapes(graph, inputShapes);
  const out = new Map<string, number[]>();
  for (const [name, shape] of sym) {
    if (!isConcrete(shape))
      throw new Error(`inferShapes: tensor '${name}' has a symbolic shape ${formatShape(shape)}`);
    out.set(name, shape);
  }
  return out;
}
