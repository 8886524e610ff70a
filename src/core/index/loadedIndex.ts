import type { Article, Passage, ScoredPassage } from '../types';
import type { VectorIndex } from './vectorIndex';
import type { Manifest } from './manifest';

/** A passage as stored on disk: everything but the text (a slice of its article's text), plus its label. */
export type StoredPassage = Omit<Passage, 'text'> & { label: number };

/** Options of {@link LoadedIndex.search}. */
export interface DenseSearchOptions {
  /** Only passages of these articles. */
  articleIds?: Iterable<string>;
  /**
   * Only passages this returns true for. It sees the stored record, without the text: filtering
   * many candidates must not read their articles' texts.
   */
  filter?: (passage: Omit<Passage, 'text'>) => boolean;
}

/**
 * Candidate sets up to this size are scored exactly instead of through the graph: a
 * restrictive hnswlib filter makes the graph search wander over most of the index.
 */
const EXACT_SEARCH_LIMIT = 512;

/**
 * The live passages of one generation as stored records, checked against their articles and
 * indexed by vector label, id and article. Built while the vector graph is still being read.
 */
export class PassageTable {
  readonly records = new Map<number, StoredPassage>();
  readonly labelById = new Map<string, number>();
  /** Labels of each article's passages, in reading order. */
  readonly labelsByArticle = new Map<string, number[]>();

  /**
   * @param stored passages of live labels; their offsets must lie inside their article's text
   * @param textLength the length of an article's text; lets an article whose text is read on
   *   first use be checked without reading it
   * @throws Error when a passage refers to an unknown article or lies outside its text
   */
  constructor(
    articles: ReadonlyMap<string, Article>,
    stored: readonly StoredPassage[],
    textLength: (article: Article) => number = (article) => article.text.length,
  ) {
    let article: Article | undefined;
    let length = 0;
    for (const record of stored) {
      // Passages arrive grouped by article; skip the map lookup while the article repeats.
      if (article?.id !== record.articleId) {
        article = articles.get(record.articleId);
        if (!article) throw new Error(`passage ${record.id} refers to unknown article ${record.articleId}`);
        length = textLength(article);
      }
      if (record.start < 0 || record.end > length || record.start > record.end) {
        throw new Error(`passage ${record.id} lies outside its article text`);
      }
      this.records.set(record.label, record);
      this.labelById.set(record.id, record.label);
      push(this.labelsByArticle, record.articleId, record.label);
    }
    const ordinalOf = (label: number) => this.records.get(label)!.ordinal;
    for (const labels of this.labelsByArticle.values()) labels.sort((a, b) => ordinalOf(a) - ordinalOf(b));
  }
}

/**
 * One generation of the index held in memory, read-only for queries. A reindex builds a
 * new instance; callers swap the reference, so queries keep using this one meanwhile.
 * Passages are kept as their stored records and built (with their text) when first asked for,
 * so opening an index reads no article's text until a query needs it.
 */
export class LoadedIndex {
  private readonly records: ReadonlyMap<number, StoredPassage>;
  /** Passages built from their records when first asked for (their text is a slice of the article's). */
  private readonly built = new Map<number, Passage>();
  private readonly labelById: ReadonlyMap<string, number>;
  /** Labels of each article's passages, in reading order. */
  private readonly labelsByArticle: ReadonlyMap<string, readonly number[]>;

  /** @param table the generation's passages, checked against `articles` */
  constructor(
    readonly manifest: Manifest,
    readonly articles: ReadonlyMap<string, Article>,
    table: PassageTable,
    readonly vectors: VectorIndex,
  ) {
    this.records = table.records;
    this.labelById = table.labelById;
    this.labelsByArticle = table.labelsByArticle;
  }

  /** Name of the generation directory this was loaded from. */
  get generation(): string {
    return this.manifest.generation;
  }

  /** Number of live passages. */
  get passageCount(): number {
    return this.records.size;
  }

  /** Every live passage, grouped by article, in ordinal order. Reads every article's text. */
  *passages(): IterableIterator<Passage> {
    for (const labels of this.labelsByArticle.values()) for (const label of labels) yield this.build(label);
  }

  /** Every live passage as stored (without its text), grouped by article, in ordinal order. */
  *storedPassages(): IterableIterator<StoredPassage> {
    for (const labels of this.labelsByArticle.values())
      for (const label of labels) yield this.records.get(label)!;
  }

  /** The passage stored under a vector label. */
  passageByLabel(label: number): Passage | undefined {
    return this.records.has(label) ? this.build(label) : undefined;
  }

  /** A passage by its id (`${articleId}#${ordinal}`). */
  passageById(id: string): Passage | undefined {
    const label = this.labelById.get(id);
    return label === undefined ? undefined : this.build(label);
  }

  /** The vector label of a passage id. */
  labelOf(id: string): number | undefined {
    return this.labelById.get(id);
  }

  /** Number of an article's passages (0 for unknown articles), without building them. */
  passageCountOf(articleId: string): number {
    return this.labelsByArticle.get(articleId)?.length ?? 0;
  }

  /** Passages of an article in reading order (empty for unknown articles). */
  passagesOf(articleId: string): readonly Passage[] {
    return (this.labelsByArticle.get(articleId) ?? []).map((label) => this.build(label));
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
      const record = this.records.get(label);
      return record !== undefined && filter(record);
    };
    const hits =
      allowed && allowed.size <= EXACT_SEARCH_LIMIT
        ? this.vectors.searchExact(vector, k, filter ? [...allowed].filter(accepts) : allowed)
        : this.vectors.search(vector, k, allowed || filter ? accepts : undefined);
    const results: ScoredPassage[] = [];
    for (const hit of hits) {
      if (this.records.has(hit.label))
        results.push({ passage: this.build(hit.label), score: hit.score, dense: hit.score });
    }
    return results;
  }

  /** The passage of a live label, built once from its record and its article's text. */
  private build(label: number): Passage {
    let passage = this.built.get(label);
    if (passage) return passage;
    const record = this.records.get(label)!;
    const article = this.articles.get(record.articleId)!;
    // Explicit fields rather than rest/spread: this runs once per passage on a full read.
    passage = {
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
    this.built.set(label, passage);
    return passage;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
