import { buildBertGraph, E5_SMALL_SHAPE, validateBertShape, type BertShape } from '../../tools/modelgen/bert';
import { bertConfigJson } from '../../tools/modelgen/model';
import type { OnnxGraph } from '../../tools/modelgen/onnx';
import { encodeMessage } from '../../tools/modelgen/protobuf';
import { encodeModel } from '../../tools/modelgen/onnx';
import { decodeOnnx } from './decodeOnnx';

const SMALL: BertShape = {
  layers: 3,
  hidden: 16,
  heads: 2,
  ffn: 24,
  vocabSize: 50,
  maxPositions: 20,
  seed: 3,
};

function opCounts(opTypes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const op of opTypes) counts[op] = (counts[op] ?? 0) + 1;
  return counts;
}

/** Op types per node-name scope, read back from the encoded file. */
function scopes(graph: OnnxGraph): Map<string, string[]> {
  const decoded = decodeOnnx(encodeMessage(encodeModel(graph))).graph;
  const byScope = new Map<string, string[]>();
  for (const node of decoded.node) {
    const scope = node.name.split('/')[0] as string;
    byScope.set(scope, [...(byScope.get(scope) ?? []), node.opType]);
  }
  return byScope;
}

function dimsOf(graph: OnnxGraph): Record<string, number[]> {
  return Object.fromEntries(graph.initializers.map((tensor) => [tensor.name, tensor.dims]));
}

describe('buildBertGraph', () => {
  it('builds one encoder block per layer with attention, softmax, Erf-GELU and two spelled-out LayerNorms (float32)', () => {
    const byScope = scopes(buildBertGraph(SMALL, { quantized: false }));
    expect([...byScope.keys()]).toEqual(['embeddings', 'mask', 'layer.0', 'layer.1', 'layer.2']);
    for (const layer of ['layer.0', 'layer.1', 'layer.2']) {
      const ops = byScope.get(layer) as string[];
      expect(ops).toHaveLength(50);
      expect(opCounts(ops)).toEqual({
        MatMul: 8, // Q, K, V, output, FFN in, FFN out + scores + context
        Add: 14, // 6 biases + mask bias + 2 residuals + GELU's 1+erf + 2 × LayerNorm (ε, β)
        Reshape: 4,
        Transpose: 4,
        Div: 4, // scaling + GELU + 2 × LayerNorm
        Softmax: 1,
        Erf: 1,
        Mul: 4, // GELU × 2 + 2 × LayerNorm γ
        ReduceMean: 4,
        Sub: 2,
        Pow: 2,
        Sqrt: 2,
      });
    }
    expect(opCounts(byScope.get('embeddings') as string[])).toMatchObject({
      Gather: 2,
      Slice: 2,
      Shape: 1,
      ReduceMean: 2,
    });
  });

  it('uses DynamicQuantizeLinear + MatMulInteger for the six projections and a uint8 word table when quantized', () => {
    const graph = buildBertGraph(SMALL, { quantized: true });
    const byScope = scopes(graph);
    for (const layer of ['layer.0', 'layer.1', 'layer.2']) {
      const counts = opCounts(byScope.get(layer) as string[]);
      expect(counts).toMatchObject({
        DynamicQuantizeLinear: 6,
        MatMulInteger: 6,
        Cast: 6,
        MatMul: 2,
        Softmax: 1,
        Erf: 1,
      });
    }
    expect(opCounts(byScope.get('embeddings') as string[])).toMatchObject({ DequantizeLinear: 1, Gather: 2 });
    const types = Object.fromEntries(graph.initializers.map((tensor) => [tensor.name, tensor.dataType]));
    expect(types['embeddings.word_embeddings.weight_quantized']).toBe('uint8');
    expect(types['encoder.layer.1.attention.self.query.weight_quantized']).toBe('int8');
    expect(types['encoder.layer.1.attention.self.query.bias']).toBe('float32');
  });

  it('declares int64 [batch, sequence] inputs and a float32 [batch, sequence, hidden] last_hidden_state', () => {
    const graph = buildBertGraph(SMALL, { quantized: true });
    expect(graph.opset).toBeLessThanOrEqual(13);
    expect(graph.inputs).toEqual(
      ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({
        name,
        dataType: 'int64',
        shape: ['batch_size', 'sequence_length'],
      })),
    );
    expect(graph.outputs).toEqual([
      { name: 'last_hidden_state', dataType: 'float32', shape: ['batch_size', 'sequence_length', 16] },
    ]);
    expect(graph.nodes.filter((node) => node.outputs.includes('last_hidden_state'))).toHaveLength(1);
  });

  it('has the multilingual-e5-small weight shapes at that size (checked on one layer, word table never generated)', () => {
    const graph = buildBertGraph({ ...E5_SMALL_SHAPE, layers: 1 }, { quantized: true });
    const dims = dimsOf(graph);
    expect(dims['embeddings.word_embeddings.weight_quantized']).toEqual([250037, 384]);
    expect(dims['embeddings.position_embeddings.weight']).toEqual([512, 384]);
    expect(dims['embeddings.token_type_embeddings.weight']).toEqual([2, 384]);
    for (const name of ['query', 'key', 'value']) {
      expect(dims[`encoder.layer.0.attention.self.${name}.weight_quantized`]).toEqual([384, 384]);
    }
    expect(dims['encoder.layer.0.intermediate.dense.weight_quantized']).toEqual([384, 1536]);
    expect(dims['encoder.layer.0.output.dense.weight_quantized']).toEqual([1536, 384]);
    expect(dims['const.split_heads_shape']).toEqual([4]);
    const split = graph.initializers.find((tensor) => tensor.name === 'const.split_heads_shape');
    expect(Array.from(new BigInt64Array((split?.data as Uint8Array).slice().buffer))).toEqual([
      0n,
      0n,
      12n,
      32n,
    ]);
    const word = graph.initializers.find(
      (tensor) => tensor.name === 'embeddings.word_embeddings.weight_quantized',
    );
    expect(word?.data.byteLength).toBe(250037 * 384);
    expect(word?.data).not.toBeInstanceOf(Uint8Array);
    expect(bertConfigJson(E5_SMALL_SHAPE)).toMatchObject({
      model_type: 'bert',
      hidden_size: 384,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      intermediate_size: 1536,
      vocab_size: 250037,
      max_position_embeddings: 512,
    });
  });

  it('builds an embeddings-only model for zero layers', () => {
    const byScope = scopes(buildBertGraph({ ...SMALL, layers: 0 }, { quantized: false }));
    expect([...byScope.keys()]).toEqual(['embeddings', 'mask']);
  });

  it('rejects impossible shapes with a message naming the field', () => {
    expect(() => validateBertShape({ ...SMALL, hidden: 15 })).toThrow('hidden must be divisible by heads');
    expect(() => validateBertShape({ ...SMALL, vocabSize: 0 })).toThrow(
      'vocabSize must be a positive integer',
    );
    expect(() => validateBertShape({ ...SMALL, layers: -1 })).toThrow(
      'layers must be a non-negative integer',
    );
  });
});
