import type { Embedder, Passage, ScoredPassage } from '../types';
import { overlapsRange, parseDateRange } from './dateRange';
import { type FocusOptions, FocusReranker, bm25Idf } from './focus';
import { DEFAULT_FUSION_OPTIONS, type FusionOptions, fuseRankings } from './hybrid';
import type { LexicalIndex } from './lexical';

/** Vector search over passages (the HNSW index plus the label → passage mapping). */
export interface DenseSearch {
  /** `filter` sees each candidate without its text (which it must not need: only ids, article, position). */
  search(
    vector: Float32Array,
    k: number,
    filter?: (passage: Omit<Passage, 'text'>) => boolean,
  ): ScoredPassage[];
}

/** What the retriever needs; everything is passed in so tests can use small fakes. */
export interface RetrieverDeps {
  embedder: Embedder;
  dense: DenseSearch;
  lexical: LexicalIndex;
  passageById: (id: string) => Passage | undefined;
  /** The (partial) ISO date of an article; needed for date filters. */
  articleDate?: (articleId: string) => string | undefined;
  /** Optional query expansion, e.g. English → German, added to the question before searching. */
  translate?: (query: string) => string;
  fusion?: FusionOptions;
  /** Re-ranking of the first fused passages by their best sentence (see focus.ts). */
  focus?: FocusOptions;
  /** Clock for the timings; defaults to `performance.now`. */
  now?: () => number;
}

/** One retrieval request. */
export interface RetrieveOptions {
  /** Number of passages to return. */
  topK: number;
  /** Only passages of this article. */
  articleId?: string;
  /** Only articles dated in this range; partial dates (`2017`, `2017-01`) cover their whole period. */
  dateFrom?: string;
  dateTo?: string;
  /** How many passages each of dense and lexical search contribute to fusion (default {@link DEFAULT_CANDIDATES} or topK, whichever is larger). */
  candidates?: number;
}

/** Milliseconds spent in each stage of one retrieval. */
export interface RetrievalTimings {
  embedMs: number;
  denseMs: number;
  lexicalMs: number;
  /** Fusing the two rankings and re-ranking the first passages by focus. */
  fusionMs: number;
}

export interface RetrievalResult {
  passages: ScoredPassage[];
  timings: RetrievalTimings;
  /** The translator's output for the question, when there is a translator (for the answerer). */
  expansion?: string;
}

/** Candidate depth per ranking (dense and lexical each contribute this many to fusion). */
export const DEFAULT_CANDIDATES = 50;

/**
 * Hybrid retrieval: dense and lexical search run side by side over the same passages and their
 * rankings are fused with reciprocal rank fusion, so exact names and numbers (lexical) and
 * paraphrases (dense) both find their passage. The first fused passages are then re-ranked by
 * how much of the question one of their sentences holds (focus.ts).
 *
 * @example
 * const retriever = new Retriever({ embedder, dense, lexical, passageById });
 * const { passages } = await retriever.retrieve('Wer belagerte Palmyra?', { topK: 6 });
 */
export class Retriever {
  private readonly deps: RetrieverDeps;
  private readonly fusion: FusionOptions;
  private readonly focus: FocusReranker;
  private readonly now: () => number;

  constructor(deps: RetrieverDeps) {
    this.deps = deps;
    this.fusion = deps.fusion ?? DEFAULT_FUSION_OPTIONS;
    this.focus = new FocusReranker(deps.focus);
    this.now = deps.now ?? (() => performance.now());
  }

  /**
   * The best `topK` passages for a question, best first.
   * @throws if `dateFrom`/`dateTo` is not a (partial) ISO date
   */
  async retrieve(question: string, options: RetrieveOptions): Promise<RetrievalResult> {
    const { embedder, dense, lexical, passageById, translate } = this.deps;
    const filter = this.filterFor(options);
    const candidates = Math.max(options.candidates ?? DEFAULT_CANDIDATES, options.topK);
    const translated = translate ? translate(question) : question;
    // The original words stay in the query: names and numbers match in any language.
    const query = translated.trim() && translated !== question ? `${question}\n${translated}` : question;

    let t = this.now();
    const vector = await embedder.embedQuery(query);
    const embedMs = this.now() - t;

    t = this.now();
    const denseHits = dense.search(vector, candidates, filter);
    const denseMs = this.now() - t;

    t = this.now();
    const lexicalFilter = filter
      ? (id: string) => {
          const passage = passageById(id);
          return passage !== undefined && filter(passage);
        }
      : undefined;
    const lexicalHits = lexical.search(query, candidates, lexicalFilter);
    const lexicalMs = this.now() - t;

    t = this.now();
    const fused = fuseRankings(denseHits, lexicalHits, passageById, this.fusion);
    const documentCount = lexical.size;
    const termWeight = (term: string) => bm25Idf(lexical.documentFrequency(term), documentCount);
    const passages = this.focus.rerank(query, fused, termWeight).slice(0, options.topK);
    const fusionMs = this.now() - t;

    const result: RetrievalResult = { passages, timings: { embedMs, denseMs, lexicalMs, fusionMs } };
    if (translate) result.expansion = translated;
    return result;
  }

  private filterFor(options: RetrieveOptions): ((passage: Omit<Passage, 'text'>) => boolean) | undefined {
    const range = parseDateRange(options.dateFrom, options.dateTo);
    const { articleId } = options;
    if (!range && articleId === undefined) return undefined;
    const articleDate = this.deps.articleDate ?? (() => undefined);
    // Date lookups are per article, and one article has many passages.
    const dateOk = new Map<string, boolean>();
    return (passage) => {
      if (articleId !== undefined && passage.articleId !== articleId) return false;
      if (!range) return true;
      let ok = dateOk.get(passage.articleId);
      if (ok === undefined) {
        ok = overlapsRange(articleDate(passage.articleId), range);
        dateOk.set(passage.articleId, ok);
      }
      return ok;
    };
  }
}
