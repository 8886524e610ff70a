import pg, { type Pool } from 'pg';
import { isUserError } from '../../src/core/errors';
import { ANALYSIS_VERSION, analyze } from '../../src/core/text/analysis';
import { PostingsLexicalIndex } from '../../src/core/retrieval/postingsLexicalIndex';
import type { Article, Embedder } from '../../src/core/types';
import { createPool, processApplicationName } from '../../src/postgres/database';
import { silentLogger } from '../../src/core/logger';
import { PostgresBackend } from '../../src/postgres/postgresBackend';
import { PostgresIndexer } from '../../src/postgres/postgresIndexer';
import { PostgresSearchIndex, latestGeneration } from '../../src/postgres/postgresSearchIndex';
import { LOCK_SPACE, SCHEMA_VERSION, WRITER_LOCK, assertSchema, migrate } from '../../src/postgres/schema';
import { makeArticle, randomArticle } from '../fakes/articles';
import { chunkByBlock, FAKE_CHUNKING } from '../fakes/blockChunker';
import { HashEmbedder } from '../fakes/hashEmbedder';
import { cosine } from '../../src/core/answer/terms';
import { type TestDatabase, createTestDatabase, describePostgres } from '../support/postgres';

const QUERIES = [
  'Regierung Stadt',
  'Exklave',
  'bahn hafen',
  'Ernährung',
  'neu geschrieben',
  'Bürgermeisterin',
];

/**
 * Lexical results of the database's newest generation, read from its postings blocks and from its
 * postings rows, and of a fresh in-process index over the same articles.
 */
async function expectSameRanking(pool: Pool, articles: readonly Article[]): Promise<void> {
  const search = await PostgresSearchIndex.open(pool);
  expect(search.generation.termBlocks).toBe(true);
  const overRows = await PostgresSearchIndex.open(pool, { termBlocks: false });
  const reference = new PostingsLexicalIndex();
  reference.add(articles.flatMap((article) => chunkByBlock(article)));
  for (const query of QUERIES) {
    const expected = reference.search(query, 8);
    for (const index of [search, overRows]) {
      const hits = await index.lexicalSearch(query, 8);
      expect([query, hits.map((hit) => hit.id)]).toEqual([query, expected.map((hit) => hit.id)]);
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 9));
    }
  }
  const terms = ['regier', 'exklav', 'bahn', 'geschrieb'];
  const statistics = await search.termStatistics(terms);
  expect(statistics.passages).toBe(reference.size);
  for (const term of terms)
    expect(statistics.documentFrequency.get(term)).toBe(reference.documentFrequency(term));
}

/** The definition of the graph index, undefined when there is none. */
async function graphDefinition(pool: Pool): Promise<string | undefined> {
  const { rows } = await pool.query<{ indexdef: string }>(
    "SELECT indexdef FROM pg_indexes WHERE schemaname = 'quellen' AND indexname = 'passages_embedding'",
  );
  return rows[0]?.indexdef;
}

/** Replaces the graph index with one over 32-bit floats, as schema 1 built it. */
async function buildSchema1Graph(pool: Pool, options = ''): Promise<void> {
  await pool.query('DROP INDEX quellen.passages_embedding');
  await pool.query(
    `CREATE INDEX passages_embedding ON quellen.passages USING hnsw (embedding vector_cosine_ops) ${options}`,
  );
}

describePostgres('PostgresIndexer', () => {
  let database: TestDatabase;
  let pool: Pool;
  let embedder: HashEmbedder;
  let indexer: PostgresIndexer;

  beforeEach(async () => {
    database = await createTestDatabase();
    pool = createPool({ url: database.url, maxConnections: 4 });
    await migrate(pool);
    embedder = new HashEmbedder(16);
    indexer = new PostgresIndexer({ pool, embedder, chunk: chunkByBlock, chunking: FAKE_CHUNKING });
  });
  afterEach(async () => {
    await pool.end();
    await database.drop();
  });

  /**
   * Runs `body` with a pool connected as a new login role granted what `grants` gives (SQL for the
   * role's name), and drops the role afterwards.
   */
  const withRole = async (
    prefix: string,
    grants: (role: string) => string,
    body: (rolePool: Pool, role: string) => Promise<void>,
  ) => {
    const role = `${prefix}_${process.pid}_${Date.now()}`;
    await pool.query(`CREATE ROLE ${role} LOGIN`);
    const url = new URL(database.url);
    url.username = role;
    const rolePool = createPool({ url: url.toString(), maxConnections: 1 });
    try {
      await pool.query(grants(role));
      await body(rolePool, role);
    } finally {
      await rolePool.end();
      await pool.query(`DROP OWNED BY ${role}`);
      await pool.query(`DROP ROLE ${role}`);
    }
  };

  /** A backend on this test's pool and database, as a bot process would open one. */
  const backendOnPool = () =>
    new PostgresBackend({
      pool,
      url: database.url,
      embedder,
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
      logger: silentLogger,
    });

  const base = [
    makeArticle('a.md', [
      '# Politik',
      'Die Regierung der Stadt tagte.',
      'Die Regierungsexklave liegt am Fluss.',
    ]),
    makeArticle('b.md', ['Die Bürgermeisterin eröffnete den Hafen.', 'Die Bahn fährt zum Hafen.']),
    randomArticle('c.md', 4, 3),
  ];

  it('answers what query translation asks about terms as an index in this process does', async () => {
    await indexer.update({ articles: base, skipped: [] });
    const served = await backendOnPool().open();
    const local = new PostingsLexicalIndex();
    local.add(base.flatMap((article) => chunkByBlock(article)));
    const terms = ['Exklave', 'Regierung', 'Hafen', 'Fluss', 'Bürgermeister', 'Zeppelin'].map(
      (word) => analyze(word)[0]!,
    );
    const vocabulary = await served.vocabulary.lookup(terms);
    const answers = (v: {
      has: (t: string) => boolean;
      hasTerm?: (t: string) => boolean;
      endsCompound?: (t: string) => boolean;
    }) => terms.map((term) => [term, v.has(term), v.hasTerm?.(term), v.endsCompound?.(term)]);
    expect(terms.every((term) => vocabulary.covers(term))).toBe(true);
    expect(answers(vocabulary)).toEqual(
      answers({
        has: (t) => local.hasWordFamily(t),
        hasTerm: (t) => local.hasTerm(t),
        endsCompound: (t) => local.endsCompound(t),
      }),
    );
    // "Exklave" stands only in "Regierungsexklave", "Bürgermeister" only in "Bürgermeisterin" (no compound).
    expect(vocabulary.endsCompound!(analyze('Exklave')[0]!)).toBe(true);
    expect(vocabulary.endsCompound!(analyze('Hafen')[0]!)).toBe(false);
  });

  it('appends to the blocks of terms that only gained postings, and ranks as a fresh index', async () => {
    await indexer.update({ articles: base, skipped: [] });
    const blocksOf = async (term: string) =>
      (
        await pool.query<{ born: string; died: string | null; entries: number }>(
          'SELECT born, died, entries FROM quellen.term_blocks WHERE term = $1 AND field = 0 ORDER BY born',
          [term],
        )
      ).rows.map((row) => [Number(row.born), row.died === null ? null : Number(row.died), row.entries]);
    const [hafen] = analyze('Hafen');
    const before = (await blocksOf(hafen!))[0]![2]!;
    expect(await blocksOf(hafen!)).toEqual([[1, null, before]]);
    expect(before).toBeGreaterThanOrEqual(2);
    // Only added: "Hafen" gains a posting; nothing of it is retired.
    const added = [
      ...base,
      makeArticle('e.md', ['Der Hafen der Stadt ist neu.', 'Die Regierung tagte am Hafen.']),
    ];
    await indexer.update({ articles: added, skipped: [] });
    expect(await blocksOf(hafen!)).toEqual([
      [1, 2, before],
      [2, null, before + 2],
    ]);
    await expectSameRanking(pool, added);
    // Then a removal: the terms of the removed article are written anew.
    const fewer = added.filter((article) => article.id !== 'b.md');
    await indexer.update({ articles: fewer, skipped: [] });
    expect((await blocksOf(hafen!)).at(-1)).toEqual([3, null, before]);
    await expectSameRanking(pool, fewer);
  });

  it('gives an article’s passages in order, or those of a range of ordinals, as an index in this process does', async () => {
    await indexer.update({ articles: base, skipped: [] });
    const served = await backendOnPool().open();
    const article = base[2]!;
    const all = chunkByBlock(article);
    expect(all.length).toBeGreaterThan(3);
    expect(await served.passagesOf(article.id)).toEqual(all);
    expect(await served.passagesOf(article.id, { from: 1, to: 3 })).toEqual(all.slice(1, 3));
    // Clamped to the article; an empty range, an unknown article: nothing.
    expect(await served.passagesOf(article.id, { from: -5, to: 2 })).toEqual(all.slice(0, 2));
    expect(await served.passagesOf(article.id, { from: all.length - 1, to: 99 })).toEqual(all.slice(-1));
    expect(await served.passagesOf(article.id, { from: 2, to: 2 })).toEqual([]);
    expect(await served.passagesOf('none.md', { from: 0, to: 5 })).toEqual([]);
  });

  it('updates in place: changed, removed and added articles, only new texts embedded, ranking as a fresh index', async () => {
    const first = await indexer.update({ articles: base, skipped: [] });
    expect(first).toMatchObject({ added: 3, written: true, generation: '1' });
    // The first build reports itself as a rebuild, as the file backend's does.
    expect(first.rebuildReason).toBe('no index in the database yet; building it');
    expect(first.firstBuild).toBe(true);
    await expectSameRanking(pool, base);

    embedder.embeddedTexts.length = 0;
    const changedA = makeArticle('a.md', [
      '# Politik',
      'Die Regierung der Stadt tagte.',
      'Ein Absatz, neu geschrieben über die Exklave.',
    ]);
    const d = makeArticle('d.md', ['Die Ernährung der Stadt ist gesichert.']);
    const next = [changedA, base[2]!, d];
    // b.md can no longer be read: its article is removed, and the summary names it.
    const second = await indexer.update({
      articles: next,
      skipped: [
        { path: 'x.pdf', reason: 'unsupported' },
        { path: 'b.md', reason: 'binary file, not text' },
      ],
    });
    expect(second.rebuildReason).toBeUndefined();
    expect(second.unreadable).toEqual(['b.md']);
    expect(second).toMatchObject({
      added: 1,
      changed: 1,
      removed: 1,
      unchanged: 1,
      written: true,
      generation: '2',
    });
    // The unchanged paragraph of a.md keeps its vector; only new texts are embedded.
    expect(embedder.embeddedTexts.sort()).toEqual(
      ['Ein Absatz, neu geschrieben über die Exklave.', 'Die Ernährung der Stadt ist gesichert.'].sort(),
    );
    expect(second.embeddedPassages).toBe(2);
    await expectSameRanking(pool, next);
    const search = await PostgresSearchIndex.open(pool);
    expect([...(await search.articles(['a.md', 'b.md', 'd.md'])).keys()].sort()).toEqual(['a.md', 'd.md']);
    expect((await search.articles(['a.md'])).get('a.md')).toEqual(changedA);
    const dense = await search.denseSearch(embedder.vectorOf('Die Ernährung der Stadt ist gesichert.'), 1);
    expect(dense[0]?.passage.id).toBe('d.md#0');
    expect(dense[0]?.score).toBeCloseTo(1, 5);

    const again = await indexer.update({ articles: next, skipped: [] });
    expect(again).toMatchObject({ unchanged: 3, written: false, generation: '2', embeddedPassages: 0 });
  });

  it('keeps the stamp an unchanged file was read with, so the next run need not read it again', async () => {
    await indexer.update({ articles: base, skipped: [] });
    const stampsOf = async (live: boolean) =>
      Object.fromEntries(
        (
          await pool.query<{ id: string; file: unknown }>(
            `SELECT id, record->'file' AS file FROM quellen.articles WHERE died IS ${live ? '' : 'NOT'} NULL ORDER BY id`,
          )
        ).rows.map((row) => [row.id, row.file]),
      );
    // Built from files too fresh to stamp.
    expect(await stampsOf(true)).toEqual({ 'a.md': null, 'b.md': null, 'c.md': null });
    const stamp = { bytes: 10, ino: 1, mtimeMs: 1000, ctimeMs: 1000 };
    const touched = { ...stamp, ctimeMs: 2000 };
    const stamped = base.map((article, i) => ({ ...article, file: i === 0 ? touched : stamp }));
    const summary = await indexer.update({ articles: stamped, skipped: [] });
    expect(summary).toMatchObject({ unchanged: 3, written: false, generation: '1' });
    expect(await stampsOf(true)).toEqual({ 'a.md': touched, 'b.md': stamp, 'c.md': stamp });
    // An article read without a trusted stamp keeps the one it had.
    await indexer.update({ articles: base, skipped: [] });
    expect(await stampsOf(true)).toEqual({ 'a.md': touched, 'b.md': stamp, 'c.md': stamp });
    // The texts are untouched.
    expect((await (await PostgresSearchIndex.open(pool)).articles(['b.md'])).get('b.md')).toEqual({
      ...base[1]!,
      file: stamp,
    });

    // A run that writes a generation takes new stamps with it; the row b.md's old version left
    // behind keeps its own.
    const changedB = { ...makeArticle('b.md', ['Die Bürgermeisterin schloss den Hafen.']), file: stamp };
    await indexer.update({ articles: [stamped[0]!, changedB, stamped[2]!], skipped: [] });
    const later = { ...stamp, ctimeMs: 3000 };
    const next = [
      { ...stamped[0]!, file: later },
      { ...changedB, file: later },
      { ...stamped[2]!, file: later },
    ];
    const d = makeArticle('d.md', ['Ein neuer Artikel.']);
    expect(await indexer.update({ articles: [...next, d], skipped: [] })).toMatchObject({
      written: true,
      added: 1,
    });
    expect(await stampsOf(true)).toEqual({ 'a.md': later, 'b.md': later, 'c.md': later, 'd.md': null });
    expect(await stampsOf(false)).toEqual({ 'b.md': stamp });
    // An aborted run leaves the stamps as they were.
    const aborted = new AbortController();
    aborted.abort();
    const latest = next.map((article) => ({ ...article, file: { ...stamp, ctimeMs: 4000 } }));
    await expect(
      indexer.update({ articles: [...latest, d], skipped: [] }, { signal: aborted.signal }),
    ).rejects.toThrow();
    expect(await stampsOf(true)).toEqual({ 'a.md': later, 'b.md': later, 'c.md': later, 'd.md': null });
  });

  it('keeps serving a reader its generation while the next one commits', async () => {
    await indexer.update({ articles: base, skipped: [] });
    const old = await PostgresSearchIndex.open(pool);
    const before = await old.lexicalSearch('Bürgermeisterin', 3);
    expect(before.map((hit) => hit.id)).toEqual(['b.md#0']);

    await indexer.update({ articles: [base[0]!], skipped: [] });
    // The reader pinned to generation 1 still sees b.md; a reader of the newest does not.
    expect(await old.lexicalSearch('Bürgermeisterin', 3)).toEqual(before);
    expect((await old.passages(['b.md#0'])).size).toBe(1);
    const fresh = await PostgresSearchIndex.open(pool);
    expect(fresh.generation.id).toBe(2);
    expect(await fresh.lexicalSearch('Bürgermeisterin', 3)).toEqual([]);
    expect((await fresh.passages(['b.md#0'])).size).toBe(0);
  });

  it('keeps the rows replaced generations need for the retention time, then deletes them', async () => {
    await indexer.update({ articles: base, skipped: [] });
    const first = await PostgresSearchIndex.open(pool);
    await indexer.update({ articles: [base[0]!, base[2]!], skipped: [] });
    const changed = makeArticle('a.md', ['# Politik', 'Die Regierung der Stadt tagte lange.']);
    await indexer.update({ articles: [changed, base[2]!], skipped: [] });
    // Two generations later, a process still on the first finds all of its rows.
    expect((await first.lexicalSearch('Bürgermeisterin', 3)).map((hit) => hit.id)).toEqual(['b.md#0']);
    expect((await first.articles(['a.md'])).get('a.md')).toEqual(base[0]);
    const [term] = analyze('Bürgermeisterin');
    expect((await first.termStatistics([term!])).documentFrequency.get(term!)).toBe(1);

    // Without retention, the next run deletes every row a generation before the newest replaced.
    const impatient = new PostgresIndexer({
      pool,
      embedder,
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
      retainReplacedMs: 0,
    });
    const newest = await PostgresSearchIndex.open(pool);
    await impatient.update({ articles: [changed, base[2]!], skipped: [] });
    const { rows } = await pool.query<{ replaced: number }>(
      `SELECT (SELECT count(*) FROM quellen.passages WHERE died IS NOT NULL)::int
            + (SELECT count(*) FROM quellen.postings WHERE died IS NOT NULL)::int
            + (SELECT count(*) FROM quellen.terms WHERE died IS NOT NULL)::int
            + (SELECT count(*) FROM quellen.term_blocks WHERE died IS NOT NULL)::int
            + (SELECT count(*) FROM quellen.passage_numbers WHERE died IS NOT NULL)::int
            + (SELECT count(*) FROM quellen.articles WHERE died IS NOT NULL)::int AS replaced`,
    );
    expect(rows[0]!.replaced).toBe(0);
    expect(await first.lexicalSearch('Bürgermeisterin', 3)).toEqual([]);
    // The newest generation is whole.
    await expectSameRanking(pool, [changed, base[2]!]);
    expect(newest.generation.id).toBe(3);
  });

  it('leaves nothing visible when a run is aborted while it writes', async () => {
    await indexer.update({ articles: base, skipped: [] });
    // More passages than one written batch, so that the abort comes between two.
    const many = Array.from({ length: 700 }, (_, i) => randomArticle(`m${i}.md`, 4, i));
    const controller = new AbortController();
    const run = indexer.update(
      { articles: [...base, ...many], skipped: [] },
      {
        signal: controller.signal,
        onProgress: (event) => {
          if (event.phase === 'writing') controller.abort();
        },
      },
    );
    await expect(run).rejects.toThrow();
    expect((await latestGeneration(pool))?.id).toBe(1);
    const { rows } = await pool.query<{ later: number }>(
      `SELECT (SELECT count(*) FROM quellen.passages WHERE born > 1)::int
            + (SELECT count(*) FROM quellen.postings WHERE born > 1)::int
            + (SELECT count(*) FROM quellen.terms WHERE born > 1)::int
            + (SELECT count(*) FROM quellen.passages WHERE died IS NOT NULL)::int AS later`,
    );
    expect(rows[0]!.later).toBe(0);
    await expectSameRanking(pool, base);
    expect(await indexer.update({ articles: [...base, ...many], skipped: [] })).toMatchObject({
      added: 700,
      generation: '2',
    });
  });

  it('leaves nothing visible when a run fails before it commits, and the next run completes', async () => {
    await indexer.update({ articles: base, skipped: [] });
    const failing = new PostgresIndexer({
      pool,
      embedder: {
        id: embedder.id,
        dimensions: embedder.dimensions,
        embedQuery: (text) => embedder.embedQuery(text),
        embedPassages: async () => {
          throw new Error('model crashed');
        },
      },
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
    });
    const added = makeArticle('e.md', ['Ein ganz neuer Text über Zeppeline.']);
    await expect(failing.update({ articles: [...base, added], skipped: [] })).rejects.toThrow(
      'model crashed',
    );
    const controller = new AbortController();
    controller.abort();
    await expect(
      indexer.update({ articles: [...base, added], skipped: [] }, { signal: controller.signal }),
    ).rejects.toThrow();
    expect((await latestGeneration(pool))?.id).toBe(1);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM quellen.passages WHERE born > 1');
    expect(rows[0].n).toBe(0);

    const done = await indexer.update({ articles: [...base, added], skipped: [] });
    expect(done).toMatchObject({ added: 1, unchanged: 3, generation: '2' });
    await expectSameRanking(pool, [...base, added]);
  });

  it('refuses to write an article whose text does not hold its blocks (one kept without being read)', async () => {
    await indexer.update({ articles: base, skipped: [] });
    const stub = { ...makeArticle('neu.md', ['Ein Absatz.', 'Noch einer.']), text: '' };
    await expect(indexer.update({ articles: [...base, stub], skipped: [] })).rejects.toThrow(
      /neu\.md was kept without being read again, but must be written/,
    );
    expect((await latestGeneration(pool))?.id).toBe(1);
  });

  it('lets one writer at a time write, naming the one that holds the lock', async () => {
    const other = new pg.Client({
      connectionString: database.url,
      application_name: 'quellen index (host b)',
    });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, WRITER_LOCK]);
      const error = await indexer.update({ articles: base, skipped: [] }).catch((caught: unknown) => caught);
      expect(isUserError(error) && error.code).toBe('INDEX_LOCKED');
      expect((error as Error).message).toMatch(/quellen index \(host b\)/);
      expect(await latestGeneration(pool)).toBeUndefined();
    } finally {
      await other.end();
    }
    expect(await indexer.update({ articles: base, skipped: [] })).toMatchObject({ written: true });
  });

  it('names a quellen process holding the lock by its host and process id', async () => {
    // The holder with the name every quellen process gives itself; the refused writer with another.
    const holder = createPool({ url: database.url, maxConnections: 1 });
    const refusedPool = createPool({
      url: database.url,
      maxConnections: 2,
      applicationName: 'quellen (refused)',
    });
    const client = await holder.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, WRITER_LOCK]);
      const refused = new PostgresIndexer({
        pool: refusedPool,
        embedder,
        chunk: chunkByBlock,
        chunking: FAKE_CHUNKING,
      });
      const error = await refused.update({ articles: base, skipped: [] }).catch((caught: unknown) => caught);
      expect(isUserError(error) && error.code).toBe('INDEX_LOCKED');
      expect((error as Error).message).toContain(`being updated by ${processApplicationName()} (`);
      expect(processApplicationName()).toContain(`pid ${process.pid}`);
    } finally {
      client.release();
      await holder.end();
      await refusedPool.end();
    }
  });

  it('analyses the tables after writing even when questions have a statement timeout shorter than that takes', async () => {
    const impatient = createPool({ url: database.url, maxConnections: 2, statementTimeoutMs: 25 });
    try {
      const writer = new PostgresIndexer({
        pool: impatient,
        embedder,
        chunk: chunkByBlock,
        chunking: FAKE_CHUNKING,
      });
      // Enough rows that vacuuming and analysing them takes longer than 25 ms.
      const many = Array.from({ length: 400 }, (_, i) => randomArticle(`v${i}.md`, 4, i));
      expect(await writer.update({ articles: many, skipped: [] })).toMatchObject({ written: true });
      const { rows } = await pool.query<{ tablename: string }>(
        `SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = 'quellen' ORDER BY tablename`,
      );
      expect(rows.map((row) => row.tablename)).toEqual(
        expect.arrayContaining(['articles', 'passages', 'postings', 'terms']),
      );
      // The writer's connection goes back to the pool with the questions' timeout.
      const settings = await Promise.all(
        [0, 1].map(() =>
          impatient.query<{ timeout: string }>(`SELECT current_setting('statement_timeout') AS timeout`),
        ),
      );
      for (const {
        rows: [row],
      } of settings)
        expect(row!.timeout).toBe('25ms');
    } finally {
      await impatient.end();
    }
  });

  it('reports the tables it could not vacuum when indexing runs as a role that does not own them', async () => {
    await indexer.update({ articles: base, skipped: [] });
    await withRole(
      'quellen_writer',
      // Not ALL: from PostgreSQL 17 that includes MAINTAIN, which lets a role vacuum.
      (role) =>
        `GRANT USAGE ON SCHEMA quellen TO ${role}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA quellen TO ${role}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA quellen TO ${role}`,
      async (writerPool) => {
        const warnings: Array<{ obj: unknown; msg?: string }> = [];
        const logger = {
          ...silentLogger,
          warn: (obj: object | string, msg?: string) => warnings.push({ obj, msg }),
        };
        const writer = new PostgresIndexer({
          pool: writerPool,
          embedder,
          chunk: chunkByBlock,
          chunking: FAKE_CHUNKING,
          logger,
        });
        const changed = [base[0]!, base[1]!, makeArticle('d.md', ['Die Ernährung der Stadt ist gesichert.'])];
        expect(await writer.update({ articles: changed, skipped: [] })).toMatchObject({ written: true });
        expect(warnings).toEqual([
          {
            obj: { warnings: expect.arrayContaining([expect.stringMatching(/postings/)]) },
            msg: expect.stringMatching(
              /vacuuming and analysing the index tables after writing reported problems/,
            ),
          },
        ]);
      },
    );
  });

  it('lets roles that read the index read the postings blocks once migrated, and searches over the rows for one that may not', async () => {
    await indexer.update({ articles: base, skipped: [] });
    // A reader granted the tables there were before schema 4, then the migration to it.
    await pool.query('DROP TABLE quellen.term_blocks, quellen.passage_numbers');
    await pool.query('ALTER TABLE quellen.generations DROP COLUMN term_blocks');
    await pool.query('DELETE FROM quellen.schema_version WHERE version = 4');
    await withRole(
      'quellen_reader',
      (role) =>
        `GRANT USAGE ON SCHEMA quellen TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA quellen TO ${role}`,
      async (readerPool, role) => {
        await migrate(pool);
        const { rows } = await pool.query<{ blocks: boolean; numbers: boolean }>(
          `SELECT has_table_privilege($1, 'quellen.term_blocks', 'SELECT') AS blocks,
                  has_table_privilege($1, 'quellen.passage_numbers', 'SELECT') AS numbers`,
          [role],
        );
        expect(rows[0]).toEqual({ blocks: true, numbers: true });
        await indexer.update({ articles: [base[0]!, base[2]!], skipped: [] });
        const owner = await PostgresSearchIndex.open(pool);
        expect(owner.generation.termBlocks).toBe(true);
        const expected = await owner.lexicalSearch('Hafen Regierung', 5);
        expect(expected.length).toBeGreaterThan(0);
        expect(
          await (await PostgresSearchIndex.open(readerPool)).lexicalSearch('Hafen Regierung', 5),
        ).toEqual(expected);
        await pool.query(`REVOKE SELECT ON quellen.term_blocks FROM ${role}`);
        const reader = await PostgresSearchIndex.open(readerPool);
        expect(await reader.lexicalSearch('Hafen Regierung', 5)).toEqual(expected);
        expect(await reader.lexicalSearch('Regierung', 5)).toEqual(await owner.lexicalSearch('Regierung', 5));
      },
    );
  });

  it('neither waits for nor names the writer of another database on the same server', async () => {
    const neighbour = await createTestDatabase();
    const other = new pg.Client({ connectionString: neighbour.url, application_name: 'quellen (staging)' });
    await other.connect();
    const mine = new pg.Client({
      connectionString: database.url,
      application_name: 'quellen index (host b)',
    });
    await mine.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, WRITER_LOCK]);
      const backend = backendOnPool();
      expect(await backend.writing()).toBe(false);
      expect(await indexer.update({ articles: base, skipped: [] })).toMatchObject({ written: true });

      await mine.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, WRITER_LOCK]);
      expect(await backend.writing()).toBe(true);
      const error = await indexer.update({ articles: base, skipped: [] }).catch((caught: unknown) => caught);
      expect((error as Error).message).toMatch(/quellen index \(host b\)/);
    } finally {
      await Promise.all([other.end(), mine.end()]);
      await neighbour.drop();
    }
  });

  it('tells an index written with another text analysis from one to use, and rebuilds it only with --full', async () => {
    await indexer.update({ articles: base, skipped: [] });
    // As a database written by quellen before analysis version 6 reads after migration 3.
    await pool.query('UPDATE quellen.collection SET analysis_version = 5');
    await expect(indexer.update({ articles: base, skipped: [] })).rejects.toThrow(
      new RegExp(
        `the text analysis changed from version 5 to ${ANALYSIS_VERSION}\\): run "quellen index --full"`,
      ),
    );
    const backend = backendOnPool();
    await expect(backend.open()).rejects.toThrow(
      `the index in the database was written with text analysis version 5 but this quellen uses version ${ANALYSIS_VERSION}`,
    );
    const rebuilt = await indexer.update({ articles: base, skipped: [] }, { full: true });
    expect(rebuilt.rebuildReason).toBe(`the text analysis changed from version 5 to ${ANALYSIS_VERSION}`);
    await expectSameRanking(pool, base);
  });

  it('walks the graph over 16-bit floats for dense search and orders its candidates by exact distance', async () => {
    const articles = [...base, ...Array.from({ length: 12 }, (_, i) => randomArticle(`r${i}.md`, 4, 40 + i))];
    await indexer.update({ articles, skipped: [] });
    expect(await graphDefinition(pool)).toMatch(
      /USING hnsw \(\(\(embedding\)::halfvec\(16\)\) halfvec_cosine_ops\)/,
    );

    // Every query the search sends, to ask the planner how it runs the dense one.
    const sent: Array<{ sql: string; values: unknown[] }> = [];
    const query = pool.query.bind(pool) as (sql: string, values?: unknown[]) => Promise<unknown>;
    const recording = Object.create(pool) as Pool;
    (recording as unknown as { query: typeof query }).query = (sql: string, values?: unknown[]) => {
      sent.push({ sql, values: values ?? [] });
      return query(sql, values);
    };
    const search = await PostgresSearchIndex.open(recording);
    const vector = embedder.vectorOf('Die Bahn fährt zum Hafen der Stadt.');
    sent.length = 0;
    const hits = await search.denseSearch(vector, 10);
    expect(hits).toHaveLength(10);

    // Scores are the exact cosine of the 32-bit vectors, best first.
    const passages = articles.flatMap((article) => chunkByBlock(article));
    const exact = passages
      .map((passage) => ({ id: passage.id, similarity: cosine(vector, embedder.vectorOf(passage.text)) }))
      .sort((a, b) => b.similarity - a.similarity);
    hits.forEach((hit, i) => {
      expect(hit.score).toBeCloseTo(cosine(vector, embedder.vectorOf(hit.passage.text)), 6);
      if (i > 0) expect(hit.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    });
    expect(hits[0]?.score).toBeCloseTo(exact[0]!.similarity, 6);

    // The query is one the graph index serves: with the other ways of reading and ordering the
    // rows discouraged, the planner walks it (a tiny table is otherwise cheaper to sort).
    const [dense] = sent;
    const client = await pool.connect();
    try {
      await client.query('SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${dense!.sql}`, dense!.values);
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Scan using passages_embedding/);
    } finally {
      client.release();
    }
  });

  it('re-embeds everything when the embedder changes, even to other dimensions', async () => {
    await indexer.update({ articles: base, skipped: [] });
    const wider = new HashEmbedder(24);
    const other = new PostgresIndexer({
      pool,
      embedder: wider,
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
    });
    const before = await PostgresSearchIndex.open(pool);
    // A plain update does not re-embed a shared index for every process: that takes --full.
    await expect(other.update({ articles: base, skipped: [] })).rejects.toThrow(
      /built differently \(the embedder changed from fake:hash:d16 to fake:hash:d24\): run "quellen index --full"/,
    );
    expect((await latestGeneration(pool))?.id).toBe(1);
    const rebuilt = await other.update({ articles: base, skipped: [] }, { full: true });
    expect(rebuilt.rebuildReason).toMatch(/embedder changed from fake:hash:d16 to fake:hash:d24/);
    expect(rebuilt.embeddedPassages).toBe(base.flatMap((article) => chunkByBlock(article)).length);
    const search = await PostgresSearchIndex.open(pool);
    const [hit] = await search.denseSearch(wider.vectorOf('Die Bahn fährt zum Hafen.'), 1);
    expect(hit?.passage.id).toBe('b.md#1');
    await expectSameRanking(pool, base);
    // A reader still on the generation before has no vectors left to compare: no dense hits,
    // rather than every passage at similarity 1.
    expect(await before.denseSearch(embedder.vectorOf('Die Bahn fährt zum Hafen.'), 3)).toEqual([]);
    expect((await before.lexicalSearch('Bahn Hafen', 3)).length).toBeGreaterThan(0);
  });

  it('keeps the passages nearest by exact distance where 16-bit floats would order them the other way', async () => {
    // Checked against pgvector: cosine distance 0.64055 and 0.64060 over 32-bit floats, 0.64078
    // and 0.64067 over halfvec.
    const vectors: Record<string, number[]> = {
      'Der erste Absatz.': [-0.906, 0.68, -0.845, -0.748],
      'Der zweite Absatz.': [-0.907, 0.681, -0.844, -0.748],
    };
    const query = Float32Array.from([-0.917, -0.726, -0.083, -0.41]);
    const fixed: Embedder = {
      id: 'fake:fixed:d4',
      dimensions: 4,
      embedPassages: async (texts) => texts.map((text) => Float32Array.from(vectors[text] ?? [1, 0, 0, 0])),
      embedQuery: async () => query,
    };
    const writer = new PostgresIndexer({
      pool,
      embedder: fixed,
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
    });
    await writer.update({ articles: [makeArticle('f.md', Object.keys(vectors))], skipped: [] });
    const search = await PostgresSearchIndex.open(pool);
    expect((await search.denseSearch(query, 1)).map((hit) => hit.passage.id)).toEqual(['f.md#0']);
    expect((await search.denseSearch(query, 2)).map((hit) => hit.passage.id)).toEqual(['f.md#0', 'f.md#1']);
  });
});

describePostgres('migrations', () => {
  const MIGRATED_FROM_1 = [
    '2: graph index over 16-bit floats (halfvec)',
    '3: the text analysis version the postings and terms were written with',
    '4: postings of each term in one block, read by lexical search without a row per posting',
  ];
  let database: TestDatabase;
  let pool: Pool;
  beforeEach(async () => {
    database = await createTestDatabase();
    pool = createPool({ url: database.url, maxConnections: 4 });
  });
  afterEach(async () => {
    await pool.end();
    await database.drop();
  });

  it('creates the schema once, however many processes start together', async () => {
    await expect(assertSchema(pool)).rejects.toThrow(
      /^The database holds no quellen schema yet: run "quellen migrate" \(or "quellen index", which also builds the index\)\.$/,
    );
    const results = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
    expect(results.map((result) => result.applied.length).sort()).toEqual([0, 0, SCHEMA_VERSION]);
    await expect(assertSchema(pool)).resolves.toBeUndefined();
    expect((await migrate(pool)).applied).toEqual([]);
  });

  it('refuses a database migrated by a newer quellen', async () => {
    await migrate(pool);
    await pool.query("INSERT INTO quellen.schema_version (version, description) VALUES (99, 'future')");
    await expect(migrate(pool)).rejects.toThrow(
      /schema version 99, newer than this quellen \(4\): upgrade quellen/,
    );
    await expect(assertSchema(pool)).rejects.toThrow(/upgrade quellen/);
  });

  it('rebuilds the graph of a schema 1 database over 16-bit floats, with the options it had', async () => {
    await migrate(pool);
    const embedder = new HashEmbedder(16);
    const indexer = new PostgresIndexer({
      pool,
      embedder,
      chunk: chunkByBlock,
      chunking: FAKE_CHUNKING,
      hnsw: { m: 8, efConstruction: 40 },
    });
    const articles = [
      makeArticle('b.md', ['Die Bürgermeisterin eröffnete den Hafen.', 'Die Bahn fährt zum Hafen.']),
    ];
    await indexer.update({ articles, skipped: [] });
    await buildSchema1Graph(pool, 'WITH (m = 8, ef_construction = 40)');
    await pool.query('DELETE FROM quellen.schema_version WHERE version > 1');

    await expect(assertSchema(pool)).rejects.toThrow(/schema version 1, this quellen needs 4/);
    expect((await migrate(pool)).applied).toEqual(MIGRATED_FROM_1);
    expect(await graphDefinition(pool)).toMatch(
      /\(\(embedding\)::halfvec\(16\)\) halfvec_cosine_ops\) WITH \(m='8', ef_construction='40'\)/,
    );
    const search = await PostgresSearchIndex.open(pool);
    const [hit] = await search.denseSearch(embedder.vectorOf('Die Bahn fährt zum Hafen.'), 1);
    expect(hit?.passage.id).toBe('b.md#1');
  });

  it('rebuilds the graph even when questions have a statement timeout shorter than that takes', async () => {
    await migrate(pool);
    const embedder = new HashEmbedder(16);
    const indexer = new PostgresIndexer({ pool, embedder, chunk: chunkByBlock, chunking: FAKE_CHUNKING });
    const many = Array.from({ length: 400 }, (_, i) => randomArticle(`v${i}.md`, 4, i));
    await indexer.update({ articles: many, skipped: [] });
    await pool.query('DELETE FROM quellen.schema_version WHERE version > 1');
    const impatient = createPool({ url: database.url, maxConnections: 1, statementTimeoutMs: 5 });
    try {
      expect((await migrate(impatient)).applied).toEqual(MIGRATED_FROM_1);
      const { rows } = await impatient.query<{ timeout: string }>(
        `SELECT current_setting('statement_timeout') AS timeout`,
      );
      expect(rows[0]?.timeout).toBe('5ms');
    } finally {
      await impatient.end();
    }
    expect(await graphDefinition(pool)).toMatch(/halfvec_cosine_ops/);
  });

  it('replaces a graph over 32-bit floats that an older quellen built across the migration when it next writes', async () => {
    await migrate(pool);
    const embedder = new HashEmbedder(16);
    const indexer = new PostgresIndexer({ pool, embedder, chunk: chunkByBlock, chunking: FAKE_CHUNKING });
    const articles = [
      makeArticle('b.md', ['Die Bürgermeisterin eröffnete den Hafen.', 'Die Bahn fährt zum Hafen.']),
    ];
    await indexer.update({ articles, skipped: [] });
    await buildSchema1Graph(pool);
    await indexer.update({
      articles: [...articles, makeArticle('c.md', ['Der Hafen ist neu.'])],
      skipped: [],
    });
    expect(await graphDefinition(pool)).toMatch(/halfvec_cosine_ops/);
  });

  it('searches an index written before postings blocks over its rows, and writes every block at the next run', async () => {
    await migrate(pool);
    const embedder = new HashEmbedder(16);
    const indexer = new PostgresIndexer({ pool, embedder, chunk: chunkByBlock, chunking: FAKE_CHUNKING });
    const articles = [
      makeArticle('a.md', ['# Politik', 'Die Regierung der Stadt tagte.', 'Die Exklave liegt am Hafen.']),
      makeArticle('b.md', ['Die Bürgermeisterin eröffnete den Hafen.', 'Die Bahn fährt zum Hafen.']),
    ];
    await indexer.update({ articles, skipped: [] });
    // As schema 3 left an index: no blocks, passages without numbers.
    await pool.query('DELETE FROM quellen.term_blocks');
    await pool.query('DELETE FROM quellen.passage_numbers');
    await pool.query('UPDATE quellen.generations SET term_blocks = false');
    const old = await PostgresSearchIndex.open(pool);
    expect(old.generation.termBlocks).toBe(false);
    const reference = new PostingsLexicalIndex();
    reference.add(articles.flatMap((article) => chunkByBlock(article)));
    expect((await old.lexicalSearch('Hafen', 8)).map((hit) => hit.id)).toEqual(
      reference.search('Hafen', 8).map((hit) => hit.id),
    );
    // One article changes; the run numbers every current passage and writes the blocks of all terms.
    const next = [articles[0]!, makeArticle('b.md', ['Die Bürgermeisterin eröffnete den Hafen.', 'Neu.'])];
    await indexer.update({ articles: next, skipped: [] });
    const { rows } = await pool.query<{ unnumbered: number; blocks: number; terms: number }>(
      `SELECT (SELECT count(*)::int FROM quellen.passages s WHERE died IS NULL AND NOT EXISTS (
                SELECT 1 FROM quellen.passage_numbers n WHERE n.id = s.id AND n.born = s.born AND n.died IS NULL
              )) AS unnumbered,
              (SELECT count(DISTINCT term)::int FROM quellen.term_blocks WHERE died IS NULL) AS blocks,
              (SELECT count(*)::int FROM quellen.terms WHERE died IS NULL) AS terms`,
    );
    expect(rows[0]).toEqual({ unnumbered: 0, blocks: rows[0]!.terms, terms: rows[0]!.terms });
    expect(rows[0]!.terms).toBeGreaterThan(5);
    await expectSameRanking(pool, next);
  });

  it('migrates a schema 1 database that was never indexed', async () => {
    await migrate(pool);
    await pool.query('DELETE FROM quellen.schema_version WHERE version > 1');
    expect((await migrate(pool)).applied).toEqual(MIGRATED_FROM_1);
    const { rows } = await pool.query<{ exists: boolean }>(
      "SELECT to_regclass('quellen.passages_embedding') IS NOT NULL AS exists",
    );
    expect(rows[0]?.exists).toBe(false);
  });
});
