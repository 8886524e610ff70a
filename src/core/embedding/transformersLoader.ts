/**
 * The one place that loads transformers.js. The package is ESM-only while quellen compiles to
 * CommonJS, so it must come through a real dynamic `import()` (which `module: Node16` preserves);
 * tests and callers can pass their own {@link LoadTransformers} instead.
 */

import type * as Transformers from '@xenova/transformers' with { 'resolution-mode': 'import' };

/** The transformers.js module namespace. */
export type TransformersModule = typeof Transformers;

/** Loads (or fakes) the transformers.js module. */
export type LoadTransformers = () => Promise<TransformersModule>;

/** Loads the real `@xenova/transformers` package. */
export const loadTransformers: LoadTransformers = () => import('@xenova/transformers');

/** Where {@link loadConfiguredTransformers} points transformers.js. */
export interface TransformersLocation {
  /** MODELS_DIR: where models are looked up and downloads land. */
  modelsDir: string;
  /** Whether missing files may be downloaded from the Hugging Face hub. */
  allowRemote: boolean;
  /** Hub address (default https://huggingface.co/). */
  remoteHost?: string;
  /** Replaces the transformers.js import (tests). */
  loader?: LoadTransformers;
}

/**
 * Loads transformers.js and points it at MODELS_DIR. Its settings are module-wide, so every load
 * sets all of them.
 */
export async function loadConfiguredTransformers(
  location: TransformersLocation,
): Promise<TransformersModule> {
  const transformers = await (location.loader ?? loadTransformers)();
  const { env } = transformers;
  const host = location.remoteHost ?? 'https://huggingface.co/';
  env.localModelPath = location.modelsDir;
  env.cacheDir = location.modelsDir;
  env.allowLocalModels = true;
  env.allowRemoteModels = location.allowRemote;
  env.remoteHost = host.endsWith('/') ? host : `${host}/`;
  return transformers;
}
