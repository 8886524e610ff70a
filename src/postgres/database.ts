import os from 'node:os';
import pg from 'pg';
import { UserError } from '../core/errors';
import { DEFAULT_EF_SEARCH } from './defaults';

/** How quellen connects to PostgreSQL. */
export interface DatabaseOptions {
  /** A `postgres://` connection string; it may hold a password and is never logged. */
  url: string;
  /** Connections this process keeps at most (default 10). */
  maxConnections?: number;
  /** A statement running longer is cancelled (default 30 s). */
  statementTimeoutMs?: number;
  /** Giving up on connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** Candidates HNSW search keeps (pgvector's `hnsw.ef_search`, default {@link DEFAULT_EF_SEARCH}). */
  efSearch?: number;
  /**
   * Shown in `pg_stat_activity`, and by a writer refused the lock (default: "quellen", this
   * host's name and this process's id, so that operators can tell which process holds it).
   */
  applicationName?: string;
}

/**
 * A connection pool to quellen's database. Every connection scans HNSW graphs iteratively
 * (pgvector 0.8), so that a search with a filter still finds its `k` nearest passages.
 */
export function createPool(options: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    application_name: options.applicationName ?? processApplicationName(),
    options: `-c hnsw.iterative_scan=strict_order -c hnsw.ef_search=${options.efSearch ?? DEFAULT_EF_SEARCH}`,
    // A command that is done exits, instead of waiting for idle connections to time out.
    allowExitOnIdle: true,
  });
  // An idle connection the server drops is replaced on the next query; without a listener the
  // error would end the process.
  pool.on('error', () => {});
  // A query the pool sends on a connection the server has just dropped (a restart, a failover,
  // an administrator) is sent once more on a new one. Queries through the pool are single
  // statements that read; a writer's transaction runs on a client of its own and is not retried.
  const query = pool.query.bind(pool) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
  pool.query = (async (text: string, values?: unknown[]) => {
    try {
      return await query(text, values);
    } catch (error) {
      if (!isDroppedConnection(error)) throw error;
      return query(text, values);
    }
  }) as typeof pool.query;
  return pool;
}

/** PostgreSQL keeps the first 63 bytes of an application name. */
const MAX_APPLICATION_NAME_BYTES = 63;

/** "quellen", this host and this process, e.g. `quellen bot-2 pid 4711`, cut to what the server keeps. */
export function processApplicationName(host: string = os.hostname(), pid: number = process.pid): string {
  // ASCII only, one character per byte: servers show other characters as "?" or as escapes.
  const shown = host.trim().replace(/[^\x20-\x7e]/gu, '?');
  const suffix = ` pid ${pid}`;
  const name = shown === '' ? `quellen${suffix}` : `quellen ${shown}${suffix}`;
  return name.length <= MAX_APPLICATION_NAME_BYTES
    ? name
    : `${name.slice(0, MAX_APPLICATION_NAME_BYTES - suffix.length)}${suffix}`;
}

/** Whether an error means the connection was lost, not that the statement failed. */
export function isDroppedConnection(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  // 57P01-57P03: the server is shutting down or terminated the connection; 08xxx: connection exceptions.
  if (code !== undefined && (/^57P0[123]$/.test(code) || /^08/.test(code))) return true;
  if (code === 'ECONNRESET' || code === 'EPIPE') return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error/i.test(
    message ?? '',
  );
}

/** Where a connection string points, without user or password: for messages and logs. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    const database = parsed.pathname.replace(/^\//, '') || '(default database)';
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`;
  } catch {
    return '(unreadable DATABASE_URL)';
  }
}

/**
 * A failure to reach or use the database as a one-line error for operators, naming the
 * database but never its credentials; other errors are returned as they are.
 */
export function explainDatabaseError(
  error: unknown,
  url: string,
  options: { replica?: boolean } = {},
): unknown {
  const code = (error as { code?: string } | undefined)?.code;
  const where = describeDatabase(url);
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'nothing listens there',
    ENOTFOUND: 'the host name is unknown',
    EAI_AGAIN: 'the host name could not be resolved',
    ETIMEDOUT: 'the connection timed out',
    ECONNRESET: 'the server closed the connection',
    '28P01': 'the password was refused',
    '28000': 'the user may not connect',
    '3D000': 'the database does not exist',
    '57P03': 'the server is starting up or shutting down',
    '42501':
      'the role lacks rights on quellen\'s tables (answering needs USAGE on schema quellen and SELECT on its tables; indexing must run as the role that owns them, the one that ran "quellen migrate", which needs CREATE on the database)',
  };
  const message = (error as Error | undefined)?.message ?? '';
  // The server says which: no such role, a role that may not log in, no pg_hba.conf entry. It
  // names the role, host and database, never a password.
  const refused = code === '28000' && message ? `${reasons[code]} (${oneLine(message)})` : undefined;
  const reason =
    refused ??
    (code && reasons[code]) ??
    (/timeout expired|connection timeout/i.test(message)
      ? 'the connection timed out'
      : /Connection terminated unexpectedly/i.test(message)
        ? 'the server closed the connection'
        : /does not support SSL/i.test(message)
          ? 'the server does not accept SSL connections (see sslmode in the URL)'
          : undefined);
  if (!reason) return error;
  const which = options.replica ? 'the read replica (DATABASE_READ_URL)' : 'the database';
  return new UserError(
    'INDEX_UNUSABLE',
    `Cannot use ${which} at ${where}: ${reason}.`,
    { where },
    { cause: error },
  );
}

/** A server message on one line, at most 200 characters. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
