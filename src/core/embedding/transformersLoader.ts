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
