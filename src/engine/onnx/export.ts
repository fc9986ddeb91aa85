// Engine Graph → ONNX bytes (opset 13, or 14 when HardSwish is present): the graph's current parameters, its
// (possibly replaced) head, and class names / training metadata as JSON strings in metadata_props.
import type { AttrValue, Dim, Graph, GraphNode, TensorInfo } from '../nn/graph/ir.ts';
import { onnx } from './proto.ts';
import { floatTensor, int64Tensor } from './tensor.ts';

/** metadata_props keys this project writes (values are JSON). */
export const META_KEYS = {
  /** JSON array of class names, index order of the output logits. */
  classes: 'webclas.classes',
  /** JSON object describing the fine-tuning run (recipe, epochs, metrics…), free-form. */
  training: 'webclas.training',
  /** JSON object: provenance of the graph (original producer, whether it was dequantized). */
  source: 'webclas.source',
} as const;

export interface ExportOptions {
  classes?: string[];
  training?: unknown;
  /** Extra metadata_props, written verbatim. */
  metadata?: Record<string, string>;
  producerName?: string;
}

type NodeProto = InstanceType<typeof onnx.NodeProto>;
type TensorProto = InstanceType<typeof onnx.TensorProto>;
type AttributeProto = InstanceType<typeof onnx.AttributeProto>;
const AT = onnx.AttributeProto.AttributeType;

function attr(name: string, v: AttrValue): AttributeProto {
  if (typeof v === 'string')
    return onnx.AttributeProto.create({ name, type: AT.STRING, s: new TextEncoder().encode(v) });
  if (Array.isArray(v)) return onnx.AttributeProto.create({ name, type: AT.INTS, ints: v });
  return Number.isInteger(v) && !FLOAT_ATTRS.has(name)
    ? onnx.AttributeProto.create({ name, type: AT.INT, i: v })
    : onnx.AttributeProto.create({ name, type: AT.FLOAT, f: v });
}

const FLOAT_ATTRS = new Set(['alpha', 'beta', 'epsilon', 'momentum']);
/** IR attribute name → ONNX attribute name, for the attributes that stay attributes. */
const ATTR_NAMES: Record<string, string> = {
  kernelShape: 'kernel_shape',
  ceilMode: 'ceil_mode',
  countIncludePad: 'count_include_pad',
};

function valueInfo(t: TensorInfo) {
  const dim = t.shape.map((d: Dim) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ValueInfoProto.create({
    name: t.name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim } } },
  });
}

/** Writes the graph as an ONNX model. */
export function exportOnnx(graph: Graph, options: ExportOptions = {}): Uint8Array {
  const taken = new Set<string>([...graph.params.keys(), ...graph.inputs.map((i) => i.name)]);
  for (const n of graph.nodes) for (const t of [...n.inputs, ...n.outputs]) taken.add(t);
  const extra: TensorProto[] = [];
  const fresh = (base: string) => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  const ints64 = (node: GraphNode, what: string, v: number[]) => {
    const name = fresh(`${node.name}_${what}`);
    extra.push(int64Tensor(name, [v.length], v));
    return name;
  };
  const scalar = (node: GraphNode, what: string, v: number) => {
    const name = fresh(`${node.name}_${what}`);
    extra.push(floatTensor(name, [], new Float32Array([v])));
    return name;
  };

  const nodes: NodeProto[] = graph.nodes.map((n) => {
    const inputs = [...n.inputs];
    const attrs: AttributeProto[] = [];
    const a = n.attrs;
    switch (n.op) {
      case 'Clip':
        inputs.push(Number.isFinite(a.min) ? scalar(n, 'min', a.min as number) : '');
        if (Number.isFinite(a.max)) inputs.push(scalar(n, 'max', a.max as number));
        break;
      case 'Reshape':
        inputs.push(ints64(n, 'shape', a.shape as number[]));
        break;
      case 'Slice':
        inputs.push(ints64(n, 'starts', a.starts as number[]), ints64(n, 'ends', a.ends as number[]));
        if (a.axes || a.steps) {
          inputs.push(ints64(n, 'axes', (a.axes as number[]) ?? (a.starts as number[]).map((_, i) => i)));
        }
        if (a.steps) inputs.push(ints64(n, 'steps', a.steps as number[]));
        break;
      case 'Squeeze':
      case 'Unsqueeze':
        if (a.axes) inputs.push(ints64(n, 'axes', a.axes as number[]));
        break;
      case 'Split':
        if (a.split) inputs.push(ints64(n, 'split', a.split as number[]));
        attrs.push(attr('axis', a.axis));
        break;
      case 'Dropout':
        inputs.push(scalar(n, 'ratio', a.ratio as number));
        break;
      default:
        for (const [k, v] of Object.entries(a)) attrs.push(attr(ATTR_NAMES[k] ?? k, v));
    }
    return onnx.NodeProto.create({
      name: n.name,
      opType: n.op,
      input: inputs,
      output: n.outputs,
      attribute: attrs,
    });
  });

  const initializer = [...graph.params.values()]
    .map((p) => floatTensor(p.name, p.shape, p.data))
    .concat(extra);
  const metadataProps = Object.entries({
    [META_KEYS.source]: JSON.stringify(graph.meta),
    ...(options.classes ? { [META_KEYS.classes]: JSON.stringify(options.classes) } : {}),
    ...(options.training !== undefined ? { [META_KEYS.training]: JSON.stringify(options.training) } : {}),
    ...options.metadata,
  }).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value }));

  const opset = graph.nodes.some((n) => n.op === 'HardSwish') ? 14 : 13;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: options.producerName ?? 'webclas-studio',
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: opset })],
    metadataProps,
    graph: onnx.GraphProto.create({
      name: graph.name,
      node: nodes,
      initializer,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    }),
  });
  return onnx.ModelProto.encode(model).finish();
}

export interface OnnxMetadata {
  classes?: string[];
  training?: unknown;
  /** Every metadata_props entry, raw. */
  props: Record<string, string>;
}

/** Reads metadata_props (and the webclas.* JSON keys) from ONNX bytes without importing the graph. */
export function readOnnxMetadata(bytes: Uint8Array, source = 'model.onnx'): OnnxMetadata {
  const model = onnx.ModelProto.decode(bytes);
  const props: Record<string, string> = {};
  for (const p of model.metadataProps ?? []) props[p.key ?? ''] = p.value ?? '';
  const parse = (key: string): unknown => {
    if (props[key] === undefined) return undefined;
    try {
      return JSON.parse(props[key]);
    } catch (e) {
      throw new Error(`${source}: metadata '${key}' is not valid JSON (${(e as Error).message})`);
    }
  };
  const classes = parse(META_KEYS.classes);
  if (classes !== undefined && !(Array.isArray(classes) && classes.every((c) => typeof c === 'string'))) {
    throw new Error(`${source}: metadata '${META_KEYS.classes}' must be a JSON array of strings`);
  }
  return { classes: classes as string[] | undefined, training: parse(META_KEYS.training), props };
}
