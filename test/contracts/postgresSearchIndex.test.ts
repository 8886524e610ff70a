import type { Pool } from 'pg';
import { createPool } from '../../src/postgres/database';
import { PostgresIndexer } from '../../src/postgres/postgresIndexer';
import { PostgresSearchIndex } from '../../src/postgres/postgresSearchIndex';
import { migrate } from '../../src/postgres/schema';
import { chunkByBlock, FAKE_CHUNKING } from '../fakes/blockChunker';
import { createTestDatabase, describePostgres } from '../support/postgres';
import { describeSearchIndexContract } from './searchIndex.contract';

/** The postgres backend as a bot process opens it: a generation written by the indexer, read from the newest commit. */
describePostgres('the postgres backend', () => {
  describeSearchIndexContract('PostgreSQL with pgvector', async ({ articles, embedder }) => {
    const database = await createTestDatabase();
    const pool: Pool = createPool({ url: database.url, maxConnections: 4 });
    try {
      await migrate(pool);
      const indexer = new PostgresIndexer({ pool, embedder, chunk: chunkByBlock, chunking: FAKE_CHUNKING });
      await indexer.update({ articles, skipped: [] });
      const search = await PostgresSearchIndex.open(pool);
      return {
        search,
        close: async () => {
          await pool.end();
          await database.drop();
        },
      };
    } catch (error) {
      await pool.end();
      await database.drop();
      throw error;
    }
  });
});
