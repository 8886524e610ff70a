import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  select(columns: string[]): Query;
  limit(k: number): Query;
  toArray(): Promise<Array<{ id: string }>>;
}

/** Whether the bench's LanceDB package is installed. */
export function lanceDbInstalled(dir = LANCEDB_PACKAGE_DIR): boolean {
  return existsSync(path.join(dir, 'node_modules', '@lancedb', 'lancedb', 'package.json'));
}

/**
 * Installs the bench's LanceDB package from its lock file (`npm ci`) unless it is installed.
 * @returns why LanceDB cannot be measured, or undefined when it can
 */
export function ensureLanceDb(say: (line: string) => void, dir = LANCEDB_PACKAGE_DIR): string | undefined {
  if (lanceDbInstalled(dir)) return undefined;
  say(
    `Installing LanceDB for the bench into ${path.relative(process.cwd(), dir) || dir} (about 215 MB, once)…`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (run.status === 0 && lanceDbInstalled(dir)) return undefined;
  const reason = (run.error?.message ?? run.stderr ?? '').trim().split('\n').pop() ?? '';
  return `LanceDB could not be installed into ${dir} (npm ci: ${reason || `exit ${run.status}`})`;
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
  /** Growth of the process's resident memory while building, MiB (native memory is not on the heap). */
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
    return (await this.search(question, vector, k)).map((id) => this.articleOf.get(id)!);
  }

  /** Closes the table and the connection. */
  close(): void {
    this.table.close();
    this.connection.close();
  }
}
