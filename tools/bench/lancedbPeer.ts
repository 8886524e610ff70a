import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Embedder, Passage } from '../../src/core/types';
import type { ArticleRanker } from './peers';
import { since } from './stats';

/**
 * LanceDB (`@lancedb/lancedb`) as a peer of the bench. Its native package is about 180 MB, too
 * much for a dependency that every install of quellen and every CI run would fetch, so it lives
 * in a package of its own (`tools/bench/lancedb`, with its own lock file) that the bench installs
 * on its first run. Only the calls below are typed: its types come with the package.
 */

/** The folder of the bench's own LanceDB package. */
export const LANCEDB_PACKAGE_DIR = path.join(__dirname, 'lancedb');

/** The hits each search asks for, as the bench's latency questions do. */
const SEARCH_LIMIT = 10;

/** The part of `@lancedb/lancedb` the peer uses. */
interface LanceDbModule {
  connect(uri: string): Promise<Connection>;
  Index: { fts(options: Record<string, unknown>): unknown };
  rerankers: { RRFReranker: { create(k?: number): Promise<unknown> } };
}

interface Connection {
  createTable(
    name: string,
    rows: Array<Record<string, unknown>>,
    options?: { mode: 'overwrite' },
  ): Promise<Table>;
  close(): void;
}

interface Table {
  add(rows: Array<Record<string, unknown>>): Promise<unknown>;
  createIndex(column: string, options: { config: unknown }): Promise<void>;
  query(): Query;
  close(): void;
}

interface Query {
  nearestTo(vector: number[] | Float32Array): Query;
  distanceType(type: 'cosine'): Query;
  fullTextSearch(text: string): Query;
  rerank(reranker: unknown): Query;
  limit(k: number): Query;
  toArray(): Promise<Array<{ id: string }>>;
}

/** Whether the bench's LanceDB package is installed and loads, native library included. */
export function lanceDbUsable(dir = LANCEDB_PACKAGE_DIR): boolean {
  if (!existsSync(path.join(dir, 'node_modules', '@lancedb', 'lancedb', 'package.json'))) return false;
  const load = spawnSync(process.execPath, ['-e', "require('@lancedb/lancedb')"], {
    cwd: dir,
    stdio: 'ignore',
    timeout: 60_000,
  });
  return load.status === 0;
}

/**
 * Installs the bench's LanceDB package from its lock file (`npm ci`) unless it loads already. A
 * package that does not load (an install cut short, a platform whose native library the lock
 * file lacks) is removed, so that the next run tries again.
 * @returns why LanceDB cannot be measured, or undefined when it can
 */
export function ensureLanceDb(say: (line: string) => void, dir = LANCEDB_PACKAGE_DIR): string | undefined {
  if (lanceDbUsable(dir)) return undefined;
  const modules = path.join(dir, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  say(
    `Installing LanceDB for the bench into ${path.relative(process.cwd(), dir) || dir} (about 215 MB, once)…`,
  );
  const run = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 10 * 60_000,
    // npm is a batch file on Windows, which Node starts only through a shell.
    shell: process.platform === 'win32',
  });
  if (run.status === 0 && lanceDbUsable(dir)) return undefined;
  rmSync(modules, { recursive: true, force: true });
  if (run.status === 0) {
    return `LanceDB was installed into ${dir} but does not load: its lock file holds the native library for Linux on x64 only (this is ${process.platform} on ${process.arch})`;
  }
  return `LanceDB could not be installed into ${dir} (npm ci: ${npmReason(run.error?.message ?? run.stderr ?? '', run.status)})`;
}

/** The line of npm's output that says what went wrong (not where its log is). */
function npmReason(output: string, status: number | null): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/complete log of this run/i.test(line));
  return lines.find((line) => /^npm (error|ERR!)/.test(line)) ?? lines[0] ?? `exit ${status}`;
}

function loadLanceDb(dir: string): LanceDbModule {
  return createRequire(path.join(dir, 'package.json'))('@lancedb/lancedb') as LanceDbModule;
}

/** Bytes of every file under `dir`. */
async function folderBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return bytes;
}

/**
 * LanceDB as its documentation sets up hybrid search: one table on disk with a row per passage
 * (its text and the same vector quellen stores), a full-text index with LanceDB's German
 * stemming, stop words and ASCII folding, and a query that searches the vectors (by cosine) and
 * the text and fuses both with its reciprocal-rank reranker. Without a vector index, as its
 * documentation advises for tables of this size, the vector search is exact.
 */
export class LanceDbPeer implements ArticleRanker {
  private readonly articleOf = new Map<string, string>();
  /** Milliseconds {@link build} took: writing the table and its full-text index. */
  buildMs = 0;
  /**
   * Growth of the process's resident memory while building, MiB: LanceDB's native memory and the
   * rows handed to it, a rough figure.
   */
  rssMiB = 0;
  /** Bytes of the table folder on disk, indexes included. */
  diskBytes = 0;

  private constructor(
    private readonly connection: Connection,
    private readonly table: Table,
    private readonly reranker: unknown,
    private readonly embedder: Embedder,
  ) {}

  /** Builds the table in `dir` (a new folder) over passages and their vectors. */
  static async build(
    passages: Iterable<{ passage: Passage; vector: Float32Array }>,
    embedder: Embedder,
    dir: string,
    packageDir = LANCEDB_PACKAGE_DIR,
  ): Promise<LanceDbPeer> {
    const lance = loadLanceDb(packageDir);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const connection = await lance.connect(dir);
    const articleOf = new Map<string, string>();
    let table: Table | undefined;
    let batch: Array<Record<string, unknown>> = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      if (table) await table.add(batch);
      else table = await connection.createTable('passages', batch, { mode: 'overwrite' });
      batch = [];
    };
    for (const { passage, vector } of passages) {
      batch.push({ id: passage.id, text: passage.text, vector: Array.from(vector) });
      articleOf.set(passage.id, passage.articleId);
      if (batch.length >= 10_000) await flush();
    }
    await flush();
    if (!table) throw new Error('LanceDB peer: no passages');
    await table.createIndex('text', {
      config: lance.Index.fts({ language: 'German', stem: true, removeStopWords: true, asciiFolding: true }),
    });
    const reranker = await lance.rerankers.RRFReranker.create();
    const peer = new LanceDbPeer(connection, table, reranker, embedder);
    peer.buildMs = since(started);
    peer.rssMiB = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    peer.diskBytes = await folderBytes(dir);
    for (const [id, articleId] of articleOf) peer.articleOf.set(id, articleId);
    return peer;
  }

  /** Passage ids of the best `k` hits for a question and its vector. */
  async search(question: string, vector: Float32Array, k: number): Promise<string[]> {
    const rows = await this.table
      .query()
      .nearestTo(vector)
      .distanceType('cosine')
      .fullTextSearch(question)
      .rerank(this.reranker)
      .limit(k)
      .toArray();
    return rows.map((row) => row.id);
  }

  async rank(question: string, k: number): Promise<string[]> {
    const vector = await this.embedder.embedQuery(question);
    // As latency is measured: LanceDB cuts each search to the limit before fusing them, so a
    // limit of 1 would fuse two single hits.
    const ids = await this.search(question, vector, Math.max(k, SEARCH_LIMIT));
    return ids.slice(0, k).map((id) => this.articleOf.get(id)!);
  }

  /** Closes the table and the connection. */
  close(): void {
    this.table.close();
    this.connection.close();
  }
}
