import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createApp, type AppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Answer } from '../../src/core/types';
import { createLogger } from '../../src/pinoLogger';
import { createPool } from '../../src/postgres/database';
import { PostgresSearchIndex, vectorLiteral } from '../../src/postgres/postgresSearchIndex';
import { visibleIn } from '../../src/postgres/schema';
import { benchQuestions, generateCorpusFor, loadSourceMaterial, mutateArticles, writeCorpus } from './corpus';
import { parseChildResult, runNode, runWorker, siblingScript } from './spawn';
import type { StartupProbeResult } from './startupProbe';
import type { WorkerInput } from './worker';
import { type LatencySummary, median, since, summarizeLatencies } from './stats';

/**
 * One corpus size on both backends, in its own process: the embedded index and PostgreSQL with
 * pgvector build the same generated articles through the product's composition root, answer the
 * same questions (latencies measured alternately, one backend then the other, so that a noisy
 * machine weighs on both alike), take the same 1 % update, and start fresh `quellen ask`
 * processes. Prints a {@link PostgresSizeResult}.
 */

/** What the parent passes. */
export interface PostgresWorkerInput extends Omit<WorkerInput, 'peers'> {
  /** A role that may create databases; the worker makes one of its own and drops it. */
  adminUrl: string;
}

interface BackendFigures {
  buildMs: number;
  incrementalMs: number;
  incrementalShare: number;
  query: LatencySummary;
  dense: LatencySummary;
  lexical: LatencySummary;
  /** `quellen ask` in a fresh process: wall time to the answer. */
  startupMs: number;
  /** The start-up probe: opening the index alone, and peak RSS up to the first answer. */
  openMs: number;
  peakRssMiB: number;
}

export interface PostgresSizeResult {
  targetPassages: number;
  passages: number;
  articles: number;
  questions: number;
  embedded: BackendFigures;
  postgres: BackendFigures & { databaseBytes: number; recallAt10: number };
  /** The server measured, and whether pgvector's graph fitted its buffer cache. */
  server: ServerFigures;
  /** Questions whose answer (text, citations, abstention) is the same on both backends. */
  sameAnswers: number;
  /**
   * The same with exact vector search on both sides (`VECTOR_INDEX=flat`; index scans off in
   * PostgreSQL), which leaves out the two graphs' approximations: `null` above
   * {@link EXACT_COMPARISON_MAX_PASSAGES}, where an exact scan per question takes too long.
   */
  sameAnswersExact: number | null;
  p95Ratio: number;
}

export interface ServerFigures {
  version: string;
  pgvector: string;
  sharedBuffersMiB: number;
  /** Whether the server flushes commits to disk (`fsync`); a server that does not builds faster. */
  fsync: boolean;
  /** Size of the passages' HNSW index. */
  vectorIndexMiB: number;
}

/** The server's version and buffer cache, beside the size of the graph that searches read. */
async function serverFigures(url: string): Promise<ServerFigures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{
      version: string;
      pgvector: string;
      buffers: string;
      fsync: string;
      graph: string;
    }>(
      `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
         coalesce((SELECT extversion FROM pg_extension WHERE extname = 'vector'), 'not installed') AS pgvector,
         pg_size_bytes(current_setting('shared_buffers')) AS buffers,
         coalesce(pg_relation_size(to_regclass('quellen.passages_embedding')), 0) AS graph`,
    );
    const row = rows[0]!;
    return {
      version: row.version,
      pgvector: row.pgvector,
      sharedBuffersMiB: Number(row.buffers) / 2 ** 20,
      fsync: row.fsync === 'on',
      vectorIndexMiB: Number(row.graph) / 2 ** 20,
    };
  } finally {
    await client.end();
  }
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The largest size asked for (passages) at which both backends also answer with exact vector search. */
const EXACT_COMPARISON_MAX_PASSAGES = 100_000;
const BUILT_CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'main.js');

/** What a reader sees of an answer. */
function shown(answer: Answer): string {
  return JSON.stringify({
    text: answer.text,
    abstained: answer.abstained,
    citations: answer.citations.map(({ score: _score, ...citation }) => citation),
  });
}

async function measure(input: PostgresWorkerInput): Promise<PostgresSizeResult> {
  const database = `quellen_bench_${input.targetPassages}_${process.pid}`;
  const admin = new pg.Client({ connectionString: input.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(input.adminUrl);
  url.pathname = `/${database}`;
  const docs = path.join(input.workDir, 'docs');
  const envs = {
    embedded: {
      DOCS_DIR: docs,
      INDEX_DIR: path.join(input.workDir, 'index'),
      EMBEDDINGS: 'builtin',
      VECTOR_INDEX: 'hnsw',
      LOG_LEVEL: 'warn',
    },
    postgres: {
      DOCS_DIR: docs,
      // The postgres backend keeps only caches there (the prepared dictionary): both backends
      // start with the same one.
      INDEX_DIR: path.join(input.workDir, 'index'),
      EMBEDDINGS: 'builtin',
      INDEX_BACKEND: 'postgres',
      DATABASE_URL: url.toString(),
      LOG_LEVEL: 'warn',
    },
  };
  try {
    const material = loadSourceMaterial({ docsDir: input.docsDir, dataDir: input.dataDir });
    const config = loadConfig({ ...process.env, ...envs.embedded }, input.workDir);
    const corpus = generateCorpusFor(material, config, {
      targetPassages: input.targetPassages,
      seed: input.seed,
    });
    await writeCorpus(docs, corpus.articles);
    const questions = benchQuestions(material, corpus.articles, input.questions, input.seed);
    log(`  ${corpus.articles.length} articles, ${corpus.passages} passages`);

    const apps: Record<'embedded' | 'postgres', AppContext> = {
      embedded: await createApp(loadConfig({ ...process.env, ...envs.embedded }, input.workDir), quiet()),
      postgres: await createApp(loadConfig({ ...process.env, ...envs.postgres }, input.workDir), quiet()),
    };
    const builds: Record<string, { ms: number; passages: number }> = {};
    for (const name of ['embedded', 'postgres'] as const) {
      const started = performance.now();
      const summary = await apps[name].service.reindex({ full: true, by: 'bench' });
      builds[name] = { ms: since(started), passages: summary.passages };
      log(`  ${name}: full build ${(builds[name].ms / 1000).toFixed(1)} s (${summary.passages} passages)`);
    }

    // Warm-up, then the questions, alternating backends question by question.
    for (const question of questions.slice(0, 20)) {
      await apps.embedded.service.ask(question);
      await apps.postgres.service.ask(question);
    }
    const times = {
      embedded: { total: [] as number[], dense: [] as number[], lexical: [] as number[] },
      postgres: { total: [] as number[], dense: [] as number[], lexical: [] as number[] },
    };
    let sameAnswers = 0;
    for (const question of questions) {
      const answers: string[] = [];
      for (const name of ['embedded', 'postgres'] as const) {
        const { answer, timings } = await apps[name].service.ask(question);
        times[name].total.push(timings.totalMs);
        times[name].dense.push(timings.denseMs);
        times[name].lexical.push(timings.lexicalMs);
        answers.push(shown(answer));
      }
      if (answers[0] === answers[1]) sameAnswers += 1;
    }
    const sameAnswersExact =
      input.targetPassages <= EXACT_COMPARISON_MAX_PASSAGES
        ? await compareExact(input, { admin, database, envs, questions })
        : null;

    // The same 1 % of articles change for both.
    const changed = mutateArticles(corpus.articles, 0.01, input.seed + 1);
    await writeCorpus(docs, changed);
    const incremental: Record<string, number> = {};
    for (const name of ['embedded', 'postgres'] as const) {
      const started = performance.now();
      await apps[name].service.reindex({ by: 'bench' });
      incremental[name] = since(started);
      log(`  ${name}: 1 % update ${(incremental[name] / 1000).toFixed(2)} s`);
    }
    await apps.embedded.service.close();
    await apps.postgres.service.close();

    // pgvector's graph against an exact scan of the same vectors.
    const recallAt10 = await pgvectorRecall(url.toString(), apps.postgres, questions.slice(0, 100));
    const { rows } = await admin.query<{ bytes: string }>('SELECT pg_database_size($1) AS bytes', [database]);
    const server = await serverFigures(url.toString());
    if (server.vectorIndexMiB > server.sharedBuffersMiB) {
      log(
        `  the HNSW index (${server.vectorIndexMiB.toFixed(0)} MiB) is larger than shared_buffers (${server.sharedBuffersMiB.toFixed(0)} MiB): dense search reads it through the operating system's cache`,
      );
    }

    const startup: Record<string, { cli: number[]; probes: StartupProbeResult[] }> = {};
    const question = questions[0] ?? 'Was ist passiert?';
    if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first`);
    for (const name of ['embedded', 'postgres'] as const) {
      const env = { ...process.env, ...envs[name] };
      startup[name] = { cli: [], probes: [] };
      for (let run = 0; run < input.startupRuns; run += 1) {
        const result = await runNode(BUILT_CLI, ['ask', question], { env, cwd: input.workDir, execArgv: [] });
        if (result.code !== 0)
          throw new Error(`quellen ask (${name}) failed: ${result.stderr.trim().split('\n').pop()}`);
        startup[name].cli.push(result.wallMs);
        const probe = await runNode(siblingScript(__filename, 'startupProbe'), [question], {
          env,
          cwd: input.workDir,
          execArgv: process.execArgv.filter((flag) => !flag.startsWith('--max-old-space-size')),
        });
        startup[name].probes.push(parseChildResult<StartupProbeResult>(probe, `start-up probe (${name})`));
      }
    }
    const figures = (name: 'embedded' | 'postgres'): BackendFigures => ({
      buildMs: builds[name]!.ms,
      incrementalMs: incremental[name]!,
      incrementalShare: incremental[name]! / builds[name]!.ms,
      query: summarizeLatencies(times[name].total),
      dense: summarizeLatencies(times[name].dense),
      lexical: summarizeLatencies(times[name].lexical),
      startupMs: median(startup[name]!.cli),
      openMs: median(startup[name]!.probes.map((probe) => probe.openOnlyMs)),
      peakRssMiB: median(startup[name]!.probes.map((probe) => probe.maxRssKiB / 1024)),
    });
    const embedded = figures('embedded');
    const postgres = figures('postgres');
    return {
      targetPassages: input.targetPassages,
      passages: builds.postgres!.passages,
      articles: corpus.articles.length,
      questions: questions.length,
      embedded,
      postgres: { ...postgres, databaseBytes: Number(rows[0]!.bytes), recallAt10 },
      server,
      sameAnswers,
      sameAnswersExact,
      p95Ratio: postgres.query.p95 / embedded.query.p95,
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

/**
 * Both backends answer the questions once more with exact vector search, so that what differs
 * between their answers is the pipeline, not which near neighbours each graph happened to find:
 * the embedded index is converted to a flat copy (no re-embedding), and PostgreSQL's new
 * connections to the bench database plan without index scans, so pgvector's graph is not used.
 */
async function compareExact(
  input: PostgresWorkerInput,
  run: {
    admin: pg.Client;
    database: string;
    envs: Record<'embedded' | 'postgres', Record<string, string>>;
    questions: readonly string[];
  },
): Promise<number> {
  const started = performance.now();
  const flatDir = path.join(input.workDir, 'index-exact');
  const database = pg.escapeIdentifier(run.database);
  let same = 0;
  // Should the worker die before the RESET, the setting dies with the bench database, which the
  // next run drops.
  await run.admin.query(`ALTER DATABASE ${database} SET enable_indexscan = off`);
  try {
    await cp(run.envs.embedded.INDEX_DIR!, flatDir, { recursive: true });
    const flatEnv = { ...process.env, ...run.envs.embedded, INDEX_DIR: flatDir, VECTOR_INDEX: 'flat' };
    const flat = await createApp(loadConfig(flatEnv, input.workDir), quiet());
    try {
      await flat.service.reindex({ by: 'bench' });
      const scan = await createApp(
        loadConfig({ ...process.env, ...run.envs.postgres }, input.workDir),
        quiet(),
      );
      try {
        await scan.service.open({ rebuild: false });
        for (const question of run.questions) {
          const embedded = shown((await flat.service.ask(question)).answer);
          const postgres = shown((await scan.service.ask(question)).answer);
          if (embedded === postgres) same += 1;
        }
      } finally {
        await scan.service.close();
      }
    } finally {
      await flat.service.close();
    }
  } finally {
    await run.admin.query(`ALTER DATABASE ${database} RESET enable_indexscan`);
    await rm(flatDir, { recursive: true, force: true });
  }
  log(
    `  exact vector search on both: ${same} of ${run.questions.length} answers the same (${(since(started) / 1000).toFixed(1)} s)`,
  );
  return same;
}

function quiet() {
  return createLogger({ level: 'warn', secrets: [] });
}

/**
 * Recall@10 of the app's dense search (pgvector's graph, candidates re-ordered exactly) against an
 * exact scan (index scans off) for the questions' vectors, over the newest generation.
 */
async function pgvectorRecall(url: string, app: AppContext, questions: readonly string[]): Promise<number> {
  // Connections as the app opens them: the same candidate list and scan settings.
  const pool = createPool({ url, maxConnections: 2, efSearch: app.config.PGVECTOR_EF_SEARCH });
  try {
    const search = await PostgresSearchIndex.open(pool);
    const { rows: generation } = await pool.query<{ id: string }>(
      'SELECT max(id) AS id FROM quellen.generations',
    );
    const scan = `SELECT p.id FROM quellen.passages p WHERE ${visibleIn('p')} ORDER BY p.embedding <=> $2::vector, p.id LIMIT 10`;
    let found = 0;
    let wanted = 0;
    for (const question of questions) {
      const vector = await app.embedder.embedQuery(question);
      const approximate = await search.denseSearch(vector, 10);
      const client = await pool.connect();
      let exact: Array<{ id: string }>;
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_indexscan = off');
        exact = (await client.query<{ id: string }>(scan, [Number(generation[0]!.id), vectorLiteral(vector)]))
          .rows;
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      const ids = new Set(approximate.map((hit) => hit.passage.id));
      found += exact.filter((row) => ids.has(row.id)).length;
      wanted += exact.length;
    }
    return wanted === 0 ? 1 : found / wanted;
  } finally {
    await pool.end();
  }
}

if (require.main === module) runWorker(measure);
