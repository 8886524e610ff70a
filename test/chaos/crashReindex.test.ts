/**
 * Crash during reindex: `quellen index --full` is killed with SIGKILL at seeded random moments
 * (uniformly over the whole run, or just after the write phase began). After each kill the CLI
 * must serve a complete index — the old or the new one, never a mix — and the next
 * `quellen index` must finish (taking over the dead process's lock) with the same answers as a
 * clean build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { answerToJson } from '../../src/cli/format';
import { readArticle } from '../../src/core/ingest/readArticle';
import type { QuellenService } from '../../src/core/service';
import { seededRandom } from '../fakes/articles';
import { CHAOS_LONG, cliEnv, cliInvocation, runCli, startCli } from '../support/chaosCli';
import {
  contentHashOf,
  deriveVariant,
  generateCorpus,
  syncCorpus,
  writeCorpus,
  type GeneratedArticle,
} from '../support/chaosCorpus';
import { closeTempApps, tempApp } from '../support/tempCollection';

const ARTICLES = CHAOS_LONG ? 2_500 : 300;
const TRIALS = CHAOS_LONG ? 30 : 5;
const SEED = 4711;

type Phase = 'startup' | 'embedding' | 'writing' | 'committed' | 'finished';

interface StateRef {
  name: 'A' | 'B';
  articles: GeneratedArticle[];
  status: { articles: number; passages: number };
  /** `ask --batch` output lines of a clean build. */
  answers: string[];
  /** Article text by id, as ingest reads the files of this state. */
  texts: Map<string, string>;
  /** `id=hash` lines, sorted. */
  hashes: string;
}

const sortedHashes = (entries: Array<[string, string]>): string =>
  entries
    .map(([id, hash]) => `${id}=${hash}`)
    .sort()
    .join('\n');

/** The answers as `quellen ask --batch --json` prints them, one JSON line per question. */
async function answersOf(service: QuellenService, asked: readonly GeneratedArticle[]): Promise<string[]> {
  const answers: string[] = [];
  for (const [i, article] of asked.entries()) {
    const { answer } = await service.ask(article.question);
    answers.push(JSON.stringify(answerToJson(answer, `q${i}`)));
  }
  return answers;
}

interface Citation {
  articleId: string;
  quote: string;
  quoteStart: number;
  quoteEnd: number;
}

function textsOf(articles: readonly GeneratedArticle[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const article of articles) {
    const result = readArticle(article.id, Buffer.from(article.content), { maxBytes: 5 * 1024 * 1024 });
    if (!result.ok) throw new Error(`generated article ${article.id} unreadable: ${result.reason}`);
    texts.set(article.id, result.article.text);
  }
  return texts;
}

/**
 * Differences between answers and a clean build's. Questions about an article the state does
 * not hold have no right answer, and their near-tied candidates may rank differently in an
 * incrementally updated graph; for them only the quotes are checked (see `unverifiedQuotes`).
 */
function answerDifferences(
  actual: readonly string[],
  ref: StateRef,
  asked: readonly GeneratedArticle[],
): number[] {
  return asked.flatMap((article, i) =>
    ref.texts.has(article.id) && actual[i] !== ref.answers[i] ? [i] : [],
  );
}

/** Problems of an `ask --batch` output against the article texts of one state. */
function unverifiedQuotes(lines: readonly string[], texts: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const line of lines) {
    const parsed = JSON.parse(line) as { id: string; citations?: Citation[]; error?: string };
    if (parsed.error) problems.push(`${parsed.id}: error ${parsed.error}`);
    for (const c of parsed.citations ?? []) {
      const text = texts.get(c.articleId);
      if (text === undefined || text.slice(c.quoteStart, c.quoteEnd) !== c.quote)
        problems.push(`${parsed.id}: quote not verbatim in ${c.articleId}`);
    }
  }
  return problems;
}

const lines = (stdout: string): string[] => stdout.split('\n').filter((line) => line.trim() !== '');

describe('crash during reindex (SIGKILL at random moments)', () => {
  let root: string;
  let docs: string;
  let index: string;
  let questionsFile: string;
  let env: NodeJS.ProcessEnv;
  const refs = {} as Record<'A' | 'B', StateRef>;
  let buildMs = 0;
  let asked: GeneratedArticle[] = [];

  /** A clean in-process build of one state, with the answers its index gives. */
  async function referenceOf(
    name: 'A' | 'B',
    articles: GeneratedArticle[],
    asked: readonly GeneratedArticle[],
  ): Promise<StateRef> {
    const dirs = { root, docs: path.join(root, `ref-docs-${name}`), index: path.join(root, `ref-${name}`) };
    await writeCorpus(dirs.docs, articles);
    const { service } = await tempApp(dirs, { LOG_LEVEL: 'silent' });
    await service.reindex({ full: true });
    const status = service.status();
    await rm(dirs.docs, { recursive: true, force: true });
    return {
      name,
      articles: [...articles],
      status: { articles: status.articles, passages: status.passages },
      answers: await answersOf(service, asked),
      texts: textsOf(articles),
      hashes: sortedHashes(articles.map((a) => [a.id, contentHashOf(a.content)])),
    };
  }

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'quellen-chaos-crash-'));
    docs = path.join(root, 'docs');
    index = path.join(root, 'embeddings');
    env = cliEnv({ root, docs, index });
    const base = generateCorpus(ARTICLES, SEED);
    const variant = deriveVariant(base, SEED + 1);
    // Questions whose answers differ between the states: removed, edited, added and kept articles.
    asked = [
      ...variant.removed.slice(0, 3),
      ...variant.edited.slice(0, 3),
      ...variant.added.slice(0, 3),
      ...base.articles.filter((_, i) => i % 61 === 5).slice(0, 4),
    ];
    questionsFile = path.join(root, 'questions.jsonl');
    await writeFile(
      questionsFile,
      asked.map((a, i) => JSON.stringify({ id: `q${i}`, question: a.question })).join('\n') + '\n',
    );

    for (const [name, articles] of [
      ['A', base.articles],
      ['B', variant.articles],
    ] as const) {
      refs[name] = await referenceOf(name, articles, asked);
    }
    // The live index starts as a complete build of state A by the CLI, which also times a run.
    await writeCorpus(docs, base.articles);
    const build = await runCli(['index', '--full'], root, env);
    if (build.code !== 0) throw new Error(`initial build failed: ${build.stderr}`);
    buildMs = build.ms;
  }, 600_000);

  afterAll(async () => {
    await closeTempApps();
    await rm(root, { recursive: true, force: true });
  });

  test(
    'every kill leaves a complete old-or-new index and the next run recovers to a clean build',
    async () => {
      expect(refs.A.answers).toHaveLength(13);
      expect(refs.A.status.articles).not.toBe(refs.B.status.articles);
      expect(unverifiedQuotes(refs.A.answers, refs.A.texts)).toEqual([]);
      expect(unverifiedQuotes(refs.B.answers, refs.B.texts)).toEqual([]);
      // The questions tell the states apart, so "old or new, never a mix" is observable.
      expect(refs.A.answers).not.toEqual(refs.B.answers);

      const random = seededRandom(SEED);
      const kills: Record<Phase, number> = {
        startup: 0,
        embedding: 0,
        writing: 0,
        committed: 0,
        finished: 0,
      };
      const served = { old: 0, new: 0 };
      let staleLocks = 0;
      let dataLost = 0;
      const failures: string[] = [];
      let live: StateRef = refs.A;

      for (let trial = 0; trial < TRIALS; trial += 1) {
        const target = live === refs.A ? refs.B : refs.A;
        await syncCorpus(docs, live.articles, target.articles);
        const fail = (what: string): void => void failures.push(`trial ${trial}: ${what}`);

        // Kill either at a uniform moment of the whole run or shortly after writing began.
        const strategy = random() < 0.3 ? 'write' : 'uniform';
        const delay = strategy === 'uniform' ? random() * buildMs * 1.05 : random() * 150;
        const run = startCli(['index', '--full'], root, env);
        let phase: Phase = 'startup';
        let timer: NodeJS.Timeout | undefined;
        const kill = (): void => void run.child.kill('SIGKILL');
        run.onStderrLine((line) => {
          const match = /^(embedding|writing): (\d+)\/(\d+)/.exec(line);
          if (!match) return;
          if (match[1] !== 'writing') phase = 'embedding';
          else phase = match[2] === match[3] ? 'committed' : 'writing';
          if (strategy === 'write' && match[1] === 'writing' && timer === undefined)
            timer = setTimeout(kill, delay);
        });
        if (strategy === 'uniform') timer = setTimeout(kill, delay);
        const exit = await run.exited;
        clearTimeout(timer);
        const killed = exit.signal === 'SIGKILL';
        kills[killed ? phase : 'finished'] += 1;
        if (!killed && exit.code !== 0) fail(`index exited with ${exit.code}: ${run.stderr.slice(-300)}`);

        const lockPath = path.join(index, '.lock');
        if (existsSync(lockPath)) {
          const holder = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number };
          if (holder.pid === run.child.pid) staleLocks += 1;
          else fail(`lock of pid ${holder.pid} left, not of the killed ${run.child.pid}`);
        }

        // After the kill: a complete index, exactly the old state or exactly the new one.
        const [status, ask] = await Promise.all([
          runCli(['status', '--json'], root, env),
          runCli(['ask', '--batch', questionsFile, '--json'], root, env),
        ]);
        const counts = status.code === 0 ? (JSON.parse(status.stdout) as StateRef['status']) : undefined;
        const seen = [live, target].find(
          (ref) => ref.status.articles === counts?.articles && ref.status.passages === counts.passages,
        );
        if (ask.code !== 0) fail(`ask failed after kill: ${ask.stderr.slice(-300)}`);
        if (!seen) {
          dataLost += 1;
          fail(`status after kill matches neither state: ${status.stdout} ${status.stderr.slice(-300)}`);
        } else {
          served[seen === live ? 'old' : 'new'] += 1;
          const generation = (await readFile(path.join(index, 'CURRENT'), 'utf8')).trim();
          const manifest = JSON.parse(
            await readFile(path.join(index, generation, 'manifest.json'), 'utf8'),
          ) as {
            counts: { articles: number; passages: number };
            articles: Record<string, string>;
          };
          if (manifest.counts.articles !== counts!.articles || manifest.counts.passages !== counts!.passages)
            fail('status counts differ from the manifest');
          if (sortedHashes(Object.entries(manifest.articles)) !== seen.hashes)
            fail(`manifest article hashes are not those of state ${seen.name}`);
          const answers = lines(ask.stdout);
          if (answers.length !== asked.length) fail(`ask printed ${answers.length} lines`);
          const differing = answerDifferences(answers, seen, asked);
          if (differing.length > 0)
            fail(`answers ${differing.join(',')} after kill differ from a clean build of state ${seen.name}`);
          for (const problem of unverifiedQuotes(answers, seen.texts)) fail(problem);
        }

        // The next plain `quellen index` takes over the stale lock and finishes.
        const recover = await runCli(['index'], root, env);
        if (recover.code !== 0) fail(`recovery index failed: ${recover.stderr.slice(-300)}`);
        if (existsSync(lockPath)) fail('lock still present after recovery');
        // Compared in-process: the same code as `quellen ask --json`, without another start-up.
        const { service } = await tempApp({ root, docs, index }, { LOG_LEVEL: 'silent' });
        await service
          .open({ rebuild: false })
          .catch((error: Error) => fail(`recovered index: ${error.message}`));
        const after = service.status();
        if (after.articles !== target.status.articles || after.passages !== target.status.passages) {
          dataLost += 1;
          fail(
            `after recovery: ${after.articles}/${after.passages} instead of ${JSON.stringify(target.status)}`,
          );
        }
        if (service.ready) {
          const answers = await answersOf(service, asked);
          const differing = answerDifferences(answers, target, asked);
          if (differing.length > 0)
            fail(`answers ${differing.join(',')} after recovery differ from a clean build of ${target.name}`);
          for (const problem of unverifiedQuotes(answers, target.texts)) fail(`after recovery: ${problem}`);
        }
        live = target;
      }

      console.log(
        `[chaos crash] via=${cliInvocation().via} articles=${ARTICLES} trials=${TRIALS} ` +
          `kills(startup=${kills.startup} embedding=${kills.embedding} writing=${kills.writing} ` +
          `committed=${kills.committed}) finishedBeforeKill=${kills.finished} servedOld=${served.old} ` +
          `servedNew=${served.new} staleLocksTakenOver=${staleLocks} failures=${failures.length} ` +
          `dataLost=${dataLost} cliBuildMs=${Math.round(buildMs)}`,
      );
      expect(failures).toEqual([]);
      expect(dataLost).toBe(0);
    },
    (CHAOS_LONG ? 60 : 5) * 60_000,
  );
});
