/**
 * Generates BERT-shaped ONNX models and tokenizers without any download, for tests and benchmarks.
 */
export {
  buildBertGraph,
  E5_SMALL_SHAPE,
  validateBertShape,
  type BertShape,
  type BertGraphOptions,
} from './bert';
export { writeBertModel, bertConfigJson, type WriteBertModelOptions, type WrittenFile } from './model';
export {
  buildUnigramVocab,
  tokenizerJson,
  tokenizerConfigJson,
  SPECIAL_TOKENS,
  type UnigramPiece,
} from './tokenizer';
export { encodeModel, GraphBuilder, type OnnxGraph, type OnnxNode, type OnnxInitializer } from './onnx';
