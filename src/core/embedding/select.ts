import { isUserError } from '../errors';
import type { Embedder } from '../types';
import { BuiltinEmbedder } from './builtin/builtinEmbedder';
import { TransformersEmbedder, type TransformersEmbedderOptions } from './transformers';
import type { LoadTransformers } from './transformersLoader';

/** Which embedder to use: the neural model, the built-in hashing embedder, or the model if it loads. */
export type EmbedderMode = 'auto' | 'transformers' | 'builtin';

/** Settings of {@link createEmbedder}, as read from the configuration. */
export interface EmbedderSelection {
  mode: EmbedderMode;
  modelId: string;
  modelsDir: string;
  allowRemote: boolean;
  builtinDimensions: number;
  batchSize: number;
  /** Replaces the transformers.js import (tests). */
  loader?: LoadTransformers;
  /** Replaces {@link TransformersEmbedder.create} (tests). */
  createTransformers?: (options: TransformersEmbedderOptions) => Promise<Embedder>;
}

/** Where the selection reports what it did. */
export interface EmbedderLog {
  warn(msg: string): void;
  info(msg: string): void;
}

/**
 * The single warning of `auto` mode when it falls back to the built-in embedder: one line naming
 * the model, why it is missing, what the fallback costs, and the two ways out.
 */
export function builtinFallbackWarning(modelId: string, modelsDir: string, reason: string): string {
  return (
    `Embedding model ${modelId} not available (${reason}): using the built-in embedder, which cannot ` +
    `match English questions to German articles by meaning or find synonyms. To use the model, run ` +
    `"quellen model fetch" where the internet is reachable and copy ${modelsDir} here; ` +
    `to stop trying, set EMBEDDINGS=builtin.`
  );
}

/**
 * Builds the embedder the configuration asks for.
 * - `builtin`: the built-in embedder; transformers.js is never loaded.
 * - `transformers`: the model, or a one-line error naming the missing file and the fix.
 * - `auto`: the model if it loads, otherwise the built-in embedder with exactly one warning.
 *
 * @example
 * const embedder = await createEmbedder({ mode: 'auto', modelId: 'Xenova/multilingual-e5-small',
 *   modelsDir: 'models', allowRemote: false, builtinDimensions: 256, batchSize: 16 }, logger);
 */
export async function createEmbedder(selection: EmbedderSelection, log: EmbedderLog): Promise<Embedder> {
  const builtin = (): Embedder => {
    const embedder = new BuiltinEmbedder({ dimensions: selection.builtinDimensions });
    log.info(`embedder: ${embedder.id} (${embedder.dimensions} dimensions)`);
    return embedder;
  };
  if (selection.mode === 'builtin') return builtin();

  const create = selection.createTransformers ?? ((options) => TransformersEmbedder.create(options));
  const options: TransformersEmbedderOptions = {
    modelId: selection.modelId,
    modelsDir: selection.modelsDir,
    allowRemote: selection.allowRemote,
    batchSize: selection.batchSize,
    ...(selection.loader ? { loader: selection.loader } : {}),
  };
  try {
    const embedder = await create(options);
    log.info(`embedder: ${embedder.id} (${embedder.dimensions} dimensions)`);
    return embedder;
  } catch (error) {
    if (selection.mode === 'transformers') throw error;
    const reason =
      isUserError(error) && error.details.reason !== undefined
        ? String(error.details.reason)
        : (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    log.warn(builtinFallbackWarning(selection.modelId, selection.modelsDir, reason));
    return new BuiltinEmbedder({ dimensions: selection.builtinDimensions });
  }
}
