import type { LoadedIndex } from './loadedIndex';

/** One stored vector and the article (or other group) its text belongs to. */
export interface GroupedVector {
  group: string;
  vector: Float32Array;
}

/** Options of {@link unrelatedSimilarity}. */
export interface UnrelatedSimilarityOptions {
  /** Pairs compared (default 400). */
  pairs?: number;
}

/**
 * The cosine similarity an embedder gives texts that speak of different things: the median over
 * pairs of unit vectors from different groups (articles), sampled deterministically. Embedders
 * differ widely here (hashed word features put unrelated texts near 0.15, models like e5 near
 * 0.7), while it barely moves with the size of the collection. Relevance measured above it means
 * the same for any embedder. With a single group, pairs within it stand in (texts of one article
 * are closer than unrelated ones, so this errs towards abstaining). `undefined` with fewer than
 * two vectors.
 */
export function unrelatedSimilarity(
  count: number,
  vectorAt: (i: number) => GroupedVector | undefined,
  options: UnrelatedSimilarityOptions = {},
): number | undefined {
  const { pairs = 400 } = options;
  if (count < 2) return undefined;
  const random = seeded(count);
  const across: number[] = [];
  const within: number[] = [];
  for (let attempt = 0; attempt < pairs * 4 && across.length < pairs; attempt += 1) {
    const i = Math.floor(random() * count);
    const j = Math.floor(random() * count);
    if (i === j) continue;
    const a = vectorAt(i);
    const b = vectorAt(j);
    if (!a || !b) continue;
    let dot = 0;
    for (let d = 0; d < a.vector.length; d += 1) dot += a.vector[d]! * b.vector[d]!;
    // A damaged vector (NaN) says nothing about the embedder, and would break the median.
    if (Number.isFinite(dot)) (a.group === b.group ? within : across).push(dot);
  }
  // A handful of pairs from different articles is noise: then pairs of any passages.
  const sample = across.length >= 24 ? across : [...across, ...within];
  if (sample.length === 0) return undefined;
  sample.sort((x, y) => x - y);
  return sample[Math.floor(sample.length / 2)]!;
}

/** {@link unrelatedSimilarity} of the passages of a loaded index, from their stored vectors. */
export function unrelatedSimilarityOf(
  index: LoadedIndex,
  options?: UnrelatedSimilarityOptions,
): number | undefined {
  // Labels only: building every passage record would cost more than the estimate itself.
  const labels = index.passageLabels();
  // Small collections draw the same passages again and again; the index copies a vector per call.
  const read = new Map<number, GroupedVector | undefined>();
  return unrelatedSimilarity(
    labels.length,
    (i) => {
      if (read.has(i)) return read.get(i);
      const label = labels[i]!;
      const vector = index.vectors.getVector(label);
      const articleId = index.articleIdOf(label);
      const grouped = vector && articleId !== undefined ? { group: articleId, vector } : undefined;
      read.set(i, grouped);
      return grouped;
    },
    options,
  );
}

/** A small seeded generator, so that one collection always gives the same estimate. */
function seeded(seed: number): () => number {
  let state = Math.imul(seed, 2654435761) >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
