import type { DenseSearch, DenseSearchOptions } from '../../src/core/index/denseSearch';
import type { Passage, ScoredPassage } from '../../src/core/types';

/**
 * Exact (brute-force) cosine search over unit vectors, for evaluation: it removes approximate
 * search from the measurement, so dense numbers reflect the embedder alone.
 */
export class ExactDenseSearch implements DenseSearch {
  private readonly passages: Passage[] = [];
  private readonly vectors: Float32Array[] = [];

  add(passage: Passage, vector: Float32Array): void {
    this.passages.push(passage);
    this.vectors.push(vector);
  }

  get size(): number {
    return this.passages.length;
  }

  /** The `i`th vector with its passage's article, for `unrelatedSimilarity`. */
  vectorAt(i: number): { group: string; vector: Float32Array } | undefined {
    const passage = this.passages[i];
    const vector = this.vectors[i];
    return passage && vector ? { group: passage.articleId, vector } : undefined;
  }

  search(vector: Float32Array, k: number, options: DenseSearchOptions = {}): ScoredPassage[] {
    const { filter } = options;
    const articles = options.articleIds ? new Set(options.articleIds) : undefined;
    const scored: Array<{ i: number; score: number }> = [];
    for (let i = 0; i < this.vectors.length; i++) {
      const passage = this.passages[i]!;
      if (articles && !articles.has(passage.articleId)) continue;
      if (filter && !filter(passage)) continue;
      const other = this.vectors[i]!;
      let dot = 0;
      for (let d = 0; d < vector.length; d++) dot += vector[d]! * other[d]!;
      scored.push({ i, score: dot });
    }
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    return scored.slice(0, k).map(({ i, score }) => ({ passage: this.passages[i]!, score, dense: score }));
  }
}
