import type { Pool, PoolClient } from 'pg';
import { UserError } from '../core/errors';

/**
 * The tables quellen keeps in PostgreSQL, in schema `quellen`, and how they are brought up to date.
 *
 * Rows carry the generation they were written in (`born`) and the one that replaced them
 * (`died`, null while current). A generation is committed in one transaction, so readers
 * pinned to generation `g` see exactly the rows with `born <= g AND (died IS NULL OR died > g)`,
 * before, during and after a writer's run; rows dead for more than one generation are deleted.
 */

/** The condition that a row (table alias `alias`) belongs to generation `$1`. */
export function visibleIn(alias: string): string {
  return `${alias}.born <= $1 AND (${alias}.died IS NULL OR ${alias}.died > $1)`;
}

/** One step of the schema; applied in order, each once, in a transaction of its own. */
interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
}

/** Key (with {@link LOCK_SPACE}) of the advisory lock migrations take. */
export const MIGRATION_LOCK = 1;
/** Key (with {@link LOCK_SPACE}) of the advisory lock the one writer holds. */
export const WRITER_LOCK = 2;
/** First key of quellen's advisory locks ("quel" in ASCII), kept apart from other applications' locks. */
export const LOCK_SPACE = 0x7175656c;
/**
 * The condition that a row of `pg_locks` (alias `alias`) is quellen's writer lock in this database
 * (`$1`, `$2`: {@link LOCK_SPACE}, {@link WRITER_LOCK}). Advisory locks belong to a database, but
 * `pg_locks` lists every database's: another collection on the same server holds its own.
 */
export function writerLockIn(alias: string): string {
  // objsubid 2: a lock taken with two integer keys, as quellen takes it (1 is one bigint key).
  return `${alias}.locktype = 'advisory' AND ${alias}.classid = $1 AND ${alias}.objid = $2 AND ${alias}.objsubid = 2 AND ${alias}.granted
    AND ${alias}.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
}

/**
 * The distance pgvector's graph index is built on and searched by (rows under `alias`, query
 * vector in parameter `param`): cosine over the vectors rounded to 16-bit floats (`halfvec`, which
 * indexes up to 4,000 dimensions). Only the order of candidates comes from it: searches re-order
 * them by the exact distance of the stored 32-bit vectors.
 */
export function graphDistance(alias: string, param: string, dimensions: number): string {
  const d = Math.floor(dimensions);
  return `${alias}.embedding::halfvec(${d}) <=> ${param}::halfvec(${d})`;
}

/** The statement that builds the graph index for vectors of `dimensions`, with pgvector's HNSW options. */
export function createGraphIndex(dimensions: number, options: { m: number; efConstruction: number }): string {
  return `CREATE INDEX ${GRAPH_INDEX} ON quellen.passages USING hnsw ((embedding::halfvec(${Math.floor(dimensions)})) halfvec_cosine_ops)
    WITH (m = ${Math.floor(options.m)}, ef_construction = ${Math.floor(options.efConstruction)})`;
}

/** Name of the graph index in schema `quellen`. */
export const GRAPH_INDEX = 'passages_embedding';

/** Channel on which a committed generation is announced, with its number as payload. */
export const GENERATION_CHANNEL = 'quellen_generation';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'articles, passages with vectors, postings, terms and generations',
    statements: [
      `CREATE TABLE quellen.collection (
         singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
         embedder_id text NOT NULL,
         dimensions integer NOT NULL CHECK (dimensions > 0),
         chunking jsonb NOT NULL
       )`,
      `CREATE TABLE quellen.generations (
         id bigint PRIMARY KEY,
         committed_at timestamptz NOT NULL DEFAULT now(),
         articles integer NOT NULL,
         passages integer NOT NULL,
         length_sums bigint[] NOT NULL,
         average_lengths double precision[] NOT NULL,
         unrelated_similarity double precision,
         skipped jsonb NOT NULL DEFAULT '[]'
       )`,
      `CREATE TABLE quellen.articles (
         id text COLLATE "C" NOT NULL,
         born bigint NOT NULL,
         died bigint,
         content_hash text NOT NULL,
         search_title text NOT NULL,
         lower_id text COLLATE "C" NOT NULL,
         lower_stem text COLLATE "C" NOT NULL,
         lower_title text COLLATE "C" NOT NULL,
         passages integer NOT NULL,
         record jsonb NOT NULL,
         text text NOT NULL,
         PRIMARY KEY (id, born)
       )`,
      `CREATE INDEX articles_current ON quellen.articles (id) WHERE died IS NULL`,
      // Finding an article by reference: its id (or a start of it), id without extension, title.
      `CREATE INDEX articles_lower_id ON quellen.articles (lower_id)`,
      `CREATE INDEX articles_lower_stem ON quellen.articles (lower_stem)`,
      `CREATE INDEX articles_lower_title ON quellen.articles (lower_title)`,
      `CREATE TABLE quellen.passages (
         id text COLLATE "C" NOT NULL,
         born bigint NOT NULL,
         died bigint,
         article_id text COLLATE "C" NOT NULL,
         period_from text COLLATE "C",
         period_to text COLLATE "C",
         record jsonb NOT NULL,
         text text NOT NULL,
         text_hash text NOT NULL,
         lengths integer[] NOT NULL,
         embedding vector,
         PRIMARY KEY (id, born)
       )`,
      `CREATE INDEX passages_article ON quellen.passages (article_id, born)`,
      `CREATE TABLE quellen.postings (
         term text COLLATE "C" NOT NULL,
         field smallint NOT NULL,
         passage_id text COLLATE "C" NOT NULL,
         article_id text COLLATE "C" NOT NULL,
         born bigint NOT NULL,
         died bigint,
         frequency integer NOT NULL,
         length integer NOT NULL
       )`,
      // Covering: lexical search reads a term's postings from the index alone.
      `CREATE INDEX postings_term ON quellen.postings (term, field)
         INCLUDE (passage_id, article_id, frequency, length, born, died)`,
      `CREATE INDEX postings_current_article ON quellen.postings (article_id) WHERE died IS NULL`,
      `CREATE TABLE quellen.terms (
         term text COLLATE "C" NOT NULL,
         born bigint NOT NULL,
         died bigint,
         frequencies integer[] NOT NULL,
         PRIMARY KEY (term, born)
       )`,
      `CREATE INDEX terms_reversed ON quellen.terms ((reverse(term)) COLLATE "C")`,
      // Rows of replaced generations, found quickly when they are deleted.
      ...['articles', 'passages', 'postings', 'terms'].map(
        (table) => `CREATE INDEX ${table}_dead ON quellen.${table} (died) WHERE died IS NOT NULL`,
      ),
    ],
  },
  {
    version: 2,
    description: 'graph index over 16-bit floats (halfvec)',
    // The graph is rebuilt at once with the options it had, beside the old one: readers keep
    // using the old graph until the new one replaces it at commit.
    statements: [
      `DO $$
       DECLARE
         dims integer;
         options text;
       BEGIN
         IF to_regclass('quellen.${GRAPH_INDEX}') IS NULL THEN
           RETURN;
         END IF;
         SELECT dimensions INTO dims FROM quellen.collection;
         SELECT array_to_string(c.reloptions, ', ') INTO options
           FROM pg_class c WHERE c.oid = 'quellen.${GRAPH_INDEX}'::regclass;
         IF dims IS NOT NULL THEN
           EXECUTE format(
             'CREATE INDEX ${GRAPH_INDEX}_halfvec ON quellen.passages USING hnsw ((embedding::halfvec(%s)) halfvec_cosine_ops) %s',
             dims, CASE WHEN options IS NULL THEN '' ELSE 'WITH (' || options || ')' END);
         END IF;
         DROP INDEX quellen.${GRAPH_INDEX};
         IF dims IS NOT NULL THEN
           ALTER INDEX quellen.${GRAPH_INDEX}_halfvec RENAME TO ${GRAPH_INDEX};
         END IF;
       END $$`,
    ],
  },
  {
    version: 3,
    description: 'the text analysis version the postings and terms were written with',
    // An index written before this version was analysed by analysis version 5.
    statements: [
      `ALTER TABLE quellen.collection ADD COLUMN IF NOT EXISTS analysis_version integer NOT NULL DEFAULT 5`,
      `ALTER TABLE quellen.collection ALTER COLUMN analysis_version DROP DEFAULT`,
    ],
  },
  {
    version: 4,
    description: 'postings of each term in one block, read by lexical search without a row per posting',
    // Passages get numbers, kept apart from their rows (a column of theirs would make every
    // numbering an update of each row and of the graph index). Rows written before keep none until
    // the next indexing run, which numbers the current ones and writes every term's block. Until
    // then a generation has no blocks (`term_blocks` false) and is searched over the postings rows.
    statements: [
      `CREATE TABLE IF NOT EXISTS quellen.passage_numbers (
         num bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         id text COLLATE "C" NOT NULL,
         born bigint NOT NULL,
         died bigint
       )`,
      `CREATE UNIQUE INDEX IF NOT EXISTS passage_numbers_passage ON quellen.passage_numbers (id, born) INCLUDE (num)`,
      `CREATE INDEX IF NOT EXISTS passage_numbers_dead ON quellen.passage_numbers (died) WHERE died IS NOT NULL`,
      `ALTER TABLE quellen.generations ADD COLUMN IF NOT EXISTS term_blocks boolean NOT NULL DEFAULT false`,
      `CREATE TABLE IF NOT EXISTS quellen.term_blocks (
         term text COLLATE "C" NOT NULL,
         field smallint NOT NULL,
         born bigint NOT NULL,
         died bigint,
         base bigint NOT NULL,
         entries integer NOT NULL,
         block bytea NOT NULL,
         PRIMARY KEY (term, field, born),
         CHECK (octet_length(block) = entries * 10)
       )`,
      // Read whole at every question that holds the term: kept uncompressed.
      `ALTER TABLE quellen.term_blocks ALTER COLUMN block SET STORAGE EXTERNAL`,
      `CREATE INDEX IF NOT EXISTS term_blocks_dead ON quellen.term_blocks (died) WHERE died IS NOT NULL`,
      // Roles that were granted reading the index read the new tables too (a GRANT ... ON ALL
      // TABLES covers only the tables there were).
      `DO $$
       DECLARE reader record;
       BEGIN
         FOR reader IN
           SELECT rolname FROM pg_roles
           WHERE rolname <> current_user AND NOT starts_with(rolname, 'pg_') AND NOT rolsuper
             AND has_table_privilege(oid, 'quellen.passages', 'SELECT')
         LOOP
           EXECUTE format('GRANT SELECT ON quellen.term_blocks, quellen.passage_numbers TO %I', reader.rolname);
         END LOOP;
       END $$`,
    ],
  },
];

/**
 * Bytes of one posting in a term's block (`quellen.term_blocks.block`), in passage number order:
 * the passage's number less the block's `base` (int32), the term's frequency in the field (uint16,
 * stored offset by −32768; frequencies are capped at `MAX_TERM_FREQUENCY`) and the field's length
 * (int32), big-endian. The table's CHECK holds every block to a whole number of entries.
 */
export const BLOCK_ENTRY_BYTES = 10;

/**
 * The SQL expression of one posting's block entry (see {@link BLOCK_ENTRY_BYTES}), over a posting
 * `p` and its passage's number `n`, stored against the block's base number `base` (an expression).
 */
export function blockEntrySql(base: string): string {
  return `int4send((n.num - ${base})::int4) || int2send((least(p.frequency, ${0xffff}) - 32768)::smallint) || int4send(p.length)`;
}

/** The schema version this build of quellen reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** What {@link migrate} did. */
export interface MigrationResult {
  /** The version found before (0 for a database quellen had never used). */
  from: number;
  to: number;
  applied: string[];
}

/**
 * Creates quellen's schema or brings it to {@link SCHEMA_VERSION}, each missing step in a
 * transaction of its own, under an advisory lock so that processes starting together migrate once.
 * @throws UserError `INDEX_UNUSABLE` when the server is older than PostgreSQL 14, pgvector is not
 *   installed in it or older than 0.8, or the database was migrated by a newer quellen
 */
export async function migrate(pool: Pool): Promise<MigrationResult> {
  const client = await pool.connect();
  try {
    // A step may rebuild an index over the whole collection (minutes for millions of passages),
    // and processes starting meanwhile wait for it: the questions' time limit does not apply.
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, MIGRATION_LOCK]);
    try {
      await assertServerVersion(client);
      await createExtension(client);
      await assertPgvectorVersion(client);
      await client.query('CREATE SCHEMA IF NOT EXISTS quellen');
      await client.query(
        `CREATE TABLE IF NOT EXISTS quellen.schema_version (
           version integer PRIMARY KEY,
           description text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const from = await versionOf(client);
      if (from > SCHEMA_VERSION) throw newerSchema(from);
      const applied: string[] = [];
      for (const migration of MIGRATIONS) {
        if (migration.version <= from) continue;
        await client.query('BEGIN');
        try {
          for (const statement of migration.statements) await client.query(statement);
          await client.query('INSERT INTO quellen.schema_version (version, description) VALUES ($1, $2)', [
            migration.version,
            migration.description,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        applied.push(`${migration.version}: ${migration.description}`);
      }
      return { from, to: SCHEMA_VERSION, applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, MIGRATION_LOCK]);
    }
  } finally {
    // The connection goes back to the pool with the questions' time limit, or is closed.
    let broken: Error | undefined;
    await client.query('RESET statement_timeout').catch((error: Error) => {
      broken = error;
    });
    client.release(broken);
  }
}

/**
 * Checks that the server and the schema are ones this quellen reads, without changing anything.
 * @throws UserError `INDEX_UNUSABLE` when the server is older than PostgreSQL 14, pgvector older
 *   than 0.8, or the schema was never migrated, is behind, or is newer
 */
export async function assertSchema(pool: Pool): Promise<void> {
  await assertServerVersion(pool);
  const version = await readSchemaVersion(pool);
  // A newer quellen wrote it: upgrading quellen comes first, whatever else is old.
  if (version > SCHEMA_VERSION) throw newerSchema(version);
  await assertPgvectorVersion(pool);
  if (version === 0) {
    throw new UserError(
      'INDEX_UNUSABLE',
      'The database holds no quellen schema yet: run "quellen migrate" (or "quellen index", which also builds the index).',
      { found: version, needed: SCHEMA_VERSION },
    );
  }
  if (version < SCHEMA_VERSION) {
    throw new UserError(
      'INDEX_UNUSABLE',
      `The database holds quellen schema version ${version}, this quellen needs ${SCHEMA_VERSION}: run "quellen migrate".`,
      { found: version, needed: SCHEMA_VERSION },
    );
  }
}

/** The schema version the database holds, 0 when quellen never migrated it; reads only. */
export async function readSchemaVersion(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ exists: boolean }>(
    `SELECT to_regclass('quellen.schema_version') IS NOT NULL AS exists`,
  );
  return rows[0]?.exists ? versionOf(pool) : 0;
}

async function versionOf(client: Pick<PoolClient, 'query'>): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM quellen.schema_version',
  );
  return rows[0]?.version ?? 0;
}

function newerSchema(version: number): UserError {
  return new UserError(
    'INDEX_UNUSABLE',
    `The database holds quellen schema version ${version}, newer than this quellen (${SCHEMA_VERSION}): upgrade quellen.`,
    { found: version, needed: SCHEMA_VERSION },
  );
}

/** The oldest PostgreSQL quellen runs on (14: `bit_count`, which lexical search uses). */
export const MIN_SERVER_VERSION = 140000;

/**
 * Refuses a server older than {@link MIN_SERVER_VERSION}, before anything is read or written.
 * @throws UserError `INDEX_UNUSABLE` naming the server's version
 */
export async function assertServerVersion(client: Pick<Pool, 'query'>): Promise<void> {
  const { rows } = await client.query<{ version: string; name: string }>(
    `SELECT current_setting('server_version_num') AS version, current_setting('server_version') AS name`,
  );
  const row = rows[0]!;
  if (Number(row.version) < MIN_SERVER_VERSION) {
    // "13.16 (Debian 13.16-1.pgdg120+1)" → "13.16"
    const name = row.name.split(' ')[0]!;
    throw new UserError('INDEX_UNUSABLE', `quellen needs PostgreSQL 14 or newer; this server runs ${name}.`, {
      found: name,
    });
  }
}

/** The oldest pgvector quellen runs on (0.8: iterative index scans, which filtered searches need). */
export const MIN_PGVECTOR_VERSION = [0, 8] as const;

/**
 * Refuses a pgvector older than {@link MIN_PGVECTOR_VERSION} in this database; a database without
 * the extension passes (migration creates it).
 * @throws UserError `INDEX_UNUSABLE` naming the installed version and how to update it
 */
export async function assertPgvectorVersion(client: Pick<Pool, 'query'>): Promise<void> {
  const { rows } = await client.query<{ version: string }>(
    `SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'`,
  );
  const version = rows[0]?.version;
  if (version === undefined) return;
  // "0.8.1", "0.8.0-dev", "0.10.0": the leading digits of each part count.
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [needMajor, needMinor] = MIN_PGVECTOR_VERSION;
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    throw new UserError(
      'INDEX_UNUSABLE',
      `quellen needs pgvector 0.8 or newer; this database has ${version}: install a newer pgvector on the server and run "ALTER EXTENSION vector UPDATE" in this database.`,
      { found: version },
    );
  }
}

async function createExtension(client: PoolClient): Promise<void> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 58P01: the extension's files are not installed; 42501: not allowed to create it.
    if (code === '58P01' || code === '0A000') {
      throw new UserError(
        'INDEX_UNUSABLE',
        'PostgreSQL has no pgvector extension: install it on the database server (Debian/Ubuntu: postgresql-<version>-pgvector from apt.postgresql.org), then start again.',
        {},
        { cause: error },
      );
    }
    if (code === '42501') {
      const { rows } = await client
        .query<{ name: string }>('SELECT current_database() AS name')
        .catch(() => ({ rows: [] as Array<{ name: string }> }));
      const database = rows[0] ? `database "${rows[0].name}"` : 'this database';
      throw new UserError(
        'INDEX_UNUSABLE',
        `Not allowed to create the pgvector extension: run "CREATE EXTENSION vector" once as a superuser in ${database}.`,
        {},
        { cause: error },
      );
    }
    throw error;
  }
}
