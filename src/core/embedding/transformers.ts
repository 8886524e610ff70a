import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import type { Embedder } from '../types';
import {
  loadConfiguredTransformers,
  loadTransformers as defaultLoader,
  type LoadTransformers,
  type TransformersModule,
} from './transformersLoader';

/**
 * Sentence embeddings from a transformers.js (ONNX) encoder: mean pooling over real tokens, then
 * L2 normalisation. Texts are tokenized once, sorted by token length and batched, so a batch pads
 * only to its own longest text (sequence-length bucketing); results come back in input order.
 */

/** The default model: multilingual (German ↔ English), 384 dimensions, ~118 MB quantized. */
export const DEFAULT_EMBEDDING_MODEL = 'Xenova/multilingual-e5-small';

/** Options of {@link TransformersEmbedder.create}. */
export interface TransformersEmbedderOptions {
  /** Hugging Face model id, also the folder below `modelsDir` (`<org>/<name>`). */
  modelId?: string;
  /** MODELS_DIR: where models are looked up and downloads land. */
  modelsDir: string;
  /** Whether missing files may be downloaded from the Hugging Face hub (default false). */
  allowRemote?: boolean;
  /** Load `onnx/model_quantized.onnx` (int8, default) instead of `onnx/model.onnx`. */
  quantized?: boolean;
  /** Texts per model call (default 16). */
  batchSize?: number;
  /** Token limit per text; default and upper bound is the model's own maximum. */
  maxLength?: number;
  /** Prepended to queries; default "query: " for e5-family models, else "". */
  queryPrefix?: string;
  /** Prepended to passages; default "passage: " for e5-family models, else "". */
  passagePrefix?: string;
  /** Sort texts by token length before batching (default true); off only to measure its effect. */
  sortByLength?: boolean;
  /** Hub address used when `allowRemote` (default https://huggingface.co/). */
  remoteHost?: string;
  /** Replaces the transformers.js import (tests). */
  loader?: LoadTransformers;
}

/** The model files transformers.js v2 needs, relative to `<modelsDir>/<modelId>`. */
export function requiredModelFiles(quantized: boolean): string[] {
  return [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx',
  ];
}

/** True for the e5 family, which was trained with "query: " / "passage: " prefixes. */
export function isE5Model(modelId: string): boolean {
  return /(^|[/_-])e5([-_]|$)/i.test(modelId);
}

/** The one-line error for a model that cannot be loaded, naming the cause and the fix. */
export function modelUnavailableMessage(modelId: string, modelsDir: string, cause: string): string {
  return (
    `embedding model ${modelId} is not available (${cause}); run "quellen model fetch" on a machine ` +
    `with internet access, or copy the folder ${modelId} into MODELS_DIR (${modelsDir})`
  );
}

// Structural views of the transformers.js objects used here (its own typings are loose).
interface TensorLike {
  data: Float32Array;
  dims: number[];
}
type TensorConstructor = new (type: 'int64', data: BigInt64Array, dims: number[]) => unknown;
interface TokenizerLike {
  encode(text: string): number[];
  model_max_length?: number;
  pad_token_id?: number;
  all_special_ids?: number[];
}
interface ModelLike {
  (inputs: Record<string, unknown>): Promise<Record<string, TensorLike | undefined>>;
  config?: { hidden_size?: number; max_position_embeddings?: number };
  dispose?: () => Promise<unknown>;
}
interface ExtractorLike {
  tokenizer: TokenizerLike;
  model: ModelLike;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim();
}

/** Transformers.js embedder; create it with {@link TransformersEmbedder.create}. */
export class TransformersEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly modelId: string;
  readonly queryPrefix: string;
  readonly passagePrefix: string;
  /** Effective token limit per text (including special tokens). */
  readonly maxLength: number;
  readonly batchSize: number;
  readonly sortByLength: boolean;

  private constructor(
    private readonly extractor: ExtractorLike,
    private readonly Tensor: TensorConstructor,
    settings: {
      modelId: string;
      quantized: boolean;
      dimensions: number;
      queryPrefix: string;
      passagePrefix: string;
      maxLength: number;
      customMaxLength: boolean;
      batchSize: number;
      sortByLength: boolean;
    },
  ) {
    this.modelId = settings.modelId;
    this.dimensions = settings.dimensions;
    this.queryPrefix = settings.queryPrefix;
    this.passagePrefix = settings.passagePrefix;
    this.maxLength = settings.maxLength;
    this.batchSize = settings.batchSize;
    this.sortByLength = settings.sortByLength;
    const defaults = isE5Model(settings.modelId) ? ['query: ', 'passage: '] : ['', ''];
    // Settings that change vectors are part of the id, so an index built with others is rebuilt.
    let id = `transformers:${settings.modelId}:${settings.quantized ? 'q8' : 'fp32'}`;
    if (settings.customMaxLength) id += `:len${settings.maxLength}`;
    if (settings.queryPrefix !== defaults[0] || settings.passagePrefix !== defaults[1]) {
      id += `:prefix=${JSON.stringify([settings.queryPrefix, settings.passagePrefix])}`;
    }
    this.id = id;
  }

  /**
   * Loads the model (from `modelsDir`, or from the hub when `allowRemote`), reads its dimensions
   * and limits. Throws a one-line error naming the missing file and the fix when it cannot load.
   *
   * @example
   * const embedder = await TransformersEmbedder.create({ modelsDir: 'models' });
   * const [vector] = await embedder.embedPassages(['Die Bundesregierung hat …']);
   */
  static async create(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
    const {
      modelId = DEFAULT_EMBEDDING_MODEL,
      modelsDir,
      allowRemote = false,
      quantized = true,
      batchSize = 16,
      sortByLength = true,
      loader = defaultLoader,
    } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new Error('batchSize must be a positive integer');
    if (options.maxLength !== undefined && (!Number.isInteger(options.maxLength) || options.maxLength < 2)) {
      throw new Error('maxLength must be an integer ≥ 2');
    }
    const modelDir = path.join(modelsDir, modelId);
    if (!allowRemote) {
      const missing = requiredModelFiles(quantized).find((file) => !existsSync(path.join(modelDir, file)));
      if (missing !== undefined) {
        throw new UserError(
          'MODEL_UNAVAILABLE',
          modelUnavailableMessage(modelId, modelsDir, `missing ${path.join(modelDir, missing)}`),
          { model: modelId, reason: `missing ${path.join(modelDir, missing)}` },
        );
      }
    }

    let transformers: TransformersModule;
    try {
      transformers = await loadConfiguredTransformers({
        modelsDir,
        allowRemote,
        loader,
        ...(options.remoteHost ? { remoteHost: options.remoteHost } : {}),
      });
    } catch (error) {
      throw new UserError(
        'MODEL_UNAVAILABLE',
        modelUnavailableMessage(modelId, modelsDir, firstLine(error)),
        { model: modelId, reason: firstLine(error) },
        { cause: error },
      );
    }

    let extractor: ExtractorLike;
    try {
      extractor = (await transformers.pipeline('feature-extraction', modelId, {
        quantized,
      })) as unknown as ExtractorLike;
    } catch (error) {
      throw new UserError(
        'MODEL_UNAVAILABLE',
        modelUnavailableMessage(modelId, modelsDir, firstLine(error)),
        { model: modelId, reason: firstLine(error) },
        { cause: error },
      );
    }

    const { tokenizer, model } = extractor;
    const limits = [
      options.maxLength,
      tokenizer.model_max_length,
      model.config?.max_position_embeddings,
    ].filter((value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0);
    const maxLength = limits.length > 0 ? Math.min(...limits) : 512;
    const e5 = isE5Model(modelId);
    const settings = {
      modelId,
      quantized,
      dimensions: model.config?.hidden_size ?? 0,
      queryPrefix: options.queryPrefix ?? (e5 ? 'query: ' : ''),
      passagePrefix: options.passagePrefix ?? (e5 ? 'passage: ' : ''),
      maxLength,
      customMaxLength: options.maxLength !== undefined && options.maxLength === maxLength,
      batchSize,
      sortByLength,
    };
    const Tensor = transformers.Tensor as unknown as TensorConstructor;
    let embedder = new TransformersEmbedder(extractor, Tensor, settings);
    if (settings.dimensions <= 0) {
      // No hidden_size in config.json: ask the model itself.
      const [probe] = await embedder.embedTokenized([embedder.encode('dimension probe')]);
      embedder = new TransformersEmbedder(extractor, Tensor, { ...settings, dimensions: probe?.length ?? 0 });
    }
    return embedder;
  }

  async embedPassages(texts: readonly string[]): Promise<Float32Array[]> {
    return this.embedTokenized(texts.map((text) => this.encode(this.passagePrefix + text)));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.embedTokenized([this.encode(this.queryPrefix + text)]);
    return vector as Float32Array;
  }

  /**
   * Token ids of one text (prefix not added), with special tokens, truncated to
   * {@link maxLength}; the closing special token is kept, as Hugging Face tokenizers do.
   */
  encode(text: string): number[] {
    // A token covers at least one character almost always; cutting very long texts early keeps
    // tokenization cost bounded without changing the kept tokens.
    const ids = this.extractor.tokenizer.encode(text.slice(0, this.maxLength * 12));
    if (ids.length <= this.maxLength) return ids;
    const last = ids[ids.length - 1] as number;
    const keepLast = this.extractor.tokenizer.all_special_ids?.includes(last) ?? false;
    return keepLast ? [...ids.slice(0, this.maxLength - 1), last] : ids.slice(0, this.maxLength);
  }

  /**
   * Embeds already tokenized texts (see {@link encode}): batches of {@link batchSize} in
   * token-length order, each padded to its own longest member. Returns vectors in input order.
   */
  async embedTokenized(tokenized: readonly number[][]): Promise<Float32Array[]> {
    const order = tokenized.map((_, index) => index);
    if (this.sortByLength)
      order.sort((a, b) => (tokenized[a] as number[]).length - (tokenized[b] as number[]).length);
    const results: Float32Array[] = new Array<Float32Array>(tokenized.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      const vectors = await this.runBatch(batch.map((index) => tokenized[index] as number[]));
      batch.forEach((index, position) => {
        results[index] = vectors[position] as Float32Array;
      });
    }
    return results;
  }

  private async runBatch(rows: readonly number[][]): Promise<Float32Array[]> {
    const width = Math.max(1, ...rows.map((ids) => ids.length));
    const size = rows.length * width;
    const inputIds = new BigInt64Array(size).fill(BigInt(this.extractor.tokenizer.pad_token_id ?? 0));
    const attentionMask = new BigInt64Array(size);
    rows.forEach((ids, row) => {
      const offset = row * width;
      for (let index = 0; index < ids.length; index++) {
        inputIds[offset + index] = BigInt(ids[index] as number);
        attentionMask[offset + index] = 1n;
      }
    });
    const dims = [rows.length, width];
    const outputs = await this.extractor.model({
      input_ids: new this.Tensor('int64', inputIds, dims),
      attention_mask: new this.Tensor('int64', attentionMask, dims),
      token_type_ids: new this.Tensor('int64', new BigInt64Array(size), dims),
    });
    const hidden = outputs.last_hidden_state ?? outputs.token_embeddings ?? outputs.logits;
    if (!hidden) throw new Error(`embedding model ${this.modelId} returned no last_hidden_state`);
    return meanPoolNormalized(
      hidden.data,
      rows.map((ids) => ids.length),
      width,
      hidden.dims[2] ?? 0,
    );
  }
}

/**
 * Mean of each row's first `lengths[row]` token vectors (padding sits at the end), scaled to
 * unit length. `data` is [rows, width, dimensions] row-major.
 */
export function meanPoolNormalized(
  data: Float32Array,
  lengths: readonly number[],
  width: number,
  dimensions: number,
): Float32Array[] {
  return lengths.map((length, row) => {
    const vector = new Float32Array(dimensions);
    const rowOffset = row * width * dimensions;
    const tokens = Math.max(1, Math.min(length, width));
    for (let token = 0; token < tokens; token++) {
      const offset = rowOffset + token * dimensions;
      for (let dim = 0; dim < dimensions; dim++)
        vector[dim] = (vector[dim] as number) + (data[offset + dim] as number);
    }
    let norm = 0;
    for (let dim = 0; dim < dimensions; dim++) norm += (vector[dim] as number) ** 2;
    // The mean's 1/length factor cancels in the normalisation.
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let dim = 0; dim < dimensions; dim++) vector[dim] = (vector[dim] as number) * scale;
    return vector;
  });
}
