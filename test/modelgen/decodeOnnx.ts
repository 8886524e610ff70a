import protobuf from 'protobufjs';

/** The subset of onnx/onnx.proto the generator writes, decoded by an independent implementation. */
const ONNX_SUBSET = `
syntax = "proto2";
package onnx;
message AttributeProto { optional string name = 1; optional float f = 2; optional int64 i = 3; optional bytes s = 4; repeated int64 ints = 8; optional int32 type = 20; }
message NodeProto { repeated string input = 1; repeated string output = 2; optional string name = 3; optional string op_type = 4; repeated AttributeProto attribute = 5; }
message TensorProto { repeated int64 dims = 1; optional int32 data_type = 2; optional string name = 8; optional bytes raw_data = 9; }
message Dimension { optional int64 dim_value = 1; optional string dim_param = 2; }
message TensorShapeProto { repeated Dimension dim = 1; }
message TensorTypeProto { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; }
message TypeProto { optional TensorTypeProto tensor_type = 1; }
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message GraphProto { repeated NodeProto node = 1; optional string name = 2; repeated TensorProto initializer = 5; repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; }
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message ModelProto { optional int64 ir_version = 1; optional string producer_name = 2; optional GraphProto graph = 7; repeated OperatorSetIdProto opset_import = 8; }
`;
const ModelProto = protobuf.parse(ONNX_SUBSET).root.lookupType('onnx.ModelProto');

export interface DecodedAttribute {
  name: string;
  f?: number;
  i?: number;
  ints?: number[];
  type: number;
}

export interface DecodedNode {
  name: string;
  opType: string;
  input?: string[];
  output?: string[];
  attribute?: DecodedAttribute[];
}

export interface DecodedTensor {
  name: string;
  dims?: number[];
  dataType: number;
  rawData: Uint8Array;
}

export interface DecodedValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: Array<{ dimValue?: number; dimParam?: string }> } } };
}

export interface DecodedModel {
  irVersion: number;
  producerName: string;
  opsetImport: Array<{ domain?: string; version: number }>;
  graph: {
    name: string;
    node: DecodedNode[];
    initializer: DecodedTensor[];
    input: DecodedValueInfo[];
    output: DecodedValueInfo[];
  };
}

/** Decodes ONNX bytes into plain objects (int64 as numbers, bytes as Uint8Array). */
export function decodeOnnx(bytes: Uint8Array): DecodedModel {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: false }) as DecodedModel;
}

/** The initializer with this name, or a failure naming it. */
export function initializerNamed(model: DecodedModel, name: string): DecodedTensor {
  const tensor = model.graph.initializer.find((candidate) => candidate.name === name);
  if (!tensor) throw new Error(`no initializer ${name}`);
  return tensor;
}
