import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeDatabase } from '../../src/postgres/database';
import { describeMachine } from './machine';
import type { PostgresSizeResult, PostgresWorkerInput } from './postgresWorker';
import { parseChildResult, runNode, siblingScript } from './spawn';
import { since } from './stats';

/** Options of `npm run bench -- --backend postgres`. */
export interface PostgresBenchOptions {
  quick: boolean;
  large?: boolean;
  json: boolean;
  /** A PostgreSQL role that may create databases, on a server with pgvector. */
  adminUrl: string;
  out: (line: string) => void;
  log?: (line: string) => void;
  docsDir?: string;
  dataDir?: string;
  resultsDir?: string;
  sizes?: number[];
  seed?: number;
}

const SEED = 20240601;
const LARGE_HEAP = '--max-old-space-size=16384';

/**
 * The postgres backend beside the embedded one, size by size, each size in a fresh worker
 * process with a database of its own: build, query latency (p95 ratio), identical answers,
 * the 1 % update, start-up and peak RSS of a fresh `quellen ask`, pgvector's recall@10.
 */
export async function runPostgresBench(options: PostgresBenchOptions): Promise<void> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const started = performance.now();
  const sizes =
    options.sizes ??
    (options.quick
      ? [1_000, 10_000]
      : options.large
        ? [1_000, 10_000, 100_000, 1_000_000]
        : [1_000, 10_000, 100_000]);
  const root = await mkdtemp(path.join(os.tmpdir(), 'quellen-bench-pg-'));
  const results: PostgresSizeResult[] = [];
  try {
    for (const target of sizes) {
      log(`bench (postgres): ${target} passages`);
      const input: PostgresWorkerInput = {
        targetPassages: target,
        seed: options.seed ?? SEED,
        workDir: path.join(root, `size-${target}`),
        docsDir: path.resolve(options.docsDir ?? 'docs'),
        dataDir: path.resolve(options.dataDir ?? path.join('..', 'shared', 'data')),
        questions: 200,
        startupRuns: 3,
        adminUrl: options.adminUrl,
      };
      const run = await runNode(siblingScript(__filename, 'postgresWorker'), [JSON.stringify(input)], {
        echoStderr: log,
        ...(target > 100_000 ? { execArgv: [...process.execArgv, LARGE_HEAP] } : {}),
      });
      results.push(parseChildResult<PostgresSizeResult>(run, `postgres benchmark at ${target} passages`));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const now = new Date();
  const report = {
    date: now.toISOString().slice(0, 10),
    command: `npm run bench -- --backend postgres${options.quick ? ' --quick' : options.large ? ' --large' : ''}`,
    machine: describeMachine(),
    database: describeDatabase(options.adminUrl),
    durationMs: since(started),
    sizes: results,
  };
  const resultsDir = path.resolve(options.resultsDir ?? 'bench-results');
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(
    resultsDir,
    `bench-postgres-${now.toISOString().replace(/:/g, '-').slice(0, 19)}.json`,
  );
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`bench: results written to ${path.relative(process.cwd(), file)}`);
  options.out(options.json ? JSON.stringify(report, null, 2) : formatPostgresReport(report));
}

/** The comparison as a Markdown table, one column per size. */
export function formatPostgresReport(report: {
  command: string;
  machine: ReturnType<typeof describeMachine>;
  sizes: PostgresSizeResult[];
}): string {
  const cell = (value: number, digits = 1) => value.toFixed(digits);
  const both = (pick: (figures: PostgresSizeResult['embedded']) => number, digits = 1) =>
    report.sizes.map((size) => `${cell(pick(size.embedded), digits)} / ${cell(pick(size.postgres), digits)}`);
  const rows: Array<[string, string[]]> = [
    ['passages', report.sizes.map((size) => String(size.passages))],
    ['full build s (embedded / postgres)', both((f) => f.buildMs / 1000)],
    ['1 % update s', both((f) => f.incrementalMs / 1000, 2)],
    ['1 % update, share of full build', both((f) => f.incrementalShare * 100, 1).map((text) => `${text} %`)],
    ['query p50 ms', both((f) => f.query.p50)],
    ['query p95 ms', both((f) => f.query.p95)],
    ['p95 postgres / embedded', report.sizes.map((size) => `${cell(size.p95Ratio, 2)}×`)],
    ['dense p50 ms', both((f) => f.dense.p50, 2)],
    ['lexical p50 ms', both((f) => f.lexical.p50, 2)],
    ['same answers', report.sizes.map((size) => `${size.sameAnswers} / ${size.questions}`)],
    [
      'same answers, exact vector search on both',
      report.sizes.map((size) =>
        size.sameAnswersExact === null || size.sameAnswersExact === undefined
          ? '–'
          : `${size.sameAnswersExact} / ${size.questions}`,
      ),
    ],
    ['quellen ask start-up s', both((f) => f.startupMs / 1000, 2)],
    ['opening the index ms', both((f) => f.openMs, 0)],
    ['peak RSS MiB (fresh ask)', both((f) => f.peakRssMiB, 0)],
    ['pgvector recall@10 vs exact', report.sizes.map((size) => cell(size.postgres.recallAt10, 4))],
    ['database size MiB', report.sizes.map((size) => cell(size.postgres.databaseBytes / 2 ** 20, 0))],
    ['HNSW index MiB', report.sizes.map((size) => cell(size.server.vectorIndexMiB, 0))],
  ];
  const header = `| | ${report.sizes.map((size) => `${size.targetPassages / 1000}k`).join(' | ')} |`;
  const rule = `|---|${report.sizes.map(() => '---').join('|')}|`;
  const { machine } = report;
  const server = report.sizes[0]?.server;
  const serverLine = server
    ? `; PostgreSQL ${server.version}, pgvector ${server.pgvector}, shared_buffers ${server.sharedBuffersMiB.toFixed(0)} MiB${server.fsync ? '' : ', fsync off'}`
    : '';
  return [
    `\`${report.command}\` on ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB.toFixed(1)} GiB, Node ${machine.node}${serverLine}`,
    '',
    header,
    rule,
    ...rows.map(([label, cells]) => `| ${label} | ${cells.join(' | ')} |`),
  ].join('\n');
}
