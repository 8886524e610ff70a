import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import { UserError } from '../core/errors';
import { equalStamps, parseFileStamp } from '../core/fileStamp';
import { searchTitleOf } from '../core/index/backend';
import { unrelatedSimilarity } from '../core/index/unrelatedSimilarity';
import {
  type IndexProgress,
  type IndexSummary,
  type UpdateInput,
  unreadableRemoved,
} from '../core/index/indexer';
import type { HnswParams } from '../core/index/vectorIndex';
import { type DayInterval, periodOf } from '../core/retrieval/dateRange';
import { LEXICAL_FIELDS, TermAnalyzer, analyseFields } from '../core/retrieval/lexical';
import type { Logger } from '../core/logger';
import { ANALYSIS_VERSION } from '../core/text/analysis';
import type { Article, ChunkingOptions, Embedder, FileStamp, Passage } from '../core/types';
import { vectorLiteral } from './postgresSearchIndex';
import {
  GENERATION_CHANNEL,
  GRAPH_INDEX,
  LOCK_SPACE,
  WRITER_LOCK,
  createGraphIndex,
  visibleIn,
  writerLockIn,
  blockEntrySql,
} from './schema';

/** Dependencies and settings of a {@link PostgresIndexer}. */
export interface PostgresIndexerOptions {
  pool: Pool;
  embedder: Embedder;
  /** Splits an article into passages; `passage.text` must equal `article.text.slice(start, end)`. */
  chunk: (article: Article) => Passage[];
  /** The settings `chunk` uses; a change re-embeds everything. */
  chunking: ChunkingOptions;
  /** Passages per `embedPassages` call (default 32). */
  batchSize?: number;
  /**
   * How long rows a generation replaced are kept for processes still answering from the one
   * before (default {@link DEFAULT_RETAIN_REPLACED_MS}).
   */
  retainReplacedMs?: number;
  /** Graph parameters of pgvector's HNSW index, used when it is created (defaults: {@link DEFAULT_PGVECTOR_HNSW}). */
  hnsw?: Partial<Pick<HnswParams, 'm' | 'efConstruction'>>;
  /** Told when the tables could not be vacuumed after a run. */
  logger?: Pick<Logger, 'warn'>;
}

/** Options of one {@link PostgresIndexer.update} run. */
export interface PostgresUpdateOptions {
  /** Re-embed everything. */
  full?: boolean;
  onProgress?: (event: IndexProgress) => void;
  /** Aborting leaves the current generation untouched. */
  signal?: AbortSignal;
  /**
   * Articles that stand for an unchanged file without their text: writing one would store an
   * empty text, so the run stops instead.
   */
  isStub?: (article: Article) => boolean;
}

/**
 * pgvector's graph parameters: pgvector's default links per node, and twice its default
 * candidate list while building (64), which lifts recall@10 of the built-in embedder's vectors
 * at a given search effort.
 */
export const DEFAULT_PGVECTOR_HNSW = { m: 16, efConstruction: 128 } as const;

/** Replaced rows are kept this long after the generation that replaced them: 15 minutes. */
export const DEFAULT_RETAIN_REPLACED_MS = 15 * 60_000;

/** Rows written per statement. */
const WRITE_BATCH = 2_000;

/** Terms whose postings blocks one statement rewrites. */
const TERM_BLOCK_BATCH = 5_000;
/** Vectors sampled to estimate the similarity of unrelated passages. */
const UNRELATED_SAMPLE = 1_000;

/**
 * Brings the index in PostgreSQL in line with a set of articles, re-embedding only passages
 * whose text is new, as the embedded {@link Indexer} does. One writer at a time holds an advisory
 * lock; the new generation is written in one transaction, so readers keep answering from the
 * previous one until it commits, and a writer that dies leaves nothing half-visible. Listeners on
 * `quellen_generation` hear of each commit.
 *
 * @example
 * const indexer = new PostgresIndexer({ pool, embedder, chunk, chunking });
 * const summary = await indexer.update(await source.readAll());
 */
export class PostgresIndexer {
  private readonly batchSize: number;
  private readonly analyzer = new TermAnalyzer();

  constructor(private readonly options: PostgresIndexerOptions) {
    this.batchSize = Math.max(1, options.batchSize ?? 32);
  }

  /**
   * Whether the index was built with this embedder, chunking and text analysis (an update then
   * keeps articles that did not change).
   */
  async sameSettings(): Promise<boolean> {
    const { rows } = await this.options.pool.query<StoredCollection>(
      'SELECT embedder_id, dimensions, chunking, analysis_version FROM quellen.collection',
    );
    const stored = rows[0];
    return stored !== undefined && settingsChange(stored, this.options) === undefined;
  }

  /**
   * Runs one update.
   * @throws UserError `INDEX_LOCKED` when another process is writing this database's index
   */
  async update(input: UpdateInput, options: PostgresUpdateOptions = {}): Promise<IndexSummary> {
    const started = performance.now();
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS locked',
        [LOCK_SPACE, WRITER_LOCK],
      );
      if (!rows[0]?.locked) throw await lockedError(client);
      // Writing a generation of a large collection, and vacuuming it, runs longer than any
      // question may.
      await client.query('SET statement_timeout = 0');
      try {
        let summary: IndexSummary;
        try {
          await this.forgetReplaced(client);
          summary = await this.run(client, input, options, started);
        } finally {
          await client
            .query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, WRITER_LOCK])
            .catch((error: Error) => {
              broken = error;
            });
        }
        // Once the lock is free for the next writer: fresh statistics (until autovacuum gets to
        // a new table, the planner guesses plans that make lexical search a hundred times
        // slower), and a visibility map for index-only scans. Failing here loses nothing, but is
        // reported.
        if (summary.written && !broken) await this.vacuum(client);
        return summary;
      } finally {
        // The connection goes back to the pool with the timeout questions have.
        await client.query('RESET statement_timeout').catch((error: Error) => {
          broken = error;
        });
      }
    } catch (error) {
      broken ??= error instanceof UserError ? undefined : (error as Error);
      throw error;
    } finally {
      // A connection that failed mid-run is closed rather than handed to the next query.
      client.release(broken);
    }
  }

  /**
   * Vacuums and analyses the index tables. PostgreSQL skips a table this role may not maintain
   * with a warning rather than an error; both are logged, as the tables then wait for autovacuum.
   */
  private async vacuum(client: PoolClient): Promise<void> {
    const warnings: string[] = [];
    // Told apart by SQLSTATE class 01 (warning): the severity's name depends on the server's language.
    const onNotice = (notice: { code?: string; message?: string }) => {
      if (notice.code?.startsWith('01') && notice.message) warnings.push(notice.message);
    };
    client.on('notice', onNotice);
    try {
      await client.query(
        'VACUUM (ANALYZE) quellen.postings, quellen.term_blocks, quellen.terms, quellen.passage_numbers, quellen.passages, quellen.articles',
      );
    } catch (error) {
      warnings.push((error as Error).message);
    } finally {
      client.off('notice', onNotice);
    }
    if (warnings.length > 0) {
      this.options.logger?.warn(
        { warnings },
        'vacuuming and analysing the index tables after writing reported problems (a table the indexing role does not own or may not maintain is skipped); autovacuum will get to them later',
      );
    }
  }

  /**
   * Unchanged articles take the stamps their files were read with (missing or stale in the
   * database: indexed within seconds of being written, copied, restored), or every later run would
   * read and hash them again. A stamp describes the same bytes, so the live row takes it in place,
   * and only while its content is the one the stamp was read with.
   */
  private async restamp(client: PoolClient, articles: readonly Article[]): Promise<void> {
    if (articles.length === 0) return;
    await client.query(
      `UPDATE quellen.articles a SET record = jsonb_set(a.record, '{file}', s.file)
       FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS s(id, hash, file)
       WHERE a.id = s.id AND a.died IS NULL AND a.content_hash = s.hash`,
      [
        articles.map((article) => article.id),
        articles.map((article) => article.contentHash),
        articles.map((article) => JSON.stringify(article.file)),
      ],
    );
  }

  private async run(
    client: PoolClient,
    input: UpdateInput,
    options: PostgresUpdateOptions,
    started: number,
  ): Promise<IndexSummary> {
    const { embedder } = this.options;
    const collection = await client.query<StoredCollection>(
      'SELECT embedder_id, dimensions, chunking, analysis_version FROM quellen.collection',
    );
    const stored = collection.rows[0];
    let rebuildReason = stored && settingsChange(stored, this.options);
    if (!rebuildReason && options.full) rebuildReason = 'a full rebuild was requested';
    // The index is shared: one process configured otherwise must not re-embed it for every other
    // process unless asked to.
    if (rebuildReason && !options.full) {
      throw new UserError(
        'INDEX_UNUSABLE',
        `The index in the database was built differently (${rebuildReason}): run "quellen index --full" to rebuild it for every process that shares it, or configure this one as the others are.`,
        { reason: 'mismatch' },
      );
    }
    // A first build is a rebuild too, as the file backend reports one ("no index found …").
    if (!stored) rebuildReason ??= 'no index in the database yet; building it';
    const rebuild = rebuildReason !== undefined;

    const current = new Map<string, string>();
    const stamps = new Map<string, FileStamp | undefined>();
    const { rows: currentRows } = await client.query<{ id: string; content_hash: string; file: unknown }>(
      "SELECT id, content_hash, record->'file' AS file FROM quellen.articles WHERE died IS NULL",
    );
    for (const row of currentRows) {
      current.set(row.id, row.content_hash);
      stamps.set(row.id, parseFileStamp(row.file));
    }

    const incoming = new Map(input.articles.map((article) => [article.id, article]));
    const written: Article[] = [];
    // Unchanged articles read with a stamp the database does not have (see `restamp`).
    const restamped: Article[] = [];
    let added = 0;
    let changed = 0;
    let unchanged = 0;
    for (const article of incoming.values()) {
      const hash = current.get(article.id);
      if (hash === undefined) added += 1;
      else if (hash !== article.contentHash || rebuild) changed += 1;
      else {
        unchanged += 1;
        const stored = stamps.get(article.id);
        if (article.file && parseFileStamp(article.file) && !(stored && equalStamps(stored, article.file)))
          restamped.push(article);
        continue;
      }
      written.push(article);
    }
    const stub = written.find((article) => options.isStub?.(article) || !textCoversBlocks(article));
    if (stub) {
      throw new Error(
        `the article ${stub.id} was kept without being read again, but must be written (another process changed the index meanwhile): run the update again`,
      );
    }
    const removedIds = [...current.keys()].filter((id) => !incoming.has(id));
    const replacedIds = [
      ...removedIds,
      ...written.map((article) => article.id).filter((id) => current.has(id)),
    ];
    const summary = (extra: Partial<IndexSummary>): IndexSummary => ({
      added,
      changed,
      removed: removedIds.length,
      unchanged,
      skipped: [...input.skipped],
      ...unreadableRemoved(removedIds, input.skipped),
      passages: 0,
      embeddedPassages: 0,
      deletedLabels: 0,
      compacted: false,
      ...(rebuildReason ? { rebuildReason } : {}),
      ...(stored ? {} : { firstBuild: true }),
      written: false,
      durationMs: performance.now() - started,
      timings: { embeddingMs: 0, insertingMs: 0, writingMs: 0 },
      ...extra,
    });
    if (!rebuild && written.length === 0 && removedIds.length === 0) {
      options.signal?.throwIfAborted();
      await this.restamp(client, restamped);
      const { rows } = await client.query<{ id: string; passages: number }>(
        'SELECT id, passages FROM quellen.generations ORDER BY id DESC LIMIT 1',
      );
      return summary({
        passages: rows[0]?.passages ?? 0,
        ...(rows[0] ? { generation: String(rows[0].id) } : {}),
      });
    }

    // Passages and their vectors; a text already embedded in a replaced article keeps its vector.
    const embeddingStarted = performance.now();
    const passages = written.flatMap((article) => this.options.chunk(article));
    const known = new Map<string, string>();
    if (!rebuild && replacedIds.length > 0) {
      const { rows } = await client.query<{ text_hash: string; embedding: string }>(
        'SELECT text_hash, embedding::text AS embedding FROM quellen.passages WHERE died IS NULL AND article_id = ANY($1::text[])',
        [replacedIds],
      );
      for (const row of rows) known.set(row.text_hash, row.embedding);
    }
    const hashes = passages.map((passage) => sha256(passage.text));
    const vectors: string[] = hashes.map((hash) => known.get(hash) ?? '');
    const missing = passages.flatMap((_, i) => (vectors[i] === '' ? [i] : []));
    for (let from = 0; from < missing.length; from += this.batchSize) {
      options.signal?.throwIfAborted();
      const batch = missing.slice(from, from + this.batchSize);
      const embedded = await embedder.embedPassages(batch.map((i) => passages[i]!.text));
      batch.forEach((i, n) => (vectors[i] = vectorLiteral(embedded[n]!)));
      options.onProgress?.({ phase: 'embedding', done: from + batch.length, total: missing.length });
      await yieldToEventLoop();
    }
    const embeddingMs = performance.now() - embeddingStarted;
    options.signal?.throwIfAborted();

    const writingStarted = performance.now();
    await client.query('BEGIN');
    try {
      const previous = await previousGeneration(client);
      const generation = previous.id + 1;
      const needsGraph = await this.prepareCollection(client, stored);
      const retired = await this.retire(client, generation, rebuild ? undefined : replacedIds);
      const passageCounts = new Map<string, number>();
      for (const passage of passages) {
        passageCounts.set(passage.articleId, (passageCounts.get(passage.articleId) ?? 0) + 1);
      }
      await this.insertArticles(client, generation, written, passageCounts);
      await this.restamp(client, restamped);
      const periods = new Map(
        written.map((article) => [article.id, article.date ? periodOf(article.date) : undefined]),
      );
      const addedCounts = await this.insertPassages(
        client,
        generation,
        passages,
        hashes,
        vectors,
        periods,
        options,
      );
      await this.updateTerms(client, generation, retired.postings, addedCounts.postings);
      // Blocks of the terms whose postings changed; of every term when the generation before
      // has none (a rebuild, or the first run after the migration that introduced them).
      if (previous.termBlocks && !rebuild) {
        // A term that only gained postings keeps its block and gets the new entries appended
        // (new passages are numbered above all others); one that lost some is written anew.
        const lost = [...retired.postings.keys()];
        const gained = [...addedCounts.postings.keys()].filter((term) => !retired.postings.has(term));
        await this.writeTermBlocks(client, generation, lost, false);
        await this.appendTermBlocks(client, generation, gained);
      } else {
        await this.writeTermBlocks(client, generation, undefined, previous.id > 0 && !previous.termBlocks);
      }
      if (needsGraph) {
        const { m, efConstruction } = { ...DEFAULT_PGVECTOR_HNSW, ...this.options.hnsw };
        await client.query(createGraphIndex(this.options.embedder.dimensions, { m, efConstruction }));
      }
      // Counts and length sums carried from the previous generation: no pass over the collection.
      const passageCount = previous.passages - retired.passages + passages.length;
      const articleCount = previous.articles - retired.articles + written.length;
      const lengthSums = LEXICAL_FIELDS.map(
        (_, field) =>
          (previous.lengthSums[field] ?? 0) -
          (retired.lengthSums[field] ?? 0) +
          addedCounts.lengthSums[field]!,
      );
      const averages = lengthSums.map((sum) => (passageCount > 0 ? sum / passageCount : 0));
      // The embedder's similarity of unrelated texts barely moves with the collection: measured
      // again only for a new embedder or collection.
      const unrelated =
        rebuild || previous.unrelatedSimilarity === null
          ? await this.sampleUnrelatedSimilarity(client, generation)
          : previous.unrelatedSimilarity;
      await client.query(
        // committed_at: the time of the commit, not of the transaction's start (now()), which a
        // long run would date back past the retention of the rows it replaced.
        `INSERT INTO quellen.generations
           (id, articles, passages, length_sums, average_lengths, unrelated_similarity, skipped, term_blocks, committed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, true, clock_timestamp())`,
        [
          generation,
          articleCount,
          passageCount,
          lengthSums,
          averages,
          unrelated ?? null,
          JSON.stringify(input.skipped),
        ],
      );
      await client.query('SELECT pg_notify($1, $2)', [GENERATION_CHANNEL, String(generation)]);
      options.signal?.throwIfAborted();
      await client.query('COMMIT');
      // Committed. Failing to tidy up now loses nothing: the next run deletes replaced rows, and
      // autovacuum gets to the tables later.
      await this.forgetReplaced(client).catch(() => {});
      return summary({
        passages: passageCount,
        embeddedPassages: missing.length,
        written: true,
        generation: String(generation),
        durationMs: performance.now() - started,
        timings: { embeddingMs, insertingMs: 0, writingMs: performance.now() - writingStarted },
      });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  /**
   * Records the embedder and chunking and types the vector column to the embedder's dimensions.
   * @returns whether the HNSW index must be built once the rows are in (faster than growing it row by row)
   */
  private async prepareCollection(
    client: PoolClient,
    stored: StoredCollection | undefined,
  ): Promise<boolean> {
    const { embedder, chunking } = this.options;
    await client.query(
      `INSERT INTO quellen.collection (embedder_id, dimensions, chunking, analysis_version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (singleton) DO UPDATE SET embedder_id = $1, dimensions = $2, chunking = $3, analysis_version = $4`,
      [embedder.id, embedder.dimensions, JSON.stringify(chunking), ANALYSIS_VERSION],
    );
    if (stored?.dimensions === embedder.dimensions) {
      const { rows } = await client.query<{ definition: string | null }>(
        `SELECT pg_get_indexdef(to_regclass('quellen.${GRAPH_INDEX}')) AS definition`,
      );
      const definition = rows[0]?.definition;
      if (definition?.includes('halfvec_cosine_ops')) return false;
      // A graph of an older quellen (over 32-bit floats, written across a migration) is replaced.
      if (definition) await client.query(`DROP INDEX quellen.${GRAPH_INDEX}`);
      return true;
    }
    // Vectors of other dimensions cannot be compared with the new ones: the old rows lose theirs.
    await client.query(`DROP INDEX IF EXISTS quellen.${GRAPH_INDEX}`);
    await client.query(
      `ALTER TABLE quellen.passages ALTER COLUMN embedding TYPE vector(${Math.floor(embedder.dimensions)}) USING NULL`,
    );
    return true;
  }

  /**
   * Ends the current rows of the given articles (all articles when `articleIds` is undefined) with
   * generation `generation`.
   * @returns how many articles and passages that ended, their length sums, and their postings per term
   */
  private async retire(
    client: PoolClient,
    generation: number,
    articleIds: string[] | undefined,
  ): Promise<{ articles: number; passages: number; lengthSums: number[]; postings: TermCounts }> {
    const which = articleIds ? 'AND article_id = ANY($2::text[])' : '';
    const values = articleIds ? [generation, articleIds] : [generation];
    const { rows: articles } = await client.query<{ count: number }>(
      `WITH retired AS (
         UPDATE quellen.articles SET died = $1 WHERE died IS NULL ${articleIds ? 'AND id = ANY($2::text[])' : ''}
         RETURNING 1
       ) SELECT count(*)::int AS count FROM retired`,
      values,
    );
    const sums = LEXICAL_FIELDS.map((_, field) => `coalesce(sum(lengths[${field + 1}]), 0)::float8`).join(
      ', ',
    );
    const { rows: passages } = await client.query<{ count: number; sums: number[] }>(
      `WITH retired AS (UPDATE quellen.passages SET died = $1 WHERE died IS NULL ${which} RETURNING lengths)
       SELECT count(*)::int AS count, ARRAY[${sums}] AS sums FROM retired`,
      values,
    );
    await client.query(
      articleIds
        ? `UPDATE quellen.passage_numbers n SET died = $1 FROM quellen.passages s
           WHERE s.died = $1 AND s.article_id = ANY($2::text[]) AND n.id = s.id AND n.born = s.born AND n.died IS NULL`
        : 'UPDATE quellen.passage_numbers SET died = $1 WHERE died IS NULL',
      values,
    );
    const { rows: postings } = await client.query<{ term: string; field: number; count: number }>(
      `WITH retired AS (UPDATE quellen.postings SET died = $1 WHERE died IS NULL ${which} RETURNING term, field)
       SELECT term, field, count(*)::int AS count FROM retired GROUP BY term, field`,
      values,
    );
    const counts: TermCounts = new Map();
    for (const row of postings) countTerm(counts, row.term, row.field, row.count);
    return {
      articles: articles[0]!.count,
      passages: passages[0]!.count,
      lengthSums: passages[0]!.sums,
      postings: counts,
    };
  }

  private async insertArticles(
    client: PoolClient,
    generation: number,
    articles: Article[],
    passageCounts: ReadonlyMap<string, number>,
  ): Promise<void> {
    for (let from = 0; from < articles.length; from += WRITE_BATCH) {
      const batch = articles.slice(from, from + WRITE_BATCH);
      await client.query(
        `INSERT INTO quellen.articles
           (id, born, content_hash, search_title, lower_id, lower_stem, lower_title, passages, record, text)
         SELECT id, $1, content_hash, search_title, lower_id, lower_stem, lower_title, passages, record::jsonb, text
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[])
           AS a(id, content_hash, search_title, lower_id, lower_stem, lower_title, passages, record, text)`,
        [
          generation,
          batch.map((article) => article.id),
          batch.map((article) => article.contentHash),
          batch.map((article) => searchTitleOf(article)),
          // Lower case as JavaScript writes it: the database's lower() depends on its locale.
          batch.map((article) => article.id.toLowerCase()),
          batch.map((article) => article.id.replace(/\.[^./]+$/, '').toLowerCase()),
          batch.map((article) => article.title.toLowerCase()),
          batch.map((article) => passageCounts.get(article.id) ?? 0),
          batch.map(({ text: _text, ...record }) => JSON.stringify(record)),
          batch.map((article) => article.text),
        ],
      );
    }
  }

  /**
   * The similarity the embedder gives unrelated passages of the generation (see
   * `unrelatedSimilarity`), from a deterministic sample of its vectors, so that readers need not
   * read vectors to calibrate relevance.
   */
  private async sampleUnrelatedSimilarity(
    client: PoolClient,
    generation: number,
  ): Promise<number | undefined> {
    const { rows } = await client.query<{ article_id: string; embedding: string }>(
      `SELECT p.article_id, p.embedding::text AS embedding FROM quellen.passages p
       WHERE ${visibleIn('p')} AND p.embedding IS NOT NULL
       ORDER BY md5(id) LIMIT $2`,
      [generation, UNRELATED_SAMPLE],
    );
    const sample = rows.map((row) => ({ group: row.article_id, vector: parseVector(row.embedding) }));
    return unrelatedSimilarity(sample.length, (i) => sample[i]);
  }

  /**
   * Inserts passages with their vectors and their postings.
   * @returns the terms of the new postings
   */
  private async insertPassages(
    client: PoolClient,
    generation: number,
    passages: Passage[],
    hashes: string[],
    vectors: string[],
    dates: ReadonlyMap<string, DayInterval | undefined>,
    options: PostgresUpdateOptions,
  ): Promise<{ postings: TermCounts; lengthSums: number[] }> {
    const terms: TermCounts = new Map();
    const lengthSums = LEXICAL_FIELDS.map(() => 0);
    for (let from = 0; from < passages.length; from += WRITE_BATCH) {
      options.signal?.throwIfAborted();
      const batch = passages.slice(from, from + WRITE_BATCH);
      const analysed = batch.map((passage) => analyseFields(passage, this.analyzer));
      const periods = batch.map((passage) => dates.get(passage.articleId));
      await client.query(
        `INSERT INTO quellen.passages (id, born, article_id, period_from, period_to, record, text, text_hash, lengths, embedding)
         SELECT id, $1, article_id, period_from, period_to, record::jsonb, text, text_hash, lengths::int[], embedding::vector
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
           AS p(id, article_id, period_from, period_to, record, text, text_hash, lengths, embedding)`,
        [
          generation,
          batch.map((passage) => passage.id),
          batch.map((passage) => passage.articleId),
          periods.map((period) => period?.from ?? null),
          periods.map((period) => period?.to ?? null),
          batch.map(({ text: _text, ...record }) => JSON.stringify(record)),
          batch.map((passage) => passage.text),
          hashes.slice(from, from + batch.length),
          analysed.map((fields) => `{${fields.map((field) => field.length).join(',')}}`),
          vectors.slice(from, from + batch.length),
        ],
      );
      await client.query(
        'INSERT INTO quellen.passage_numbers (id, born) SELECT id, $1 FROM unnest($2::text[]) AS p(id)',
        [generation, batch.map((passage) => passage.id)],
      );
      const postings = {
        term: [] as string[],
        field: [] as number[],
        passage: [] as string[],
        article: [] as string[],
        frequency: [] as number[],
        length: [] as number[],
      };
      batch.forEach((passage, i) => {
        analysed[i]!.forEach(({ length, counts }, field) => {
          lengthSums[field]! += length;
          for (const [term, frequency] of counts) {
            countTerm(terms, term, field, 1);
            postings.term.push(term);
            postings.field.push(field);
            postings.passage.push(passage.id);
            postings.article.push(passage.articleId);
            postings.frequency.push(frequency);
            postings.length.push(length);
          }
        });
      });
      await client.query(
        `INSERT INTO quellen.postings (term, field, passage_id, article_id, born, frequency, length)
         SELECT term, field, passage_id, article_id, $1, frequency, length
         FROM unnest($2::text[], $3::smallint[], $4::text[], $5::text[], $6::int[], $7::int[])
           AS p(term, field, passage_id, article_id, frequency, length)`,
        [
          generation,
          postings.term,
          postings.field,
          postings.passage,
          postings.article,
          postings.frequency,
          postings.length,
        ],
      );
      options.onProgress?.({ phase: 'writing', done: from + batch.length, total: passages.length });
    }
    return { postings: terms, lengthSums };
  }

  /**
   * Brings the document frequencies of the terms whose postings changed up to `generation`: the
   * previous counts plus those added minus those retired, so that an update costs what changed,
   * not the postings of every term it touches.
   */
  private async updateTerms(
    client: PoolClient,
    generation: number,
    retired: TermCounts,
    added: TermCounts,
  ): Promise<void> {
    const fields = LEXICAL_FIELDS.length;
    const deltas = new Map<string, number[]>();
    for (const [counts, sign] of [
      [added, 1],
      [retired, -1],
    ] as const) {
      for (const [term, perField] of counts) {
        const delta = deltas.get(term) ?? Array.from({ length: fields }, () => 0);
        perField.forEach((count, field) => (delta[field]! += sign * count));
        deltas.set(term, delta);
      }
    }
    const changed = [...deltas].filter(([, delta]) => delta.some((value) => value !== 0));
    const columns = LEXICAL_FIELDS.map((_, field) => `d${field}`);
    const sum = LEXICAL_FIELDS.map((_, field) => `coalesce(old.frequencies[${field + 1}], 0) + d.d${field}`);
    for (let from = 0; from < changed.length; from += WRITE_BATCH * 10) {
      const batch = changed.slice(from, from + WRITE_BATCH * 10);
      await client.query(
        `WITH d AS (
           SELECT * FROM unnest($2::text[], ${columns.map((_, field) => `$${field + 3}::int[]`).join(', ')})
             AS d(term, ${columns.join(', ')})
         ),
         old AS (
           UPDATE quellen.terms t SET died = $1 FROM d
           WHERE t.term = d.term COLLATE "C" AND t.died IS NULL
           RETURNING t.term, t.frequencies
         )
         INSERT INTO quellen.terms (term, born, frequencies)
         SELECT d.term, $1, ARRAY[${sum.join(', ')}]::int[]
         FROM d LEFT JOIN old ON old.term = d.term COLLATE "C"
         WHERE ${sum.join(' + ')} > 0`,
        [
          generation,
          batch.map(([term]) => term),
          ...LEXICAL_FIELDS.map((_, field) => batch.map(([, delta]) => delta[field]!)),
        ],
      );
    }
  }

  /**
   * Writes the postings block of each term and field (see `BLOCK_ENTRY_BYTES`) as `generation`
   * sees them, for the given terms (all terms when `terms` is undefined), and ends the blocks they
   * replace. Blocks are built from the postings rows, so that they hold exactly what a search over
   * those rows reads.
   * @param numberOld whether current passages written before passages were numbered may lack a number
   */
  private async writeTermBlocks(
    client: PoolClient,
    generation: number,
    terms: string[] | undefined,
    numberOld: boolean,
  ): Promise<void> {
    if (numberOld) {
      await client.query(
        `INSERT INTO quellen.passage_numbers (id, born)
         SELECT s.id, s.born FROM quellen.passages s
         WHERE s.died IS NULL
           AND NOT EXISTS (SELECT 1 FROM quellen.passage_numbers n WHERE n.id = s.id AND n.born = s.born)`,
      );
    }
    // Entries store numbers less the lowest current one, so that they fit 32 bits however many
    // numbers were ever given out.
    const build = (which: string) =>
      `WITH first AS (SELECT coalesce(min(num), 0) AS base FROM quellen.passage_numbers WHERE died IS NULL)
       INSERT INTO quellen.term_blocks (term, field, born, base, entries, block)
       SELECT p.term, p.field, $1, first.base, count(*), string_agg(${blockEntrySql('first.base')}, ''::bytea ORDER BY n.num)
       FROM quellen.postings p
         JOIN quellen.passage_numbers n ON n.id = p.passage_id AND n.born = p.born AND n.died IS NULL
         CROSS JOIN first
       WHERE p.died IS NULL ${which}
       GROUP BY p.term, p.field, first.base`;
    if (terms === undefined) {
      await client.query('UPDATE quellen.term_blocks SET died = $1 WHERE died IS NULL', [generation]);
      await client.query(build(''), [generation]);
      return;
    }
    for (let from = 0; from < terms.length; from += TERM_BLOCK_BATCH) {
      const batch = terms.slice(from, from + TERM_BLOCK_BATCH);
      await client.query(
        'UPDATE quellen.term_blocks SET died = $1 WHERE died IS NULL AND term = ANY($2::text[])',
        [generation, batch],
      );
      await client.query(build('AND p.term = ANY($2::text[])'), [generation, batch]);
    }
  }

  /**
   * Appends the postings `generation` added to each given term's blocks: the previous block's
   * entries, then the new ones (numbered above all of them), stored against the previous block's
   * base; a term or field without a block gets one. For terms that lost no postings.
   */
  private async appendTermBlocks(client: PoolClient, generation: number, terms: string[]): Promise<void> {
    for (let from = 0; from < terms.length; from += TERM_BLOCK_BATCH) {
      const batch = terms.slice(from, from + TERM_BLOCK_BATCH);
      await client.query(
        `WITH first AS (SELECT coalesce(min(num), 0) AS base FROM quellen.passage_numbers WHERE died IS NULL),
         old AS (
           UPDATE quellen.term_blocks b SET died = $1
           WHERE b.died IS NULL AND b.term = ANY($2::text[])
           RETURNING b.term, b.field, b.base, b.entries, b.block
         ),
         added AS (
           SELECT p.term, p.field, coalesce(o.base, first.base) AS base, count(*) AS entries,
             string_agg(${blockEntrySql('coalesce(o.base, first.base)')}, ''::bytea ORDER BY n.num) AS block
           FROM quellen.postings p
             JOIN quellen.passage_numbers n ON n.id = p.passage_id AND n.born = p.born
             LEFT JOIN old o ON o.term = p.term AND o.field = p.field
             CROSS JOIN first
           WHERE p.term = ANY($2::text[]) AND p.born = $1
           GROUP BY p.term, p.field, coalesce(o.base, first.base)
         )
         INSERT INTO quellen.term_blocks (term, field, born, base, entries, block)
         SELECT a.term, a.field, $1, a.base, coalesce(o.entries, 0) + a.entries, coalesce(o.block, ''::bytea) || a.block
         FROM added a LEFT JOIN old o ON o.term = a.term AND o.field = a.field
         UNION ALL
         SELECT o.term, o.field, $1, o.base, o.entries, o.block
         FROM old o WHERE NOT EXISTS (SELECT 1 FROM added a WHERE a.term = o.term AND a.field = o.field)`,
        [generation, batch],
      );
    }
  }

  /**
   * Deletes the rows that generations older than the retention time replaced: a process still
   * answering from the generation before such a one has had that long to switch (processes that
   * follow the index switch within seconds), and generations further back are never served.
   */
  private async forgetReplaced(client: PoolClient): Promise<void> {
    const { rows } = await client.query<{ before: string | null }>(
      `SELECT max(id) AS before FROM quellen.generations
       WHERE committed_at <= now() - make_interval(secs => $1)`,
      [(this.options.retainReplacedMs ?? DEFAULT_RETAIN_REPLACED_MS) / 1000],
    );
    if (rows[0]?.before === null || rows[0]?.before === undefined) return;
    const before = Number(rows[0].before);
    for (const table of ['postings', 'term_blocks', 'terms', 'passage_numbers', 'passages', 'articles']) {
      await client.query(`DELETE FROM quellen.${table} WHERE died IS NOT NULL AND died <= $1`, [before]);
    }
    await client.query('DELETE FROM quellen.generations WHERE id < $1', [before]);
  }
}

/** Postings per term and field. */
type TermCounts = Map<string, number[]>;

function countTerm(counts: TermCounts, term: string, field: number, count: number): void {
  let perField = counts.get(term);
  if (!perField) counts.set(term, (perField = LEXICAL_FIELDS.map(() => 0)));
  perField[field]! += count;
}

/** The newest committed generation's counts, from which the next one's are carried. */
async function previousGeneration(client: PoolClient): Promise<{
  id: number;
  articles: number;
  passages: number;
  lengthSums: number[];
  unrelatedSimilarity: number | null;
  /** Whether it has postings blocks (`quellen.term_blocks`). */
  termBlocks: boolean;
}> {
  const { rows } = await client.query<{
    id: string;
    articles: number;
    passages: number;
    length_sums: number[];
    unrelated_similarity: number | null;
    term_blocks: boolean;
  }>(
    `SELECT id, articles, passages, length_sums, unrelated_similarity, term_blocks FROM quellen.generations
     ORDER BY id DESC LIMIT 1 FOR UPDATE`,
  );
  const row = rows[0];
  if (!row) {
    return { id: 0, articles: 0, passages: 0, lengthSums: [], unrelatedSimilarity: null, termBlocks: false };
  }
  return {
    id: Number(row.id),
    articles: row.articles,
    passages: row.passages,
    lengthSums: row.length_sums.map(Number),
    unrelatedSimilarity: row.unrelated_similarity,
    termBlocks: row.term_blocks,
  };
}

/** Who holds the writer lock, as far as the server tells. */
async function lockedError(client: PoolClient): Promise<UserError> {
  const { rows } = await client.query<{
    application_name: string;
    client_addr: string | null;
    since: Date | null;
  }>(
    `SELECT a.application_name, a.client_addr::text, a.backend_start AS since
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE ${writerLockIn('l')} LIMIT 1`,
    [LOCK_SPACE, WRITER_LOCK],
  );
  const holder = rows[0];
  // Another role's sessions show no address and no start to a role without pg_read_all_stats.
  const since = holder?.since ? `, connected since ${holder.since.toISOString()}` : '';
  const who = holder
    ? `${holder.application_name || 'another process'} (${holder.client_addr ?? 'local or hidden'}${since})`
    : 'another process';
  return new UserError(
    'INDEX_LOCKED',
    `The index in the database is being updated by ${who}; try again when it is done.`,
    {
      by: who,
    },
  );
}

/**
 * Whether an article's text holds its blocks: an article that stands for an unchanged file
 * without its text (see `PostgresBackend.update`) does not, however it was copied.
 */
function textCoversBlocks(article: Article): boolean {
  return article.blocks.every((block) => block.end <= article.text.length);
}

/** Whether two chunking settings are the same (the stored ones come back from jsonb with its key order). */
function sameChunking(a: ChunkingOptions, b: ChunkingOptions): boolean {
  return a.maxChars === b.maxChars && a.overlapSentences === b.overlapSentences;
}

/** How the index in the database was built (`quellen.collection`). */
interface StoredCollection {
  embedder_id: string;
  dimensions: number;
  chunking: ChunkingOptions;
  analysis_version: number;
}

/** What differs between how the index was built and this configuration, or undefined. */
function settingsChange(
  stored: StoredCollection,
  { embedder, chunking }: Pick<PostgresIndexerOptions, 'embedder' | 'chunking'>,
): string | undefined {
  if (stored.embedder_id !== embedder.id)
    return `the embedder changed from ${stored.embedder_id} to ${embedder.id}`;
  if (!sameChunking(stored.chunking, chunking)) return 'the chunking settings changed';
  if (stored.analysis_version !== ANALYSIS_VERSION)
    return `the text analysis changed from version ${stored.analysis_version} to ${ANALYSIS_VERSION}`;
  return undefined;
}

/** A vector from pgvector's text form. */
export function parseVector(text: string): Float32Array {
  return Float32Array.from(text.slice(1, -1).split(','), Number);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
