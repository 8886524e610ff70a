import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSourceMaterial } from './corpus';
import { formatReadmeSection, formatReport, replaceReadmeSection } from './format';
import { ensureLanceDb } from './lancedbPeer';
import { describeMachine } from './machine';
import { measureNeural } from './neural';
import type { BenchReport, SizeResult } from './results';
import { parseChildResult, runNode, siblingScript } from './spawn';
import { since } from './stats';
import type { WorkerInput } from './worker';

/** Options of `npm run bench`. */
export interface BenchOptions {
  /** Stop at 10k passages (for CI). */
  quick: boolean;
  /** Go on to 1M passages (peers only up to 100k); not for CI: about an hour and several GiB. */
  large?: boolean;
  /** Print JSON instead of the table. */
  json: boolean;
  /** Where the README lives, to update its Performance section (undefined: don't touch it). */
  readmePath?: string;
  out: (line: string) => void;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Article folder whose text seeds the corpus (default `docs`). */
  docsDir?: string;
  /** Evaluation data (default `../shared/data`); absent data means synthetic text only. */
  dataDir?: string;
  /** Where `bench-<date>.json` goes (default `bench-results`). */
  resultsDir?: string;
  /** Corpus sizes in passages (default 1k, 10k and, unless quick, 100k). */
  sizes?: number[];
  seed?: number;
  /**
   * Measure LanceDB beside the other peers (default true), installing the bench's LanceDB
   * package on first use (see `lancedbPeer.ts`).
   */
  lancedb?: boolean;
}

const SEED = 20240601;
/** MiniSearch, Orama, LanceDB and the naive pipeline run up to this size (see the worker's note). */
const MAX_PEER_PASSAGES = 100_000;
const LARGE_HEAP = '--max-old-space-size=16384';

/**
 * Runs the benchmark suite: for each corpus size a fresh worker process generates the corpus,
 * builds the index, times queries, the incremental update, start-up and the peers; then the
 * neural path on a generated model of real size. Prints a table (or JSON), writes
 * `bench-results/bench-<date>.json` and rewrites the README Performance section.
 */
export async function runBench(options: BenchOptions): Promise<void> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const started = performance.now();
  const machine = describeMachine();
  const sizes =
    options.sizes ??
    (options.quick
      ? [1_000, 10_000]
      : options.large
        ? [1_000, 10_000, 100_000, 1_000_000]
        : [1_000, 10_000, 100_000]);
  const docsDir = path.resolve(options.docsDir ?? 'docs');
  const dataDir = path.resolve(options.dataDir ?? path.join('..', 'shared', 'data'));
  const seed = options.seed ?? SEED;
  const notes: string[] = [];
  if (!existsSync(dataDir)) notes.push(`no evaluation data at ${dataDir}: synthetic text only, no R@1`);
  const lanceDbMissing =
    options.lancedb === false
      ? 'LanceDB was left out (--no-lancedb)'
      : sizes.some((size) => size <= MAX_PEER_PASSAGES)
        ? ensureLanceDb(log)
        : undefined;
  if (lanceDbMissing) {
    notes.push(lanceDbMissing);
    log(`bench: ${lanceDbMissing}`);
  }

  const root = await mkdtemp(path.join(os.tmpdir(), 'quellen-bench-'));
  const results: SizeResult[] = [];
  try {
    for (const target of sizes) {
      log(`bench: ${target} passages`);
      const input: WorkerInput = {
        targetPassages: target,
        seed,
        workDir: path.join(root, `size-${target}`),
        docsDir,
        dataDir,
        questions: 200,
        startupRuns: 3,
        peers: target <= MAX_PEER_PASSAGES,
        lancedb: lanceDbMissing === undefined,
      };
      const run = await runNode(siblingScript(__filename, 'worker'), [JSON.stringify(input)], {
        echoStderr: log,
        // A million passages, their texts and the peers' copies outgrow V8's default heap.
        ...(target > MAX_PEER_PASSAGES ? { execArgv: [...process.execArgv, LARGE_HEAP] } : {}),
      });
      results.push(parseChildResult<SizeResult>(run, `benchmark at ${target} passages`));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  log('bench: neural path (generated multilingual-e5-small-shaped model)');
  let neural: BenchReport['neural'];
  let neuralError: string | undefined;
  try {
    neural = await measureNeural({
      material: loadSourceMaterial({ docsDir, dataDir }),
      passages: options.quick ? 96 : 200,
      batchSizes: options.quick ? [16] : [8, 16, 32],
      queries: 20,
      repeats: 2,
      seed,
      log: (line) => log(`  ${line}`),
    });
  } catch (error) {
    neuralError = error instanceof Error ? error.message.split('\n')[0] : String(error);
    log(`  neural path failed: ${neuralError}`);
  }

  for (const result of results) if (result.peers.lancedbError) notes.push(result.peers.lancedbError);
  const skipped = results.find((result) => result.peers.skipped)?.peers.skipped;
  if (skipped) notes.push(skipped);
  const enlarged = results.filter((result) => result.targetPassages > MAX_PEER_PASSAGES);
  if (enlarged.length > 0) {
    notes.push(
      `the worker that builds and queries ${enlarged.map((result) => result.passages).join(', ')} passages runs with ${LARGE_HEAP} (it also holds the generated corpus), so its build+queries RSS is with that heap; quellen ask and the start-up probe run with Node's default heap`,
    );
  }
  const now = new Date();
  const report: BenchReport = {
    date: now.toISOString().slice(0, 10),
    command: `npm run bench${options.quick ? ' -- --quick' : options.large ? ' -- --large' : ''}`,
    quick: options.quick,
    machine,
    durationMs: since(started),
    sizes: results,
    ...(neural ? { neural } : {}),
    ...(neuralError ? { neuralError } : {}),
    notes,
  };

  const resultsDir = path.resolve(options.resultsDir ?? 'bench-results');
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `bench-${now.toISOString().replace(/:/g, '-').slice(0, 19)}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`bench: results written to ${path.relative(process.cwd(), file)}`);

  if (options.readmePath) {
    const readme = await readFile(options.readmePath, 'utf8');
    await writeFile(options.readmePath, replaceReadmeSection(readme, formatReadmeSection(report)));
    log(`bench: Performance section of ${options.readmePath} updated`);
  }
  options.out(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
}
