import type { Embedder } from '../../src/core/types';

/**
 * One dimension per city (Berlin, Paris, Rom): enough to make dense ranking meaningful in a test.
 * A text naming none gets the same small vector in every dimension.
 */
export function keywordVector(text: string): Float32Array {
  const v = Float32Array.from(
    ['berlin', 'paris', 'rom'].map((w) => (text.toLowerCase().includes(w) ? 1 : 0)),
  );
  return v.some((x) => x > 0) ? v : Float32Array.from([0.01, 0.01, 0.01]);
}

/** An embedder over {@link keywordVector}. */
export const keywordEmbedder: Embedder = {
  id: 'keywords',
  dimensions: 3,
  embedPassages: async (texts) => texts.map((t) => keywordVector(t)),
  embedQuery: async (t) => keywordVector(t),
};
