import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { requiredModelFiles } from '../embedding/transformers';
import {
  loadConfiguredTransformers,
  loadTransformers as defaultLoader,
  type LoadTransformers,
  type TransformersModule,
} from '../embedding/transformersLoader';
import type { Reranker } from './reranker';

/** Options of {@link TransformersReranker.create}. */
export interface TransformersRerankerOptions {
  /** Hugging Face model id of a cross-encoder (sequence classification), also its folder below `modelsDir`. */
  modelId: string;
  /** MODELS_DIR: where models are looked up and downloads land. */
  modelsDir: string;
  /** Whether missing files may be downloaded from the Hugging Face hub (default false). */
  allowRemote?: boolean;
  /** Load `onnx/model_quantized.onnx` (int8, default) instead of `onnx/model.onnx`. */
  quantized?: boolean;
  /** Question–text pairs per model call (default 16). */
  batchSize?: number;
  /** Token limit per pair (default 256, at most the model's own). */
  maxLength?: number;
  /** Hub address used when `allowRemote` (default https://huggingface.co/). */
  remoteHost?: string;
  /** Replaces the transformers.js import (tests). */
  loader?: LoadTransformers;
}

// Structural views of the transformers.js objects used here (its own typings are loose).
interface TensorLike {
  data: Float32Array;
  dims: number[];
}
type PairTokenizer = ((
  texts: string[],
  options: { text_pair: string[]; padding: boolean; truncation: boolean },
) => Record<string, unknown>) & {
  model_max_length?: number;
  encode(text: string, pair: null, options: { add_special_tokens: boolean }): number[];
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
};
interface ClassifierLike {
  (inputs: Record<string, unknown>): Promise<{ logits?: TensorLike }>;
  config?: { max_position_embeddings?: number };
  dispose?: () => Promise<unknown>;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim();
}

/** The one-line error for a re-ranking model that cannot be loaded, naming the cause and the fix. */
export function rerankUnavailableMessage(modelId: string, modelsDir: string, cause: string): string {
  return (
    `re-ranking model ${modelId} is not available (${cause}); run "quellen model fetch --rerank" on a machine ` +
    `with internet access, copy the folder ${modelId} into MODELS_DIR (${modelsDir}), or unset RERANK_MODEL`
  );
}

/** The one-line error for a model that loads but is no cross-encoder. */
function notReranker(modelId: string, reason: string): UserError {
  return new UserError(
    'MODEL_UNAVAILABLE',
    `${modelId} is not a re-ranking model (${reason}); set RERANK_MODEL to a cross-encoder (sequence classification with one or two labels, e.g. Xenova/bge-reranker-base), or unset it`,
    { model: modelId, reason },
  );
}

/**
 * A cross-encoder through transformers.js: each question–text pair is read as one input, and the
 * model's single logit, through a sigmoid, is the score (with two labels, the second's softmax
 * probability). Create it with {@link TransformersReranker.create}.
 */
export class TransformersReranker implements Reranker {
  readonly id: string;

  private constructor(
    private readonly tokenizer: PairTokenizer,
    private readonly model: ClassifierLike,
    readonly modelId: string,
    readonly maxLength: number,
    readonly batchSize: number,
    quantized: boolean,
  ) {
    this.id = `transformers:${modelId}:${quantized ? 'q8' : 'fp32'}`;
  }

  /**
   * Loads the model (from `modelsDir`, or from the hub when `allowRemote`). Throws a one-line
   * error naming the missing file and the fix when it cannot load.
   *
   * @example
   * const reranker = await TransformersReranker.create({ modelId: 'Xenova/bge-reranker-base', modelsDir: 'models' });
   * const [score] = await reranker.score('Wer dirigierte?', ['Gergijew dirigierte das Orchester.']);
   */
  static async create(options: TransformersRerankerOptions): Promise<TransformersReranker> {
    const {
      modelId,
      modelsDir,
      allowRemote = false,
      quantized = true,
      batchSize = 16,
      loader = defaultLoader,
    } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new Error('batchSize must be a positive integer');
    const unavailable = (reason: string, cause?: unknown): UserError =>
      new UserError(
        'MODEL_UNAVAILABLE',
        rerankUnavailableMessage(modelId, modelsDir, reason),
        { model: modelId, reason },
        cause === undefined ? undefined : { cause },
      );
    const modelDir = path.join(modelsDir, modelId);
    if (!allowRemote) {
      const missing = requiredModelFiles(quantized).find((file) => !existsSync(path.join(modelDir, file)));
      if (missing !== undefined) throw unavailable(`missing ${path.join(modelDir, missing)}`);
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
      throw unavailable(firstLine(error), error);
    }
    let tokenizer: PairTokenizer;
    let model: ClassifierLike;
    try {
      tokenizer = (await transformers.AutoTokenizer.from_pretrained(modelId)) as unknown as PairTokenizer;
      model = (await transformers.AutoModelForSequenceClassification.from_pretrained(modelId, {
        quantized,
      })) as unknown as ClassifierLike;
    } catch (error) {
      throw unavailable(firstLine(error), error);
    }
    // One relevance logit, or two (not relevant / relevant); a model with more labels ranks nothing.
    const labels = Object.keys((model.config as { id2label?: object } | undefined)?.id2label ?? {}).length;
    if (labels > 2) {
      await model.dispose?.();
      throw notReranker(modelId, `it has ${labels} labels; a re-ranker has one or two`);
    }
    const limits = [
      options.maxLength ?? 256,
      tokenizer.model_max_length,
      model.config?.max_position_embeddings,
    ];
    const maxLength = Math.min(
      ...limits.filter(
        (value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 1,
      ),
    );
    const reranker = new TransformersReranker(tokenizer, model, modelId, maxLength, batchSize, quantized);
    // A model without a classification head (an embedding model, say) loads but gives no logits:
    // found here, not at the first question.
    try {
      await reranker.score('probe', ['probe']);
    } catch (error) {
      await model.dispose?.();
      throw notReranker(modelId, firstLine(error));
    }
    return reranker;
  }

  /**
   * Scores pairs in batches. The question keeps at most half of {@link maxLength} tokens and each
   * text the rest (less room for the special tokens), so a long question never pushes the text
   * out of the model's input; a batch is padded only to its own longest pair.
   */
  async score(question: string, texts: readonly string[]): Promise<number[]> {
    if (texts.length === 0) return [];
    const room = this.maxLength - SPECIAL_TOKEN_ROOM;
    const query = this.cut(question, Math.floor(room / 2));
    const rest = room - this.tokenCount(query);
    const scores: number[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize).map((text) => this.cut(text, rest));
      const inputs = this.tokenizer(
        batch.map(() => query),
        { text_pair: batch, padding: true, truncation: true },
      );
      const { logits } = await this.model(inputs);
      if (!logits || (logits.dims[1] ?? 1) > 2)
        throw new Error(`re-ranking model ${this.modelId} returned no relevance logits`);
      const labels = logits.dims[1] ?? 1;
      for (let row = 0; row < batch.length; row++) scores.push(probability(logits.data, row, labels));
    }
    return scores;
  }

  private tokenCount(text: string): number {
    return this.tokenizer.encode(text, null, { add_special_tokens: false }).length;
  }

  /** `text` shortened to at most `tokens` tokens (unchanged when it fits). */
  private cut(text: string, tokens: number): string {
    // A token covers at least one character almost always: the tokenizer never reads more.
    const head = text.slice(0, tokens * 12);
    const ids = this.tokenizer.encode(head, null, { add_special_tokens: false });
    if (ids.length <= tokens) return head;
    return this.tokenizer.decode(ids.slice(0, Math.max(1, tokens)), { skip_special_tokens: true });
  }
}

/** Tokens kept free for the pair's special tokens (`<s> q </s></s> t </s>`) and re-tokenizing slack. */
const SPECIAL_TOKEN_ROOM = 8;

/** The score of one row of logits: sigmoid of a single logit, or of the second's margin over the first. */
function probability(logits: Float32Array, row: number, labels: number): number {
  const margin = labels <= 1 ? (logits[row] ?? 0) : (logits[row * 2 + 1] ?? 0) - (logits[row * 2] ?? 0);
  return 1 / (1 + Math.exp(-margin));
}
