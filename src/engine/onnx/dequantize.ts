// Quantized graphs → float graphs: QLinear* ops and QDQ pairs become float ops with dequantized weights; the
// activation quantization is dropped, and a ReLU/ReLU6 that the quantizer fused into an output range returns.
import type { OnnxAttr } from './attrs.ts';
import { type RawGraph, type RawNode, unsupported } from './raw.ts';
import type { DecodedTensor } from './tensor.ts';
import { isFloatType } from './tensor.ts';

const QRANGE: Record<number, [number, number]> = {
  2: [0, 255],
  3: [-128, 127],
  4: [0, 65535],
  5: [-32768, 32767],
};
/** An output range whose upper end is within this relative distance of 6 is read as ReLU6. */
const RELU6_TOLERANCE = 1e-3;

/** What the quantizer fused into an output: nothing, ReLU (range starts at 0) or ReLU6 (range is [0, 6]). */
export type ImpliedActivation = 'none' | 'relu' | 'relu6';

/** Reads an output range (scale, zero point, integer type) as the activation it implies. */
export function impliedActivation(scale: number, zeroPoint: number, dataType: number): ImpliedActivation {
  const range = QRANGE[dataType];
  if (!range || zeroPoint !== range[0]) return 'none';
  const upper = (range[1] - range[0]) * scale;
  return Math.abs(upper - 6) <= 6 * RELU6_TOLERANCE ? 'relu6' : 'relu';
}

/** (q - zp) · scale, per tensor or per channel along `axis`, in float32. */
export function dequantizeValues(
  q: ArrayLike<number>,
  dims: readonly number[],
  scale: ArrayLike<number>,
  zeroPoint: ArrayLike<number> | undefined,
  axis: number,
): Float32Array {
  const out = new Float32Array(q.length);
  if (scale.length === 1) {
    const zp = zeroPoint?.[0] ?? 0;
    for (let i = 0; i < q.length; i++) out[i] = (q[i] - zp) * scale[0];
    return out;
  }
  const ax = axis < 0 ? axis + dims.length : axis;
  if (dims[ax] !== scale.length) {
    throw new Error(`per-axis scale has ${scale.length} entries, dim ${ax} of [${dims}] is ${dims[ax]}`);
  }
  const inner = dims.slice(ax + 1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < q.length; i++) {
    const c = Math.floor(i / inner) % scale.length;
    out[i] = (q[i] - (zeroPoint?.[c] ?? 0)) * scale[c];
  }
  return out;
}

const QLINEAR = new Set(['QLinearConv', 'QLinearMatMul', 'QLinearAdd', 'QLinearGlobalAveragePool']);

/** True when the graph has quantized ops this pass rewrites. */
export function isQuantized(graph: RawGraph): boolean {
  return graph.nodes.some(
    (n) => QLINEAR.has(n.opType) || n.opType === 'QuantizeLinear' || n.opType === 'DequantizeLinear',
  );
}

/** Rewrites a quantized RawGraph into float ops (pure: returns a new graph). */
export function dequantizeGraph(graph: RawGraph): RawGraph {
  const inits = new Map(graph.initializers);
  const used = new Set<string>([...inits.keys()]);
  for (const n of graph.nodes) for (const t of [...n.inputs, ...n.outputs]) used.add(t);
  const nodes: RawNode[] = [];
  const producer = new Map<string, RawNode>();

  const fresh = (base: string): string => {
    let name = base;
    for (let i = 1; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
  const init = (node: RawNode, name: string, what: string): DecodedTensor => {
    const t = inits.get(name);
    if (!t) throw unsupported(node, graph.opsets, `${what} '${name}' must be an initializer`);
    return t;
  };
  const scalar = (node: RawNode, name: string, what: string): number => {
    const t = init(node, name, what);
    if (t.data.length !== 1) throw unsupported(node, graph.opsets, `${what} '${name}' must be per-tensor`);
    return t.data[0];
  };
  /** A float initializer holding the dequantized integer initializer `q`. */
  const dequantInit = (node: RawNode, q: string, s: string, zp: string, axis: number): string => {
    const qt = init(node, q, 'quantized operand');
    if (isFloatType(qt.dataType)) return q;
    const st = init(node, s, 'scale');
    const zt = zp ? init(node, zp, 'zero point') : undefined;
    const data = dequantizeValues(qt.data, qt.dims, st.data, zt?.data, axis);
    const name = fresh(q.endsWith('_quantized') ? q.slice(0, -'_quantized'.length) : `${q}_dequantized`);
    inits.set(name, { name, dataType: 1, dims: qt.dims, data });
    return name;
  };
  const emit = (n: Omit<RawNode, 'attrs' | 'domain'> & { attrs?: Map<string, OnnxAttr> }) => {
    const node: RawNode = { domain: '', attrs: new Map(), ...n };
    nodes.push(node);
    for (const o of node.outputs) producer.set(o, node);
  };
  /** Emits `op` writing `out`, followed by the activation its output range implies. */
  const emitWithActivation = (
    node: RawNode,
    op: Omit<RawNode, 'attrs' | 'domain'> & Partial<RawNode>,
    ys: string,
    yzp: string,
  ) => {
    const zpT = yzp ? init(node, yzp, 'output zero point') : undefined;
    const act = impliedActivation(scalar(node, ys, 'output scale'), zpT?.data[0] ?? 0, zpT?.dataType ?? 2);
    if (act === 'none') return emit(op);
    const out = op.outputs[0];
    const pre = fresh(`${out}_preact`);
    emit({ ...op, outputs: [pre] });
    if (act === 'relu') emit({ opType: 'Relu', name: `${node.name}_relu`, inputs: [pre], outputs: [out] });
    else {
      const attrs = new Map<string, OnnxAttr>([
        ['min', 0],
        ['max', 6],
      ]);
      emit({ opType: 'Clip', name: `${node.name}_relu6`, inputs: [pre], outputs: [out], attrs });
    }
  };

  for (const node of graph.nodes) {
    const i = node.inputs;
    const axis = (node.attrs.get('axis') as number | undefined) ?? 1;
    switch (node.opType) {
      case 'QuantizeLinear': {
        // Activation quantization is dropped; a ReLU the quantizer folded into the range comes back.
        const src = producer.get(i[0]);
        const fusable = src && ['Conv', 'Gemm', 'MatMul', 'Add'].includes(src.opType);
        const idn = { opType: 'Identity', name: node.name, inputs: [i[0]], outputs: node.outputs };
        if (fusable && !inits.has(i[0])) emitWithActivation(node, idn, i[1], i[2] ?? '');
        else emit(idn);
        break;
      }
      case 'DequantizeLinear':
        if (inits.has(i[0])) {
          const f = dequantInit(node, i[0], i[1], i[2] ?? '', axis);
          emit({ opType: 'Identity', name: node.name, inputs: [f], outputs: node.outputs });
        } else emit({ opType: 'Identity', name: node.name, inputs: [i[0]], outputs: node.outputs });
        break;
      case 'QLinearConv': {
        const w = dequantInit(node, i[3], i[4], i[5], 0);
        const inputs = [i[0], w];
        if (i[8]) {
          // Bias is int32 with scale x_scale·w_scale[c] and zero point 0.
          const bt = init(node, i[8], 'bias');
          const ws = init(node, i[4], 'weight scale').data;
          const xs = scalar(node, i[1], 'input scale');
          const data = Float32Array.from(bt.data, (v, c) => v * xs * ws[ws.length === 1 ? 0 : c]);
          const name = fresh(
            i[8].endsWith('_quantized') ? i[8].slice(0, -'_quantized'.length) : `${i[8]}_dequantized`,
          );
          inits.set(name, { name, dataType: 1, dims: bt.dims, data });
          inputs.push(name);
        }
        const conv = {
          opType: 'Conv',
          name: node.name,
          inputs,
          outputs: node.outputs,
          attrs: node.attrs,
          domain: '',
        };
        emitWithActivation(node, conv, i[6], i[7]);
        break;
      }
      case 'QLinearMatMul': {
        const a = inits.has(i[0]) ? dequantInit(node, i[0], i[1], i[2], -2) : i[0];
        const b = inits.has(i[3]) ? dequantInit(node, i[3], i[4], i[5], -1) : i[3];
        const mm = {
          opType: 'MatMul',
          name: node.name,
          inputs: [a, b],
          outputs: node.outputs,
          domain: '',
          attrs: new Map(),
        };
        emitWithActivation(node, mm, i[6], i[7]);
        break;
      }
      case 'QLinearAdd': {
        const a = inits.has(i[0]) ? dequantInit(node, i[0], i[1], i[2], 0) : i[0];
        const b = inits.has(i[3]) ? dequantInit(node, i[3], i[4], i[5], 0) : i[3];
        const add = {
          opType: 'Add',
          name: node.name,
          inputs: [a, b],
          outputs: node.outputs,
          domain: '',
          attrs: new Map(),
        };
        emitWithActivation(node, add, i[6], i[7]);
        break;
      }
      case 'QLinearGlobalAveragePool':
        if (node.attrs.get('channels_last') === 1) throw unsupported(node, graph.opsets, 'channels_last=1');
        // Pooling cannot carry a fused activation: its output range only mirrors its input's.
        emit({ opType: 'GlobalAveragePool', name: node.name, inputs: [i[0]], outputs: node.outputs });
        break;
      default:
        emit({ ...node });
    }
  }
  return { ...graph, nodes, initializers: inits };
}
