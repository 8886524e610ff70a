import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import { UserError } from '../core/errors';
import { searchTitleOf } from '../core/index/backend';
import { unrelatedSimilarity } from '../core/index/unrelatedSimilarity';
import type { IndexProgress, IndexSummary, UpdateInput } from '../core/index/indexer';
import type { HnswParams } from '../core/index/vectorIndex';
import { type DayInterval, periodOf } from '../core/retrieval/dateRange';
import { LEXICAL_FIELDS, TermAnalyzer, analyseFields } from '../core/retrieval/lexical';
import type { Article, ChunkingOptions, Embedder, Passage } from '../core/types';
import { vectorLiteral } from './postgresSearchIndex';
import { GENERATION_CHANNEL, LOCK_SPACE, WRITER_LOCK } from './schema';

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
  /** Graph parameters of pgvector's HNSW index, used when it is created (defaults: {@link DEFAULT_PGVECTOR_HNSW}). */
  hnsw?: Partial<Pick<HnswParams, 'm' | 'efConstruction'>>;
}

/** Options of one {@link PostgresIndexer.update} run. */
export interface PostgresUpdateOptions {
  /** Re-embed everything. */
  full?: boolean;
  onProgress?: (event: IndexProgress) => void;
  /** Aborting leaves the current generation untouched. */
  signal?: AbortSignal;
}

/**
 * pgvector's graph parameters: pgvector's default links per node, and twice its default
 * candidate list while building (64), which lifts recall@10 of the built-in embedder's vectors
 * at a given search effort.
 */
export const DEFAULT_PGVECTOR_HNSW = { m: 16, efConstruction: 128 } as const;

/** Rows written per statement. */
const WRITE_BATCH = 2_000;
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
      try {
        return await this.run(client, input, options, started);
      } finally {
        await client
          .query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, WRITER_LOCK])
          .catch((error: Error) => {
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

  private async run(
    client: PoolClient,
    input: UpdateInput,
    options: PostgresUpdateOptions,
    started: number,
  ): Promise<IndexSummary> {
    const { embedder, chunking } = this.options;
    const collection = await client.query<{
      embedder_id: string;
      dimensions: number;
      chunking: ChunkingOptions;
    }>('SELECT embedder_id, dimensions, chunking FROM quellen.collection');
    const stored = collection.rows[0];
    let rebuildReason: string | undefined;
    if (options.full) rebuildReason = 'a full rebuild was requested';
    else if (stored && stored.embedder_id !== embedder.id)
      rebuildReason = `the embedder changed from ${stored.embedder_id} to ${embedder.id}`;
    else if (stored && JSON.stringify(stored.chunking) !== JSON.stringify(chunking))
      rebuildReason = 'the chunking settings changed';
    const rebuild = rebuildReason !== undefined || !stored;

    const current = new Map<string, string>();
    const { rows: currentRows } = await client.query<{ id: string; content_hash: string }>(
      'SELECT id, content_hash FROM quellen.articles WHERE died IS NULL',
    );
    for (const row of currentRows) current.set(row.id, row.content_hash);

    const incoming = new Map(input.articles.map((article) => [article.id, article]));
    const written: Article[] = [];
    let added = 0;
    let changed = 0;
    let unchanged = 0;
    for (const article of incoming.values()) {
      const hash = current.get(article.id);
      if (hash === undefined) added += 1;
      else if (hash !== article.contentHash || rebuild) changed += 1;
      else {
        unchanged += 1;
        continue;
      }
      written.push(article);
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
      passages: 0,
      embeddedPassages: 0,
      deletedLabels: 0,
      compacted: false,
      ...(rebuildReason ? { rebuildReason } : {}),
      written: false,
      durationMs: performance.now() - started,
      timings: { embeddingMs: 0, insertingMs: 0, writingMs: 0 },
      ...extra,
    });
    if (!rebuild && written.length === 0 && removedIds.length === 0) {
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
      const { rows } = await client.query<{ next: string }>(
        'SELECT coalesce(max(id), 0) + 1 AS next FROM quellen.generations',
      );
      const generation = Number(rows[0]!.next);
      const needsGraph = await this.prepareCollection(client, stored);
      const died = await this.retire(client, generation, rebuild ? undefined : replacedIds);
      const passageCounts = new Map<string, number>();
      for (const passage of passages)
        passageCounts.set(passage.articleId, (passageCounts.get(passage.articleId) ?? 0) + 1);
      await this.insertArticles(client, generation, written, passageCounts);
      const periods = new Map(
        written.map((article) => [article.id, article.date ? periodOf(article.date) : undefined]),
      );
      const newTerms = await this.insertPassages(
        client,
        generation,
        passages,
        hashes,
        vectors,
        periods,
        options,
      );
      await this.recountTerms(client, generation, [...new Set([...died, ...newTerms])]);
      if (needsGraph) {
        const { m, efConstruction } = { ...DEFAULT_PGVECTOR_HNSW, ...this.options.hnsw };
        await client.query(
          `CREATE INDEX passages_embedding ON quellen.passages USING hnsw (embedding vector_cosine_ops)
           WITH (m = ${Math.floor(m)}, ef_construction = ${Math.floor(efConstruction)})`,
        );
      }
      const lengths = LEXICAL_FIELDS.map((_, field) => `sum(lengths[${field + 1}])::float8 / count(*)`).join(
        ', ',
      );
      const { rows: counted } = await client.query<{ passages: string; averages: Array<number | null> }>(
        `SELECT count(*) AS passages, ARRAY[${lengths}] AS averages FROM quellen.passages
         WHERE born <= $1 AND (died IS NULL OR died > $1)`,
        [generation],
      );
      const passageCount = Number(counted[0]!.passages);
      const averages = counted[0]!.averages.map((value) => value ?? 0);
      const unrelated = await this.sampleUnrelatedSimilarity(client, generation);
      await client.query(
        `INSERT INTO quellen.generations (id, articles, passages, average_lengths, unrelated_similarity, skipped)
         VALUES ($1, (SELECT count(*) FROM quellen.articles WHERE born <= $1 AND (died IS NULL OR died > $1)), $2, $3, $4, $5)`,
        [generation, passageCount, averages, unrelated ?? null, JSON.stringify(input.skipped)],
      );
      await client.query('SELECT pg_notify($1, $2)', [GENERATION_CHANNEL, String(generation)]);
      options.signal?.throwIfAborted();
      await client.query('COMMIT');
      // Committed: failing to delete old rows or to refresh the statistics now loses nothing (the
      // next run deletes them, autovacuum analyses later).
      await this.forgetBefore(client, generation).catch(() => {});
      // Fresh statistics at once: until autovacuum gets to a new table, the planner guesses
      // plans that make lexical search a hundred times slower.
      await client
        .query('ANALYZE quellen.postings, quellen.terms, quellen.passages, quellen.articles')
        .catch(() => {});
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
    stored: { embedder_id: string; dimensions: number; chunking: ChunkingOptions } | undefined,
  ): Promise<boolean> {
    const { embedder, chunking } = this.options;
    await client.query(
      `INSERT INTO quellen.collection (embedder_id, dimensions, chunking) VALUES ($1, $2, $3)
       ON CONFLICT (singleton) DO UPDATE SET embedder_id = $1, dimensions = $2, chunking = $3`,
      [embedder.id, embedder.dimensions, JSON.stringify(chunking)],
    );
    if (stored?.dimensions === embedder.dimensions) {
      const { rows } = await client.query<{ exists: boolean }>(
        `SELECT to_regclass('quellen.passages_embedding') IS NOT NULL AS exists`,
      );
      return !rows[0]?.exists;
    }
    // Vectors of other dimensions cannot be compared with the new ones: the old rows lose theirs.
    await client.query('DROP INDEX IF EXISTS quellen.passages_embedding');
    await client.query(
      `ALTER TABLE quellen.passages ALTER COLUMN embedding TYPE vector(${Math.floor(embedder.dimensions)}) USING NULL`,
    );
    return true;
  }

  /**
   * Ends the current rows of the given articles (all articles when `articleIds` is undefined) with
   * generation `generation`.
   * @returns the terms their postings held
   */
  private async retire(
    client: PoolClient,
    generation: number,
    articleIds: string[] | undefined,
  ): Promise<string[]> {
    const which = articleIds ? 'AND article_id = ANY($2::text[])' : '';
    const values = articleIds ? [generation, articleIds] : [generation];
    await client.query(
      `UPDATE quellen.articles SET died = $1 WHERE died IS NULL ${articleIds ? 'AND id = ANY($2::text[])' : ''}`,
      values,
    );
    await client.query(`UPDATE quellen.passages SET died = $1 WHERE died IS NULL ${which}`, values);
    const { rows } = await client.query<{ term: string }>(
      `WITH retired AS (UPDATE quellen.postings SET died = $1 WHERE died IS NULL ${which} RETURNING term)
       SELECT DISTINCT term FROM retired`,
      values,
    );
    return rows.map((row) => row.term);
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
      `SELECT article_id, embedding::text AS embedding FROM quellen.passages
       WHERE born <= $1 AND (died IS NULL OR died > $1) AND embedding IS NOT NULL
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
  ): Promise<string[]> {
    const terms = new Set<string>();
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
          for (const [term, frequency] of counts) {
            terms.add(term);
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
    return [...terms];
  }

  /** Ends the rows of the given terms and writes their counts as of `generation`. */
  private async recountTerms(client: PoolClient, generation: number, terms: string[]): Promise<void> {
    const counts = LEXICAL_FIELDS.map((_, field) => `count(*) FILTER (WHERE field = ${field})`).join(', ');
    for (let from = 0; from < terms.length; from += WRITE_BATCH) {
      const batch = terms.slice(from, from + WRITE_BATCH);
      await client.query('UPDATE quellen.terms SET died = $1 WHERE died IS NULL AND term = ANY($2::text[])', [
        generation,
        batch,
      ]);
      await client.query(
        `INSERT INTO quellen.terms (term, born, frequencies)
         SELECT term, $1, ARRAY[${counts}]::int[] FROM quellen.postings
         WHERE term = ANY($2::text[]) AND born <= $1 AND (died IS NULL OR died > $1)
         GROUP BY term`,
        [generation, batch],
      );
    }
  }

  /**
   * Deletes rows no reader can need any more: those replaced before the previous generation (a
   * reader still on it keeps its rows until the next commit).
   */
  private async forgetBefore(client: PoolClient, generation: number): Promise<void> {
    for (const table of ['postings', 'terms', 'passages', 'articles']) {
      await client.query(`DELETE FROM quellen.${table} WHERE died IS NOT NULL AND died < $1`, [generation]);
    }
    await client.query('DELETE FROM quellen.generations WHERE id < $1', [generation - 1]);
  }
}

/** Who holds the writer lock, as far as the server tells. */
async function lockedError(client: PoolClient): Promise<UserError> {
  const { rows } = await client.query<{ application_name: string; client_addr: string | null; since: Date }>(
    `SELECT a.application_name, a.client_addr::text, a.backend_start AS since
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.granted LIMIT 1`,
    [LOCK_SPACE, WRITER_LOCK],
  );
  const holder = rows[0];
  const who = holder
    ? `${holder.application_name || 'another process'} (${holder.client_addr ?? 'local'}, connected since ${holder.since.toISOString()})`
    : 'another process';
  return new UserError(
    'INDEX_LOCKED',
    `The index in the database is being updated by ${who}; try again when it is done.`,
    {
      by: who,
    },
  );
}

/** A vector from pgvector's text form. */
export function parseVector(text: string): Float32Array {
  return Float32Array.from(text.slice(1, -1).split(','), Number);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
