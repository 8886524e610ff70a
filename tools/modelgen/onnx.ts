import { ProtoMessage, type LazyBytes } from './protobuf';

/**
 * A small in-memory description of an ONNX graph and its encoding as an ONNX `ModelProto`
 * (field numbers from onnx/onnx.proto). Only what a BERT-shaped encoder needs is covered.
 */

/** Element types used by the generator, with their ONNX `TensorProto.DataType` codes. */
export const ONNX_DATA_TYPES = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;
export type OnnxDataType = keyof typeof ONNX_DATA_TYPES;

const BYTES_PER_ELEMENT: Record<OnnxDataType, number> = { float32: 4, uint8: 1, int8: 1, int32: 4, int64: 8 };

/** A constant tensor stored in the graph (weights, shapes, scalars). */
export interface OnnxInitializer {
  name: string;
  dataType: OnnxDataType;
  dims: number[];
  /** Little-endian raw element bytes, possibly produced lazily while writing. */
  data: Uint8Array | LazyBytes;
}

/** A node attribute: an int, a float, a list of ints or a string. */
export type OnnxAttribute = { i: number } | { f: number } | { ints: number[] } | { s: string };

export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
}

/** A graph input or output; string dimensions are symbolic (e.g. "batch"). */
export interface OnnxValueInfo {
  name: string;
  dataType: OnnxDataType;
  shape: Array<number | string>;
}

export interface OnnxGraph {
  name: string;
  opset: number;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

/** Byte size of a tensor with the given type and dimensions. */
export function tensorByteLength(dataType: OnnxDataType, dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1) * BYTES_PER_ELEMENT[dataType];
}

/**
 * Builds a graph node by node with unique value names, so model code reads like the math:
 * `const y = g.op('MatMul', [x, w])`.
 */
export class GraphBuilder {
  readonly graph: OnnxGraph;
  /** Prefix of node names added from now on (e.g. `layer.3`), so nodes can be grouped later. */
  scope = '';
  private counter = 0;

  constructor(name: string, opset = 13) {
    this.graph = { name, opset, nodes: [], initializers: [], inputs: [], outputs: [] };
  }

  /** Adds a node with one output and returns the output's name. */
  op(opType: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}): string {
    return this.opMulti(opType, inputs, 1, attributes)[0] as string;
  }

  /** Adds a node with several outputs. */
  opMulti(
    opType: string,
    inputs: string[],
    outputCount: number,
    attributes: Record<string, OnnxAttribute> = {},
  ): string[] {
    const name = `${this.scope === '' ? '' : `${this.scope}/`}${opType}_${this.counter++}`;
    const outputs = Array.from({ length: outputCount }, (_, index) => `${name}_out${index}`);
    this.graph.nodes.push({ name, opType, inputs, outputs, attributes });
    return outputs;
  }

  /** Renames the output of the last node, e.g. to give the graph output its public name. */
  renameLastOutput(name: string): string {
    const last = this.graph.nodes[this.graph.nodes.length - 1];
    if (!last) throw new Error('graph has no nodes');
    last.outputs[0] = name;
    return name;
  }

  initializer(name: string, dataType: OnnxDataType, dims: number[], data: Uint8Array | LazyBytes): string {
    const expected = tensorByteLength(dataType, dims);
    if (data.byteLength !== expected) {
      throw new Error(`initializer ${name}: ${data.byteLength} bytes, expected ${expected}`);
    }
    this.graph.initializers.push({ name, dataType, dims, data });
    return name;
  }

  /** A float32 constant (scalar when dims is empty). */
  floats(name: string, values: readonly number[], dims: number[] = [values.length]): string {
    return this.initializer(name, 'float32', dims, new Uint8Array(Float32Array.from(values).buffer));
  }

  /** An int64 constant, e.g. shapes and axes. */
  int64s(name: string, values: readonly number[], dims: number[] = [values.length]): string {
    return this.initializer(
      name,
      'int64',
      dims,
      new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer),
    );
  }

  input(name: string, dataType: OnnxDataType, shape: Array<number | string>): string {
    this.graph.inputs.push({ name, dataType, shape });
    return name;
  }

  output(name: string, dataType: OnnxDataType, shape: Array<number | string>): string {
    this.graph.outputs.push({ name, dataType, shape });
    return name;
  }
}

const ATTRIBUTE_TYPE = { f: 1, i: 2, s: 3, ints: 7 } as const;

function encodeAttribute(name: string, attribute: OnnxAttribute): ProtoMessage {
  const message = new ProtoMessage().string(1, name);
  if ('f' in attribute) message.float(2, attribute.f).varint(20, ATTRIBUTE_TYPE.f);
  else if ('i' in attribute) message.varint(3, attribute.i).varint(20, ATTRIBUTE_TYPE.i);
  else if ('s' in attribute) message.string(4, attribute.s).varint(20, ATTRIBUTE_TYPE.s);
  else {
    for (const value of attribute.ints) message.varint(8, value);
    message.varint(20, ATTRIBUTE_TYPE.ints);
  }
  return message;
}

function encodeNode(node: OnnxNode): ProtoMessage {
  const message = new ProtoMessage();
  for (const input of node.inputs) message.string(1, input);
  for (const output of node.outputs) message.string(2, output);
  message.string(3, node.name).string(4, node.opType);
  for (const [name, attribute] of Object.entries(node.attributes)) {
    message.message(5, encodeAttribute(name, attribute));
  }
  return message;
}

function encodeInitializer(tensor: OnnxInitializer): ProtoMessage {
  const message = new ProtoMessage();
  for (const dim of tensor.dims) message.varint(1, dim);
  return message.varint(2, ONNX_DATA_TYPES[tensor.dataType]).string(8, tensor.name).bytes(9, tensor.data);
}

function encodeValueInfo(value: OnnxValueInfo): ProtoMessage {
  const shape = new ProtoMessage();
  for (const dim of value.shape) {
    const dimension = new ProtoMessage();
    if (typeof dim === 'number') dimension.varint(1, dim);
    else dimension.string(2, dim);
    shape.message(1, dimension);
  }
  const tensorType = new ProtoMessage().varint(1, ONNX_DATA_TYPES[value.dataType]).message(2, shape);
  const type = new ProtoMessage().message(1, tensorType);
  return new ProtoMessage().string(1, value.name).message(2, type);
}

/** Encodes a graph as an ONNX `ModelProto` (IR version 7, the one that goes with opset 13). */
export function encodeModel(graph: OnnxGraph, producer = 'quellen-modelgen'): ProtoMessage {
  const graphMessage = new ProtoMessage();
  for (const node of graph.nodes) graphMessage.message(1, encodeNode(node));
  graphMessage.string(2, graph.name);
  for (const tensor of graph.initializers) graphMessage.message(5, encodeInitializer(tensor));
  for (const input of graph.inputs) graphMessage.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) graphMessage.message(12, encodeValueInfo(output));

  const opset = new ProtoMessage().string(1, '').varint(2, graph.opset);
  return new ProtoMessage()
    .varint(1, 7)
    .string(2, producer)
    .string(3, '1')
    .message(7, graphMessage)
    .message(8, opset);
}
