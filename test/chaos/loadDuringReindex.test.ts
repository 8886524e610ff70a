/**
 * Load during reindex: while `service.reindex({ full: true })` rebuilds a few thousand articles
 * in the same process, questions keep arriving through `QuellenService.ask`. Every answer must
 * be correct against the generation it was asked of: quotes verbatim in that generation's texts
 * (the new state shifts offsets of edited articles) and the asked article cited. A second test
 * sends a burst of /ask through the Discord emulator while a moderator's /reindex runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { readArticle } from '../../src/core/ingest/readArticle';
import type { QuellenService } from '../../src/core/service';
import type { Answer } from '../../src/core/types';
import { seededRandom } from '../fakes/articles';
import { CHAOS_LONG, percentile } from '../support/chaosCli';
import {
  deriveVariant,
  generateCorpus,
  syncCorpus,
  writeCorpus,
  type GeneratedArticle,
} from '../support/chaosCorpus';
import { tempApp } from '../support/tempCollection';
import { OptionType } from '../discord/emulator';
import { contentOf, startHarness, waitUntil } from '../discord/bot/harness';

const ARTICLES = CHAOS_LONG ? 3_000 : 1_500;
const MIN_DURING = CHAOS_LONG ? 1_000 : 200;
/** Concurrent askers; one keeps the reindex moving (each yield of the indexer lets one question in). */
const ASKERS = 1;
const OUTSIDE = CHAOS_LONG ? 200 : 50;
const SEED = 815;

interface Asked {
  article: GeneratedArticle;
  generation: string | undefined;
  during: boolean;
  ms: number;
  answer?: Answer;
  error?: string;
}

function textsOf(articles: readonly GeneratedArticle[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const article of articles) {
    const result = readArticle(article.id, Buffer.from(article.content), { maxBytes: 5 * 1024 * 1024 });
    if (result.ok) texts.set(article.id, result.article.text);
  }
  return texts;
}

describe('questions answered while a full reindex runs', () => {
  let root: string;
  let opened: QuellenService | undefined;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'quellen-chaos-load-'));
  });
  afterAll(async () => {
    // The service writes its lexical cache in the background: it must finish before the folder goes.
    await opened?.close();
    await rm(root, { recursive: true, force: true });
  });

  test(
    'every answer during and outside the reindex is correct against the generation it saw',
    async () => {
      const base = generateCorpus(ARTICLES, SEED);
      const variant = deriveVariant(base, SEED + 1);
      const states = [base.articles, variant.articles];
      const texts = states.map(textsOf);
      // Articles both states hold; edited ones (shifted offsets) come first so they are asked often.
      const removed = new Set(variant.removed.map((a) => a.id));
      const askable = [...variant.edited, ...base.articles.filter((a) => !removed.has(a.id))];
      const dirs = { root, docs: path.join(root, 'docs'), index: path.join(root, 'embeddings') };
      await writeCorpus(dirs.docs, states[0]!);
      const { service } = await tempApp(dirs);
      opened = service;
      const buildStarted = performance.now();
      await service.open();
      const quietBuildMs = performance.now() - buildStarted;
      const stateOf = new Map<string, number>([[service.status().generation!, 0]]);
      const random = seededRandom(SEED);
      const results: Asked[] = [];
      let running = false;

      const ask = async (svc: QuellenService): Promise<void> => {
        const article = askable[Math.floor(random() * askable.length)]!;
        // Read synchronously before the call: `ask` takes its snapshot before its first await.
        const entry: Asked = { article, generation: svc.status().generation, during: running, ms: 0 };
        const started = performance.now();
        try {
          entry.answer = (await svc.ask(article.question)).answer;
        } catch (error) {
          entry.error = (error as Error).message;
        }
        entry.ms = performance.now() - started;
        results.push(entry);
      };

      for (let i = 0; i < OUTSIDE; i += 1) await ask(service);
      let state = 0;
      let reindexes = 0;
      let reindexMs = 0;
      while (results.filter((r) => r.during).length < MIN_DURING && reindexes < 6) {
        state = 1 - state;
        await syncCorpus(dirs.docs, states[1 - state]!, states[state]!);
        running = true;
        const started = performance.now();
        const done = service.reindex({ full: true, by: 'chaos' }).finally(() => (running = false));
        const askers = Array.from({ length: ASKERS }, async () => {
          // Stops at the target so the run stays bounded: every question slows the reindex down.
          while (running && results.filter((r) => r.during).length < MIN_DURING) {
            await ask(service);
            await yieldToEventLoop();
          }
        });
        const summary = await done;
        await Promise.all(askers);
        reindexMs += performance.now() - started;
        reindexes += 1;
        stateOf.set(summary.generation!, state);
      }
      for (let i = 0; i < OUTSIDE; i += 1) await ask(service);

      const failures: string[] = [];
      for (const r of results) {
        const where = `${r.article.id} (${r.during ? 'during' : 'outside'})`;
        const generationState = r.generation === undefined ? undefined : stateOf.get(r.generation);
        if (r.error || !r.answer) failures.push(`${where}: ${r.error}`);
        else if (generationState === undefined) failures.push(`${where}: unknown generation ${r.generation}`);
        else {
          const genTexts = texts[generationState]!;
          if (r.answer.abstained) failures.push(`${where}: abstained`);
          if (!r.answer.citations.some((c) => c.articleId === r.article.id))
            failures.push(`${where}: source article not cited`);
          for (const c of r.answer.citations) {
            if (genTexts.get(c.articleId)?.slice(c.quoteStart, c.quoteEnd) !== c.quote)
              failures.push(`${where}: quote from ${c.articleId} not verbatim in its generation`);
          }
        }
      }
      const during = results.filter((r) => r.during).map((r) => r.ms);
      const outside = results.filter((r) => !r.during).map((r) => r.ms);
      const fmt = (values: number[]): string =>
        `p50=${percentile(values, 50).toFixed(1)} p95=${percentile(values, 95).toFixed(1)} ` +
        `max=${Math.max(...values).toFixed(1)}ms`;
      const editedDuring = results.filter((r) => r.during && variant.edited.includes(r.article)).length;
      console.log(
        `[chaos load] articles=${ARTICLES} reindexes=${reindexes} reindexMs=${Math.round(reindexMs / reindexes)} quietBuildMs=${Math.round(quietBuildMs)} ` +
          `questions=${results.length} during=${during.length} (edited articles ${editedDuring}) ` +
          `outside=${outside.length} failures=${failures.length} latencyDuring(${fmt(during)}) ` +
          `latencyOutside(${fmt(outside)})`,
      );
      expect(failures.slice(0, 10)).toEqual([]);
      expect(during.length).toBeGreaterThanOrEqual(MIN_DURING);
      // Both states were asked (offsets of edited articles differ), each checked against its own texts.
      expect(new Set(results.map((r) => stateOf.get(r.generation ?? ''))).size).toBe(2);
    },
    (CHAOS_LONG ? 30 : 3) * 60_000,
  );
});

/** Generated articles indexed before the burst; their questions have one right answer in both indexes. */
const ASKED_ARTICLES = 60;
const DISCORD_ARTICLES = CHAOS_LONG ? 3_000 : 1_200;
const BURST = CHAOS_LONG ? 120 : 40;

describe('a burst of /ask through the Discord emulator while a moderator runs /reindex', () => {
  test(
    'every question is answered correctly and none fails, during the reindex and outside it',
    async () => {
      const h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '10000' } });
      try {
        // The generator recombines sentences of the sample articles, so a question about them has
        // many near-duplicate answers; each generated article's own fact sentence has exactly one.
        const corpus = generateCorpus(ASKED_ARTICLES + DISCORD_ARTICLES, SEED + 2);
        const asked = corpus.articles.slice(0, ASKED_ARTICLES);
        await writeCorpus(path.join(h.dirs.docs, 'bekannt'), asked);
        await h.app.service.reindex({ by: 'setup' });
        await writeCorpus(path.join(h.dirs.docs, 'neu'), corpus.articles.slice(ASKED_ARTICLES));

        type Reply = { ms: number; content: string; fact: string; during: boolean };
        const burst = (count: number): Promise<Reply[]> =>
          Promise.all(
            Array.from({ length: count }, async (_, i) => {
              const { question, fact } = asked[i % asked.length]!;
              const started = performance.now();
              const handle = h.emulator.sendInteraction({
                kind: 'chatInput',
                commandName: 'ask',
                options: [{ name: 'question', type: OptionType.String, value: question }],
              });
              const edit = await h.emulator.waitForOriginalEdit(handle, 60_000);
              const during = h.app.service.status().reindexing !== undefined;
              return { ms: performance.now() - started, content: contentOf(edit.body), fact, during };
            }),
          );

        const before = await burst(BURST);
        const reindex = h.emulator.sendInteraction({
          kind: 'chatInput',
          commandName: 'reindex',
          user: 'moderator',
        });
        await waitUntil(() => h.app.service.status().reindexing !== undefined, 10_000, 'reindex started');
        const started = performance.now();
        const during = await burst(BURST);
        await waitUntil(
          () =>
            h.emulator.requests.some(
              (r) =>
                r.method === 'PATCH' &&
                r.path.endsWith(`/${reindex.token}/messages/@original`) &&
                contentOf(r.body).startsWith(`Index aktualisiert: ${DISCORD_ARTICLES} neu`),
            ),
          5 * 60_000,
          'reindex summary',
        );
        const reindexMs = performance.now() - started;
        const after = await burst(BURST);

        const all = [...before, ...during, ...after];
        const wrong = all.filter((r) => !r.content.includes('[1]') || !r.content.includes(r.fact));
        const answeredDuring = all.filter((r) => r.during).length;
        const inside = all.filter((r) => r.during).map((r) => r.ms);
        const outside = all.filter((r) => !r.during).map((r) => r.ms);
        const fmt = (values: number[]): string =>
          values.length === 0
            ? 'none'
            : `p50=${percentile(values, 50).toFixed(0)} p95=${percentile(values, 95).toFixed(0)} ` +
              `max=${Math.max(...values).toFixed(0)}ms`;
        console.log(
          `[chaos discord burst] articlesAdded=${DISCORD_ARTICLES} reindexMs=${Math.round(reindexMs)} ` +
            `questions=${all.length} answeredDuringReindex=${answeredDuring} wrongOrFailed=${wrong.length} ` +
            `latencyDuring(${fmt(inside)}) latencyOutside(${fmt(outside)})`,
        );
        expect(wrong.map((r) => r.content.slice(0, 120))).toEqual([]);
        // The burst must really have overlapped the reindex for this test to mean anything.
        expect(answeredDuring).toBeGreaterThanOrEqual(BURST / 2);
      } finally {
        await h.close();
      }
    },
    (CHAOS_LONG ? 20 : 4) * 60_000,
  );
});
