import { GraphBuilder, type OnnxGraph } from './onnx';
import { Prng } from './prng';
import type { LazyBytes } from './protobuf';

/**
 * A BERT encoder as an ONNX graph, built from standard opset-13 operators in the same pattern the
 * Hugging Face exporters produce (so onnxruntime applies the same fusions as for a real model).
 * Weights are seeded random numbers with BERT's initialisation scale, so activations stay finite.
 */

/** Architecture of a BERT-shaped encoder. */
export interface BertShape {
  /** Encoder layers; 0 gives embeddings + LayerNorm only. */
  layers: number;
  hidden: number;
  heads: number;
  /** Width of the feed-forward (intermediate) layer. */
  ffn: number;
  vocabSize: number;
  maxPositions: number;
  /** Token type (segment) vocabulary, 2 for BERT. */
  typeVocabSize?: number;
  seed: number;
}

/** How weights are stored in the graph. */
export interface BertGraphOptions {
  /**
   * Int8 weights the way `onnxruntime.quantization.quantize_dynamic` leaves them
   * (DynamicQuantizeLinear + MatMulInteger, uint8 word embeddings + DequantizeLinear),
   * like the `model_quantized.onnx` files transformers.js loads by default.
   */
  quantized: boolean;
  /**
   * `sequence-classification` adds what `BertForSequenceClassification` exports for a cross-encoder
   * (a re-ranker): the first token's state through the tanh pooler and a one-logit classifier,
   * output `logits` [batch, 1]. Default `none`: the encoder's `last_hidden_state`.
   */
  head?: 'none' | 'sequence-classification';
}

/** The shape of intfloat/multilingual-e5-small (Xenova/multilingual-e5-small). */
export const E5_SMALL_SHAPE: Readonly<BertShape> = Object.freeze({
  layers: 12,
  hidden: 384,
  heads: 12,
  ffn: 1536,
  vocabSize: 250037,
  maxPositions: 512,
  typeVocabSize: 2,
  seed: 1,
});

const INIT_STD = 0.02;
const LAYER_NORM_EPS = 1e-12;
const CHUNK_ELEMENTS = 1 << 16;
/**
 * Weights are drawn on an int8 grid: q = clamp(round(normal · STEPS), ±127), value = q · std / STEPS
 * (clipped at ~4σ). The float32 and int8 files then hold exactly the same model, and every tensor
 * can be generated chunk by chunk while it is written, never held in memory whole.
 */
const STEPS = 32;

/** Checks a shape and returns it with defaults filled in. */
export function validateBertShape(shape: BertShape): Required<BertShape> {
  const full = { typeVocabSize: 2, ...shape };
  for (const [key, value] of Object.entries(full)) {
    if (!Number.isInteger(value) || value < (key === 'layers' || key === 'seed' ? 0 : 1)) {
      throw new Error(
        `BERT shape: ${key} must be a ${key === 'layers' ? 'non-negative' : 'positive'} integer`,
      );
    }
  }
  if (full.hidden % full.heads !== 0) throw new Error('BERT shape: hidden must be divisible by heads');
  return full;
}

/** How a lazily generated weight tensor is stored. */
type WeightEncoding = 'float32' | 'int8' | 'uint8';

/** Seeded weights on the int8 grid (see {@link STEPS}), produced while the file is written. */
function lazyWeights(seed: number, name: string, count: number, encoding: WeightEncoding): LazyBytes {
  return {
    byteLength: encoding === 'float32' ? count * 4 : count,
    *chunks() {
      const rng = Prng.forTensor(seed, name);
      for (let start = 0; start < count; start += CHUNK_ELEMENTS) {
        const size = Math.min(CHUNK_ELEMENTS, count - start);
        const chunk =
          encoding === 'float32'
            ? new Float32Array(size)
            : encoding === 'int8'
              ? new Int8Array(size)
              : new Uint8Array(size);
        const offset = encoding === 'uint8' ? 128 : 0;
        const unit = encoding === 'float32' ? INIT_STD / STEPS : 1;
        for (let index = 0; index < size; index++) {
          const q = Math.max(-127, Math.min(127, Math.round(rng.normal() * STEPS)));
          chunk[index] = q * unit + offset;
        }
        yield new Uint8Array(chunk.buffer);
      }
    },
  };
}

class BertGraphWriter {
  constructor(
    private readonly g: GraphBuilder,
    private readonly shape: Required<BertShape>,
    private readonly quantized: boolean,
  ) {}

  private floats(name: string, values: Float32Array, dims: number[]): string {
    return this.g.initializer(
      name,
      'float32',
      dims,
      new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    );
  }

  private readonly shared = new Set<string>();

  /** A float32 scalar shared by every node that uses it. */
  constant(name: string, value: number): string {
    if (!this.shared.has(name)) this.g.floats(name, [value], []);
    this.shared.add(name);
    return name;
  }

  /** An int64 vector (shapes, axes) shared by every node that uses it. */
  int64Constant(name: string, values: number[]): string {
    if (!this.shared.has(name)) this.g.int64s(name, values);
    this.shared.add(name);
    return name;
  }

  /** y = x·W + b, with W of shape [inDim, outDim]. */
  linear(x: string, name: string, inDim: number, outDim: number): string {
    const { g, shape } = this;
    const dims = [inDim, outDim];
    const bias = g.initializer(
      `${name}.bias`,
      'float32',
      [outDim],
      lazyWeights(shape.seed, `${name}.bias`, outDim, 'float32'),
    );
    if (!this.quantized) {
      const w = g.initializer(
        `${name}.weight`,
        'float32',
        dims,
        lazyWeights(shape.seed, `${name}.weight`, inDim * outDim, 'float32'),
      );
      return g.op('Add', [g.op('MatMul', [x, w]), bias]);
    }
    const w = g.initializer(
      `${name}.weight_quantized`,
      'int8',
      dims,
      lazyWeights(shape.seed, `${name}.weight`, inDim * outDim, 'int8'),
    );
    const wScale = this.constant('const.weight_scale', INIT_STD / STEPS);
    const [xq, xScale, xZeroPoint] = g.opMulti('DynamicQuantizeLinear', [x], 3) as [string, string, string];
    const product = g.op('MatMulInteger', [xq, w, xZeroPoint]);
    const asFloat = g.op('Cast', [product], { to: { i: 1 } });
    const scaled = g.op('Mul', [asFloat, g.op('Mul', [xScale, wScale])]);
    return g.op('Add', [scaled, bias]);
  }

  /** LayerNorm over the last axis, spelled out as exporters do for opsets below 17. */
  layerNorm(x: string, name: string): string {
    const { g, shape } = this;
    const axes = { axes: { ints: [-1] } };
    const mean = g.op('ReduceMean', [x], axes);
    const centered = g.op('Sub', [x, mean]);
    const variance = g.op('ReduceMean', [g.op('Pow', [centered, this.constant('const.two', 2)])], axes);
    const std = g.op('Sqrt', [
      g.op('Add', [variance, this.constant('const.layer_norm_eps', LAYER_NORM_EPS)]),
    ]);
    const normalized = g.op('Div', [centered, std]);
    const gamma = this.floats(`${name}.weight`, new Float32Array(shape.hidden).fill(1), [shape.hidden]);
    const beta = this.floats(`${name}.bias`, new Float32Array(shape.hidden), [shape.hidden]);
    return g.op('Add', [g.op('Mul', [normalized, gamma]), beta]);
  }

  /** GELU with erf: 0.5·x·(1 + erf(x/√2)). */
  gelu(x: string): string {
    const { g } = this;
    const erf = g.op('Erf', [g.op('Div', [x, this.constant('const.sqrt2', Math.SQRT2)])]);
    return g.op('Mul', [
      g.op('Mul', [x, g.op('Add', [erf, this.constant('const.one', 1)])]),
      this.constant('const.half', 0.5),
    ]);
  }

  embeddings(inputIds: string, tokenTypeIds: string): string {
    const { g, shape } = this;
    const { seed, vocabSize, hidden, maxPositions, typeVocabSize } = shape;
    g.scope = 'embeddings';
    const wordName = 'embeddings.word_embeddings.weight';
    let words: string;
    const count = vocabSize * hidden;
    if (this.quantized) {
      const table = g.initializer(
        `${wordName}_quantized`,
        'uint8',
        [vocabSize, hidden],
        lazyWeights(seed, wordName, count, 'uint8'),
      );
      const scale = this.constant('const.weight_scale', INIT_STD / STEPS);
      const zeroPoint = g.initializer(`${wordName}_zero_point`, 'uint8', [], Uint8Array.of(128));
      words = g.op('DequantizeLinear', [
        g.op('Gather', [table, inputIds], { axis: { i: 0 } }),
        scale,
        zeroPoint,
      ]);
    } else {
      const table = g.initializer(
        wordName,
        'float32',
        [vocabSize, hidden],
        lazyWeights(seed, wordName, count, 'float32'),
      );
      words = g.op('Gather', [table, inputIds], { axis: { i: 0 } });
    }
    const positionName = 'embeddings.position_embeddings.weight';
    const positionTable = g.initializer(
      positionName,
      'float32',
      [maxPositions, hidden],
      lazyWeights(seed, positionName, maxPositions * hidden, 'float32'),
    );
    const typeName = 'embeddings.token_type_embeddings.weight';
    const typeTable = g.initializer(
      typeName,
      'float32',
      [typeVocabSize, hidden],
      lazyWeights(seed, typeName, typeVocabSize * hidden, 'float32'),
    );

    // Positions 0..seq-1 are the first `seq` rows of the table.
    const zero = this.int64Constant('const.zero_1d', [0]);
    const seqLength = g.op('Slice', [
      g.op('Shape', [inputIds]),
      this.int64Constant('const.one_1d', [1]),
      this.int64Constant('const.two_1d', [2]),
      zero,
    ]);
    const positions = g.op('Slice', [positionTable, zero, seqLength, zero]);
    const types = g.op('Gather', [typeTable, tokenTypeIds], { axis: { i: 0 } });
    const sum = g.op('Add', [g.op('Add', [words, types]), positions]);
    return this.layerNorm(sum, 'embeddings.LayerNorm');
  }

  /** Additive attention bias [batch, 1, 1, seq]: 0 for tokens, -10000 for padding. */
  attentionBias(attentionMask: string): string {
    const { g } = this;
    g.scope = 'mask';
    const expanded = g.op('Unsqueeze', [attentionMask, this.int64Constant('const.axes_1_2', [1, 2])]);
    const asFloat = g.op('Cast', [expanded], { to: { i: 1 } });
    const inverted = g.op('Sub', [this.constant('const.one', 1), asFloat]);
    return g.op('Mul', [inverted, this.constant('const.mask_value', -10000)]);
  }

  layer(x: string, bias: string, index: number): string {
    const { g, shape } = this;
    const { hidden, heads, ffn } = shape;
    const headDim = hidden / heads;
    const prefix = `encoder.layer.${index}`;
    g.scope = `layer.${index}`;
    const splitHeads = this.int64Constant('const.split_heads_shape', [0, 0, heads, headDim]);
    const mergeHeads = this.int64Constant('const.merge_heads_shape', [0, 0, hidden]);
    const toHeads = (projection: string, perm: number[]): string =>
      g.op('Transpose', [g.op('Reshape', [projection, splitHeads])], { perm: { ints: perm } });

    const query = toHeads(this.linear(x, `${prefix}.attention.self.query`, hidden, hidden), [0, 2, 1, 3]);
    const keyT = toHeads(this.linear(x, `${prefix}.attention.self.key`, hidden, hidden), [0, 2, 3, 1]);
    const value = toHeads(this.linear(x, `${prefix}.attention.self.value`, hidden, hidden), [0, 2, 1, 3]);
    const scores = g.op('Div', [
      g.op('MatMul', [query, keyT]),
      this.constant(`const.sqrt_head_dim`, Math.sqrt(headDim)),
    ]);
    const probabilities = g.op('Softmax', [g.op('Add', [scores, bias])], { axis: { i: -1 } });
    const context = g.op('Transpose', [g.op('MatMul', [probabilities, value])], {
      perm: { ints: [0, 2, 1, 3] },
    });
    const merged = g.op('Reshape', [context, mergeHeads]);
    const attended = this.linear(merged, `${prefix}.attention.output.dense`, hidden, hidden);
    const afterAttention = this.layerNorm(g.op('Add', [attended, x]), `${prefix}.attention.output.LayerNorm`);

    const intermediate = this.gelu(this.linear(afterAttention, `${prefix}.intermediate.dense`, hidden, ffn));
    const output = this.linear(intermediate, `${prefix}.output.dense`, ffn, hidden);
    return this.layerNorm(g.op('Add', [output, afterAttention]), `${prefix}.output.LayerNorm`);
  }
}

/**
 * Builds the ONNX graph of a BERT encoder with inputs `input_ids`, `attention_mask`,
 * `token_type_ids` (int64 [batch, sequence]) and output `last_hidden_state`
 * (float32 [batch, sequence, hidden]), or `logits` with a classification head. The word-embedding table is produced lazily when written.
 *
 * @example
 * const graph = buildBertGraph({ layers: 2, hidden: 32, heads: 4, ffn: 64, vocabSize: 500, maxPositions: 128, seed: 7 }, { quantized: true });
 * writeMessageToFile('model_quantized.onnx', encodeModel(graph));
 */
export function buildBertGraph(shape: BertShape, options: BertGraphOptions): OnnxGraph {
  const full = validateBertShape(shape);
  const g = new GraphBuilder('bert', 13);
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const tokenTypeIds = g.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);
  const writer = new BertGraphWriter(g, full, options.quantized);

  let hidden = writer.embeddings(inputIds, tokenTypeIds);
  if (full.layers > 0) {
    const bias = writer.attentionBias(attentionMask);
    for (let index = 0; index < full.layers; index++) hidden = writer.layer(hidden, bias, index);
  } else {
    // Keep the mask a used input so every model has the same signature.
    g.scope = 'mask';
    const unused = g.op('Cast', [attentionMask], { to: { i: 1 } });
    g.op('Add', [
      hidden,
      g.op('Mul', [
        g.op('Unsqueeze', [unused, writer.int64Constant('const.axes_2', [2])]),
        writer.constant('const.zero', 0),
      ]),
    ]);
  }
  if (options.head === 'sequence-classification') {
    g.scope = 'classifier';
    const first = g.op('Gather', [hidden, writer.int64Constant('const.first_token', [0])], {
      axis: { i: 1 },
    });
    const cls = g.op('Squeeze', [first, writer.int64Constant('const.axes_1', [1])]);
    const pooled = g.op('Tanh', [writer.linear(cls, 'bert.pooler.dense', full.hidden, full.hidden)]);
    writer.linear(pooled, 'classifier', full.hidden, 1);
    g.renameLastOutput('logits');
    g.output('logits', 'float32', ['batch_size', 1]);
    return g.graph;
  }
  // The last node added is the final LayerNorm (or the mask no-op above).
  g.renameLastOutput('last_hidden_state');
  g.output('last_hidden_state', 'float32', ['batch_size', 'sequence_length', full.hidden]);
  return g.graph;
}
