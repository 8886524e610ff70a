import type { Passage, ScoredPassage } from '../types';

/** Options of an in-process dense search. */
export interface DenseSearchOptions {
  /** Only passages of these articles; lets the search read just their vectors. */
  articleIds?: Iterable<string>;
  /**
   * Only passages this returns true for. It sees the stored record, without the text: filtering
   * many candidates must not read their articles' texts.
   */
  filter?: (passage: Omit<Passage, 'text'>) => boolean;
}

/** Vector search over passages held in this process (a generation's vector index with its passages). */
export interface DenseSearch {
  /** The `k` passages most similar to `vector`, best first, with `score` and `dense` the cosine. */
  search(vector: Float32Array, k: number, options?: DenseSearchOptions): ScoredPassage[];
}
