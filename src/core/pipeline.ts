/**
 * The answering pipeline: retrieval and answerer over one index, built one way for the app and
 * for every tool that measures it, so what is measured is what ships.
 */

import type { Answerer } from './answer/answerer';
import type { ArticleFetch } from './answer/citations';
import {
  DEFAULT_MIN_RELEVANCE,
  ExtractiveAnswerer,
  MEASURED_FLOOR_MIN_RELEVANCE,
  type ExtractiveAnswererOptions,
} from './answer/extractive';
import type { AnswerLanguageSetting } from './answer/language';
import type { LlmConfig } from './answer/llm/chatCompletions';
import { LlmAnswerer } from './answer/llm/llmAnswerer';
import { BUILTIN_EMBEDDER_PREFIX } from './embedding/builtin/builtinEmbedder';
import type { FocusOptions } from './retrieval/focus';
import type { FusionOptions } from './retrieval/hybrid';
import { Retriever } from './retrieval/retriever';
import type { SearchIndex } from './retrieval/searchIndex';
import type { Reranker, RerankingOptions } from './rerank/reranker';
import type { VocabularyLookup } from './index/backend';
import type { Embedder, QueryExpander } from './types';
import type { SynonymLookup } from './text/synonyms';

/** What the pipeline searches and quotes: one index's passages, searches and articles. */
export interface PipelineIndex {
  /** Passages, searches and the articles quoted from. */
  search: SearchIndex;
  /** The similarity the embedder gives unrelated passages of this index (`unrelatedSimilarity`); read only when needed. */
  unrelatedSimilarity?: () => number | undefined;
  /** The collection's words, which query translation prefers. */
  vocabulary?: VocabularyLookup;
}

/** How the pipeline answers; everything but the embedder has the product's defaults. */
export interface PipelineOptions {
  embedder: Embedder;
  /** Query expansion shared by retrieval and answer scoring (English → German). */
  translate?: QueryExpander;
  language?: AnswerLanguageSetting;
  /** An LLM endpoint writes the answer; the extractive answer is its fallback. */
  llm?: LlmConfig;
  /** A cross-encoder that re-scores the best sentences before one is quoted. */
  reranker?: Reranker;
  reranking?: Partial<RerankingOptions>;
  /** German synonyms that tell sentences apart (OpenThesaurus; optional). */
  synonyms?: SynonymLookup;
  /**
   * The dense similarity that counts as no evidence in the relevance score: `default` keeps
   * `DEFAULT_SCORING.denseFloor`, calibrated with `DEFAULT_MIN_RELEVANCE` for the built-in
   * embedder; `measured` uses the index's `unrelatedSimilarity` with
   * `MEASURED_FLOOR_MIN_RELEVANCE`, so that abstention holds for an embedder the defaults were not
   * calibrated on (models like e5 put unrelated texts near 0.7, where a floor of 0 never abstains).
   */
  denseFloor?: 'default' | 'measured';
  logger?: { warn(details: object, message: string): void };
  /** Settings under evaluation (tuning tools only); the app passes none. */
  tuning?: {
    fusion?: FusionOptions;
    focus?: FocusOptions;
    answerer?: Partial<Omit<ExtractiveAnswererOptions, 'embedder' | 'articles'>>;
  };
}

export interface Pipeline {
  retriever: Retriever;
  answerer: Answerer;
}

/**
 * The dense floor an embedder's answers need (see `PipelineOptions.denseFloor`): the built-in
 * embedder's is calibrated in the defaults; any other is measured on the index.
 */
export function denseFloorFor(embedder: Pick<Embedder, 'id'>): 'default' | 'measured' {
  return embedder.id.startsWith(`${BUILTIN_EMBEDDER_PREFIX}:`) ? 'default' : 'measured';
}

/** The relevance threshold that goes with a dense floor. */
export function minRelevanceFor(denseFloor: 'default' | 'measured'): number {
  return denseFloor === 'measured' ? MEASURED_FLOOR_MIN_RELEVANCE : DEFAULT_MIN_RELEVANCE;
}

/** Builds the retriever and the answerer over an index. */
export function createPipeline(index: PipelineIndex, options: PipelineOptions): Pipeline {
  const { embedder, translate, tuning } = options;
  const retriever = new Retriever({
    embedder,
    search: index.search,
    ...(translate ? { translate } : {}),
    ...(tuning?.fusion ? { fusion: tuning.fusion } : {}),
    ...(tuning?.focus ? { focus: tuning.focus } : {}),
  });
  const floor = options.denseFloor === 'measured' ? index.unrelatedSimilarity?.() : undefined;
  return { retriever, answerer: createAnswerer((ids) => index.search.articles(ids), options, floor) };
}

/**
 * The answerer alone (for passages retrieved elsewhere): extractive, or an LLM with the extractive
 * answer as its fallback.
 */
export function createAnswerer(
  articles: ArticleFetch,
  options: PipelineOptions,
  /** The dense similarity that counts as no evidence (see `PipelineOptions.denseFloor`). */
  denseFloor?: number,
): Answerer {
  const { embedder, translate, tuning } = options;
  const extractive = new ExtractiveAnswerer({
    ...(options.language ? { language: options.language } : {}),
    ...(translate ? { expandQuery: translate } : {}),
    ...(options.reranker ? { reranker: options.reranker } : {}),
    ...(options.reranking ? { reranking: options.reranking } : {}),
    ...(options.synonyms ? { synonyms: options.synonyms } : {}),
    ...(denseFloor !== undefined && Number.isFinite(denseFloor)
      ? { scoring: { denseFloor }, minRelevance: minRelevanceFor('measured'), translatedDiscount: 0 }
      : {}),
    ...tuning?.answerer,
    embedder,
    articles,
  });
  if (!options.llm) return extractive;
  return new LlmAnswerer({
    llm: options.llm,
    embedder,
    articles,
    fallback: extractive,
    ...(options.language ? { language: options.language } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
