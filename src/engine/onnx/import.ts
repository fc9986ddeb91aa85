// ONNX bytes → engine Graph: decode, dequantize (int8), fold shape subgraphs, drop Identity, canonicalize ops,
// infer shapes with the batch left symbolic. Every failure names the file, node and opset.
import { formatShape } from '../nn/graph/dims.ts';
import type { Dim, Graph, GraphNode, Param, TensorInfo } from '../nn/graph/ir.ts';
import { IR_OPS } from '../nn/graph/ir.ts';
import { inferNodeShapes } from '../nn/graph/shapes.ts';
import { readAttrs } from './attrs.ts';
import { canonicalize } from './canonical.ts';
import { dequantizeGraph, isQuantized } from './dequantize.ts';
import { type ConstVal, evalFoldable, FOLDABLE_OPS, fromTensor } from './fold.ts';
import type { OnnxTypes } from './proto.ts';
import { decodeModel, toNum } from './proto.ts';
import { nodeContext, type RawGraph, type RawNode, unsupported } from './raw.ts';
import { decodeTensor, isFloatType } from './tensor.ts';

export interface ImportReport {
  /** Nodes evaluated at import time (shape subgraphs, Constant nodes). */
  folded: number;
  /** Identity nodes (and dequantized QDQ pairs) removed. */
  identitiesDropped: number;
  /** True when QLinear/QDQ ops were rewritten to float. */
  dequantized: boolean;
  /** Original op census, by qualified op type. */
  sourceOps: Record<string, number>;
}

export interface ImportResult {
  graph: Graph;
  report: ImportReport;
}

const IR_OP_SET = new Set<string>(IR_OPS);
const CANON_ONLY = new Set(['Identity']);
/** Float initializers up to this size are also kept as folded values (scalars, small constant vectors). */
const MAX_FOLDED_FLOATS = 64;

/** Decodes the protobuf into a RawGraph (initializers decoded, graph inputs and outputs with their shapes). */
function readRaw(bytes: Uint8Array, source: string) {
  const model = decodeModel(bytes, source);
  const g = model.graph!;
  const opsets: Record<string, number> = {};
  for (const o of model.opsetImport ?? []) {
    const dom = o.domain === 'ai.onnx' ? '' : (o.domain ?? '');
    opsets[dom] = toNum(o.version);
  }
  if (opsets[''] === undefined) opsets[''] = 1;
  const initializers = new Map((g.initializer ?? []).map((t) => [t.name ?? '', decodeTensor(t, source)]));
  if ((g.sparseInitializer?.length ?? 0) > 0)
    throw new Error(`${source}: sparse initializers are not supported`);
  const nodes: RawNode[] = (g.node ?? []).map((n, i) => {
    const name = n.name || `${n.opType}_${i}`;
    return {
      opType: n.opType ?? '',
      domain: n.domain === 'ai.onnx' ? '' : (n.domain ?? ''),
      name,
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
      attrs: readAttrs(n, `${source}: node '${name}'`),
    };
  });
  const info = (v: OnnxTypes.IValueInfoProto): TensorInfo => {
    const tt = v.type?.tensorType;
    if (!tt) throw new Error(`${source}: graph input/output '${v.name}' is not a tensor`);
    const dims = (tt.shape?.dim ?? []).map((d, i): Dim => {
      if (d.dimValue !== null && d.dimValue !== undefined && toNum(d.dimValue) > 0) return toNum(d.dimValue);
      return d.dimParam || `${v.name}_dim${i}`;
    });
    return { name: v.name ?? '', shape: dims };
  };
  const inputs = (g.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(info);
  for (const v of g.input ?? []) {
    const elem = v.type?.tensorType?.elemType;
    if (!initializers.has(v.name ?? '') && elem !== 1) {
      throw new Error(
        `${source}: graph input '${v.name}' has element type ${elem}; only float32 inputs are supported`,
      );
    }
  }
  const outputs = (g.output ?? []).map(info);
  const raw: RawGraph = { source, nodes, initializers, opsets };
  const meta: Record<string, string> = {
    producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`.trim(),
  };
  for (const p of model.metadataProps ?? []) meta[p.key ?? ''] = p.value ?? '';
  return { raw, inputs, outputs, name: g.name || source, meta };
}

/** Imports an ONNX model. `source` names the file in messages. */
export function importOnnx(bytes: Uint8Array, source = 'model.onnx'): ImportResult {
  const parsed = readRaw(bytes, source);
  const sourceOps: Record<string, number> = {};
  for (const n of parsed.raw.nodes) {
    const k = n.domain ? `${n.domain}.${n.opType}` : n.opType;
    sourceOps[k] = (sourceOps[k] ?? 0) + 1;
  }
  const dequantized = isQuantized(parsed.raw);
  const raw = dequantized ? dequantizeGraph(parsed.raw) : parsed.raw;
  const { opsets } = raw;
  const opset = opsets[''];

  const params = new Map<string, Param>();
  const consts = new Map<string, ConstVal>();
  const shapes = new Map<string, Dim[]>();
  for (const t of raw.initializers.values()) {
    if (isFloatType(t.dataType))
      params.set(t.name, { name: t.name, shape: t.dims, data: t.data as Float32Array });
    // Integer initializers are shape material (indices, shapes, axes); small float ones may be operands such as
    // Clip bounds. Weight tensors are never folded, so they skip the (costly) conversion to a folded value.
    if (!isFloatType(t.dataType) || t.data.length <= MAX_FOLDED_FLOATS) consts.set(t.name, fromTensor(t));
    shapes.set(t.name, t.dims);
  }
  for (const i of parsed.inputs) shapes.set(i.name, i.shape);

  const alias = new Map<string, string>();
  const resolve = (n: string) => alias.get(n) ?? n;
  const nodes: GraphNode[] = [];
  let folded = 0;
  let identitiesDropped = 0;

  for (const rawNode of raw.nodes) {
    const node = { ...rawNode, inputs: rawNode.inputs.map((n) => (n ? resolve(n) : n)) };
    const ctxText = () => `${source}: ${node.opType} ${nodeContext(node, opsets)}`;
    const known = (n: string) => !n || consts.has(n) || shapes.has(n);
    const missing = node.inputs.find((n) => !known(n));
    if (missing) throw new Error(`${ctxText()}: input '${missing}' is not produced before use`);
    if (node.domain !== '') throw unsupported(node, opsets);

    if (CANON_ONLY.has(node.opType)) {
      const src = params.get(node.inputs[0]);
      const out = node.outputs[0];
      if (src && !params.has(out)) {
        // torch.onnx merges equal-valued initializers and re-creates the others as Identity copies: they were
        // separate parameters, so each gets its own copy here and trains independently.
        params.set(out, { ...src, name: out, data: src.data.slice() });
        const folded = consts.get(src.name);
        if (folded) consts.set(out, folded);
        shapes.set(out, src.shape);
      } else alias.set(out, node.inputs[0]);
      identitiesDropped++;
      continue;
    }
    // A node is folded when every input is a non-param constant (or, for Shape, has a known shape).
    const isParam = (n: string) => params.has(n);
    const allConst = node.inputs.every((n) => !n || (consts.has(n) && !isParam(n)));
    if (FOLDABLE_OPS.has(node.opType) && (allConst || node.opType === 'Shape')) {
      let outs: ConstVal[];
      try {
        outs = evalFoldable(
          node.opType,
          node.inputs.map((n) => (n ? consts.get(n) : undefined)),
          node.attrs,
          shapes.get(node.inputs[0]),
        );
      } catch (e) {
        throw new Error(`${ctxText()}: cannot fold: ${(e as Error).message}`);
      }
      node.outputs.forEach((o, i) => {
        consts.set(o, outs[i]);
        shapes.set(o, outs[i].shape);
      });
      folded++;
      continue;
    }
    if (!IR_OP_SET.has(node.opType)) {
      const why = FOLDABLE_OPS.has(node.opType) ? 'only supported on constant (shape) inputs' : '';
      throw unsupported(node, opsets, why);
    }
    const canon = canonicalize(node, {
      opset,
      constOf: (n) => consts.get(n),
      shapeOf: (n) => shapes.get(n),
      fail: (why) => unsupported(node, opsets, why),
    });
    // Folded values that remain tensor operands (e.g. the 3 and 6 of a decomposed HardSwish) become constant params.
    for (const n of canon.inputs) {
      if (params.has(n) || !consts.has(n)) continue;
      const c = consts.get(n)!;
      if (!c.float) throw unsupported(node, opsets, `integer constant '${n}' used as a tensor operand`);
      const data = Float32Array.from(c.data, (d) => {
        if (typeof d !== 'number')
          throw unsupported(node, opsets, `constant '${n}' depends on the batch size`);
        return d;
      });
      params.set(n, { name: n, shape: c.shape, data, constant: true });
    }
    const irNode: GraphNode = {
      op: canon.op,
      name: node.name,
      inputs: canon.inputs,
      outputs: node.outputs.filter(Boolean),
      attrs: canon.attrs,
    };
    let outShapes: Dim[][];
    try {
      outShapes = inferNodeShapes(
        irNode,
        canon.inputs.map((n) => shapes.get(n)!),
      );
    } catch (e) {
      throw new Error(`${source}: ${(e as Error).message} ${nodeContext(node, opsets)}`);
    }
    irNode.outputs.forEach((o, i) => {
      shapes.set(o, outShapes[i]);
    });
    nodes.push(irNode);
  }

  const outputs = parsed.outputs.map((o) => bindOutput(o, resolve(o.name), nodes, shapes, consts, source));
  const live = pruneDead(
    nodes,
    outputs.map((o) => o.name),
  );
  const usedParams = new Set(live.flatMap((n) => n.inputs));
  for (const name of [...params.keys()]) if (!usedParams.has(name)) params.delete(name);

  const graph: Graph = {
    name: parsed.name,
    inputs: parsed.inputs,
    outputs,
    nodes: live,
    params,
    opsets,
    meta: { ...parsed.meta, ...(dequantized ? { dequantized: 'true' } : {}) },
  };
  return { graph, report: { folded, identitiesDropped, dequantized, sourceOps } };
}

/** Gives a graph output its declared name even when an Identity (now dropped) produced it, and its inferred shape. */
function bindOutput(
  declared: TensorInfo,
  actual: string,
  nodes: GraphNode[],
  shapes: Map<string, Dim[]>,
  consts: Map<string, ConstVal>,
  source: string,
): TensorInfo {
  if (consts.has(actual) && !shapes.has(actual))
    throw new Error(`${source}: graph output '${declared.name}' is a constant`);
  if (actual !== declared.name) {
    const producer = nodes.find((n) => n.outputs.includes(actual));
    if (!producer)
      throw new Error(
        `${source}: graph output '${declared.name}' is a copy of '${actual}', which no node computes`,
      );
    for (const n of nodes) {
      n.inputs = n.inputs.map((t) => (t === actual ? declared.name : t));
      n.outputs = n.outputs.map((t) => (t === actual ? declared.name : t));
    }
    shapes.set(declared.name, shapes.get(actual)!);
  }
  const shape = shapes.get(declared.name);
  if (!shape) throw new Error(`${source}: graph output '${declared.name}' is not computed by any node`);
  if (shape.length !== declared.shape.length) {
    throw new Error(
      `${source}: output '${declared.name}' infers as ${formatShape(shape)}, declared ${formatShape(declared.shape)}`,
    );
  }
  shape.forEach((d, i) => {
    const want = declared.shape[i];
    if (typeof d === 'number' && typeof want === 'number' && d !== want) {
      throw new Error(
        `${source}: output '${declared.name}' infers as ${formatShape(shape)}, declared ${formatShape(declared.shape)}`,
      );
    }
  });
  // Keep the declared symbol for the batch where the export named one (e.g. 'batch').
  return { name: declared.name, shape: shape.map((d, i) => (typeof d === 'number' ? d : declared.shape[i])) };
}

/** Nodes that (transitively) feed a graph output, in their original order. */
function pruneDead(nodes: GraphNode[], outputs: string[]): GraphNode[] {
  const needed = new Set(outputs);
  const keep: GraphNode[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (n.outputs.some((o) => needed.has(o))) {
      keep.push(n);
      for (const t of n.inputs) needed.add(t);
    }
  }
  return keep.reverse();
}
