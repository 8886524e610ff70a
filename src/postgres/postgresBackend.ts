import pg, { type Pool } from 'pg';
import type {
  ArticleInfo,
  BackendUpdateOptions,
  CatalogueEntry,
  CoveringVocabulary,
  IndexBackend,
  OrdinalRange,
  ServedIndex,
  VocabularyLookup,
} from '../core/index/backend';
import {
  type ArticleCatalogue,
  type ReferenceLookups,
  byAutocomplete,
  findByReference,
  infoOf,
} from '../core/index/catalogue';
import { IndexLoadError } from '../core/index/indexErrors';
import type { IndexSummary, ReadUpdateInput } from '../core/index/indexer';
import type { Logger } from '../core/logger';
import { familyPrefixLength } from '../core/retrieval/lexical';
import type { LexicalSearchOptions } from '../core/retrieval/lexical';
import { MAX_POSTINGS } from '../core/retrieval/translate/dictionaryTranslator';
import { ANALYSIS_VERSION, FAMILY_MIN_PREFIX, prepareAnalysis } from '../core/text/analysis';
import type { Article, ChunkingOptions, Embedder, Passage, SkippedFile } from '../core/types';
import { describeDatabase, explainDatabaseError } from './database';
import { PostgresIndexer } from './postgresIndexer';
import { type GenerationInfo, PostgresSearchIndex, latestGeneration } from './postgresSearchIndex';
import {
  GENERATION_CHANNEL,
  LOCK_SPACE,
  SCHEMA_VERSION,
  WRITER_LOCK,
  assertSchema,
  migrate,
  readSchemaVersion,
  visibleIn,
  writerLockIn,
} from './schema';

/** Settings of the {@link PostgresBackend}. */
export interface PostgresBackendOptions {
  /** The primary: writes, migrations, and reads when there is no replica. */
  pool: Pool;
  /** A read replica for questions, when there is one. */
  readPool?: Pool;
  /** The connection string of the primary, for `LISTEN` and messages (never logged with its password). */
  url: string;
  /** The replica's connection string, for messages about it. */
  readUrl?: string;
  embedder: Embedder;
  chunk: (article: Article) => Passage[];
  chunking: ChunkingOptions;
  logger: Logger;
  /** Query-time lexical settings (defaults: the product's). */
  search?: Partial<LexicalSearchOptions>;
  /** How often the newest generation is checked when no notification arrives (default 10 s). */
  pollIntervalMs?: number;
  /**
   * A local folder for tables prepared from installed packages (text analysis's verb forms), so
   * that a process starting again reads them instead of building them (`INDEX_DIR`); without
   * it they are built in every process.
   */
  cacheDir?: string;
}

/**
 * The index in PostgreSQL with pgvector, shared by every bot process on every host: each process
 * keeps only the catalogue of articles, and hears of a generation another process committed
 * through `LISTEN quellen_generation` (and a periodic check, should a notification be lost).
 */
export class PostgresBackend implements IndexBackend {
  readonly kind = 'postgres';
  readonly location: string;
  private readonly indexer: PostgresIndexer;
  private migrated: Promise<unknown> | undefined;

  constructor(private readonly options: PostgresBackendOptions) {
    this.location = describeDatabase(options.url);
    this.indexer = new PostgresIndexer({
      pool: options.pool,
      embedder: options.embedder,
      chunk: options.chunk,
      chunking: options.chunking,
      logger: options.logger,
    });
  }

  private get reader(): Pool {
    return this.options.readPool ?? this.options.pool;
  }

  /**
   * Checks the schema once per process, and migrates it only when it is behind: a role that may
   * read but not create tables serves a current schema.
   */
  private ensureSchema(): Promise<unknown> {
    // Both check the server and pgvector first; a current or newer schema is only read (a
    // read-only role could not migrate it).
    this.migrated ??= readSchemaVersion(this.options.pool)
      .then((version): Promise<unknown> =>
        version < SCHEMA_VERSION ? migrate(this.options.pool) : assertSchema(this.options.pool),
      )
      .catch((error: unknown) => {
        this.migrated = undefined;
        throw this.explain(error);
      });
    return this.migrated;
  }

  async hasGeneration(): Promise<boolean> {
    try {
      await assertSchema(this.reader);
      const { rows } = await this.reader.query('SELECT 1 FROM quellen.generations LIMIT 1');
      return rows.length > 0;
    } catch {
      return false;
    }
  }

  async indexedArticles(): Promise<number> {
    try {
      const { rows } = await this.reader.query<{ articles: number }>(
        'SELECT articles FROM quellen.generations ORDER BY id DESC LIMIT 1',
      );
      return rows[0]?.articles ?? 0;
    } catch {
      return 0;
    }
  }

  async open(_previous?: ServedIndex, options: { readOnly?: boolean } = {}): Promise<ServedIndex> {
    this.prepareAnalysis();
    if (options.readOnly) {
      await assertSchema(this.options.pool).catch((error: unknown) => {
        throw this.explain(error);
      });
    } else await this.ensureSchema();
    try {
      const { embedder } = this.options;
      const { rows: collection } = await this.reader.query<{
        embedder_id: string;
        dimensions: number;
        chunking: ChunkingOptions;
        analysis_version: number;
      }>('SELECT embedder_id, dimensions, chunking, analysis_version FROM quellen.collection');
      const generation = await latestGeneration(this.reader);
      if (!generation || !collection[0]) {
        throw new IndexLoadError('missing', `the database at ${this.location} holds no index yet`);
      }
      if (collection[0].embedder_id !== embedder.id) {
        throw new IndexLoadError(
          'mismatch',
          `the index in the database was built with embedder ${collection[0].embedder_id} but ${embedder.id} is configured`,
        );
      }
      const { chunking } = this.options;
      const stored = collection[0].chunking;
      if (stored.maxChars !== chunking.maxChars || stored.overlapSentences !== chunking.overlapSentences) {
        throw new IndexLoadError(
          'mismatch',
          `the index in the database was built with CHUNK_MAX_CHARS=${stored.maxChars} and CHUNK_OVERLAP_SENTENCES=${stored.overlapSentences} but ${chunking.maxChars} and ${chunking.overlapSentences} are configured`,
        );
      }
      // Questions are analysed as the postings were, or terms would miss ("jahr" in one, not the other).
      if (collection[0].analysis_version !== ANALYSIS_VERSION) {
        throw new IndexLoadError(
          'mismatch',
          `the index in the database was written with text analysis version ${collection[0].analysis_version} but this quellen uses version ${ANALYSIS_VERSION}`,
        );
      }
      return await PostgresServedIndex.open(this.reader, generation, this.options.search);
    } catch (error) {
      // Read from the replica when there is one: a failure there is named as the replica's.
      throw this.options.readUrl
        ? explainDatabaseError(error, this.options.readUrl, { replica: true })
        : this.explain(error);
    }
  }

  async update(
    read: ReadUpdateInput,
    options: BackendUpdateOptions,
  ): Promise<{ summary: IndexSummary; served?: ServedIndex }> {
    this.prepareAnalysis();
    await this.ensureSchema();
    try {
      // Files unchanged since they were indexed (same stamp or same bytes) are not parsed again:
      // they stand for their article by its stored description, without its text, which an
      // update that keeps the article never needs. A run that re-embeds everything reads all.
      const stubs = new WeakSet<Article>();
      const known =
        options.full || !(await this.indexer.sameSettings()) ? undefined : await this.storedArticles(stubs);
      const input = await read(known);
      const summary = await this.indexer.update(input, {
        ...options,
        isStub: (article) => stubs.has(article),
      });
      return { summary, served: await this.open() };
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** The current articles as stored, without their texts (see {@link update}). */
  private async storedArticles(stubs: WeakSet<Article>): Promise<ReadonlyMap<string, Article>> {
    const { rows } = await this.options.pool.query<{ id: string; record: Omit<Article, 'text'> }>(
      'SELECT id, record FROM quellen.articles WHERE died IS NULL',
    );
    const known = new Map<string, Article>();
    for (const row of rows) {
      const article: Article = { ...row.record, text: '' };
      stubs.add(article);
      known.set(row.id, article);
    }
    return known;
  }

  /**
   * Names the newest generation on every notification, when listening starts, and at every
   * periodic check, whether or not it changed: the service decides whether to switch, and tries
   * again at the next call when a switch failed.
   */
  watch(onGeneration: (generation: string) => void): () => void {
    const { logger } = this.options;
    let stopped = false;
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    let failing = false;
    const check = (): void => {
      latestGeneration(this.reader)
        .then((generation) => {
          if (generation && !stopped) onGeneration(String(generation.id));
        })
        .catch(() => {});
    };
    const listen = (): void => {
      if (stopped) return;
      const connection = new pg.Client({
        connectionString: this.options.url,
        application_name: 'quellen (listen)',
      });
      client = connection;
      const reconnect = (error?: Error): void => {
        connection.removeAllListeners();
        connection.end().catch(() => {});
        if (stopped || retry) return;
        // Said once per outage; the periodic check keeps the process current meanwhile.
        if (!failing) {
          failing = true;
          logger.warn(
            { database: this.location },
            `not listening for new generations (${error ? (explainDatabaseError(error, this.options.url) as Error).message : 'connection ended'}); retrying every 2 s`,
          );
        }
        retry = setTimeout(() => {
          retry = undefined;
          listen();
        }, 2_000);
        retry.unref();
      };
      connection.on('error', reconnect);
      connection.on('end', () => reconnect());
      connection.on('notification', (message) => {
        if (message.channel === GENERATION_CHANNEL && message.payload && !stopped)
          onGeneration(message.payload);
      });
      connection
        .connect()
        .then(() => connection.query(`LISTEN ${GENERATION_CHANNEL}`))
        .then(() => {
          if (failing) logger.info({ database: this.location }, 'listening for new generations again');
          failing = false;
          // A generation committed while this process was not listening is found by checking once.
          check();
        })
        .catch(reconnect);
    };
    listen();
    const poll = setInterval(check, this.options.pollIntervalMs ?? 10_000);
    poll.unref();
    return () => {
      stopped = true;
      clearInterval(poll);
      if (retry) clearTimeout(retry);
      client?.removeAllListeners();
      client?.end().catch(() => {});
    };
  }

  async writing(): Promise<boolean> {
    const { rows } = await this.options.pool.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE ${writerLockIn('l')}) AS held`,
      [LOCK_SPACE, WRITER_LOCK],
    );
    return rows[0]?.held ?? false;
  }

  async idle(): Promise<void> {}

  async close(): Promise<void> {
    await Promise.all([this.options.pool.end(), this.options.readPool?.end()]);
  }

  /** The verb-form table of text analysis, from `cacheDir` when prepared there before. */
  private prepareAnalysis(): void {
    if (this.options.cacheDir !== undefined) prepareAnalysis({ cacheDir: this.options.cacheDir });
  }

  private explain(error: unknown): unknown {
    return explainDatabaseError(error, this.options.url);
  }
}

/** A generation in the database as the service serves it; nothing of it is held in this process. */
class PostgresServedIndex implements ServedIndex {
  readonly vectorIndex = 'pgvector';
  readonly vocabulary: VocabularyLookup;

  private constructor(
    private readonly pool: Pool,
    private readonly info: GenerationInfo,
    readonly search: PostgresSearchIndex,
    readonly catalogue: PostgresCatalogue,
  ) {
    this.vocabulary = { lookup: (terms) => this.lookupTerms(terms) };
  }

  static async open(
    pool: Pool,
    info: GenerationInfo,
    search?: Partial<LexicalSearchOptions>,
  ): Promise<PostgresServedIndex> {
    return new PostgresServedIndex(
      pool,
      info,
      new PostgresSearchIndex(pool, info, search ? { search } : {}),
      new PostgresCatalogue(pool, info.id, info.articles),
    );
  }

  get generation(): string {
    return String(this.info.id);
  }

  get articleCount(): number {
    return this.info.articles;
  }

  get passageCount(): number {
    return this.info.passages;
  }

  get builtAt(): string {
    return this.info.committedAt.toISOString();
  }

  get skipped(): readonly SkippedFile[] {
    return this.info.skipped;
  }

  unrelatedSimilarity(): number | undefined {
    return this.info.unrelatedSimilarity ?? undefined;
  }

  async passagesOf(articleId: string, ordinals?: OrdinalRange): Promise<Passage[]> {
    const { rows } = await this.pool.query<{ record: Omit<Passage, 'text'>; text: string }>(
      `SELECT p.record, p.text FROM quellen.passages p
       WHERE p.article_id = $2 AND ${visibleIn('p')}
         AND ($3::int IS NULL OR (p.record->>'ordinal')::int >= $3)
         AND ($4::int IS NULL OR (p.record->>'ordinal')::int < $4)
       ORDER BY (p.record->>'ordinal')::int`,
      [
        this.info.id,
        articleId,
        ordinals ? Math.max(0, Math.floor(ordinals.from)) : null,
        ordinals ? Math.max(0, Math.ceil(ordinals.to)) : null,
      ],
    );
    return rows.map((row) => ({ ...row.record, text: row.text }));
  }

  /**
   * What translation asks about the terms, in one round trip: whether each is written (in a text
   * or a section title), whether a word of its family is, whether a compound ending in it is, and
   * the passages whose text holds it (up to one more than the translator compares).
   */
  private async lookupTerms(terms: readonly string[]): Promise<CoveringVocabulary> {
    const asked = new Set(terms);
    const written = new Set<string>();
    const families = new Set<string>();
    const compounds = new Set<string>();
    const passages = new Map<string, number[]>();
    if (asked.size > 0) {
      const list = [...asked];
      // As lexical search expands compounds: with its modifier length, not at all when it does not.
      const expansion = this.search.compounds;
      const prefixes = list.map((term) =>
        term.length >= FAMILY_MIN_PREFIX ? term.slice(0, familyPrefixLength(term)) : null,
      );
      const { rows } = await this.pool.query<{
        term: string;
        written: boolean;
        family: boolean;
        ids: string[] | null;
        in_text: boolean;
        compound: boolean;
      }>(
        `SELECT a.term,
           EXISTS (SELECT 1 FROM quellen.terms t WHERE t.term = a.term COLLATE "C" AND ${visibleIn('t')}) AS written,
           EXISTS (
             SELECT 1 FROM quellen.terms t
             WHERE t.term = a.term COLLATE "C" AND t.frequencies[1] > 0 AND ${visibleIn('t')}
           ) AS in_text,
           a.prefix IS NOT NULL AND EXISTS (
             SELECT 1 FROM quellen.terms t
             WHERE t.term >= a.prefix COLLATE "C" AND t.term < (a.prefix || chr(1114111)) COLLATE "C"
               AND starts_with(t.term, a.prefix) AND ${visibleIn('t')}
           ) AS family,
           $5::int IS NOT NULL AND EXISTS (
             SELECT 1 FROM quellen.terms t
             WHERE reverse(t.term) >= reverse(a.term) COLLATE "C"
               AND reverse(t.term) < (reverse(a.term) || chr(1114111)) COLLATE "C"
               AND char_length(t.term) - char_length(a.term) >= $5 AND ${visibleIn('t')}
           ) AS compound,
           (SELECT array_agg(p.passage_id ORDER BY p.passage_id) FROM (
              SELECT p.passage_id FROM quellen.postings p
              WHERE p.term = a.term COLLATE "C" AND p.field = 0 AND ${visibleIn('p')}
              LIMIT $3
           ) p) AS ids
         FROM unnest($2::text[], $4::text[]) AS a(term, prefix)`,
        [
          this.info.id,
          list,
          MAX_POSTINGS + 1,
          prefixes,
          expansion === false ? null : expansion.minModifierLength,
        ],
      );
      // Passage ids become numbers, the same for every term of this lookup.
      const numbers = new Map<string, number>();
      const numberOf = (id: string): number => {
        let number = numbers.get(id);
        if (number === undefined) numbers.set(id, (number = numbers.size));
        return number;
      };
      for (const row of rows) {
        if (row.written) written.add(row.term);
        // As `hasWordFamily`: in a passage's text, or a term of its family anywhere.
        if (row.in_text || row.family) families.add(row.term);
        if (row.compound) compounds.add(row.term);
        passages.set(
          row.term,
          (row.ids ?? []).map(numberOf).sort((a, b) => a - b),
        );
      }
    }
    return {
      covers: (term) => asked.has(term),
      has: (term) => families.has(term),
      hasTerm: (term) => written.has(term),
      endsCompound: (term) => compounds.has(term),
      passagesWith: (term) => passages.get(term) ?? [],
    };
  }
}

/** What a catalogue entry is read from. */
const ENTRY_COLUMNS = `a.id, a.record->>'title' AS title, a.record->>'date' AS date, a.record->>'url' AS url,
  a.passages, a.search_title`;

interface EntryRow {
  id: string;
  title: string;
  date: string | null;
  url: string | null;
  passages: number;
  search_title: string;
}

function entryOf(row: EntryRow): CatalogueEntry {
  return {
    id: row.id,
    title: row.title,
    ...(row.date !== null ? { date: row.date } : {}),
    ...(row.url !== null ? { url: row.url } : {}),
    passages: row.passages,
    searchTitle: row.search_title,
  };
}

/**
 * The articles of one generation, found by queries: a bot process holds none of them, however
 * many there are. Lower-case forms are written by quellen (a database's `lower()` follows its
 * locale), and lists are ordered by id in code-unit order, as the in-memory catalogue orders them.
 */
class PostgresCatalogue implements ArticleCatalogue, ReferenceLookups {
  constructor(
    private readonly pool: Pool,
    private readonly generation: number,
    readonly size: number,
  ) {}

  find(reference: string): Promise<ArticleInfo> {
    return findByReference(reference, this);
  }

  async list(): Promise<ArticleInfo[]> {
    const entries = await this.entries('TRUE', []);
    return entries.map(infoOf).sort((a, b) => a.id.localeCompare(b.id));
  }

  async search(text: string, limit: number): Promise<ArticleInfo[]> {
    const folded = text.trim().toLowerCase();
    // Candidates by rank in the database, put in the in-memory catalogue's order here.
    const candidates =
      folded === ''
        ? await this.entries('TRUE', [], limit * 4)
        : await this.entries(
            `(strpos(a.lower_title, $2) > 0 OR strpos(a.lower_id, $2) > 0)`,
            [folded],
            limit * 4,
            `CASE WHEN starts_with(a.lower_title, $2) THEN 0 WHEN strpos(a.lower_title, $2) > 0 THEN 1 ELSE 2 END, `,
          );
    const infos = candidates.map(infoOf);
    return (
      folded === '' ? infos.sort((a, b) => a.id.localeCompare(b.id)) : infos.sort(byAutocomplete(folded))
    ).slice(0, limit);
  }

  async exact(id: string): Promise<CatalogueEntry | undefined> {
    return (await this.entries('a.id = $2', [id], 1))[0];
  }

  async stemOrTitle(folded: string): Promise<CatalogueEntry | undefined> {
    return (await this.entries('(a.lower_stem = $2 OR a.lower_title = $2)', [folded], 1))[0];
  }

  idStartingWith(folded: string, limit: number): Promise<CatalogueEntry[]> {
    return this.entries(
      `a.lower_id >= $2 AND a.lower_id < ($2 || chr(1114111)) COLLATE "C" AND starts_with(a.lower_id, $2)`,
      [folded],
      limit,
    );
  }

  titleContaining(folded: string, limit: number): Promise<CatalogueEntry[]> {
    return this.entries('strpos(a.search_title, $2) > 0', [folded], limit);
  }

  idContaining(folded: string, limit: number): Promise<CatalogueEntry[]> {
    return this.entries('strpos(a.lower_id, $2) > 0', [folded], limit);
  }

  /** Entries of the generation matching `where` (parameters from `$2`), ordered by id. */
  private async entries(
    where: string,
    values: unknown[],
    limit?: number,
    rank = '',
  ): Promise<CatalogueEntry[]> {
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM quellen.articles a
       WHERE ${where} AND ${visibleIn('a')}
       ORDER BY ${rank}a.id${limit === undefined ? '' : ` LIMIT ${Math.floor(limit)}`}`,
      [this.generation, ...values],
    );
    return rows.map(entryOf);
  }
}
