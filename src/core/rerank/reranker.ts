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

/**
 * A re-ranker loaded on first use (or by {@link LazyReranker.ready}), so commands that answer no
 * question never load, or download, the model. A failed load is retried on the next use.
 */
export class LazyReranker implements Reranker {
  private loading: Promise<Reranker> | undefined;

  constructor(
    readonly id: string,
    private readonly load: () => Promise<Reranker>,
    /** Told when a load for a question fails (the error's message has the fix). */
    private readonly onLoadFailed: (error: unknown) => void = () => undefined,
  ) {}

  /** Loads the model now; rejects with the load's error (which the caller reports). */
  async ready(): Promise<void> {
    await this.get(false);
  }

  async score(question: string, texts: readonly string[]): Promise<number[]> {
    return (await this.get(true)).score(question, texts);
  }

  private get(report: boolean): Promise<Reranker> {
    const loading = (this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    }));
    // A question that fails for it says only "not available": the log says why, once per load.
    return report
      ? loading.catch((error: unknown) => {
          if (!this.reported.has(loading)) this.onLoadFailed(error);
          this.reported.add(loading);
          throw error;
        })
      : loading;
  }

  private readonly reported = new WeakSet<Promise<Reranker>>();
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
