import type { Article, Passage, ScoredPassage } from '../types';
import type { VectorIndex } from './vectorIndex';
import type { Manifest } from './manifest';

/** A passage as stored on disk: everything but the text (a slice of its article's text), plus its label. */
export type StoredPassage = Omit<Passage, 'text'> & { label: number };

/** Options of {@link LoadedIndex.search}. */
export interface DenseSearchOptions {
  /** Only passages of these articles. */
  articleIds?: Iterable<string>;
  /** Only passages this returns true for. */
  filter?: (passage: Passage) => boolean;
}

/**
 * Candidate sets up to this size are scored exactly instead of through the graph: a
 * restrictive hnswlib filter makes the graph search wander over most of the index.
 */
const EXACT_SEARCH_LIMIT = 512;

/**
 * One generation of the index held in memory, read-only for queries. A reindex builds a
 * new instance; callers swap the reference, so queries keep using this one meanwhile.
 */
export class LoadedIndex {
  private readonly byLabel = new Map<number, Passage>();
  private readonly labelById = new Map<string, number>();
  private readonly byArticle = new Map<string, Passage[]>();
  private readonly labelsByArticle = new Map<string, number[]>();

  /**
   * @param stored passages of live labels; their offsets must lie inside their article's text
   */
  constructor(
    readonly manifest: Manifest,
    readonly articles: ReadonlyMap<string, Article>,
    stored: readonly StoredPassage[],
    readonly vectors: VectorIndex,
  ) {
    let article: Article | undefined;
    for (const record of stored) {
      // Passages arrive grouped by article; skip the map lookup while the article repeats.
      if (article?.id !== record.articleId) article = articles.get(record.articleId);
      if (!article) throw new Error(`passage ${record.id} refers to unknown article ${record.articleId}`);
      if (record.start < 0 || record.end > article.text.length || record.start > record.end) {
        throw new Error(`passage ${record.id} lies outside its article text`);
      }
      // Explicit fields rather than rest/spread: this runs 100k times per load.
      const passage: Passage = {
        id: record.id,
        articleId: record.articleId,
        ordinal: record.ordinal,
        paragraphStart: record.paragraphStart,
        paragraphEnd: record.paragraphEnd,
        start: record.start,
        end: record.end,
        text: article.text.slice(record.start, record.end),
        kind: record.kind,
      };
      if (record.section !== undefined) passage.section = record.section;
      this.byLabel.set(record.label, passage);
      this.labelById.set(passage.id, record.label);
      push(this.byArticle, passage.articleId, passage);
      push(this.labelsByArticle, passage.articleId, record.label);
    }
    for (const list of this.byArticle.values()) list.sort((a, b) => a.ordinal - b.ordinal);
  }

  /** Name of the generation directory this was loaded from. */
  get generation(): string {
    return this.manifest.generation;
  }

  /** Number of live passages. */
  get passageCount(): number {
    return this.byLabel.size;
  }

  /** Every live passage, grouped by article, in ordinal order. */
  *passages(): IterableIterator<Passage> {
    for (const list of this.byArticle.values()) yield* list;
  }

  /** The passage stored under a vector label. */
  passageByLabel(label: number): Passage | undefined {
    return this.byLabel.get(label);
  }

  /** A passage by its id (`${articleId}#${ordinal}`). */
  passageById(id: string): Passage | undefined {
    const label = this.labelById.get(id);
    return label === undefined ? undefined : this.byLabel.get(label);
  }

  /** The vector label of a passage id. */
  labelOf(id: string): number | undefined {
    return this.labelById.get(id);
  }

  /** Passages of an article in reading order (empty for unknown articles). */
  passagesOf(articleId: string): readonly Passage[] {
    return this.byArticle.get(articleId) ?? [];
  }

  /**
   * Dense retrieval: the `k` passages most similar to a query vector, best first, with
   * `score` and `dense` both the cosine similarity.
   *
   * @example
   * index.search(await embedder.embedQuery('Wer regiert?'), 10, { articleIds: ['a.md'] });
   */
  search(vector: Float32Array, k: number, options: DenseSearchOptions = {}): ScoredPassage[] {
    const { filter } = options;
    let allowed: Set<number> | undefined;
    if (options.articleIds) {
      allowed = new Set();
      for (const articleId of options.articleIds) {
        for (const label of this.labelsByArticle.get(articleId) ?? []) allowed.add(label);
      }
      if (allowed.size === 0) return [];
    }
    const accepts = (label: number): boolean => {
      if (allowed && !allowed.has(label)) return false;
      if (!filter) return true;
      const passage = this.byLabel.get(label);
      return passage !== undefined && filter(passage);
    };
    const hits =
      allowed && allowed.size <= EXACT_SEARCH_LIMIT
        ? this.vectors.searchExact(vector, k, filter ? [...allowed].filter(accepts) : allowed)
        : this.vectors.search(vector, k, allowed || filter ? accepts : undefined);
    const results: ScoredPassage[] = [];
    for (const hit of hits) {
      const passage = this.byLabel.get(hit.label);
      if (passage) results.push({ passage, score: hit.score, dense: hit.score });
    }
    return results;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
