import { BuiltinEmbedder } from '../../src/core/embedding/builtin/builtinEmbedder';
import { DEFAULT_FOCUS_OPTIONS, type FocusOptions } from '../../src/core/retrieval/focus';
import { DEFAULT_FUSION_OPTIONS, type FusionOptions, fuseRankings } from '../../src/core/retrieval/hybrid';
import {
  DEFAULT_LEXICAL_SEARCH_OPTIONS,
  type LexicalHit,
  type LexicalSearchOptions,
} from '../../src/core/retrieval/lexical';
import type { CompoundOptions } from '../../src/core/retrieval/compounds';
import type { Embedder, ScoredPassage } from '../../src/core/types';
import { type PreparedSuite, type RetrievalEvalOptions, evaluateSystem, prepareSuites } from './retrieval';
import { type RankingMetrics, goldRank, halfOf, metricsFromRanks } from './retrievalMetrics';
import { hybridSystem, lexicalSystem, withSearch } from './retrievalSystems';

/**
 * Chooses lexical and fusion parameters on the TUNING half of each suite only (the report half is
 * never looked at here), so the numbers quoted from the report half stay honest.
 */

/** One tried setting and its mean tuning-half metrics over the suites. */
export interface TuneTrial {
  label: string;
  mrr: number;
  r1: number;
}

export interface TuneResult {
  lexical: LexicalSearchOptions;
  fusion: FusionOptions & { candidates: number };
  focus: FocusOptions;
  lexicalTrials: TuneTrial[];
  fusionTrials: TuneTrial[];
  /** Re-ranking by focus on top of the tuned fusion, by candidates and weight (weight 0 = fused only). */
  focusTrials: TuneTrial[];
  /** Lexical with an index of adjacent term pairs, by pair weight (0 = as without pairs). */
}

type LexicalVariant = { label: string; apply: (o: LexicalSearchOptions) => LexicalSearchOptions };

/** One coordinate-descent axis: settings that differ from the current best in one parameter. */
const LEXICAL_AXES: Array<LexicalVariant[]> = [
  [0.6, 0.9, 1.2, 1.5, 2.0].map((k) => ({
    label: `k1=${k}`,
    apply: (o) => ({ ...o, bm25: { ...o.bm25, k } }),
  })),
  [0.3, 0.5, 0.7, 0.85, 1.0].map((b) => ({
    label: `b=${b}`,
    apply: (o) => ({ ...o, bm25: { ...o.bm25, b } }),
  })),
  [0, 0.5, 1].map((d) => ({ label: `d=${d}`, apply: (o) => ({ ...o, bm25: { ...o.bm25, d } }) })),
  [
    { label: 'compounds=off', apply: (o) => ({ ...o, compounds: false as const }) },
    ...[0.2, 0.35, 0.5, 0.7, 1].flatMap((w) =>
      [0, 1, 3, 10, Number.POSITIVE_INFINITY].map((n) => ({
        label: `compoundWeight=${w} maxDocumentFrequency=${n}`,
        apply: (o: LexicalSearchOptions) => ({
          ...o,
          compounds: {
            ...(o.compounds || DEFAULT_LEXICAL_SEARCH_OPTIONS.compounds || {}),
            maxDocumentFrequency: n,
          } as CompoundOptions,
          compoundWeight: w,
        }),
      })),
    ),
  ],
  [0, 0.2, 0.35, 0.5, 0.7].map((w) => ({
    label: `headWeight=${w}`,
    apply: (o) => ({ ...o, headWeight: w }),
  })),
  [0, 0.1, 0.3, 0.5].map((w) => ({
    label: `modifierWeight=${w}`,
    apply: (o) => ({ ...o, modifierWeight: w }),
  })),
  [4, 5, 6, 8].map((n) => ({
    label: `compound.minTermLength=${n}`,
    apply: (o) => (o.compounds ? { ...o, compounds: { ...o.compounds, minTermLength: n } } : o),
  })),
  [5, 10, 20, 40].map((n) => ({
    label: `compound.maxExpansions=${n}`,
    apply: (o) => (o.compounds ? { ...o, compounds: { ...o.compounds, maxExpansions: n } } : o),
  })),
  [
    { label: 'prefix=off', apply: (o) => ({ ...o, prefixMinLength: false as const }) },
    ...[4, 5, 6, 8].map((n) => ({
      label: `prefixMinLength=${n}`,
      apply: (o: LexicalSearchOptions) => ({ ...o, prefixMinLength: n }),
    })),
  ],
  [0.1, 0.2, 0.3, 0.45, 0.6].map((w) => ({
    label: `prefixWeight=${w}`,
    apply: (o) => ({ ...o, prefixWeight: w }),
  })),
  [0, 0.05, 0.1, 0.2, 0.3, 0.5].map((w) => ({
    label: `familyWeight=${w}`,
    apply: (o) => ({ ...o, familyWeight: w }),
  })),
  [1, 2, 3, 5, 10].map((n) => ({
    label: `maxFamilyTerms=${n}`,
    apply: (o) => ({ ...o, maxFamilyTerms: n }),
  })),
  [3, 10, 20, 30, 100, Number.POSITIVE_INFINITY].map((n) => ({
    label: `maxFamilyDocumentFrequency=${n}`,
    apply: (o) => ({ ...o, maxFamilyDocumentFrequency: n }),
  })),
];

function mean(metrics: RankingMetrics[]): { mrr: number; r1: number } {
  const n = metrics.length || 1;
  return {
    mrr: metrics.reduce((s, m) => s + m.mrr, 0) / n,
    r1: metrics.reduce((s, m) => s + m.r1, 0) / n,
  };
}

async function scoreLexical(suites: PreparedSuite[], options: LexicalSearchOptions, depth: number) {
  const metrics: RankingMetrics[] = [];
  for (const suite of suites) {
    metrics.push(
      (await evaluateSystem(suite, lexicalSystem(suite.corpus, { lexical: options }), depth, 'tune')).tune,
    );
  }
  return mean(metrics);
}

const MIN_GAIN = 0.0005;

/** Coordinate descent over {@link LEXICAL_AXES}, two passes, maximising mean tuning-half MRR. */
export async function tuneLexical(suites: PreparedSuite[], depth = 50, log?: (line: string) => void) {
  let best = DEFAULT_LEXICAL_SEARCH_OPTIONS;
  let bestScore = await scoreLexical(suites, best, depth);
  const trials: TuneTrial[] = [{ label: 'defaults', ...bestScore }];
  log?.(`defaults: MRR ${bestScore.mrr.toFixed(4)} R@1 ${bestScore.r1.toFixed(4)}`);
  for (let pass = 0; pass < 2; pass++) {
    for (const axis of LEXICAL_AXES) {
      for (const variant of axis) {
        const candidate = variant.apply(best);
        const score = await scoreLexical(suites, candidate, depth);
        trials.push({ label: variant.label, ...score });
        // Differences below MIN_GAIN are noise at ~1700 questions; they must not steer the defaults.
        if (score.mrr > bestScore.mrr + MIN_GAIN) {
          best = candidate;
          bestScore = score;
          log?.(`better: ${variant.label}: MRR ${score.mrr.toFixed(4)} R@1 ${score.r1.toFixed(4)}`);
        }
      }
    }
  }
  return { best, trials };
}

/** Grid over RRF k, dense weight and candidate depth, on rankings computed once per question. */
export async function tuneFusion(
  suites: PreparedSuite[],
  embedder: Embedder,
  lexical: LexicalSearchOptions,
  depth = 50,
): Promise<{ best: FusionOptions & { candidates: number }; trials: TuneTrial[] }> {
  const maxCandidates = 200;
  const prepared: Array<{
    suite: PreparedSuite;
    rows: Array<{ gold: string; dense: ScoredPassage[]; lex: LexicalHit[] }>;
  }> = [];
  for (const suite of suites) {
    const index = withSearch(suite.corpus.lexical, lexical);
    const rows = [];
    for (const q of suite.questions) {
      if (halfOf(q.id) !== 'tune') continue;
      const vector = await embedder.embedQuery(q.question);
      rows.push({
        gold: q.unitId,
        dense: suite.corpus.dense.search(vector, maxCandidates),
        lex: index.search(q.question, maxCandidates),
      });
    }
    prepared.push({ suite, rows });
  }
  const trials: TuneTrial[] = [];
  let best = { ...DEFAULT_FUSION_OPTIONS, candidates: 50 };
  let bestScore = -1;
  for (const candidates of [20, 50, 100, 200]) {
    for (const k of [1, 5, 10, 20, 40, 60, 100]) {
      for (const denseWeight of [0, 0.1, 0.2, 0.3, 0.5, 0.7, 1]) {
        const fusion = { k, denseWeight, lexicalWeight: 1 };
        const metrics = prepared.map(({ suite, rows }) =>
          metricsFromRanks(
            rows.map((row) => {
              const fused = fuseRankings(
                row.dense.slice(0, candidates),
                row.lex.slice(0, candidates),
                (id) => suite.corpus.byId.get(id),
                fusion,
              ).slice(0, depth);
              return goldRank(
                fused.map((hit) => hit.passage.articleId),
                row.gold,
              );
            }),
          ),
        );
        const score = mean(metrics);
        trials.push({ label: `candidates=${candidates} k=${k} denseWeight=${denseWeight}`, ...score });
        if (score.mrr > bestScore + 1e-9) {
          bestScore = score.mrr;
          best = { ...fusion, candidates };
        }
      }
    }
  }
  return { best, trials };
}

/** Grid over how many fused passages are re-ranked by focus and the focus weight. */
export async function tuneFocus(
  suites: PreparedSuite[],
  embedder: Embedder,
  settings: { lexical: LexicalSearchOptions; fusion: FusionOptions & { candidates: number } },
  depth = 50,
): Promise<{ best: FocusOptions; trials: TuneTrial[] }> {
  const { candidates, ...fusion } = settings.fusion;
  const trials: TuneTrial[] = [];
  let best: FocusOptions = { ...DEFAULT_FOCUS_OPTIONS, weight: 0 };
  let bestScore = -1;
  for (const focusCandidates of [5, 10, 20]) {
    for (const weight of [0, 0.5, 1, 1.5, 2, 3, 5]) {
      const focus = { candidates: focusCandidates, weight };
      const metrics: RankingMetrics[] = [];
      for (const suite of suites) {
        const system = hybridSystem(suite.corpus, embedder, {
          lexical: settings.lexical,
          fusion,
          focus,
          candidates,
        });
        metrics.push((await evaluateSystem(suite, system, depth, 'tune')).tune);
      }
      const score = mean(metrics);
      trials.push({ label: `focus.candidates=${focusCandidates} weight=${weight}`, ...score });
      if (score.mrr > bestScore + 1e-9) {
        bestScore = score.mrr;
        best = focus;
      }
    }
  }
  return { best, trials };
}

/** Tunes on the German suites (with and without distractors): XQuAD de→de and MLQA de. */
export async function tuneRetrieval(
  options: Pick<RetrievalEvalOptions, 'dataDir' | 'chunkMaxChars' | 'overlapSentences' | 'log'> & {
    embedder?: Embedder;
  },
): Promise<TuneResult> {
  const embedder = options.embedder ?? new BuiltinEmbedder({ dimensions: 256 });
  const { suites } = await prepareSuites({ ...options, suites: ['xquad-de', 'mlqa-de'] }, embedder);
  const { best: lexical, trials: lexicalTrials } = await tuneLexical(suites, 50, options.log);
  options.log?.('fusion');
  const { best: fusion, trials: fusionTrials } = await tuneFusion(suites, embedder, lexical);
  options.log?.('focus');
  const { best: focus, trials: focusTrials } = await tuneFocus(suites, embedder, { lexical, fusion });
  return { lexical, fusion, focus, lexicalTrials, fusionTrials, focusTrials };
}
