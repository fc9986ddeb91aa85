// The decoded, not yet canonical form of an ONNX graph that the import passes rewrite step by step.
import type { OnnxAttr } from './attrs.ts';
import type { DecodedTensor } from './tensor.ts';

export interface RawNode {
  opType: string;
  /** '' for the default ONNX domain (also written 'ai.onnx'). */
  domain: string;
  name: string;
  /** '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attrs: Map<string, OnnxAttr>;
}

export interface RawGraph {
  /** The file or model name, for messages. */
  source: string;
  nodes: RawNode[];
  /** Every initializer, decoded (floats and integers). */
  initializers: Map<string, DecodedTensor>;
  opsets: Record<string, number>;
}

/** `(node 'x', opset 13)` or `(node 'x', opset com.microsoft 1)`: the suffix of every per-node message. */
export function nodeContext(node: RawNode, opsets: Record<string, number>): string {
  const dom = node.domain === 'ai.onnx' ? '' : node.domain;
  const version = opsets[dom];
  const opset = version === undefined ? 'opset ?' : dom ? `opset ${dom} ${version}` : `opset ${version}`;
  return `(node '${node.name}', ${opset})`;
}

export function qualifiedOp(node: RawNode): string {
  return node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
}

export function unsupported(node: RawNode, opsets: Record<string, number>, why = ''): Error {
  return new Error(
    `Unsupported ONNX op '${qualifiedOp(node)}' ${nodeContext(node, opsets)}${why ? `: ${why}` : ''}`,
  );
}
