import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A PostgreSQL server with pgvector for the backend suites: `QUELLEN_TEST_DATABASE_URL` names a
 * role that may create databases (`.ci/run` starts a throwaway cluster and sets it). Each suite
 * gets a database of its own, dropped afterwards.
 */
const ADMIN_URL = process.env.QUELLEN_TEST_DATABASE_URL ?? '';

/** Whether the backend suites can run. */
export const postgresAvailable = ADMIN_URL !== '';

/** `describe` when a test server is configured; otherwise the suite is skipped with one line saying why. */
export function describePostgres(name: string, body: () => void): void {
  if (postgresAvailable) {
    describe(name, body);
    return;
  }
  console.log(
    `skipping ${name}: no PostgreSQL with pgvector (set QUELLEN_TEST_DATABASE_URL, as .ci/run does)`,
  );
  describe.skip(name, body);
}

/** A database of its own on the test server. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `quellen_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
