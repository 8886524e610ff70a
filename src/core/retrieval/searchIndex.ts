import type { Article, Passage, ScoredPassage } from '../types';
import type { LexicalHit } from './lexical';

/**
 * Which passages a search may return, as data a database can run as a `WHERE` clause. Every field
 * present narrows the result; an empty filter (or none) accepts every passage.
 */
export interface PassageFilter {
  /** Only passages of these articles (an empty list accepts none). */
  readonly articleIds?: readonly string[];
  /**
   * Only passages of articles dated in this range, bounds included. Bounds and article dates may be
   * partial (`2017`, `2017-01`, `2017-01-15`): each covers its whole period, and an article whose
   * period overlaps the range is in it. Articles without a readable date are outside every range.
   */
  readonly dateFrom?: string;
  readonly dateTo?: string;
}

/** How often terms occur, for weighting them (inverse document frequency). */
export interface TermStatistics {
  /** Number of passages the frequencies are counted over. */
  passages: number;
  /** Passages whose text holds the term, for each term asked about (0 for unknown terms). */
  documentFrequency: ReadonlyMap<string, number>;
}

/**
 * The read side of an index, everything retrieval and answers ask of it. Asynchronous, and batched where a
 * question needs several lookups, so that an index held by a database answers in a few round
 * trips; an index in this process answers at once.
 *
 * Contract (test/contracts/searchIndex.contract.ts holds every implementation to it):
 * - one instance serves one generation of the index: every read sees the same passages and texts;
 * - searches return the best `k` hits the filter accepts (fewer only when fewer match), best
 *   first, however restrictive the filter;
 * - lexical scores are those of the product's BM25+ (`PostingsLexicalIndex`); equal scores are
 *   ordered by passage id in UTF-16 code-unit order (PostgreSQL's `COLLATE "C"` orders by code
 *   point, which is the same except for ids with characters beyond U+FFFF);
 * - a filter's dates are (partial) ISO dates; implementations may throw on others.
 */
export interface SearchIndex {
  /**
   * Whether searches run outside this process (a database), so that asking several at once
   * saves time; an index in this process leaves it out.
   */
  readonly concurrent?: boolean;
  /** The `k` passages whose vectors are most similar to `vector` (cosine), with `score` and `dense` the similarity. */
  denseSearch(vector: Float32Array, k: number, filter?: PassageFilter): Promise<ScoredPassage[]>;
  /** The `k` best passages for a query by lexical search (BM25+ over the analysed text). */
  lexicalSearch(query: string, k: number, filter?: PassageFilter): Promise<LexicalHit[]>;
  /** Passages by id; unknown ids are left out of the map. */
  passages(ids: readonly string[]): Promise<ReadonlyMap<string, Passage>>;
  /** Document frequencies of analysed terms (as `analyze` in text/analysis.ts produces them). */
  termStatistics(terms: readonly string[]): Promise<TermStatistics>;
  /** Articles by id, with the text the passages are slices of; unknown ids are left out of the map. */
  articles(ids: readonly string[]): Promise<ReadonlyMap<string, Article>>;
}
