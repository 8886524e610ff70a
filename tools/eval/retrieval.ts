import type { Translation } from '../../src/app';
import { lexicalVocabulary } from '../../src/core/retrieval/translate/vocabularyLookup';
import { BuiltinEmbedder } from '../../src/core/embedding/builtin/builtinEmbedder';
import type { FusionOptions } from '../../src/core/retrieval/hybrid';
import type { LexicalSearchOptions } from '../../src/core/retrieval/lexical';
import type { Embedder } from '../../src/core/types';
import {
  type EvalQuestion,
  type EvalUnit,
  type RetrievalDataset,
  availableData,
  loadGnadDistractors,
  loadMLQA,
  loadXQuAD,
} from './datasets';
import {
  type Half,
  type RankingMetrics,
  goldRank,
  halfOf,
  metricsFromRanks,
  percentile,
} from './retrievalMetrics';
import {
  type EvalCorpus,
  type EvalSystem,
  type VectorCache,
  buildCorpus,
  standardSystems,
} from './retrievalSystems';

/**
 * Paragraph retrieval evaluation on XQuAD and MLQA (optionally with 10kGNAD news as distractors):
 * for every question, is a passage of its gold paragraph ranked first, in the top 5, and where.
 */

export type SuiteId = 'xquad-de' | 'xquad-en-de' | 'mlqa-de';
export const ALL_SUITES: readonly SuiteId[] = ['xquad-de', 'xquad-en-de', 'mlqa-de'];

export interface RetrievalEvalOptions {
  /** Folder holding xquad/, mlqa/ and 10kgnad/ (the project's `../shared/data`). */
  dataDir: string;
  /** Embedder for dense and hybrid; default the built-in embedder with 256 dimensions. */
  embedder?: Embedder;
  /** Query expansion for English questions, bound to each suite's index and passed to our lexical and hybrid systems. */
  translation?: Translation;
  /** Passage size as in the app's chunker (default 500; 0 keeps each paragraph whole). */
  chunkMaxChars?: number;
  overlapSentences?: number;
  /** Results per question considered for MRR (default 50). */
  depth?: number;
  suites?: readonly SuiteId[];
  /** Run each suite without and with the 10kGNAD distractors (default both). */
  distractors?: ReadonlyArray<boolean>;
  lexical?: Partial<LexicalSearchOptions>;
  fusion?: FusionOptions;
  candidates?: number;
  /** Progress lines (to stderr in the CLI). */
  log?: (line: string) => void;
}

/** One suite ready to run: its questions and the corpus they search. */
export interface PreparedSuite {
  id: string;
  name: string;
  distractors: boolean;
  units: number;
  /** The dataset's own paragraphs (without distractors), which its questions are about. */
  paragraphs: readonly EvalUnit[];
  questions: EvalQuestion[];
  corpus: EvalCorpus;
}

export interface SystemResult {
  system: string;
  tune: RankingMetrics;
  report: RankingMetrics;
  /** Per-question latency over both halves. */
  latency: { p50Ms: number; p95Ms: number };
}

export interface SuiteResult {
  suite: string;
  name: string;
  distractors: boolean;
  units: number;
  passages: number;
  lexicalBuildMs: number;
  systems: SystemResult[];
}

export interface RetrievalEvalResult {
  embedder: string;
  chunkMaxChars: number;
  depth: number;
  suites: SuiteResult[];
  /** Why suites were skipped, if any. */
  notes: string[];
}

/** Loads the datasets and builds one corpus per distinct set of units (XQuAD de and en→de share). */
export async function prepareSuites(
  options: RetrievalEvalOptions,
  embedder: Embedder,
): Promise<{ suites: PreparedSuite[]; notes: string[] }> {
  const notes: string[] = [];
  const have = availableData(options.dataDir);
  const wanted = options.suites ?? ALL_SUITES;
  const distractorSettings = options.distractors ?? [false, true];
  const chunking = {
    maxChars: options.chunkMaxChars ?? 500,
    overlapSentences: options.overlapSentences ?? 1,
  };
  const datasets: Array<{ id: SuiteId; corpusKey: string; load: () => RetrievalDataset }> = [];
  for (const id of wanted) {
    const isXquad = id !== 'mlqa-de';
    if (isXquad ? !have.xquad : !have.mlqa) {
      notes.push(`${id}: skipped, ${isXquad ? 'xquad' : 'mlqa'} data not found under ${options.dataDir}`);
      continue;
    }
    const load =
      id === 'mlqa-de'
        ? () => loadMLQA(options.dataDir)
        : () => loadXQuAD(options.dataDir, id === 'xquad-de' ? 'de' : 'en');
    datasets.push({ id, corpusKey: isXquad ? 'xquad' : 'mlqa', load });
  }
  if (distractorSettings.includes(true) && !have.gnad) {
    notes.push(`distractor suites: skipped, 10kgnad data not found under ${options.dataDir}`);
  }
  const gnad = distractorSettings.includes(true) && have.gnad ? loadGnadDistractors(options.dataDir) : [];
  const cache: VectorCache = new Map();
  const corpora = new Map<string, EvalCorpus>();
  const suites: PreparedSuite[] = [];
  for (const { id, corpusKey, load } of datasets) {
    const dataset = load();
    for (const distractors of distractorSettings) {
      if (distractors && gnad.length === 0) continue;
      const key = `${corpusKey}${distractors ? '+gnad' : ''}`;
      let corpus = corpora.get(key);
      if (!corpus) {
        options.log?.(`building corpus ${key}`);
        corpus = await buildCorpus(
          distractors ? [...dataset.units, ...gnad] : dataset.units,
          embedder,
          chunking,
          cache,
        );
        corpora.set(key, corpus);
      }
      suites.push({
        id: distractors ? `${id}+gnad` : id,
        name: distractors ? `${dataset.name} + 10kGNAD` : dataset.name,
        distractors,
        units: dataset.units.length + (distractors ? gnad.length : 0),
        paragraphs: dataset.units,
        questions: dataset.questions,
        corpus,
      });
    }
  }
  return { suites, notes };
}

/** Runs one system over a suite's questions, optionally only one half. */
export async function evaluateSystem(
  suite: PreparedSuite,
  system: EvalSystem,
  depth: number,
  only?: Half,
): Promise<SystemResult> {
  const ranks: Record<Half, Array<number | undefined>> = { tune: [], report: [] };
  const latencies: number[] = [];
  for (const question of suite.questions) {
    const half = halfOf(question.id);
    if (only && half !== only) continue;
    const started = performance.now();
    const ids = await system.rank(question.question, depth);
    latencies.push(performance.now() - started);
    const unitIds = ids.map((id) => suite.corpus.byId.get(id)?.articleId ?? '');
    ranks[half].push(goldRank(unitIds, question.unitId));
  }
  return {
    system: system.name,
    tune: metricsFromRanks(ranks.tune),
    report: metricsFromRanks(ranks.report),
    latency: { p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) },
  };
}

/**
 * Runs every available suite for the four systems (BM25 with MiniSearch defaults, dense only,
 * our lexical, our hybrid). Missing data skips suites with a note instead of failing.
 */
export async function runRetrievalSuites(options: RetrievalEvalOptions): Promise<RetrievalEvalResult> {
  const embedder = options.embedder ?? new BuiltinEmbedder({ dimensions: 256 });
  const depth = options.depth ?? 50;
  const { suites, notes } = await prepareSuites(options, embedder);
  const results: SuiteResult[] = [];
  for (const suite of suites) {
    options.log?.(`evaluating ${suite.name}`);
    const systems = standardSystems(suite.corpus, embedder, {
      ...(options.lexical ? { lexical: options.lexical } : {}),
      ...(options.fusion ? { fusion: options.fusion } : {}),
      ...(options.candidates !== undefined ? { candidates: options.candidates } : {}),
      ...(options.translation
        ? { translate: options.translation.over(lexicalVocabulary(suite.corpus.lexical)) }
        : {}),
    });
    const systemResults: SystemResult[] = [];
    for (const system of systems) systemResults.push(await evaluateSystem(suite, system, depth));
    results.push({
      suite: suite.id,
      name: suite.name,
      distractors: suite.distractors,
      units: suite.units,
      passages: suite.corpus.passages.length,
      lexicalBuildMs: suite.corpus.lexicalBuildMs,
      systems: systemResults,
    });
  }
  return {
    embedder: embedder.id,
    chunkMaxChars: options.chunkMaxChars ?? 500,
    depth,
    suites: results,
    notes,
  };
}

/** A plain-text table of the results, one row per suite and system. */
export function formatRetrievalResults(result: RetrievalEvalResult): string {
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `embedder ${result.embedder}; passages ≤ ${result.chunkMaxChars || 'paragraph'} chars; MRR@${result.depth}`,
    'suite                        system        n(t/r)     tune R@1 R@5  MRR    report R@1 R@5  MRR    p50/p95 ms',
  ];
  for (const suite of result.suites) {
    for (const s of suite.systems) {
      lines.push(
        [
          suite.name.padEnd(28),
          s.system.padEnd(13),
          `${s.tune.n}/${s.report.n}`.padEnd(10),
          `${f(s.tune.r1)} ${f(s.tune.r5)} ${f(s.tune.mrr)}`.padEnd(22),
          `${f(s.report.r1)} ${f(s.report.r5)} ${f(s.report.mrr)}`.padEnd(22),
          `${s.latency.p50Ms.toFixed(2)}/${s.latency.p95Ms.toFixed(2)}`,
        ].join(' '),
      );
    }
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}
