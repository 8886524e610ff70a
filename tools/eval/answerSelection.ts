import type { Translation } from '../../src/app';
import type { OrdinalRange } from '../../src/core/index/backend';
import { lexicalVocabulary } from '../../src/core/retrieval/translate/vocabularyLookup';
import type { ExtractiveAnswererOptions } from '../../src/core/answer/extractive';
import { DEFAULT_SCORING } from '../../src/core/answer/scoring';
import { fold } from '../../src/core/text/analysis';
import { fetchFrom } from '../../src/core/answer/citations';
import { createAnswerer, createPipeline } from '../../src/core/pipeline';
import { InProcessSearchIndex } from '../../src/core/retrieval/inProcessSearchIndex';
import type {
  Article,
  Embedder,
  Passage,
  QueryExpander,
  QueryExpansion,
  ScoredPassage,
} from '../../src/core/types';
import { articleContext } from '../../src/core/service';
import type { SynonymLookup } from '../../src/core/text/synonyms';
import { sampleQuestions } from './abstention';
import { memoizingEmbedder, unitArticle } from './abstentionCases';
import { type SuiteId, prepareSuites } from './retrieval';
import { type Half, halfOf } from './retrievalMetrics';

/**
 * Answer selection on XQuAD and MLQA: does the extractive answer quote the gold answer span?
 * Retrieval runs as in the app (hybrid, top-k over the whole suite corpus); the answerer never
 * abstains here, so the figure measures which sentences it picks, not its threshold.
 */

/** One question with everything the answerer needs, retrieved once and reused for every setting. */
export interface SelectionCase {
  suite: string;
  questionId: string;
  half: Half;
  question: string;
  answers: string[];
  passages: ScoredPassage[];
  /** The passages near the best one in its article, as the app hands them to the answerer. */
  context: Passage[];
  expansion?: QueryExpansion;
  /** Whether a passage of the gold paragraph is among those the answerer reads. */
  goldRead: boolean;
}

/** Shares of questions, in [0, 1]. */
export interface SelectionMetrics {
  n: number;
  /** A passage of the gold paragraph was read. */
  goldRead: number;
  /** The first (best) quote contains a gold answer. */
  first: number;
  /** Some quote of the answer contains a gold answer. */
  quoted: number;
}

export interface SelectionSuiteResult {
  suite: string;
  tune: SelectionMetrics;
  report: SelectionMetrics;
}

/** The suites with their retrieved cases; articles and embedder for answering them. */
export interface PreparedSelection {
  cases: SelectionCase[];
  lookup: (id: string) => Article | undefined;
  embedder: Embedder;
  /** The translation retrieval used for each suite, which the answerer also gets (as in the app). */
  translateFor?: (suite: string) => QueryExpander | undefined;
  /** The German synonyms the answerer uses, as in the app. */
  synonyms?: SynonymLookup;
  notes: string[];
}

export interface SelectionOptions {
  dataDir: string;
  embedder: Embedder;
  /** English → German expansion, bound to each suite's index as the app binds it to its own. */
  translation?: Translation;
  /** German synonyms, as the app loads them (`loadSynonymsOf`). */
  synonyms?: SynonymLookup;
  topK: number;
  chunkMaxChars?: number;
  overlapSentences?: number;
  /** At most this many questions per suite, the same ones every run (0 = all). */
  maxQuestionsPerSuite?: number;
  suites?: readonly SuiteId[];
  log?: (line: string) => void;
}

/** Loads the suites (without distractors) and retrieves the passages for every question. */
export async function prepareSelection(options: SelectionOptions): Promise<PreparedSelection> {
  const embedder = memoizingEmbedder(options.embedder);
  const { suites, notes } = await prepareSuites(
    {
      dataDir: options.dataDir,
      chunkMaxChars: options.chunkMaxChars,
      overlapSentences: options.overlapSentences,
      suites: options.suites,
      distractors: [false],
      log: options.log,
    },
    embedder,
  );
  const articles = new Map<string, Article>();
  const translations = new Map<string, QueryExpander>();
  const cases: SelectionCase[] = [];
  for (const suite of suites) {
    options.log?.(`answer selection: retrieving for ${suite.name}`);
    const { corpus } = suite;
    for (const unit of suite.paragraphs) {
      if (!articles.has(unit.id)) articles.set(unit.id, unitArticle(unit));
    }
    const translate = options.translation?.over(lexicalVocabulary(corpus.lexical));
    if (translate) translations.set(suite.name, translate);
    const { retriever } = createPipeline(
      {
        search: new InProcessSearchIndex({
          dense: corpus.dense,
          lexical: corpus.lexical,
          passageById: (id) => corpus.byId.get(id),
          article: (id) => articles.get(id),
        }),
      },
      { embedder, ...(translate ? { translate } : {}) },
    );
    // An article's passages in order, for the context the app reads around the best passage.
    const byArticle = new Map<string, Passage[]>();
    for (const passage of corpus.byId.values()) {
      const list = byArticle.get(passage.articleId) ?? [];
      list.push(passage);
      byArticle.set(passage.articleId, list);
    }
    for (const list of byArticle.values()) list.sort((a, b) => a.ordinal - b.ordinal);
    const served = {
      passagesOf: async (articleId: string, ordinals?: OrdinalRange) =>
        (byArticle.get(articleId) ?? []).filter(
          (p) => !ordinals || (p.ordinal >= ordinals.from && p.ordinal < ordinals.to),
        ),
    };
    for (const question of sampleQuestions(suite.questions, options.maxQuestionsPerSuite ?? 0)) {
      if (question.answers.length === 0) continue;
      const { passages, expansion } = await retriever.retrieve(question.question, { topK: options.topK });
      cases.push({
        suite: suite.name,
        questionId: question.id,
        half: halfOf(question.id),
        question: question.question,
        answers: question.answers,
        passages,
        context: await articleContext(served, passages),
        ...(expansion !== undefined ? { expansion } : {}),
        goldRead: passages
          .slice(0, DEFAULT_SCORING.maxPassages)
          .some((hit) => hit.passage.articleId === question.unitId),
      });
    }
  }
  return {
    cases,
    lookup: (id) => articles.get(id),
    embedder,
    ...(translations.size > 0 ? { translateFor: (suite: string) => translations.get(suite) } : {}),
    ...(options.synonyms ? { synonyms: options.synonyms } : {}),
    notes,
  };
}

/** Whether a quote contains a gold answer, ignoring case, umlaut spelling and spacing. */
export function quotesAnswer(quote: string, answers: readonly string[]): boolean {
  const norm = (text: string) => fold(text).replace(/\s+/g, ' ').trim();
  const haystack = norm(quote);
  return answers.some((answer) => {
    const needle = norm(answer);
    return needle.length > 0 && haystack.includes(needle);
  });
}

/** Answers every case with one answerer setting and measures the picked quotes, per suite and half. */
export async function scoreSelection(
  prepared: PreparedSelection,
  settings: Partial<Omit<ExtractiveAnswererOptions, 'embedder' | 'lookup'>> = {},
): Promise<SelectionSuiteResult[]> {
  // One answerer per suite: each translates with its own suite's vocabulary, as retrieval did.
  const answerers = new Map<string, ReturnType<typeof createAnswerer>>();
  const answererFor = (suite: string) => {
    let answerer = answerers.get(suite);
    if (!answerer) {
      const translate = prepared.translateFor?.(suite);
      answerer = createAnswerer(fetchFrom(prepared.lookup), {
        embedder: prepared.embedder,
        ...(translate ? { translate } : {}),
        ...(prepared.synonyms ? { synonyms: prepared.synonyms } : {}),
        // Every case is answered: which quote is picked is measured, not whether to abstain.
        tuning: { answerer: { ...settings, minRelevance: Number.NEGATIVE_INFINITY } },
      });
      answerers.set(suite, answerer);
    }
    return answerer;
  };
  const tallies = new Map<
    string,
    Record<Half, { n: number; goldRead: number; first: number; quoted: number }>
  >();
  for (const item of prepared.cases) {
    const answer = await answererFor(item.suite).answer(item.question, item.passages, {
      language: 'de',
      ...(item.expansion !== undefined ? { expansion: item.expansion } : {}),
      ...(item.context.length > 0 ? { context: item.context } : {}),
    });
    let suite = tallies.get(item.suite);
    if (!suite) {
      const zero = () => ({ n: 0, goldRead: 0, first: 0, quoted: 0 });
      suite = { tune: zero(), report: zero() };
      tallies.set(item.suite, suite);
    }
    const tally = suite[item.half];
    tally.n += 1;
    if (item.goldRead) tally.goldRead += 1;
    const quotes = answer.citations.map((citation) => citation.quote);
    if (quotes[0] !== undefined && quotesAnswer(quotes[0], item.answers)) tally.first += 1;
    if (quotes.some((quote) => quotesAnswer(quote, item.answers))) tally.quoted += 1;
  }
  const share = (t: { n: number; goldRead: number; first: number; quoted: number }): SelectionMetrics => ({
    n: t.n,
    goldRead: t.n ? t.goldRead / t.n : 0,
    first: t.n ? t.first / t.n : 0,
    quoted: t.n ? t.quoted / t.n : 0,
  });
  return [...tallies].map(([suite, halves]) => ({
    suite,
    tune: share(halves.tune),
    report: share(halves.report),
  }));
}

/** A short table: per suite and half, gold read, first quote right, any quote right. */
export function formatSelection(results: readonly SelectionSuiteResult[]): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`.padStart(7);
  const lines = ['answer selection (quote contains the gold answer; tune | report half)'];
  lines.push(
    `${'suite'.padEnd(14)} ${'n'.padStart(9)}  ${'gold read'.padStart(17)}  ${'first quote'.padStart(17)}  ${'any quote'.padStart(17)}`,
  );
  for (const r of results) {
    lines.push(
      `${r.suite.padEnd(14)} ${`${r.tune.n}|${r.report.n}`.padStart(9)}  ${pct(r.tune.goldRead)} |${pct(r.report.goldRead)}  ` +
        `${pct(r.tune.first)} |${pct(r.report.first)}  ${pct(r.tune.quoted)} |${pct(r.report.quoted)}`,
    );
  }
  return lines.join('\n');
}
