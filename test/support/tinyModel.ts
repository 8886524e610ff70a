import path from 'node:path';
import vm from 'node:vm';
import { writeBertModel, type WriteBertModelOptions, type WrittenFile } from '../../tools/modelgen/model';

/** The architecture of the test model: 2 layers, hidden 32, a 1000-piece German Unigram vocabulary. */
export const TINY_MODEL_SHAPE = {
  layers: 2,
  hidden: 32,
  heads: 4,
  ffn: 64,
  vocabSize: 1000,
  maxPositions: 128,
  seed: 42,
} as const;

/**
 * Writes a tiny BERT-shaped model (both `onnx/model_quantized.onnx` and `onnx/model.onnx`, ~0.3 MB,
 * well under a second) into `<modelsDir>/<modelId>`, where transformers.js finds it offline.
 */
export async function createTinyModel(
  modelsDir: string,
  modelId = 'test/tiny-bert',
  overrides: Partial<WriteBertModelOptions> = {},
): Promise<{ dir: string; files: WrittenFile[] }> {
  const dir = path.join(modelsDir, modelId);
  const files = await writeBertModel(dir, { ...TINY_MODEL_SHAPE, ...overrides });
  return { dir, files };
}

const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

/**
 * Makes this jest sandbox use the process's own typed-array constructors. onnxruntime-node returns
 * output tensors built in the main V8 context, and onnxruntime-common (evaluated inside jest's
 * sandbox) rejects them with "A float32 tensor's data must be type of Float32Array" because the
 * sandbox has its own `Float32Array`. Plain Node has one context, so production never needs this.
 * Call it at the top of a test file, before transformers.js or onnxruntime-node is loaded.
 */
export function shareTypedArraysWithNative(): void {
  const sandbox = globalThis as unknown as Record<string, unknown>;
  for (const name of TYPED_ARRAYS) sandbox[name] = vm.runInThisContext(name);
}
