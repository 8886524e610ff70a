import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { CURRENT_FILE, IndexStore } from '../../src/core/index/store';
import { HnswVectorIndex } from '../../src/core/index/hnswVectorIndex';
import { SegmentedVectorIndex } from '../../src/core/index/segmentedVectorIndex';
import type { Article, Embedder, Passage } from '../../src/core/types';
import { PostingsLexicalIndex } from '../../src/core/retrieval/postingsLexicalIndex';
import { createPipeline } from '../../src/core/pipeline';
import { InProcessSearchIndex } from '../../src/core/retrieval/inProcessSearchIndex';
import { createLogger } from '../../src/pinoLogger';
import {
  benchQuestions,
  generateCorpusFor,
  loadSourceMaterial,
  mutateArticles,
  writeCorpus,
  type BenchArticle,
  type GoldQuestion,
} from './corpus';
import { LanceDbPeer } from './lancedbPeer';
import { compareWithExact, MiniSearchPeer, NaiveDensePipeline, OramaPeer, type ArticleRanker } from './peers';
import type { SizeResult } from './results';
import { parseChildResult, runNode, runWorker, siblingScript } from './spawn';
import type { StartupProbeResult } from './startupProbe';

/** The `quellen` binary as users run it. */
const BUILT_CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'main.js');
import { cpuMs, median, peakRssKiB, since, summarizeLatencies } from './stats';

/**
 * One corpus size, measured in its own process (`node dist/bench/worker.js '<json>'`) so that
 * peak RSS and heap state belong to this size alone. Prints a {@link SizeResult}.
 */

/** What the parent passes to a worker. */
export interface WorkerInput {
  targetPassages: number;
  seed: number;
  /** Temporary folder for this size (articles and index); removed at the end. */
  workDir: string;
  docsDir?: string;
  dataDir?: string;
  questions: number;
  startupRuns: number;
  /** Also measure MiniSearch, Orama and the naive pipeline (default true). */
  peers?: boolean;
  /** With the peers, measure LanceDB too (its package is installed; see `lancedbPeer.ts`). */
  lancedb?: boolean;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const mib = (kib: number): number => kib / 1024;

/** The configuration every process of this size uses: built-in embedder, defaults otherwise. */
function benchEnv(input: WorkerInput): Record<string, string> {
  return {
    DOCS_DIR: path.join(input.workDir, 'docs'),
    INDEX_DIR: path.join(input.workDir, 'index'),
    EMBEDDINGS: 'builtin',
    // The table measures the default index, whatever the shell exports.
    VECTOR_INDEX: 'hnsw',
    LOG_LEVEL: 'warn',
  };
}

/**
 * How long a peer may spend on latency questions, and again on R@1 questions, at one size: a
 * peer whose query time grows with the collection (Orama takes seconds per query at 100k
 * passages) would otherwise hold the bench for the better part of an hour. The questions it
 * got through are reported with the figures.
 */
const PEER_BUDGET_MS = 120_000;

/** R@1 at article level: the best-ranked hit belongs to the gold article. */
async function recallAt1(ranker: ArticleRanker, questions: readonly GoldQuestion[]): Promise<number> {
  return (await recallAt1Within(ranker, questions, Number.POSITIVE_INFINITY)).r1;
}

/** R@1 over the questions answered within `budgetMs`, in order, and how many those were. */
async function recallAt1Within(
  ranker: ArticleRanker,
  questions: readonly GoldQuestion[],
  budgetMs: number,
): Promise<{ r1: number; asked: number }> {
  const started = performance.now();
  let hits = 0;
  let asked = 0;
  for (const { question, articleId } of questions) {
    if (performance.now() - started > budgetMs) break;
    asked += 1;
    const [first] = await ranker.rank(question, 1);
    if (first === articleId) hits += 1;
  }
  return { r1: asked === 0 ? Number.NaN : hits / asked, asked };
}

async function directorySize(dir: string): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const name of await readdir(dir)) sizes[name] = (await stat(path.join(dir, name))).size;
  return sizes;
}

/** Build, queries and incremental update through the product's own composition root. */
async function measureService(
  config: Config,
  env: Record<string, string>,
  articles: readonly BenchArticle[],
  questions: readonly string[],
  seed: number,
) {
  const app = await createApp(config, createLogger({ level: 'warn', secrets: [] }));
  let started = performance.now();
  let cpuStarted = cpuMs();
  const full = await app.service.reindex({ full: true, by: 'bench' });
  const fullWallMs = since(started);
  const fullCpuMs = cpuMs() - cpuStarted;
  log(`  full build ${(full.durationMs / 1000).toFixed(1)} s (${full.passages} passages)`);

  // Query latency: warm-up, then every question once.
  const warmup = Math.min(20, questions.length);
  for (const question of questions.slice(0, warmup)) await app.service.ask(question);
  const stages = {
    embed: [] as number[],
    dense: [] as number[],
    lexical: [] as number[],
    fusion: [] as number[],
  };
  const answer: number[] = [];
  const total: number[] = [];
  const totalWithoutEmbed: number[] = [];
  const totalCpu: number[] = [];
  for (const question of questions) {
    cpuStarted = cpuMs();
    const { timings } = await app.service.ask(question);
    totalCpu.push(cpuMs() - cpuStarted);
    stages.embed.push(timings.embedMs);
    stages.dense.push(timings.denseMs);
    stages.lexical.push(timings.lexicalMs);
    stages.fusion.push(timings.fusionMs);
    answer.push(timings.answerMs);
    total.push(timings.totalMs);
    totalWithoutEmbed.push(timings.totalMs - timings.embedMs);
  }
  const servingRssMiB = mib(peakRssKiB());

  // Incremental: 1 % of the articles change.
  const changed = mutateArticles(articles, 0.01, seed + 1);
  await writeCorpus(env.DOCS_DIR!, changed);
  started = performance.now();
  cpuStarted = cpuMs();
  const incremental = await app.service.reindex({ by: 'bench' });
  const incrementalWallMs = since(started);
  const incrementalCpuMs = cpuMs() - cpuStarted;
  log(`  incremental ${(incremental.durationMs / 1000).toFixed(1)} s (${changed.length} articles changed)`);
  // The lexical cache of the last generation is written in the background; disk size counts it.
  await app.service.idle();
  return {
    embedder: app.embedder,
    full,
    fullWallMs,
    fullCpuMs,
    totalCpu,
    incrementalCpuMs,
    warmup,
    stages,
    answer,
    total,
    totalWithoutEmbed,
    servingRssMiB,
    changed,
    incremental,
    incrementalWallMs,
  };
}

async function measure(input: WorkerInput): Promise<SizeResult> {
  const loadAtStart = os.loadavg()[0]!;
  const env = benchEnv(input);
  const config: Config = loadConfig({ ...process.env, ...env }, input.workDir);
  const chunking = { maxChars: config.CHUNK_MAX_CHARS, overlapSentences: config.CHUNK_OVERLAP_SENTENCES };

  let started = performance.now();
  const material = loadSourceMaterial({ docsDir: input.docsDir, dataDir: input.dataDir });
  const corpus = generateCorpusFor(material, config, {
    targetPassages: input.targetPassages,
    seed: input.seed,
  });
  await writeCorpus(env.DOCS_DIR!, corpus.articles);
  const questions = benchQuestions(material, corpus.articles, input.questions, input.seed);
  const present = new Set(corpus.articles.map((article) => article.file));
  const gold = material.goldQuestions.filter((question) => present.has(question.articleId));
  const generateMs = since(started);
  log(
    `  ${corpus.articles.length} articles, ${corpus.passages} passages generated in ${(generateMs / 1000).toFixed(1)} s`,
  );

  const service = await measureService(config, env, corpus.articles, questions, input.seed);
  const { full, embedder, incremental, stages } = service;

  const indexDir = env.INDEX_DIR!;
  const generation = (await readFile(path.join(indexDir, CURRENT_FILE), 'utf8')).trim();
  const files = await directorySize(path.join(indexDir, generation));
  const diskBytes = Object.values(files).reduce((sum, bytes) => sum + bytes, 0);

  // Start-up to the first answer in fresh processes: the real CLI, then the probe for the phases.
  const childEnv = { ...process.env, ...env };
  const cli: number[] = [];
  const probes: StartupProbeResult[] = [];
  const question = questions[0] ?? 'Was ist passiert?';
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first`);
  for (let run = 0; run < input.startupRuns; run += 1) {
    // The built CLI, as users run it (`npm run bench` builds first), without this process's loader.
    const result = await runNode(BUILT_CLI, ['ask', question], {
      env: childEnv,
      cwd: input.workDir,
      execArgv: [],
    });
    if (result.code !== 0) throw new Error(`quellen ask failed: ${result.stderr.trim().split('\n').pop()}`);
    cli.push(result.wallMs);
    // The probe runs with Node's default heap, as users do, even where this worker has a larger one.
    const probe = await runNode(siblingScript(__filename, 'startupProbe'), [question], {
      env: childEnv,
      cwd: input.workDir,
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--max-old-space-size')),
    });
    probes.push(parseChildResult<StartupProbeResult>(probe, 'start-up probe'));
  }
  log(`  start-up ${(median(cli) / 1000).toFixed(2)} s (quellen ask, median of ${cli.length})`);

  // Load phases, measured here: the index files, then the lexical rebuild the service does today.
  const store = new IndexStore(indexDir);
  started = performance.now();
  const index = await store.load({ embedderId: embedder.id, dimensions: embedder.dimensions, chunking });
  const indexLoadMs = since(started);
  started = performance.now();
  const lexicalCpuStarted = cpuMs();
  const passages = [...index.passages()];
  const lexical = new PostingsLexicalIndex().withChanges([], passages);
  const lexicalRebuildMs = since(started);
  const lexicalRebuildCpuMs = cpuMs() - lexicalCpuStarted;
  // What the cached binary form costs to write and saves on loading.
  started = performance.now();
  const snapshot = lexical.toBuffer();
  const lexicalSerializeMs = since(started);
  const snapshotFile = path.join(input.workDir, 'lexical.bin');
  await writeFile(snapshotFile, snapshot);
  started = performance.now();
  PostingsLexicalIndex.fromBuffer(await readFile(snapshotFile));
  const lexicalLoadMs = since(started);
  const lexicalBytes = snapshot.length;
  log(
    `  lexical rebuild ${(lexicalRebuildMs / 1000).toFixed(2)} s, load from its binary form ${(lexicalLoadMs / 1000).toFixed(2)} s`,
  );

  // HNSW against exact search on the same vectors.
  const queryVectors = await Promise.all(questions.map((q) => embedder.embedQuery(q)));
  const graph = index.vectors;
  // After the incremental updates the index may hold a delta beside its base graph: both are searched.
  if (!(graph instanceof HnswVectorIndex || graph instanceof SegmentedVectorIndex)) {
    throw new Error('the bench measures the default HNSW index');
  }
  const exact = compareWithExact(graph, queryVectors, 10, [64, 256, 512, 1024]);
  log(`  recall@10 ${exact.recall.toFixed(4)} vs exact`);

  // Ours vs peers on the same passages and questions.
  const { retriever } = createPipeline(
    {
      search: new InProcessSearchIndex({
        dense: index,
        lexical,
        passageById: (id) => index.passageById(id),
        article: (id) => index.articles.get(id),
      }),
    },
    { embedder },
  );
  const ours: ArticleRanker = {
    rank: async (q, k) =>
      (await retriever.retrieve(q, { topK: k })).passages.map((hit) => hit.passage.articleId),
  };
  const oursR1 = await recallAt1(ours, gold);
  const others =
    input.peers === false
      ? undefined
      : await measurePeers(passages, questions, gold, {
          embedder,
          queryVectors,
          vectorOf: (passage) => graph.getVector(index.labelOf(passage.id)!)!,
          articles: index.articles.values(),
          ...(input.lancedb ? { lanceDbDir: path.join(input.workDir, 'lancedb') } : {}),
        });
  log(
    others
      ? `  R@1 ours ${oursR1.toFixed(3)}, minisearch ${others.minisearch.r1.toFixed(3)}, orama ${others.orama.r1.toFixed(3)}, lancedb ${others.lancedb?.r1.toFixed(3) ?? '–'}, naive ${others.naive.r1.toFixed(3)} (${gold.length} questions)`
      : `  R@1 ours ${oursR1.toFixed(3)} (${gold.length} questions); peers not run at this size`,
  );

  return {
    targetPassages: input.targetPassages,
    articles: corpus.articles.length,
    passages: full.passages,
    corpusOrigin: material.origin,
    loadAverage: [loadAtStart, os.loadavg()[0]!],
    questions: { latency: questions.length, warmup: service.warmup, gold: gold.length },
    generateMs,
    build: {
      ms: full.durationMs,
      wallMs: service.fullWallMs,
      serviceCpuMs: service.fullCpuMs,
      passagesPerSecond: (full.passages * 1000) / full.durationMs,
      embeddingMs: full.timings.embeddingMs,
      insertingMs: full.timings.insertingMs,
      writingMs: full.timings.writingMs,
      otherMs: full.durationMs - full.timings.embeddingMs - full.timings.insertingMs - full.timings.writingMs,
    },
    incremental: {
      changedArticles: service.changed.length,
      embeddedPassages: incremental.embeddedPassages,
      ms: incremental.durationMs,
      wallMs: service.incrementalWallMs,
      serviceCpuMs: service.incrementalCpuMs,
      shareOfFull: incremental.durationMs / full.durationMs,
      embeddingMs: incremental.timings.embeddingMs,
      insertingMs: incremental.timings.insertingMs,
      writingMs: incremental.timings.writingMs,
    },
    query: {
      embed: summarizeLatencies(stages.embed),
      dense: summarizeLatencies(stages.dense),
      lexical: summarizeLatencies(stages.lexical),
      fusion: summarizeLatencies(stages.fusion),
      answer: summarizeLatencies(service.answer),
      total: summarizeLatencies(service.total),
      totalWithoutEmbed: summarizeLatencies(service.totalWithoutEmbed),
      totalCpu: summarizeLatencies(service.totalCpu),
    },
    startup: {
      cliMs: cli,
      cliMedianMs: median(cli),
      cliMinMs: Math.min(...cli),
      probeMedian: {
        modulesMs: median(probes.map((p) => p.modulesMs)),
        appMs: median(probes.map((p) => p.appMs)),
        openMs: median(probes.map((p) => p.openMs)),
        answerMs: median(probes.map((p) => p.answerMs)),
        openOnlyMs: median(probes.map((p) => p.openOnlyMs)),
        cpuMs: median(probes.map((p) => p.cpuMs)),
      },
      peakRssMiB: median(probes.map((p) => mib(p.maxRssKiB))),
    },
    load: {
      indexLoadMs,
      lexicalRebuildMs,
      lexicalRebuildCpuMs,
      lexicalSerializeMs,
      lexicalLoadMs,
      lexicalBytes,
    },
    disk: {
      files,
      bytes: diskBytes,
      bytesPerPassage: diskBytes / full.passages,
      vectorsBytesPerPassage: (files['vectors.hnsw'] ?? 0) / full.passages,
    },
    memory: {
      servingPeakRssMiB: service.servingRssMiB,
      workerPeakRssMiB: mib(peakRssKiB()),
    },
    exact: {
      k: exact.k,
      queries: exact.queries,
      recall: exact.recall,
      minRecall: exact.minRecall,
      efSearch: graph.effectiveEfSearch,
      efConstruction: graph.params.efConstruction,
      m: graph.params.m,
      hnsw: summarizeLatencies(exact.hnswMs),
      exact: summarizeLatencies(exact.exactMs),
      flat: summarizeLatencies(exact.flatMs),
      flatRecall: exact.flatRecall,
      sweep: exact.sweep,
    },
    peers: {
      ours: { lexicalBuildMs: lexicalRebuildMs, lexical: summarizeLatencies(stages.lexical), r1: oursR1 },
      ...(others ?? { skipped: PEERS_SKIPPED }),
    },
  };
}

/** Why the peers are left out above 100k passages (`npm run bench -- --large`). */
const PEERS_SKIPPED =
  'MiniSearch, Orama, LanceDB and the naive pipeline are measured up to 100k passages: their query time grows with the collection (at 100k MiniSearch took about 0.5 s and Orama about 4 s per query), so at 1M the 200 latency and 594 R@1 questions would take hours';

/** What a hybrid peer is built and asked with: quellen's vectors of passages and questions. */
interface HybridPeerInputs {
  embedder: Embedder;
  /** The vectors of the latency questions, in order. */
  queryVectors: readonly Float32Array[];
  vectorOf: (passage: Passage) => Float32Array;
}

/**
 * MiniSearch, Orama and LanceDB (hybrid, with our vectors; LanceDB when `lanceDbDir` is given)
 * and the naive pipeline on the same passages and questions as quellen: build time, latency
 * and R@1.
 */
async function measurePeers(
  passages: readonly Passage[],
  questions: readonly string[],
  gold: readonly GoldQuestion[],
  deps: HybridPeerInputs & {
    articles: Iterable<Article>;
    /** A new folder for LanceDB's table; without it LanceDB is not measured. */
    lanceDbDir?: string;
  },
): Promise<
  Required<Omit<SizeResult['peers'], 'ours' | 'skipped' | 'lancedb' | 'lancedbError'>> &
    Pick<SizeResult['peers'], 'lancedb' | 'lancedbError'>
> {
  let started: number;
  const minisearch = new MiniSearchPeer().build(passages);
  const miniQuery: number[] = [];
  for (const q of questions) {
    started = performance.now();
    minisearch.search(q, 10);
    miniQuery.push(since(started));
  }
  const orama = await OramaPeer.build(
    passages.map((passage) => ({ passage, vector: deps.vectorOf(passage) })),
    deps.embedder,
  );
  const oramaSavedBytes = orama.savedBytes();
  const oramaQuery: number[] = [];
  const oramaStarted = performance.now();
  for (const [i, q] of questions.entries()) {
    if (since(oramaStarted) > PEER_BUDGET_MS) break;
    started = performance.now();
    await orama.search(q, deps.queryVectors[i]!, 10);
    oramaQuery.push(since(started));
  }
  log(`  orama build ${(orama.buildMs / 1000).toFixed(2)} s, query p50 ${median(oramaQuery).toFixed(2)} ms`);
  let lancedb: SizeResult['peers']['lancedb'];
  let lancedbError: string | undefined;
  if (deps.lanceDbDir) {
    try {
      lancedb = await measureLanceDb(passages, questions, gold, { ...deps, dir: deps.lanceDbDir });
    } catch (error) {
      // The other peers' figures still count; the report says why LanceDB's are missing.
      lancedbError = `LanceDB failed at ${passages.length} passages: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      log(`  ${lancedbError}`);
    }
  }
  const naive = await new NaiveDensePipeline(deps.embedder).build(deps.articles);
  const naiveQuery: number[] = [];
  const naiveScan: number[] = [];
  for (const q of questions) {
    started = performance.now();
    await naive.rank(q, 10);
    naiveQuery.push(since(started));
    naiveScan.push(naive.lastQuery.searchMs);
  }
  const oramaRecall = await recallAt1Within(orama, gold, PEER_BUDGET_MS);
  const miniR1 = await recallAt1(minisearch, gold);
  const oramaR1 = oramaRecall.r1;
  const naiveR1 = await recallAt1(naive, gold);
  return {
    minisearch: { buildMs: minisearch.buildMs, query: summarizeLatencies(miniQuery), r1: miniR1 },
    orama: {
      buildMs: orama.buildMs,
      query: summarizeLatencies(oramaQuery),
      r1: oramaR1,
      ...(oramaQuery.length < questions.length || oramaRecall.asked < gold.length
        ? {
            sampled: {
              latency: oramaQuery.length,
              r1: oramaRecall.asked,
              of: { latency: questions.length, r1: gold.length },
            },
          }
        : {}),
      heapMiB: orama.heapMiB,
      savedBytesPerPassage: oramaSavedBytes === null ? null : oramaSavedBytes / passages.length,
    },
    ...(lancedb ? { lancedb } : {}),
    ...(lancedbError ? { lancedbError } : {}),
    naive: {
      chunks: naive.size,
      buildMs: naive.buildMs,
      query: summarizeLatencies(naiveQuery),
      scan: summarizeLatencies(naiveScan),
      r1: naiveR1,
    },
  };
}

/** LanceDB's hybrid search (see {@link LanceDbPeer}), under the same time budget as Orama. */
async function measureLanceDb(
  passages: readonly Passage[],
  questions: readonly string[],
  gold: readonly GoldQuestion[],
  deps: HybridPeerInputs & { dir: string },
): Promise<NonNullable<SizeResult['peers']['lancedb']>> {
  const peer = await LanceDbPeer.build(
    passages.map((passage) => ({ passage, vector: deps.vectorOf(passage) })),
    deps.embedder,
    deps.dir,
  );
  try {
    const query: number[] = [];
    const started = performance.now();
    for (const [i, q] of questions.entries()) {
      if (since(started) > PEER_BUDGET_MS) break;
      const asked = performance.now();
      await peer.search(q, deps.queryVectors[i]!, 10);
      query.push(since(asked));
    }
    log(`  lancedb build ${(peer.buildMs / 1000).toFixed(2)} s, query p50 ${median(query).toFixed(2)} ms`);
    const recall = await recallAt1Within(peer, gold, PEER_BUDGET_MS);
    return {
      buildMs: peer.buildMs,
      query: summarizeLatencies(query),
      r1: recall.r1,
      ...(query.length < questions.length || recall.asked < gold.length
        ? {
            sampled: {
              latency: query.length,
              r1: recall.asked,
              of: { latency: questions.length, r1: gold.length },
            },
          }
        : {}),
      rssMiB: peer.rssMiB,
      diskBytesPerPassage: peer.diskBytes / passages.length,
    };
  } finally {
    peer.close();
  }
}

if (require.main === module) runWorker(measure);
