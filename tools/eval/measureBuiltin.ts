/**
 * Measures the built-in embedder: dense-only paragraph retrieval (brute-force cosine) on XQuAD de→de,
 * XQuAD en→de and MLQA de, for a set of settings, and embedding throughput.
 *
 * Usage: `npx tsx src/eval/measureBuiltin.ts [--sweep] [--speed] [--shared <dir>]`
 * (default shared dir: `../shared` beside the project). Tuning uses the first half of the XQuAD
 * questions only; both halves are reported so over-fitting shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import {
  BuiltinEmbedder,
  type BuiltinEmbedderOptions,
} from '../../src/core/embedding/builtin/builtinEmbedder';
import { isStopword, stem, tokenize } from '../../src/core/text/analysis';

interface Query {
  text: string;
  gold: number;
}

interface Suite {
  name: string;
  units: string[];
  queries: Query[];
  /** Queries used for tuning (the rest are held out); undefined = no split. */
  tuneCount?: number;
}

interface SquadFile {
  data: Array<{ paragraphs: Array<{ context: string; qas: Array<{ id: string; question: string }> }> }>;
}

function loadXquad(file: string): {
  contexts: string[];
  questions: Array<{ id: string; text: string; gold: number }>;
} {
  const squad = JSON.parse(readFileSync(file, 'utf8')) as SquadFile;
  const contexts: string[] = [];
  const questions: Array<{ id: string; text: string; gold: number }> = [];
  for (const article of squad.data) {
    for (const paragraph of article.paragraphs) {
      const gold = contexts.push(paragraph.context) - 1;
      for (const qa of paragraph.qas) questions.push({ id: qa.id, text: qa.question, gold });
    }
  }
  return { contexts, questions };
}

function loadSuites(shared: string): Suite[] {
  const de = loadXquad(path.join(shared, 'data/xquad/xquad.de.json'));
  const en = loadXquad(path.join(shared, 'data/xquad/xquad.en.json'));
  const half = Math.floor(de.questions.length / 2);
  const enById = new Map(en.questions.map((q) => [q.id, q.text]));
  const enQueries = de.questions.map((q) => {
    const text = enById.get(q.id);
    if (text === undefined) throw new Error(`xquad.en.json lacks question ${q.id}`);
    return { text, gold: q.gold };
  });

  const mlqaUnits: string[] = [];
  const unitIndex = new Map<string, number>();
  const mlqaQueries: Query[] = [];
  for (const line of readFileSync(path.join(shared, 'data/mlqa/mlqa_de-de_dev.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const { context, question } = JSON.parse(line) as { context: string; question: string };
    let gold = unitIndex.get(context);
    if (gold === undefined) {
      gold = mlqaUnits.push(context) - 1;
      unitIndex.set(context, gold);
    }
    mlqaQueries.push({ text: question, gold });
  }

  return [
    { name: 'xquad de→de', units: de.contexts, queries: de.questions, tuneCount: half },
    { name: 'xquad en→de', units: de.contexts, queries: enQueries, tuneCount: half },
    { name: 'mlqa de', units: mlqaUnits, queries: mlqaQueries },
  ];
}

interface Scores {
  r1: number;
  r5: number;
  mrr: number;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Rank (1-based) of the unit scored `goldScore` among `scores`; ties count against the gold. */
function rankOf(scores: Float64Array, gold: number): number {
  const goldScore = scores[gold]!;
  let rank = 1;
  for (let i = 0; i < scores.length; i++) if (i !== gold && scores[i]! >= goldScore) rank++;
  return rank;
}

/** Per unit, its 1-based rank in `scores` (higher score = better rank). */
function ranksOf(scores: Float64Array): Float64Array {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  const ranks = new Float64Array(scores.length);
  order.forEach((unit, position) => (ranks[unit] = position + 1));
  return ranks;
}

/** BM25 (MiniSearch, stemmed OR query) rank of every unit for every query. */
function bm25Ranks(suite: Suite): Float64Array[] {
  const search = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => (isStopword(term) ? null : stem(term)),
  });
  search.addAll(suite.units.map((text, id) => ({ id, text })));
  return suite.queries.map((query) => {
    const ranks = new Float64Array(suite.units.length).fill(Number.POSITIVE_INFINITY);
    search
      .search(query.text, { combineWith: 'OR' })
      .forEach((hit, position) => (ranks[hit.id as number] = position + 1));
    return ranks;
  });
}

/** Reciprocal-rank fusion constant, the usual 60. */
const RRF_K = 60;

/** Weights of the dense ranking in the reciprocal-rank fusion with BM25 (BM25 weighs 1). */
const FUSION_WEIGHTS = [1, 0.5, 0.25] as const;

/** Gold ranks for dense-only retrieval and for dense fused with BM25 by weighted reciprocal rank. */
function goldRanks(
  embedder: BuiltinEmbedder,
  suite: Suite,
  bm25: Float64Array[],
): { dense: number[]; fused: number[][] } {
  const unitVectors = suite.units.map((unit) => embedder.embedSync(unit));
  const dense: number[] = [];
  const fused: number[][] = FUSION_WEIGHTS.map(() => []);
  suite.queries.forEach((query, index) => {
    const q = embedder.embedSync(query.text);
    const scores = new Float64Array(unitVectors.length);
    for (let i = 0; i < unitVectors.length; i++) scores[i] = dot(q, unitVectors[i]!);
    dense.push(rankOf(scores, query.gold));
    const denseRanks = ranksOf(scores);
    const lexical = bm25[index]!;
    FUSION_WEIGHTS.forEach((weight, w) => {
      const fusion = new Float64Array(unitVectors.length);
      for (let i = 0; i < fusion.length; i++)
        fusion[i] = weight / (RRF_K + denseRanks[i]!) + 1 / (RRF_K + lexical[i]!);
      fused[w]!.push(rankOf(fusion, query.gold));
    });
  });
  return { dense, fused };
}

function summarise(ranks: readonly number[]): Scores {
  let r1 = 0;
  let r5 = 0;
  let mrr = 0;
  for (const rank of ranks) {
    if (rank === 1) r1++;
    if (rank <= 5) r5++;
    mrr += 1 / rank;
  }
  const n = Math.max(1, ranks.length);
  return { r1: r1 / n, r5: r5 / n, mrr: mrr / n };
}

const fmt = (s: Scores): string => `${s.r1.toFixed(3)} ${s.r5.toFixed(3)} ${s.mrr.toFixed(3)}`;

/** Settings compared by default (each a change from the defaults); `--sweep` adds a wider grid. */
function configurations(sweep: boolean): Array<[string, BuiltinEmbedderOptions]> {
  const base: Array<[string, BuiltinEmbedderOptions]> = [
    ['default (d256)', {}],
    ['d384', { dimensions: 384 }],
    ['d512', { dimensions: 512 }],
    ['d1024', { dimensions: 1024 }],
    ['unigrams only', { charWeight: 0, unigramWeight: 1 }],
    ['char n-grams only', { unigramWeight: 0 }],
    ['no capital emphasis', { capitalWeight: 1 }],
    ['no tf damping', { tfExponent: 1 }],
    ['no short-token weighting', { fullWeightLength: 0 }],
    ['bigrams 0.3', { bigramWeight: 0.3 }],
  ];
  if (!sweep) return base;
  const grid: Array<[string, BuiltinEmbedderOptions]> = [];
  for (const [lo, hi] of [
    [3, 5],
    [3, 6],
    [2, 4],
    [4, 5],
  ] as const) {
    grid.push([`g${lo}-${hi}`, { charNgramMin: lo, charNgramMax: hi }]);
  }
  for (const unigramWeight of [0.25, 1]) grid.push([`unigramWeight ${unigramWeight}`, { unigramWeight }]);
  for (const capitalWeight of [1.5, 2, 3]) grid.push([`capitalWeight ${capitalWeight}`, { capitalWeight }]);
  for (const tfExponent of [0.5, 0.85]) grid.push([`tfExponent ${tfExponent}`, { tfExponent }]);
  for (const charLengthExponent of [0, 0.25, 0.75]) {
    grid.push([`charLengthExponent ${charLengthExponent}`, { charLengthExponent }]);
  }
  grid.push(['number char n-grams', { numberCharNgrams: true }]);
  for (const fullWeightLength of [3, 6])
    grid.push([`fullWeightLength ${fullWeightLength}`, { fullWeightLength }]);
  grid.push(['d512 bigrams 0.3', { dimensions: 512, bigramWeight: 0.3 }]);
  return [...base, ...grid];
}

function cell(suite: Suite, ranks: number[]): string {
  if (suite.tuneCount === undefined) return fmt(summarise(ranks));
  return `${fmt(summarise(ranks.slice(0, suite.tuneCount)))} | ${fmt(summarise(ranks.slice(suite.tuneCount)))}`;
}

function measureQuality(suites: Suite[], configs: Array<[string, BuiltinEmbedderOptions]>): void {
  const bm25 = suites.map((suite) => bm25Ranks(suite));
  console.log(
    'R@1 R@5 MRR; XQuAD: tune half | held-out half. "+bm25 wX" = reciprocal-rank fusion (k 60), dense weighted X, BM25 1.',
  );
  const baseline = suites.map((suite, i) => {
    const ranks = bm25[i]!.map((ranks, q) => ranks[suite.queries[q]!.gold]!);
    return `${suite.name}: ${cell(suite, ranks)}`;
  });
  console.log(`BM25 alone | ${baseline.join(' | ')}`);
  for (const [name, options] of configs) {
    const embedder = new BuiltinEmbedder(options);
    console.log(`== ${name}  (${embedder.id})`);
    suites.forEach((suite, i) => {
      const { dense, fused } = goldRanks(embedder, suite, bm25[i]!);
      const fusions = FUSION_WEIGHTS.map((weight, w) => `+bm25 w${weight} ${cell(suite, fused[w]!)}`);
      console.log(`  ${suite.name.padEnd(12)} dense ${cell(suite, dense)}  ||  ${fusions.join('  ||  ')}`);
    });
  }
}

/**
 * Embeds ~400-character slices of German text (the evaluation contexts plus 10kGNAD news, for a
 * realistic vocabulary: the stemmer is the main cost on unseen words) and reports passages per
 * second of wall time and of CPU time (the latter is stable on a busy machine).
 */
function measureSpeed(suites: Suite[], shared: string, count: number): void {
  const texts = suites.flatMap((s) => s.units);
  const news = path.join(shared, 'data/10kgnad/test.jsonl');
  if (existsSync(news)) {
    for (const line of readFileSync(news, 'utf8').split('\n')) {
      if (line.trim() !== '') texts.push((JSON.parse(line) as { text: string }).text);
    }
  }
  const pool = texts.join(' ');
  const passages: string[] = [];
  for (let start = 0; passages.length < count; start = (start + 400) % Math.max(1, pool.length - 400)) {
    passages.push(pool.slice(start, start + 400));
  }
  for (const dimensions of [256, 384, 512]) {
    const embedder = new BuiltinEmbedder({ dimensions });
    const begin = process.hrtime.bigint();
    const cpuBegin = process.cpuUsage();
    let checksum = 0;
    for (const passage of passages) checksum += embedder.embedSync(passage)[0]!;
    const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
    const cpu = process.cpuUsage(cpuBegin);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(
      `d${dimensions}: ${count} passages of 400 chars (cold stem cache): wall ${seconds.toFixed(2)} s = ` +
        `${Math.round(count / seconds)}/s, CPU ${cpuSeconds.toFixed(2)} s = ${Math.round(count / cpuSeconds)}/s ` +
        `(checksum ${checksum.toFixed(3)})`,
    );
  }
}

function main(argv: string[]): void {
  const sharedFlag = argv.indexOf('--shared');
  const shared =
    sharedFlag >= 0 && argv[sharedFlag + 1]
      ? path.resolve(argv[sharedFlag + 1]!)
      : path.resolve(__dirname, '../../../shared');
  const suites = loadSuites(shared);
  if (argv.includes('--speed')) measureSpeed(suites, shared, 20_000);
  else {
    // `--config '{"dimensions":384}'` (repeatable) measures just the given settings.
    const given = argv.flatMap((arg, i) =>
      argv[i - 1] === '--config'
        ? [[arg, JSON.parse(arg) as BuiltinEmbedderOptions] as [string, BuiltinEmbedderOptions]]
        : [],
    );
    measureQuality(suites, given.length > 0 ? given : configurations(argv.includes('--sweep')));
  }
}

main(process.argv.slice(2));
