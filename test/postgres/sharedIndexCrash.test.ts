import pg from 'pg';
import type { AppContext } from '../../src/app';
import { cliEnv, startCli } from '../support/chaosCli';
import { type GeneratedArticle, generateCorpus, writeCorpus } from '../support/chaosCorpus';
import { closeTempApps, tempApp, tempCollection } from '../support/tempCollection';
import { type TestDatabase, createTestDatabase, describePostgres } from '../support/postgres';

/*
 * Two bot processes answer from one database while a third process reindexes it and is killed
 * with SIGKILL, once while embedding and once in the middle of writing its generation: the bots
 * keep answering from the old generation without a failure, nothing of the killed run becomes
 * visible, its lock goes with it, and the next run completes and reaches both bots.
 */

/** Asks every question of `articles` and checks each answer quotes its fact from the article it cites. */
async function askAll(app: AppContext, articles: readonly GeneratedArticle[]): Promise<string[]> {
  const problems: string[] = [];
  for (const article of articles) {
    const { answer } = await app.service.ask(article.question);
    const cited = answer.citations.find((citation) => citation.articleId === article.id);
    if (!cited || !cited.quote.includes(article.fact.slice(0, 40))) {
      problems.push(`${article.id}: ${answer.abstained ? 'abstained' : answer.citations[0]?.articleId}`);
    }
  }
  return problems;
}

describePostgres('a shared index while its indexer is killed', () => {
  let database: TestDatabase;
  let collection: Awaited<ReturnType<typeof tempCollection>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    collection = await tempCollection();
  });
  afterAll(async () => {
    await closeTempApps();
    await collection.cleanup();
    await database.drop();
  });

  it('keeps serving the old generation, shows nothing of a killed run, and completes the next', async () => {
    const env = { INDEX_BACKEND: 'postgres', DATABASE_URL: database.url };
    const old = generateCorpus(1_500, 7);
    await writeCorpus(collection.docs, old.articles);
    const bots = [await tempApp(collection, env), await tempApp(collection, env)];
    await bots[0]!.service.open({ follow: true });
    await bots[1]!.service.open({ follow: true });
    const sample = old.articles.filter((_, i) => i % 60 === 0);
    expect(await askAll(bots[1]!, sample)).toEqual([]);

    // The next state: 500 articles removed, 1 500 added (more passages than one written batch).
    const next = generateCorpus(1_500, 8, { firstIndex: 5_000, folder: 'neu' });
    const kept = old.articles.slice(500);
    await writeCorpus(collection.docs, [...kept, ...next.articles]);

    const cli = { ...cliEnv(collection), ...env };
    for (const phase of ['embedding', 'writing'] as const) {
      const run = startCli(['index'], collection.root, cli);
      run.onStderrLine((line) => {
        const match = /^(embedding|writing): (\d+)\/(\d+)/.exec(line);
        if (match?.[1] === phase && match[2] !== match[3]) run.child.kill('SIGKILL');
      });
      // Questions go on while the indexer runs and when it dies.
      const asking = Promise.all(bots.map((bot) => askAll(bot, sample)));
      const exit = await run.exited;
      expect([phase, exit.signal]).toEqual([phase, 'SIGKILL']);
      expect(await asking).toEqual([[], []]);

      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ generations: number; later: number }>(
          `SELECT (SELECT count(*)::int FROM quellen.generations) AS generations,
                  (SELECT count(*)::int FROM quellen.passages WHERE born > 1) AS later`,
        );
        expect(rows[0]).toEqual({ generations: 1, later: 0 });
      } finally {
        await admin.end();
      }
      for (const bot of bots) expect(bot.service.status().generation).toBe('1');
    }

    // The lock died with the killed process: the next run completes, and both bots follow it.
    const done = startCli(['index'], collection.root, cli);
    const exit = await done.exited;
    expect([exit.code, done.stderr.slice(-300)]).toEqual([0, expect.any(String)]);
    expect(done.stdout).toMatch(/1500|1 500|1,500/);
    const deadline = Date.now() + 15_000;
    while (bots.some((bot) => bot.service.status().generation !== '2') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const bot of bots) expect(bot.service.status().generation).toBe('2');
    const added = next.articles.filter((_, i) => i % 25 === 0);
    expect(await askAll(bots[0]!, added)).toEqual([]);
    const removed = await bots[1]!.service.ask(old.articles[0]!.question);
    expect(removed.answer.citations.map((citation) => citation.articleId)).not.toContain(old.articles[0]!.id);
  }, 120_000);
});
