import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EMBEDDING_MODEL, requiredModelFiles } from './transformers';
import {
  loadConfiguredTransformers,
  loadTransformers as defaultLoader,
  type LoadTransformers,
} from './transformersLoader';

/** Options of {@link fetchModel}. */
export interface FetchModelOptions {
  modelId?: string;
  /** MODELS_DIR: the files land in `<modelsDir>/<modelId>/`. */
  modelsDir: string;
  /** Fetch the int8 model (default) rather than the float32 one. */
  quantized?: boolean;
  /** Hub address (default https://huggingface.co/); a mirror, or a local server in tests. */
  remoteHost?: string;
  /** Replaces the transformers.js import (tests). */
  loader?: LoadTransformers;
}

const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';

/** What {@link fetchModel} left on disk. */
export interface FetchedModel {
  modelId: string;
  /** The model folder, `<modelsDir>/<modelId>`. */
  dir: string;
  /** Every file in the folder, path relative to it (forward slashes), with its size. */
  files: Array<{ file: string; bytes: number }>;
  totalBytes: number;
}

function listFiles(dir: string, prefix = ''): Array<{ file: string; bytes: number }> {
  const files: Array<{ file: string; bytes: number }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(path.join(dir, entry.name), relative));
    else if (entry.isFile()) files.push({ file: relative, bytes: statSync(path.join(dir, entry.name)).size });
  }
  return files.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** True when an error looks like the network, not the model, failed. */
function isNetworkError(message: string): boolean {
  return /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|network|socket|getaddrinfo/i.test(
    message,
  );
}

/**
 * Downloads a model's files from the Hugging Face hub into `modelsDir` (the layout
 * {@link TransformersEmbedder} loads offline) by loading it once through transformers.js, which
 * also proves the files work. Files already present are reused. For `quellen model fetch`.
 *
 * @throws a one-line error: "could not reach the Hugging Face hub: …" when offline.
 * @example
 * const { files, totalBytes } = await fetchModel({ modelsDir: 'models' });
 */
export async function fetchModel(options: FetchModelOptions): Promise<FetchedModel> {
  const {
    modelId = DEFAULT_EMBEDDING_MODEL,
    modelsDir,
    quantized = true,
    remoteHost = DEFAULT_REMOTE_HOST,
    loader = defaultLoader,
  } = options;
  const transformers = await loadConfiguredTransformers({ modelsDir, allowRemote: true, remoteHost, loader });
  try {
    const extractor = (await transformers.pipeline('feature-extraction', modelId, {
      quantized,
    })) as unknown as {
      dispose?: () => Promise<unknown>;
    };
    await extractor.dispose?.();
  } catch (error) {
    const message = ((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '').trim();
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    if (isNetworkError(message + cause))
      throw new Error(`could not reach the Hugging Face hub: ${message}${cause}`, { cause: error });
    throw new Error(`could not fetch model ${modelId}: ${message}`, { cause: error });
  }
  const dir = path.join(modelsDir, modelId);
  const files = listFiles(dir);
  const present = new Set(files.map((entry) => entry.file));
  const missing = requiredModelFiles(quantized).filter((file) => !present.has(file));
  if (missing.length > 0) {
    throw new Error(`model ${modelId} loaded, but ${missing.join(', ')} did not land in ${dir}`);
  }
  return { modelId, dir, files, totalBytes: files.reduce((sum, entry) => sum + entry.bytes, 0) };
}
