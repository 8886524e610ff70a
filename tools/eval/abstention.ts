import type { Translation } from '../../src/app';
import { lexicalVocabulary } from '../../src/core/retrieval/translate/vocabularyLookup';
import { denseFloorFor, minRelevanceFor } from '../../src/core/pipeline';
import { DEFAULT_SCORING } from '../../src/core/answer/scoring';
import { TRANSLATED_RELEVANCE_DISCOUNT } from '../../src/core/answer/extractive';
import { BuiltinEmbedder } from '../../src/core/embedding/builtin/builtinEmbedder';
import type { Embedder, QueryExpander, QueryExpansion } from '../../src/core/types';
import {
  type AbstentionMetrics,
  type Quantiles,
  type RelevanceWeights,
  calibrate,
  chooseThreshold,
  evaluateThreshold,
  quantiles,
  relevanceOf,
  scoreCases,
  weightGrid,
} from './abstentionCalibrate';
import { type AbstentionCase, type CaseSuite, buildCases, memoizingEmbedder } from './abstentionCases';
import { type EvalQuestion, type EvalUnit, availableData, loadMLQA, loadXQuAD } from './datasets';
import { type VectorCache, buildCorpus } from './retrievalSystems';

/**
 * Calibrates the answerer's abstention threshold (`minRelevance`) and the weighting of its
 * relevance score on XQuAD and MLQA: each question is asked with its answer in the corpus and
 * again with it removed. Settings are chosen on the tuning half of the questions and quoted on
 * the report half. Objective: balanced accuracy, because the class ratio here is an artefact of
 * the construction (one case of each kind per question), not the ratio users will ask with, and
 * both failures matter: an answer quoting unrelated text, and a refusal when the answer is there.
 */

export interface AbstentionCalibrationOptions {
  /** Folder holding xquad/ and mlqa/ (the project's `../shared/data`). */
  dataDir: string;
  /** Default: the built-in embedder (256 dimensions). The threshold is only valid for this embedder. */
  embedder?: Embedder;
  /** English → German expansion (bound to the suite's index); without it the English XQuAD questions are skipped. */
  translation?: Translation;
  chunkMaxChars?: number;
  overlapSentences?: number;
  /** Passages retrieved per question, as the app's TOP_K (default 6). */
  topK?: number;
  /** Questions per suite, picked by a hash of their id (default 300; 0 = all). */
  maxQuestionsPerSuite?: number;
  /** Which datasets to use when present (default both). */
  datasets?: ReadonlyArray<'xquad' | 'mlqa'>;
  log?: (line: string) => void;
}

/** A threshold chosen for a group of cases, judged on both halves. */
export interface ThresholdChoice {
  threshold: number;
  tune: AbstentionMetrics;
  report: AbstentionMetrics;
}

/** A setting of threshold and weighting, judged on both halves. */
export interface AbstentionSetting extends RelevanceWeights {
  minRelevance: number;
  /** How much lower the threshold is for translated questions. */
  translatedDiscount: number;
  tune: AbstentionMetrics;
  report: AbstentionMetrics;
}

export interface AbstentionCalibrationResult {
  embedder: string;
  topK: number;
  objective: 'balanced accuracy';
  suites: Array<{ name: string; questions: number }>;
  cases: { tune: number; report: number };
  /** The shipped defaults (`DEFAULT_MIN_RELEVANCE`, `TRANSLATED_RELEVANCE_DISCOUNT`, `DEFAULT_SCORING`). */
  current: AbstentionSetting;
  /**
   * Untranslated and translated questions each with the threshold chosen for them alone on the
   * tuning half, weighting as shipped (undefined where a half has no such question).
   */
  byTranslation: Record<'untranslated' | 'translated', ThresholdChoice | undefined>;
  /** Threshold chosen on the tuning half, weighting as shipped. */
  thresholdOnly: AbstentionSetting;
  /** Threshold and weighting chosen on the tuning half. */
  tuned: AbstentionSetting;
  /** Report half per suite, with the tuned setting. */
  perSuite: Array<{ suite: string; report: AbstentionMetrics }>;
  /** Report-half relevance scores by class, under the tuned weighting. */
  distribution: { answerable: Quantiles; unanswerable: Quantiles };
  /**
   * Report half, tuned setting: answered-when-answerable split by whether retrieval put the gold
   * paragraph among the passages the answerer reads (when it did not, abstaining is no mistake).
   */
  goldRead: { read: { n: number; answered: number }; missed: { n: number; answered: number } };
  notes: string[];
  elapsedMs: number;
  /** CPU time of the run (user + system): comparable across runs on a busy machine, unlike wall time. */
  cpuMs: number;
}

/** 32-bit FNV-1a, salted apart from the tune/report split so sampling does not follow the halves. */
function sampleKey(id: string): number {
  let hash = 0x811c9dc5;
  const text = `abstention-sample:${id}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** At most `max` questions, the same ones on every run (0 keeps all), in their original order. */
export function sampleQuestions(questions: readonly EvalQuestion[], max: number): EvalQuestion[] {
  if (max <= 0 || questions.length <= max) return [...questions];
  const kept = new Set(
    [...questions]
      .sort((a, b) => sampleKey(a.id) - sampleKey(b.id) || a.id.localeCompare(b.id))
      .slice(0, max)
      .map((q) => q.id),
  );
  return questions.filter((q) => kept.has(q.id));
}

/** Retrieval and scoring each translate the question, for both cases of a question: four calls, one result. */
function memoize(translate: QueryExpander): QueryExpander {
  const memo = new Map<string, Promise<QueryExpansion>>();
  return (question) => {
    let expansion = memo.get(question);
    if (expansion === undefined) memo.set(question, (expansion = translate(question)));
    return expansion;
  };
}

/** The paragraphs of each XQuAD article: `loadXQuAD` names units `xquad/<article>/<paragraph>`. */
function xquadArticleGroups(units: readonly EvalUnit[]): (question: EvalQuestion) => ReadonlySet<string> {
  const groups = new Map<string, Set<string>>();
  const groupOf = (unitId: string) => unitId.slice(0, unitId.lastIndexOf('/'));
  for (const unit of units) {
    const key = groupOf(unit.id);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Set()));
    group.add(unit.id);
  }
  return (question) => groups.get(groupOf(question.unitId)) ?? new Set([question.unitId]);
}

const COVERAGE_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
// The app measures its floor on the index; fixed floors are kept for comparison.
const DENSE_FLOORS: Array<number | 'measured'> = [
  'measured',
  ...Array.from({ length: 19 }, (_, i) => Math.round(i * 5) / 100),
];

/** A setting judged on both halves (cases as the answerer judges them: see `judged`). */
function judge(
  cases: readonly AbstentionCase[],
  weights: RelevanceWeights,
  minRelevance: number,
  translatedDiscount: number,
): AbstentionSetting {
  const half = (h: 'tune' | 'report') =>
    evaluateThreshold(
      scoreCases(
        cases.filter((c) => c.half === h),
        weights,
      ),
      minRelevance,
    );
  return {
    ...weights,
    minRelevance,
    translatedDiscount,
    tune: half('tune'),
    report: half('report'),
  };
}

/**
 * Builds the answerable/unanswerable cases from the available data, chooses the threshold (and
 * the weighting) on the tuning half and reports both halves. Missing data skips a suite with a
 * note; with no data at all the result is `undefined`.
 */
export async function runAbstentionCalibration(
  options: AbstentionCalibrationOptions,
): Promise<AbstentionCalibrationResult | undefined> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const notes: string[] = [];
  const embedder = memoizingEmbedder(options.embedder ?? new BuiltinEmbedder({ dimensions: 256 }));
  const topK = options.topK ?? 6;
  const max = options.maxQuestionsPerSuite ?? 300;
  const chunking = {
    maxChars: options.chunkMaxChars ?? 500,
    overlapSentences: options.overlapSentences ?? 1,
  };
  const wanted = new Set(options.datasets ?? ['xquad', 'mlqa']);
  const found = availableData(options.dataDir);
  const have = { xquad: found.xquad && wanted.has('xquad'), mlqa: found.mlqa && wanted.has('mlqa') };
  const cache: VectorCache = new Map();
  const suites: Array<CaseSuite & { translate?: QueryExpander }> = [];

  if (have.xquad) {
    const de = loadXQuAD(options.dataDir, 'de');
    const corpus = await buildCorpus(de.units, embedder, chunking, cache);
    const removedFor = xquadArticleGroups(de.units);
    suites.push({
      name: de.name,
      questions: sampleQuestions(de.questions, max),
      units: de.units,
      corpus,
      removedFor,
    });
    if (options.translation) {
      const en = loadXQuAD(options.dataDir, 'en');
      const questions = sampleQuestions(en.questions, max);
      // The vocabulary is the whole corpus's, also for the cases whose paragraph is removed: a
      // translation cached per question serves both cases of it.
      const translate = memoize(options.translation.over(lexicalVocabulary(corpus.lexical)));
      suites.push({ name: en.name, questions, units: en.units, corpus, removedFor, translate });
    } else {
      notes.push('XQuAD en→de skipped: no dictionary to translate English questions');
    }
  } else if (wanted.has('xquad')) {
    notes.push(`XQuAD skipped: no data under ${options.dataDir}`);
  }
  if (have.mlqa) {
    const mlqa = loadMLQA(options.dataDir);
    const corpus = await buildCorpus(mlqa.units, embedder, chunking, cache);
    suites.push({
      name: mlqa.name,
      questions: sampleQuestions(mlqa.questions, max),
      units: mlqa.units,
      corpus,
      // MLQA has no article titles: only the gold paragraph goes, so a sibling paragraph of the
      // same Wikipedia article may occasionally still answer an "unanswerable" case.
      removedFor: (question) => new Set([question.unitId]),
    });
  } else if (wanted.has('mlqa')) {
    notes.push(`MLQA skipped: no data under ${options.dataDir}`);
  }
  if (suites.length === 0) return undefined;

  const cases: AbstentionCase[] = [];
  for (const suite of suites) {
    options.log?.(`abstention: ${suite.name}, ${suite.questions.length} questions`);
    cases.push(
      ...(await buildCases(suite, {
        embedder,
        topK,
        ...(suite.translate ? { translate: suite.translate } : {}),
      })),
    );
  }
  // What the app uses for this embedder: its floor and the threshold that goes with it.
  const floor = denseFloorFor(embedder);
  // Every setting is chosen and judged as the answerer judges a case: a translated question
  // against a threshold lower by the discount (not applied with a measured floor).
  const discount = floor === 'measured' ? 0 : TRANSLATED_RELEVANCE_DISCOUNT;
  const judged = cases.map((c) => (c.translated ? { ...c, offset: discount } : c));
  const tuneCases = judged.filter((c) => c.half === 'tune');
  const reportCases = judged.filter((c) => c.half === 'report');

  const shipped: RelevanceWeights = {
    coverageWeight: DEFAULT_SCORING.coverageWeight,
    denseFloor: floor === 'measured' ? 'measured' : DEFAULT_SCORING.denseFloor,
  };
  const current = judge(judged, shipped, minRelevanceFor(floor), discount);
  // The threshold each kind of question would get on its own, under the shipped weighting: the
  // gap between them is what `TRANSLATED_RELEVANCE_DISCOUNT` calibrates.
  const ownThreshold = (translated: boolean) => {
    const of = (half: 'tune' | 'report') =>
      cases.filter((c) => c.half === half && c.translated === translated);
    if (of('tune').length === 0) return undefined;
    const { threshold } = chooseThreshold(scoreCases(of('tune'), shipped));
    return {
      threshold,
      tune: evaluateThreshold(scoreCases(of('tune'), shipped), threshold),
      report: evaluateThreshold(scoreCases(of('report'), shipped), threshold),
    };
  };
  const byTranslation = { untranslated: ownThreshold(false), translated: ownThreshold(true) };
  const thresholdOnlyChoice = calibrate(tuneCases, [shipped]);
  const thresholdOnly = judge(judged, shipped, thresholdOnlyChoice.threshold, discount);
  const best = calibrate(tuneCases, weightGrid(shipped, COVERAGE_WEIGHTS, DENSE_FLOORS));
  const weights = { coverageWeight: best.coverageWeight, denseFloor: best.denseFloor };
  const tuned = judge(judged, weights, best.threshold, discount);

  const perSuite = suites.map((suite) => ({
    suite: suite.name,
    report: evaluateThreshold(
      scoreCases(
        reportCases.filter((c) => c.suite === suite.name),
        weights,
      ),
      best.threshold,
    ),
  }));
  const scoresOf = (answerable: boolean) =>
    reportCases.filter((c) => c.answerable === answerable).map((c) => relevanceOf(c, weights));
  const goldRead = { read: { n: 0, answered: 0 }, missed: { n: 0, answered: 0 } };
  for (const c of reportCases) {
    if (!c.answerable) continue;
    const bucket = c.goldRead ? goldRead.read : goldRead.missed;
    bucket.n += 1;
    if (relevanceOf(c, weights) >= best.threshold) bucket.answered += 1;
  }

  return {
    embedder: embedder.id,
    topK,
    objective: 'balanced accuracy',
    suites: suites.map((s) => ({ name: s.name, questions: s.questions.length })),
    cases: { tune: tuneCases.length, report: reportCases.length },
    current,
    byTranslation,
    thresholdOnly,
    tuned,
    perSuite,
    distribution: { answerable: quantiles(scoresOf(true)), unanswerable: quantiles(scoresOf(false)) },
    goldRead,
    notes,
    elapsedMs: performance.now() - started,
    cpuMs: cpuMsSince(cpuStarted),
  };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function metricsLine(m: AbstentionMetrics): string {
  return (
    `bal.acc ${pct(m.balancedAccuracy)}, abstention P ${pct(m.abstentionPrecision)} R ${pct(m.abstentionRecall)}, ` +
    `answered-when-answerable ${pct(m.answeredWhenAnswerable)} (${m.answerable}+${m.unanswerable} cases)`
  );
}

function settingLines(label: string, s: AbstentionSetting): string[] {
  const discount =
    s.translatedDiscount > 0 ? ` (${(s.minRelevance - s.translatedDiscount).toFixed(3)} translated)` : '';
  return [
    `  ${label}: minRelevance ${s.minRelevance.toFixed(3)}${discount}, coverageWeight ${s.coverageWeight}, denseFloor ${s.denseFloor}`,
    `    tune:   ${metricsLine(s.tune)}`,
    `    report: ${metricsLine(s.report)}`,
  ];
}

function quantileLine(label: string, q: Quantiles): string {
  const f = (x: number) => x.toFixed(3);
  return `    ${label.padEnd(13)} n ${q.n}: p5 ${f(q.p5)} p25 ${f(q.p25)} p50 ${f(q.p50)} p75 ${f(q.p75)} p95 ${f(q.p95)}`;
}

/** A short text report of the calibration. */
export function formatAbstentionCalibration(result: AbstentionCalibrationResult): string {
  const { read, missed } = result.goldRead;
  const lines = [
    `abstention calibration (${result.embedder}, top ${result.topK}; objective ${result.objective}; ` +
      `chosen on tune, quoted on report; ${(result.elapsedMs / 1000).toFixed(1)} s, CPU ${(result.cpuMs / 1000).toFixed(1)} s)`,
    `  suites: ${result.suites.map((s) => `${s.name} ${s.questions} q`).join(', ')}; ` +
      `cases tune ${result.cases.tune}, report ${result.cases.report} (each question with and without its answer)`,
    ...settingLines('shipped', result.current),
    ...(['untranslated', 'translated'] as const).flatMap((kind) => {
      const choice = result.byTranslation[kind];
      return choice
        ? [
            `  ${kind} questions alone: best threshold on tune ${choice.threshold.toFixed(3)}`,
            `    tune:   ${metricsLine(choice.tune)}`,
            `    report: ${metricsLine(choice.report)}`,
          ]
        : [];
    }),
    ...settingLines('threshold only', result.thresholdOnly),
    ...settingLines('tuned', result.tuned),
    '  report half by suite (tuned):',
    ...result.perSuite.map((s) => `    ${s.suite.padEnd(13)} ${metricsLine(s.report)}`),
    '  report-half relevance scores (tuned weighting):',
    quantileLine('answerable', result.distribution.answerable),
    quantileLine('unanswerable', result.distribution.unanswerable),
    `  answerable, report half: answered ${read.answered}/${read.n} when the gold paragraph was read, ` +
      `${missed.answered}/${missed.n} when retrieval missed it`,
  ];
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}
