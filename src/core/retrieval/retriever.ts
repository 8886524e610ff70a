import type { Embedder, QueryExpander, QueryExpansion, ScoredPassage } from '../types';
import { asSearched } from '../text/fillers';
import { contentTerms } from '../text/termMatch';
import { parseDateRange } from './dateRange';
import { type FocusOptions, FocusReranker, bm25Idf } from './focus';
import { DEFAULT_FUSION_OPTIONS, type FusionOptions, fuseRankings } from './hybrid';
import type { PassageFilter, SearchIndex } from './searchIndex';
import type { LexicalHit } from './lexical';

/** What the retriever needs; everything is passed in so tests can use small fakes. */
export interface RetrieverDeps {
  embedder: Embedder;
  /** The index searched: its passages, dense and lexical search, term statistics. */
  search: SearchIndex;
  /** Optional query expansion, e.g. English → German, added to the question before searching. */
  translate?: QueryExpander;
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
  /** Reading the lexical-only passages and the query's term frequencies, fusing the two rankings and re-ranking the first passages by focus. */
  fusionMs: number;
}

export interface RetrievalResult {
  passages: ScoredPassage[];
  timings: RetrievalTimings;
  /** The translator's output for the question as asked, when there is a translator (for the answerer). */
  expansion?: QueryExpansion;
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
 * const retriever = new Retriever({ embedder, search: new InProcessSearchIndex({ dense, lexical, passageById }) });
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
   * The best `topK` passages for a question, best first. The question is searched without a
   * reader's filler words ("eigentlich", "actually") and with "wie teuer" read as "was kostet"
   * (see `asSearched`).
   * @throws if `dateFrom`/`dateTo` is not a (partial) ISO date
   */
  async retrieve(asked: string, options: RetrieveOptions): Promise<RetrievalResult> {
    const { embedder, search, translate } = this.deps;
    // Searched without a reader's filler words; translated as asked, so that the translator
    // tells the question's language from all of it (it drops the fillers itself).
    const question = asSearched(asked);
    const filter = filterOf(options);
    const candidates = Math.max(options.candidates ?? DEFAULT_CANDIDATES, options.topK);
    const expansion = translate ? await translate(asked) : undefined;
    const translated = expansion?.text ?? asked;
    // The original words stay in the query: names and numbers match in any language.
    const query = translated.trim() && translated !== asked ? `${question}\n${translated}` : question;

    // An index in another process (a database) is asked for the lexical ranking at once, while
    // the question is embedded and its graph searched; an index in this process runs them one
    // after the other, since they would only take turns on this thread, so that each stage's
    // time is its own.
    let lexicalMs = 0;
    const lexicalStarted = this.now();
    const lexicalRun = search.concurrent
      ? search.lexicalSearch(query, candidates, filter).then((hits) => {
          lexicalMs = this.now() - lexicalStarted;
          return hits;
        })
      : undefined;
    // The query's term frequencies need no search either.
    const statisticsRun = search.concurrent ? search.termStatistics(contentTerms(query)) : undefined;
    // Awaited below; a failure before then is reported there, not as an unhandled rejection.
    lexicalRun?.catch(() => undefined);
    statisticsRun?.catch(() => undefined);

    let t = this.now();
    const vector = await embedder.embedQuery(query);
    const embedMs = this.now() - t;

    t = this.now();
    const denseHits = await search.denseSearch(vector, candidates, filter);
    const denseMs = this.now() - t;

    let lexicalHits: LexicalHit[];
    if (lexicalRun) lexicalHits = await lexicalRun;
    else {
      t = this.now();
      lexicalHits = await search.lexicalSearch(query, candidates, filter);
      lexicalMs = this.now() - t;
    }

    t = this.now();
    // Passages found only by lexical search are looked up in one batch, as are the query's terms.
    const known = new Map(denseHits.map((hit) => [hit.passage.id, hit.passage]));
    const [others, statistics] = await Promise.all([
      search.passages(lexicalHits.filter((hit) => !known.has(hit.id)).map((hit) => hit.id)),
      statisticsRun ?? search.termStatistics(contentTerms(query)),
    ]);
    const fused = fuseRankings(denseHits, lexicalHits, (id) => known.get(id) ?? others.get(id), this.fusion);
    const termWeight = (term: string) =>
      bm25Idf(statistics.documentFrequency.get(term) ?? 0, statistics.passages);
    const passages = this.focus.rerank(query, fused, termWeight).slice(0, options.topK);
    const fusionMs = this.now() - t;

    const result: RetrievalResult = { passages, timings: { embedMs, denseMs, lexicalMs, fusionMs } };
    if (expansion) result.expansion = expansion;
    return result;
  }
}

/**
 * The index filter of a request.
 * @throws when `dateFrom`/`dateTo` is not a (partial) ISO date
 */
function filterOf(options: RetrieveOptions): PassageFilter | undefined {
  const { articleId, dateFrom, dateTo } = options;
  // Checked here, before any search runs, whatever the index does with bad dates.
  parseDateRange(dateFrom, dateTo);
  if (articleId === undefined && dateFrom === undefined && dateTo === undefined) return undefined;
  return {
    ...(articleId !== undefined ? { articleIds: [articleId] } : {}),
    ...(dateFrom !== undefined ? { dateFrom } : {}),
    ...(dateTo !== undefined ? { dateTo } : {}),
  };
}
