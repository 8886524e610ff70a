import type { ArticleCatalogue } from './catalogue';
import type { TranslationVocabulary } from '../retrieval/translate/dictionaryTranslator';
import type { SearchIndex } from '../retrieval/searchIndex';
import type { Article, Passage, SkippedFile } from '../types';
import type { IndexProgress, IndexSummary, ReadUpdateInput } from './indexer';

/** Short description of an indexed article. */
export interface ArticleInfo {
  id: string;
  title: string;
  date?: string;
  url?: string;
  passages: number;
}

/** An indexed article as it is listed and found by reference; its text is read through `search.articles`. */
export interface CatalogueEntry extends ArticleInfo {
  /** The title as searched, in lower case (see {@link searchTitleOf}). */
  searchTitle: string;
}

/**
 * The title as searched (lower case): a title cut short with "…" (one made from the first
 * sentence) continues into the article's first paragraph, so any of its words finds the article.
 */
export function searchTitleOf(article: Pick<Article, 'title' | 'blocks' | 'text'>): string {
  const title = article.title.toLowerCase();
  if (!title.endsWith('…')) return title;
  const first = article.blocks.find((block) => block.kind !== 'heading') ?? article.blocks[0];
  const lead = first ? article.text.slice(first.start, Math.min(first.end, first.start + 300)) : '';
  return `${title.slice(0, -1)} ${lead.toLowerCase()}`;
}

/** The catalogue entry of an article with its passage count. */
export function catalogueEntryOf(article: Article, passages: number): CatalogueEntry {
  return {
    id: article.id,
    title: article.title,
    ...(article.date !== undefined ? { date: article.date } : {}),
    ...(article.url !== undefined ? { url: article.url } : {}),
    passages,
    searchTitle: searchTitleOf(article),
  };
}

/**
 * What query translation may ask of a collection's words, fetched for the terms it is about to
 * ask: an index in this process answers for every term at once, an index in a database for the
 * terms asked (see `translateOver` in translate/vocabularyLookup.ts).
 */
export interface VocabularyLookup {
  lookup(terms: readonly string[]): Promise<CoveringVocabulary>;
}

/** A {@link TranslationVocabulary} that knows which terms it can answer for. */
export interface CoveringVocabulary extends TranslationVocabulary {
  covers(term: string): boolean;
}

/** Passage ordinals from `from` (inclusive) to `to` (exclusive). */
export interface OrdinalRange {
  from: number;
  to: number;
}

/** One generation of the index, answering questions until the next one replaces it. */
export interface ServedIndex {
  /** Which generation this is. */
  readonly generation: string;
  /** Searches, passages and article texts. */
  readonly search: SearchIndex;
  /** The generation's articles, as people find them. */
  readonly catalogue: ArticleCatalogue;
  /** How many articles the generation holds; unlike `catalogue.size`, builds no catalogue. */
  readonly articleCount: number;
  readonly passageCount: number;
  /**
   * The passages of one article, in order; with `ordinals`, only those whose ordinal is at least
   * `from` and below `to` (what a long article's neighbourhood of one passage needs).
   */
  passagesOf(articleId: string, ordinals?: OrdinalRange): Promise<Passage[]>;
  /** The similarity the embedder gives unrelated passages of this generation, when it can be told. */
  unrelatedSimilarity(): number | undefined;
  /** The collection's words, for query translation. */
  readonly vocabulary: VocabularyLookup;
  /** When the generation was written (ISO), its vector index kind, and the files it skipped. */
  readonly builtAt?: string;
  readonly vectorIndex?: string;
  readonly skipped: readonly SkippedFile[];
}

/** Options of one {@link IndexBackend.update}. */
export interface BackendUpdateOptions {
  full?: boolean;
  onProgress?: (event: IndexProgress) => void;
  signal?: AbortSignal;
}

/**
 * Where the index lives and how it is read and written: files beside the bot (the embedded
 * backend) or a database shared by many bot processes. The service serves one
 * {@link ServedIndex} at a time and asks the backend for the next.
 */
export interface IndexBackend {
  /** Which backend this is. */
  readonly kind: 'embedded' | 'postgres';
  /** Where the index is, for operators' status and logs: a folder, or host, port and database (never credentials). */
  readonly location: string;
  /**
   * The newest generation, built with `previous` where that saves work. With `readOnly` a
   * database schema that is behind is reported (`INDEX_UNUSABLE`), not migrated (caches beside
   * an embedded index may still be written).
   * @throws IndexLoadError when there is none (`missing`) or it cannot be used as is (the caller rebuilds)
   */
  open(previous?: ServedIndex, options?: { readOnly?: boolean }): Promise<ServedIndex>;
  /** Whether any generation was ever written (a first start has none). */
  hasGeneration(): Promise<boolean>;
  /** Articles in the newest generation without opening it; 0 when there is none or it cannot be read. */
  indexedArticles(): Promise<number>;
  /**
   * Brings the index in line with the articles `read` returns.
   * @returns the run's summary and, when it wrote a generation, that generation ready to serve
   * @throws UserError `INDEX_LOCKED` while another process writes the index
   */
  update(
    read: ReadUpdateInput,
    options: BackendUpdateOptions,
    previous?: ServedIndex,
  ): Promise<{ summary: IndexSummary; served?: ServedIndex }>;
  /**
   * Calls `onGeneration` when another process commits a generation (a shared index); returns a
   * function that stops listening. Backends that only this process writes leave it out.
   */
  watch?(onGeneration: (generation: string) => void): () => void;
  /** Whether another process is writing the index now (a shared index; others leave it out). */
  writing?(): Promise<boolean>;
  /** Resolves once background work (cache writes) has finished; never rejects. */
  idle(): Promise<void>;
  /** Frees connections and files. */
  close(): Promise<void>;
}
