/**
 * Re-ranking: a cross-encoder reads the question together with each candidate sentence and says
 * how well the sentence answers it, which word overlap and separate embeddings cannot tell when a
 * reader words the question differently from the article.
 */

/** Scores candidate answers to a question. */
export interface Reranker {
  /** Names the model and its settings (shown in status). */
  readonly id: string;
  /**
   * How well each text answers the question, in [0, 1] (1: answers it), in input order. Texts are
   * truncated to the model's limit; an empty list gives an empty list.
   */
  score(question: string, texts: readonly string[]): Promise<number[]>;
}

/** How re-ranker scores join the sentence scores and decide abstention; defaults in {@link DEFAULT_RERANKING}. */
export interface RerankingOptions {
  /** How many of the best-scored sentences the re-ranker reads (the rest keep their order below). */
  candidates: number;
  /**
   * Weight of the re-ranker's score added to a sentence's own score (which lies mostly within
   * 0–1.5): at 2 the re-ranker's judgement outweighs word overlap and embedding similarity.
   */
  weight: number;
  /**
   * Below this re-ranker score of the sentence to be quoted first the answerer abstains (instead of the
   * relevance threshold, which is calibrated for the built-in scoring). Models differ: choose it
   * from the reader-question figures of `npm run eval` for the model in use.
   */
  minScore: number;
}

/** Defaults for a cross-encoder trained on passage ranking (scores near 0 or 1). */
export const DEFAULT_RERANKING: RerankingOptions = {
  candidates: 16,
  weight: 2,
  minScore: 0.1,
};
