import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildBertGraph, validateBertShape, type BertShape } from './bert';
import { encodeModel } from './onnx';
import { writeMessageToFile } from './protobuf';
import { buildUnigramVocab, tokenizerConfigJson, tokenizerJson } from './tokenizer';

/**
 * Writes a complete model folder in the layout transformers.js v2 loads offline:
 * `config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model_quantized.onnx`,
 * `onnx/model.onnx`.
 */

export interface WriteBertModelOptions extends BertShape {
  /** Which ONNX files to write (default both). */
  variants?: ReadonlyArray<'quantized' | 'fp32'>;
  /** Sentences the tokenizer's n-gram pieces are taken from (default: built-in German sample). */
  corpus?: readonly string[];
  /** `sequence-classification` writes a cross-encoder (re-ranker) with one logit (default `none`). */
  head?: 'none' | 'sequence-classification';
}

export interface WrittenFile {
  /** Path relative to the model folder, with forward slashes. */
  file: string;
  bytes: number;
}

/** The `config.json` of a BERT model as Hugging Face writes it (the fields transformers.js reads). */
export function bertConfigJson(shape: BertShape, head: 'none' | 'sequence-classification' = 'none'): object {
  const full = validateBertShape(shape);
  const classifier = head === 'sequence-classification';
  return {
    architectures: [classifier ? 'BertForSequenceClassification' : 'BertModel'],
    ...(classifier ? { num_labels: 1, id2label: { 0: 'LABEL_0' }, label2id: { LABEL_0: 0 } } : {}),
    model_type: 'bert',
    hidden_size: full.hidden,
    num_hidden_layers: full.layers,
    num_attention_heads: full.heads,
    intermediate_size: full.ffn,
    vocab_size: full.vocabSize,
    max_position_embeddings: full.maxPositions,
    type_vocab_size: full.typeVocabSize,
    hidden_act: 'gelu',
    layer_norm_eps: 1e-12,
    pad_token_id: 1,
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    initializer_range: 0.02,
    position_embedding_type: 'absolute',
  };
}

/**
 * Generates a BERT-shaped model (random seeded weights, synthetic German Unigram tokenizer with
 * exactly `vocabSize` pieces) into `dir`, e.g. `<MODELS_DIR>/test/tiny-bert`. No downloads.
 *
 * @example
 * await writeBertModel('/tmp/models/test/tiny-bert', { layers: 2, hidden: 32, heads: 4, ffn: 64, vocabSize: 1000, maxPositions: 128, seed: 1 });
 */
export async function writeBertModel(dir: string, options: WriteBertModelOptions): Promise<WrittenFile[]> {
  const { variants = ['quantized', 'fp32'], corpus, head = 'none', ...shape } = options;
  const full = validateBertShape(shape);
  // The position table bounds the sequence length: the tokenizer must never produce more.
  const maxLength = full.maxPositions;
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const files: string[] = [];
  const writeJson = (file: string, content: object): void => {
    writeFileSync(path.join(dir, file), JSON.stringify(content));
    files.push(file);
  };
  writeJson('config.json', bertConfigJson(full, head));
  writeJson('tokenizer.json', tokenizerJson(buildUnigramVocab(full.vocabSize, corpus)));
  writeJson('tokenizer_config.json', tokenizerConfigJson(maxLength));
  for (const variant of variants) {
    const file = variant === 'quantized' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
    writeMessageToFile(
      path.join(dir, file),
      encodeModel(buildBertGraph(full, { quantized: variant === 'quantized', head })),
    );
    files.push(file);
  }
  return files.map((file) => ({ file, bytes: statSync(path.join(dir, file)).size }));
}
