import { DEFAULT_SCORING, relevanceScore, type ScoringOptions } from '../../src/core/answer/scoring';
import type { LexicalIndex } from '../../src/core/retrieval/lexical';
import { unrelatedSimilarity } from '../../src/core/index/unrelatedSimilarity';
import { createPipeline } from '../../src/core/pipeline';
import { InProcessSearchIndex } from '../../src/core/retrieval/inProcessSearchIndex';
import type { Article, Embedder, Passage, QueryExpander } from '../../src/core/types';
import type { EvalQuestion, EvalUnit } from './datasets';
import { type Half, halfOf } from './retrievalMetrics';
import type { EvalCorpus } from './retrievalSystems';

/**
 * Builds the abstention cases of one suite: every question is asked twice, once against the whole
 * corpus (answerable) and once with its gold paragraph's group removed (unanswerable), through the
 * real retriever and the answerer's relevance score.
 */

/** One question asked against one corpus, with the parts of its relevance score. */
export interface AbstentionCase {
  suite: string;
  questionId: string;
  half: Half;
  answerable: boolean;
  coverage: number;
  dense: number;
  /** The similarity of unrelated passages of the suite's corpus (`unrelatedSimilarity`). */
  unrelated: number;
  /** The relevance score under the scoring options the cases were built with. */
  score: number;
  /** Whether the question was matched through its translation (`RelevanceReport.translated`). */
  translated: boolean;
  /** Answerable cases: whether a passage of the gold paragraph was among the passages the answerer reads. */
  goldRead?: boolean;
}

/** What {@link buildCases} needs about one suite. */
export interface CaseSuite {
  name: string;
  questions: readonly EvalQuestion[];
  units: readonly EvalUnit[];
  corpus: EvalCorpus;
  /**
   * The units removed for a question's unanswerable case: its gold paragraph and everything that
   * could answer it too (for XQuAD the paragraphs of the same Wikipedia article).
   */
  removedFor: (question: EvalQuestion) => ReadonlySet<string>;
}

export interface CaseSettings {
  embedder: Embedder;
  topK: number;
  translate?: QueryExpander;
  scoring?: Partial<ScoringOptions>;
}

/** A unit as the article the answerer quotes from: one paragraph, titled by its id. */
export function unitArticle(unit: EvalUnit): Article {
  return {
    id: unit.id,
    title: unit.id,
    tags: [],
    text: unit.text,
    blocks: [{ kind: 'paragraph', start: 0, end: unit.text.length, paragraph: 1 }],
    contentHash: '',
    format: 'txt',
  };
}

/**
 * Wraps an embedder with a text → vector memo: each question is embedded for two cases, and the
 * same candidate sentences come back for many questions, so most embeddings are repeats.
 */
export function memoizingEmbedder(inner: Embedder): Embedder {
  const queries = new Map<string, Float32Array>();
  const passages = new Map<string, Float32Array>();
  return {
    id: inner.id,
    dimensions: inner.dimensions,
    async embedQuery(text) {
      let vector = queries.get(text);
      if (!vector) {
        vector = await inner.embedQuery(text);
        queries.set(text, vector);
      }
      return vector;
    },
    async embedPassages(texts) {
      const missing = [...new Set(texts.filter((text) => !passages.has(text)))];
      if (missing.length > 0) {
        const vectors = await inner.embedPassages(missing);
        missing.forEach((text, i) => passages.set(text, vectors[i]!));
      }
      return texts.map((text) => passages.get(text)!);
    },
  };
}

/** A read-only view of a lexical index that never returns passages of removed units. */
function withoutUnits(lexical: LexicalIndex, keep: (passageId: string) => boolean): LexicalIndex {
  return {
    get size() {
      return lexical.size;
    },
    add: () => {
      throw new Error('read-only view');
    },
    remove: () => {
      throw new Error('read-only view');
    },
    search: (query, k, filter) => lexical.search(query, k, (id) => keep(id) && (!filter || filter(id))),
    documentFrequency: (term) => lexical.documentFrequency(term),
  };
}

/**
 * Asks every question of the suite against the full corpus and against the corpus without its
 * removed units. Removal filters the searches rather than rebuilding indexes: BM25 statistics
 * still count the removed paragraphs, which changes rankings only slightly and leaves the
 * relevance score (term coverage and cosine, no BM25 values) as it would be.
 */
export async function buildCases(suite: CaseSuite, settings: CaseSettings): Promise<AbstentionCase[]> {
  const { corpus } = suite;
  // Measured as the app measures it on its index: over the whole corpus's stored vectors.
  const unrelated = unrelatedSimilarity(corpus.dense.size, (i) => corpus.dense.vectorAt(i)) ?? 0;
  const scoring = { denseFloor: unrelated, ...settings.scoring };
  const articles = new Map(suite.units.map((unit) => [unit.id, unitArticle(unit)]));
  const lookup = (id: string): Article | undefined => articles.get(id);
  const deps = {
    embedder: settings.embedder,
    lookup,
    ...(settings.translate ? { expandQuery: settings.translate } : {}),
  };
  const cases: AbstentionCase[] = [];
  for (const question of suite.questions) {
    const removed = suite.removedFor(question);
    for (const answerable of [true, false]) {
      const keepPassage = (passage: Pick<Passage, 'articleId'>): boolean =>
        answerable || !removed.has(passage.articleId);
      const { retriever } = createPipeline(
        {
          search: new InProcessSearchIndex({
            dense: {
              search: (vector, k, options = {}) =>
                corpus.dense.search(vector, k, {
                  ...options,
                  filter: (p) => keepPassage(p) && (!options.filter || options.filter(p)),
                }),
            },
            lexical: withoutUnits(corpus.lexical, (id) => {
              const passage = corpus.byId.get(id);
              return passage !== undefined && keepPassage(passage);
            }),
            passageById: (id) => corpus.byId.get(id),
            article: lookup,
          }),
        },
        { embedder: settings.embedder, ...(settings.translate ? { translate: settings.translate } : {}) },
      );
      const { passages } = await retriever.retrieve(question.question, { topK: settings.topK });
      const relevance = await relevanceScore(question.question, passages, deps, scoring);
      const entry: AbstentionCase = {
        suite: suite.name,
        questionId: question.id,
        half: halfOf(question.id),
        answerable,
        coverage: relevance.coverage,
        dense: relevance.dense,
        unrelated,
        score: relevance.score,
        translated: relevance.translated,
      };
      if (answerable) {
        const read = passages.slice(0, settings.scoring?.maxPassages ?? DEFAULT_SCORING.maxPassages);
        entry.goldRead = read.some((hit) => hit.passage.articleId === question.unitId);
      }
      cases.push(entry);
    }
  }
  return cases;
}
