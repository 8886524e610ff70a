import { createServer } from 'node:net';
import { isUserError } from '../../src/core/errors';
import {
  createPool,
  describeDatabase,
  explainDatabaseError,
  processApplicationName,
} from '../../src/postgres/database';
import { PostgresBackend } from '../../src/postgres/postgresBackend';
import { SCHEMA_VERSION, assertPgvectorVersion, migrate } from '../../src/postgres/schema';
import { silentLogger } from '../../src/core/logger';
import { chunkByBlock, FAKE_CHUNKING } from '../fakes/blockChunker';
import { HashEmbedder } from '../fakes/hashEmbedder';
import { createTestDatabase, describePostgres } from '../support/postgres';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('database errors', () => {
  it('says in one line that nothing listens, naming host, port and database but not the password', async () => {
    const url = `postgres://quellen:s3cret-Pa55@127.0.0.1:${await closedPort()}/archiv`;
    const pool = createPool({ url, connectTimeoutMs: 2_000 });
    try {
      const error = await migrate(pool).catch((caught: unknown) => explainDatabaseError(caught, url));
      expect(isUserError(error) && error.code).toBe('INDEX_UNUSABLE');
      const { message } = error as Error;
      expect(message).toMatch(
        /^Cannot use the database at 127\.0\.0\.1:\d+\/archiv: nothing listens there\.$/,
      );
      expect(message).not.toContain('s3cret');
      expect(message).not.toContain('quellen:');
    } finally {
      await pool.end();
    }
  });

  it('refuses a server older than PostgreSQL 14 before changing anything', async () => {
    const sent: string[] = [];
    const client = {
      query: async (sql: string) => {
        sent.push(sql);
        return /server_version/.test(sql)
          ? { rows: [{ version: '130016', name: '13.16 (Debian 13.16-1.pgdg120+1)' }] }
          : { rows: [] };
      },
      release: () => {},
    };
    const pool = { connect: async () => client } as unknown as Parameters<typeof migrate>[0];
    const error = await migrate(pool).catch((caught: unknown) => caught);
    expect(isUserError(error) && error.code).toBe('INDEX_UNUSABLE');
    expect((error as Error).message).toBe('quellen needs PostgreSQL 14 or newer; this server runs 13.16.');
    expect(sent.some((sql) => /CREATE/.test(sql))).toBe(false);
    // The lock is released, and the connection gets back the time limit it had.
    expect(sent.slice(-2)).toEqual([expect.stringMatching(/pg_advisory_unlock/), 'RESET statement_timeout']);
  });

  it.each([
    ['current', SCHEMA_VERSION],
    ['behind', SCHEMA_VERSION - 1],
  ])('checks the server when a process opens the index and the schema is %s', async (_, version) => {
    const sent: string[] = [];
    const answer = async (sql: string) => {
      sent.push(sql);
      if (/to_regclass\('quellen.schema_version'\)/.test(sql)) return { rows: [{ exists: true }] };
      if (/max\(version\)/.test(sql)) return { rows: [{ version }] };
      if (/server_version/.test(sql)) return { rows: [{ version: '130016', name: '13.16' }] };
      return { rows: [] };
    };
    const client = { query: answer, release: () => {} };
    const pool = { query: answer, connect: async () => client } as unknown as ConstructorParameters<
      typeof PostgresBackend
    >[0]['pool'];
    const backend = new PostgresBackend({
      pool,
      url: 'postgres://quellen@db.example/archiv',
      embedder: new HashEmbedder(16),
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
      logger: silentLogger,
    });
    const error = await backend.open().catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('quellen needs PostgreSQL 14 or newer; this server runs 13.16.');
    expect(sent.some((sql) => /CREATE|quellen\.(collection|generations)/.test(sql))).toBe(false);
  });

  it.each([
    ['0.7.4', 'quellen needs pgvector 0.8 or newer; this database has 0.7.4'],
    ['0.5.1', 'quellen needs pgvector 0.8 or newer; this database has 0.5.1'],
    ['0.7-dev', 'quellen needs pgvector 0.8 or newer; this database has 0.7-dev'],
    ['0.8.0', undefined],
    ['0.8.0-dev', undefined],
    ['0.10.2', undefined],
    ['1.0.0', undefined],
    [undefined, undefined],
  ])('checks the pgvector version %s', async (installed, refusal) => {
    const pool = {
      query: async () => ({ rows: installed === undefined ? [] : [{ version: installed }] }),
    } as unknown as Parameters<typeof assertPgvectorVersion>[0];
    const error = await assertPgvectorVersion(pool).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (refusal === undefined) expect(error).toBeUndefined();
    else {
      expect(isUserError(error) && error.code).toBe('INDEX_UNUSABLE');
      expect((error as Error).message).toContain(refusal);
    }
  });

  it('describes a connection string without its credentials', () => {
    expect(describeDatabase('postgres://u:p%40ss@db.example:6543/quellen?sslmode=require')).toBe(
      'db.example:6543/quellen',
    );
    expect(describeDatabase('postgresql://db.example/quellen')).toBe('db.example:5432/quellen');
    expect(describeDatabase('not a url')).toBe('(unreadable DATABASE_URL)');
  });

  it.each([
    [{ message: 'Connection terminated unexpectedly' }, 'the server closed the connection'],
    [{ message: 'Connection terminated due to connection timeout' }, 'the connection timed out'],
    [
      { message: 'The server does not support SSL connections' },
      'the server does not accept SSL connections',
    ],
    [
      { code: '42501', message: 'permission denied for schema quellen' },
      "the role lacks rights on quellen's tables (answering needs USAGE on schema quellen and SELECT",
    ],
    [{ code: '28P01', message: 'password authentication failed for user "q"' }, 'the password was refused'],
  ])('explains %o', (error, reason) => {
    const explained = explainDatabaseError(
      Object.assign(new Error(error.message), error),
      'postgres://q:pw@db.example/q',
    );
    expect((explained as Error).message).toContain(`Cannot use the database at db.example:5432/q: ${reason}`);
    expect((explained as Error).message).not.toContain('pw');
  });

  it("gives the server's reason when the role may not connect, and names a failing replica as the replica", () => {
    const refused = Object.assign(new Error('role "ghost" does not exist'), { code: '28000' });
    expect((explainDatabaseError(refused, 'postgres://ghost:pw@db.example/q') as Error).message).toBe(
      'Cannot use the database at db.example:5432/q: the user may not connect (role "ghost" does not exist).',
    );
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(
      (explainDatabaseError(down, 'postgres://r:pw@replica.example/q', { replica: true }) as Error).message,
    ).toBe(
      'Cannot use the read replica (DATABASE_READ_URL) at replica.example:5432/q: nothing listens there.',
    );
  });

  it('names each process to the server by host and process id, within the 63 bytes it keeps', () => {
    expect(processApplicationName('bot-2', 4711)).toBe('quellen bot-2 pid 4711');
    const long = processApplicationName(`${'h'.repeat(80)}.example`, 4711);
    expect(Buffer.byteLength(long)).toBe(63);
    expect(long).toMatch(/^quellen h+ pid 4711$/);
    expect(processApplicationName('rechner-müller', 1)).toBe('quellen rechner-m?ller pid 1');
    expect(processApplicationName('bot-😀', 1)).toBe('quellen bot-? pid 1');
    expect(processApplicationName('', 7)).toBe('quellen pid 7');
  });

  it('passes other errors on as they are', () => {
    const other = new Error('syntax error at or near "SELEC"');
    expect(explainDatabaseError(other, 'postgres://db/quellen')).toBe(other);
  });
});

describePostgres('database errors from a real server', () => {
  it('searches with the configured HNSW candidate list and iterative scans on every connection', async () => {
    const database = await createTestDatabase();
    const pool = createPool({ url: database.url, efSearch: 321, maxConnections: 2 });
    try {
      await migrate(pool);
      const settings = await Promise.all(
        [0, 1].map(() =>
          pool.query<{ ef: string; scan: string }>(
            `SELECT current_setting('hnsw.ef_search') AS ef, current_setting('hnsw.iterative_scan') AS scan, pg_sleep(0.05)`,
          ),
        ),
      );
      for (const { rows } of settings) expect(rows[0]).toMatchObject({ ef: '321', scan: 'strict_order' });
    } finally {
      await pool.end();
      await database.drop();
    }
  });

  it('sends a read again on a new connection when the server drops the one it ran on', async () => {
    const database = await createTestDatabase();
    const pool = createPool({ url: database.url, applicationName: 'quellen (retry test)' });
    const admin = createPool({ url: database.url });
    try {
      const reading = pool.query<{ answer: number }>('SELECT 42 AS answer FROM pg_sleep(0.5)');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { rows } = await admin.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
         WHERE application_name = 'quellen (retry test)' AND state = 'active'`,
      );
      expect(rows.map((row) => row.terminated)).toEqual([true]);
      expect((await reading).rows[0]?.answer).toBe(42);
      // A statement that fails on its own is not sent again.
      await expect(pool.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
    } finally {
      await pool.end();
      await admin.end();
      await database.drop();
    }
  });

  it('says which role may not connect', async () => {
    const database = await createTestDatabase();
    const url = new URL(database.url);
    url.username = 'quellen_no_such_role';
    url.password = 'n0t-Printed';
    const pool = createPool({ url: url.toString() });
    try {
      const raw = await migrate(pool).catch((caught: unknown) => caught);
      const { message } = explainDatabaseError(raw, url.toString()) as Error;
      // A server that authenticates by password answers an unknown role as a wrong password
      // (28P01), one that trusts the host says the role does not exist (28000, as in CI).
      if ((raw as { code?: string }).code === '28P01') {
        expect(message).toMatch(/^Cannot use the database at .*: the password was refused\.$/);
      } else {
        expect(message).toMatch(
          /^Cannot use the database at .*: the user may not connect \(role "quellen_no_such_role" does not exist\)\.$/,
        );
      }
      expect(message).not.toContain('n0t-Printed');
    } finally {
      await pool.end();
      await database.drop();
    }
  });

  it('asks for the extension to be created by a superuser, naming the database', async () => {
    const database = await createTestDatabase();
    const name = new URL(database.url).pathname.slice(1);
    const role = `quellen_plain_${process.pid}_${Date.now()}`;
    const admin = createPool({ url: database.url, maxConnections: 1 });
    const url = new URL(database.url);
    url.username = role;
    const pool = createPool({ url: url.toString(), maxConnections: 1 });
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`GRANT CREATE ON DATABASE ${name} TO ${role}`);
      const error = await migrate(pool).catch((caught: unknown) => caught);
      expect(isUserError(error) && error.code).toBe('INDEX_UNUSABLE');
      expect((error as Error).message).toBe(
        `Not allowed to create the pgvector extension: run "CREATE EXTENSION vector" once as a superuser in database "${name}".`,
      );
    } finally {
      await pool.end();
      await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
      await database.drop();
    }
  });

  it('opens without writing when asked to: a database never migrated is reported, not migrated', async () => {
    const database = await createTestDatabase();
    const pool = createPool({ url: database.url });
    const backend = new PostgresBackend({
      pool,
      url: database.url,
      embedder: new HashEmbedder(16),
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
      logger: silentLogger,
    });
    try {
      const error = await backend.open(undefined, { readOnly: true }).catch((caught: unknown) => caught);
      expect(isUserError(error) && error.code).toBe('INDEX_UNUSABLE');
      expect((error as Error).message).toMatch(/run "quellen migrate"/);
      const { rows } = await pool.query<{ schema: string | null }>(
        `SELECT to_regnamespace('quellen')::text AS schema`,
      );
      expect(rows[0]?.schema).toBeNull();
      // Opened to serve, the same process migrates it.
      await expect(backend.open()).rejects.toMatchObject({ code: 'missing' });
      const { rows: after } = await pool.query<{ schema: string | null }>(
        `SELECT to_regnamespace('quellen')::text AS schema`,
      );
      expect(after[0]?.schema).toBe('quellen');
    } finally {
      await backend.close();
      await database.drop();
    }
  });

  it('says that the database does not exist', async () => {
    const database = await createTestDatabase();
    await database.drop();
    const pool = createPool({ url: database.url });
    try {
      const error = await migrate(pool).catch((caught: unknown) =>
        explainDatabaseError(caught, database.url),
      );
      expect((error as Error).message).toMatch(
        /^Cannot use the database at .*: the database does not exist\.$/,
      );
    } finally {
      await pool.end();
    }
  });
});
