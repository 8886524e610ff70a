import type { DenseSearch } from '../index/denseSearch';
import type { Article, Passage, ScoredPassage } from '../types';
import { overlapsRange, parseDateRange } from './dateRange';
import type { LexicalHit, LexicalIndex } from './lexical';
import type { PassageFilter, SearchIndex, TermStatistics } from './searchIndex';

/** The searches and lookups of an index held in this process. */
export interface InProcessSearchParts {
  dense: DenseSearch;
  lexical: LexicalIndex;
  passageById: (id: string) => Passage | undefined;
  /** Articles by id; without it none is found (an index used for ranking only). */
  article?: (articleId: string) => Article | undefined;
}

/**
 * The {@link SearchIndex} of an index held in memory (the embedded backend, and the evaluation's
 * corpora): a filter object becomes the article list and predicate the in-process searches take.
 *
 * @example
 * const search = new InProcessSearchIndex({
 *   dense: loaded,
 *   lexical,
 *   passageById: (id) => loaded.passageById(id),
 *   article: (id) => loaded.articles.get(id),
 * });
 * const hits = await search.lexicalSearch('Palmyra', 10, { articleIds: ['palmyra.md'] });
 */
export class InProcessSearchIndex implements SearchIndex {
  constructor(private readonly parts: InProcessSearchParts) {}

  async denseSearch(vector: Float32Array, k: number, filter?: PassageFilter): Promise<ScoredPassage[]> {
    const accept = this.predicate(filter, { articles: false });
    return this.parts.dense.search(vector, k, {
      ...(filter?.articleIds ? { articleIds: filter.articleIds } : {}),
      ...(accept ? { filter: accept } : {}),
    });
  }

  async lexicalSearch(query: string, k: number, filter?: PassageFilter): Promise<LexicalHit[]> {
    const accept = this.predicate(filter, { articles: true });
    if (!accept) return this.parts.lexical.search(query, k);
    const { passageById } = this.parts;
    return this.parts.lexical.search(query, k, (id) => {
      const passage = passageById(id);
      return passage !== undefined && accept(passage);
    });
  }

  async passages(ids: readonly string[]): Promise<ReadonlyMap<string, Passage>> {
    const found = new Map<string, Passage>();
    for (const id of ids) {
      const passage = this.parts.passageById(id);
      if (passage) found.set(id, passage);
    }
    return found;
  }

  async articles(ids: readonly string[]): Promise<ReadonlyMap<string, Article>> {
    const found = new Map<string, Article>();
    const { article } = this.parts;
    if (!article) return found;
    for (const id of ids) {
      const value = article(id);
      if (value) found.set(id, value);
    }
    return found;
  }

  async termStatistics(terms: readonly string[]): Promise<TermStatistics> {
    const { lexical } = this.parts;
    return {
      passages: lexical.size,
      documentFrequency: new Map(terms.map((term) => [term, lexical.documentFrequency(term)])),
    };
  }

  /**
   * The filter as a predicate on passage records, undefined when it accepts everything. The
   * article list is left to dense search itself (`articles: false`), which reads only their vectors.
   * @throws when a date bound is not a (partial) ISO date
   */
  private predicate(
    filter: PassageFilter | undefined,
    options: { articles: boolean },
  ): ((passage: Omit<Passage, 'text'>) => boolean) | undefined {
    const range = parseDateRange(filter?.dateFrom, filter?.dateTo);
    const articles = options.articles && filter?.articleIds ? new Set(filter.articleIds) : undefined;
    if (!range && !articles) return undefined;
    const { article } = this.parts;
    const articleDate = (id: string): string | undefined => article?.(id)?.date;
    // Date lookups are per article, and one article has many passages.
    const dated = new Map<string, boolean>();
    return (passage) => {
      if (articles && !articles.has(passage.articleId)) return false;
      if (!range) return true;
      let inRange = dated.get(passage.articleId);
      if (inRange === undefined) {
        inRange = overlapsRange(articleDate(passage.articleId), range);
        dated.set(passage.articleId, inRange);
      }
      return inRange;
    };
  }
}
