import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { AppContext } from '../../src/app';
import { VERB_LEMMA_CACHE_FILE } from '../../src/core/text/verbLemmas';
import { LOCK_SPACE, WRITER_LOCK } from '../../src/postgres/schema';
import { cliEnv, runCli, startCli } from '../support/chaosCli';
import { closeTempApps, tempApp, tempCollection } from '../support/tempCollection';
import { type TestDatabase, createTestDatabase, describePostgres } from '../support/postgres';

const QUESTIONS = [
  'Wer hat Palmyra zurückerobert?',
  'Was geschah im Amphitheater von Palmyra?',
  'Wie viele Menschen flohen aus Deir ez-Zor?',
  'Welche Rolle spielt Russland?',
  'Wer dirigierte das Konzert?',
  'Wie hoch ist der Eiffelturm?',
];

const REFERENCES = [
  'palmyra',
  '000',
  'b7a14c',
  'de',
  'Deir',
  'amphitheater',
  'unbekannt',
  'ist',
  '001_b7a14c772971f96e',
];

/** What a reader sees of an answer: its words, its sources, whether it abstained. */
async function answersOf(app: AppContext): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const question of QUESTIONS) {
    const { answer } = await app.service.ask(question);
    answers.push({
      text: answer.text,
      abstained: answer.abstained,
      citations: answer.citations.map(({ score: _score, ...citation }) => citation),
      nearest: answer.nearestArticles,
    });
  }
  return answers;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describePostgres('the app on the postgres backend', () => {
  let database: TestDatabase;
  let collection: Awaited<ReturnType<typeof tempCollection>>;

  beforeEach(async () => {
    database = await createTestDatabase();
    collection = await tempCollection();
  });
  afterEach(async () => {
    await closeTempApps();
    await collection.cleanup();
    await database.drop();
  });

  const postgres = () => ({ INDEX_BACKEND: 'postgres', DATABASE_URL: database.url });

  it('answers, cites, lists and summarises as the embedded backend does', async () => {
    const embedded = await tempApp(collection);
    await embedded.service.open();
    const shared = await tempApp(collection, postgres());
    const built = await shared.service.open();
    expect(built).toMatchObject({ written: true, generation: '1' });

    const expected = await answersOf(embedded);
    // Answered and refused questions both: the comparison covers citations and abstentions.
    const answered = expected.filter((answer) => !(answer as { abstained: boolean }).abstained).length;
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(answered).toBeLessThan(QUESTIONS.length);
    expect(await answersOf(shared)).toEqual(expected);
    expect(await shared.service.articles()).toEqual(await embedded.service.articles());
    const [first] = await embedded.service.articles();
    expect(await shared.service.summarize(first!.id)).toEqual(await embedded.service.summarize(first!.id));
    // Articles are found by the same references, and refused alike.
    for (const reference of REFERENCES) {
      const outcome = async (app: AppContext) =>
        app.service.findArticle(reference).then(
          (info) => info,
          (error: Error) => error.message,
        );
      expect([reference, await outcome(shared)]).toEqual([reference, await outcome(embedded)]);
    }
    for (const typed of ['', 'pal', 'deir', '001', 'zzz']) {
      expect(await shared.service.searchArticles(typed, 5)).toEqual(
        await embedded.service.searchArticles(typed, 5),
      );
    }
    const status = shared.service.status();
    expect(status).toMatchObject({
      backend: { kind: 'postgres', location: expect.stringMatching(/^127\.0\.0\.1:\d+\/quellen_test_/) },
      vectorIndex: 'pgvector',
      generation: '1',
      articles: embedded.service.status().articles,
      passages: embedded.service.status().passages,
    });
    expect(JSON.stringify(status)).not.toContain('postgres://');
  });

  it('shows an article added on one process on the other within seconds', async () => {
    const one = await tempApp(collection, postgres());
    await one.service.open({ follow: true });
    const other = await tempApp(collection, postgres());
    await other.service.open({ follow: true });
    const question = 'Wann öffnet die Zeppelinwerft in Friedrichshafen?';
    expect((await other.service.ask(question)).answer.abstained).toBe(true);

    const bytes = Buffer.from(
      'Zeppelinwerft öffnet wieder\n\nDie Zeppelinwerft in Friedrichshafen öffnet am 3. Mai 2027 wieder für Besucher.\n',
    );
    const added = await one.service.addArticle('zeppelin.txt', bytes, 'moderator');
    expect(added).toMatchObject({ status: 'saved', indexed: true });
    await eventually(async () => other.service.status().generation === '2');
    const { answer } = await other.service.ask(question);
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]?.articleId).toBe('zeppelin.txt');
    expect(answer.citations[0]?.quote).toContain('3. Mai 2027');
  });

  it('lets processes that start together on an empty database wait for the one that builds it', async () => {
    const apps = [await tempApp(collection, postgres()), await tempApp(collection, postgres())];
    const built = await Promise.all(apps.map((app) => app.service.open({ follow: true })));
    // One built generation 1. The other found the writer lock taken and waited for that index,
    // or, had it come after the commit, found nothing to change: never a failure, never a second build.
    expect(built.filter((summary) => summary?.written).length).toBe(1);
    for (const app of apps) expect(app.service.status().generation).toBe('1');
  });

  it('updates from the files that changed and keeps the texts of the others, as the embedded backend does', async () => {
    const embedded = await tempApp(collection);
    await embedded.service.open();
    const shared = await tempApp(collection, postgres());
    await shared.service.open();
    const [changedFile, keptFile] = ['000_fb4c95536d1c9c6c.txt', '001_b7a14c772971f96e.txt'];
    const file = path.join(collection.docs, changedFile);
    await writeFile(file, `${await readFile(file, 'utf8')}\n\nEin neuer Absatz über Quellenkritik.\n`);
    const summaries = [
      await shared.service.reindex({ by: 'test' }),
      await embedded.service.reindex({ by: 'test' }),
    ];
    for (const summary of summaries)
      expect(summary).toMatchObject({ changed: 1, unchanged: 1, written: true });
    expect(await shared.service.article(keptFile)).toEqual(await embedded.service.article(keptFile));
    expect((await shared.service.article(keptFile)).text.length).toBeGreaterThan(1_000);
    expect(await shared.service.article(changedFile)).toEqual(await embedded.service.article(changedFile));
    expect(await answersOf(shared)).toEqual(await answersOf(embedded));
  });

  it('switches to a generation committed while it was not listening', async () => {
    const follower = await tempApp(collection, postgres());
    await follower.service.open({ follow: true });
    const writer = await tempApp(collection, postgres());
    await writer.service.open();
    // The follower cannot reach the database for a moment while the writer commits.
    const file = path.join(collection.docs, '001_b7a14c772971f96e.txt');
    await writeFile(file, `${await readFile(file, 'utf8')}\n\nNoch ein Absatz.\n`);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'quellen (listen)'",
      );
      await writer.service.reindex({ by: 'test' });
    } finally {
      await admin.end();
    }
    await eventually(async () => follower.service.status().generation === '2', 20_000);
  });

  it('builds the index itself when the process that held the writer lock stops without one', async () => {
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    const app = await tempApp(collection, postgres());
    try {
      await holder.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, WRITER_LOCK]);
      const opening = app.service.open();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(app.service.ready).toBe(false);
      await holder.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, WRITER_LOCK]);
      expect(await opening).toMatchObject({ written: true, generation: '1' });
    } finally {
      await holder.end();
    }
  });

  it('refuses to rebuild a shared index at start for a process configured otherwise', async () => {
    const first = await tempApp(collection, postgres());
    await first.service.open();
    const other = await tempApp(collection, { ...postgres(), BUILTIN_DIMENSIONS: '128' });
    await expect(other.service.open()).rejects.toThrow(
      /built with embedder .* but .* is configured: the index is shared, so it is not rebuilt at start; run "quellen index --full"/,
    );
    // The index is as it was: nothing newer to switch to.
    expect(await first.service.refresh()).toBe(false);
    expect(first.service.status().generation).toBe('1');
  });

  it('prepares the verb-form table in INDEX_DIR once, for every later process', async () => {
    const env = { ...cliEnv(collection), ...postgres() };
    const table = path.join(collection.index, VERB_LEMMA_CACHE_FILE);
    expect(existsSync(table)).toBe(false);
    expect((await runCli(['index'], collection.root, env)).code).toBe(0);
    expect(existsSync(table)).toBe(true);
    const prepared = statSync(table).mtimeMs;
    const asked = await runCli(['ask', 'Wer hat Palmyra zurückerobert?'], collection.root, env);
    expect(asked.code).toBe(0);
    // Read, not written again.
    expect(statSync(table).mtimeMs).toBe(prepared);
  });

  it('lets the terminal chat end, and the process exit, when its input ends', async () => {
    const run = startCli(['chat'], collection.root, { ...cliEnv(collection), ...postgres() });
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 20_000);
    const exit = await run.exited;
    clearTimeout(timer);
    // Following the shared index keeps a connection open: the chat closes it when it ends.
    expect([exit.code, exit.signal, run.stderr.slice(-200)]).toEqual([0, null, expect.any(String)]);
  });

  it('recovers when the server drops its connections', async () => {
    const app = await tempApp(collection, postgres());
    await app.service.open({ follow: true });
    const before = await answersOf(app);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
    } finally {
      await admin.end();
    }
    // Idle connections the server closed are replaced, at once: no question fails.
    expect(await answersOf(app)).toEqual(before);
    // The listener reconnects too: a generation another process writes is still followed.
    const file = path.join(collection.docs, '000_fb4c95536d1c9c6c.txt');
    await writeFile(file, `${await readFile(file, 'utf8')}\n\nEin neuer Absatz über Quellenkritik.\n`);
    const writer = await tempApp(collection, postgres());
    await writer.service.open();
    await writer.service.reindex({ by: 'test' });
    await eventually(async () => app.service.status().generation === '2');
  });
});
