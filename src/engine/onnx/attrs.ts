// ONNX AttributeProto → plain JS values, keyed by attribute name.
import type { OnnxTypes } from './proto.ts';
import { onnx, toNum } from './proto.ts';
import { type DecodedTensor, decodeTensor } from './tensor.ts';

export type OnnxAttr = number | number[] | string | string[] | DecodedTensor;
type NodeProto = OnnxTypes.INodeProto;
const AT = onnx.AttributeProto.AttributeType;

const text = new TextDecoder();

export function readAttrs(node: NodeProto, where: string): Map<string, OnnxAttr> {
  const out = new Map<string, OnnxAttr>();
  for (const a of node.attribute ?? []) {
    const name = a.name ?? '';
    switch (a.type) {
      case AT.FLOAT:
        out.set(name, a.f ?? 0);
        break;
      case AT.INT:
        out.set(name, toNum(a.i));
        break;
      case AT.STRING:
        out.set(name, text.decode(a.s ?? new Uint8Array()));
        break;
      case AT.FLOATS:
        out.set(name, [...(a.floats ?? [])]);
        break;
      case AT.INTS:
        out.set(
          name,
          (a.ints ?? []).map((v) => toNum(v)),
        );
        break;
      case AT.STRINGS:
        out.set(
          name,
          (a.strings ?? []).map((s) => text.decode(s)),
        );
        break;
      case AT.TENSOR:
        if (!a.t) throw new Error(`${where}: attribute '${name}' has no tensor`);
        out.set(name, decodeTensor(a.t, `${where} attribute '${name}'`));
        break;
      default:
        // Graph-, sparse- and type-valued attributes only appear on ops we reject anyway (If, Loop, …).
        break;
    }
  }
  return out;
}
