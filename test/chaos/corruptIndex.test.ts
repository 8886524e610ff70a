/**
 * Corrupted index files: truncated, flipped bytes, missing files, a garbage CURRENT pointer or
 * manifest. Loading must detect each at once with a one-line message, serve nothing from the
 * damaged generation, and rebuild to the same answers a clean build gives.
 */
import { cp, mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { answerToJson } from '../../src/cli/format';
import { UserError } from '../../src/core/errors';
import { IndexLoadError } from '../../src/core/index/indexErrors';
import { silentLogger, type Logger } from '../../src/core/logger';
import type { QuellenService } from '../../src/core/service';
import { seededRandom } from '../fakes/articles';
import { CHAOS_LONG, cliEnv, runCli } from '../support/chaosCli';
import { generateCorpus, writeCorpus, type GeneratedArticle } from '../support/chaosCorpus';
import { copySamples } from '../support/samples';
import { closeTempApps, tempApp } from '../support/tempCollection';

const SEED = 1_234;
const DATA_FILES = ['texts.bin', 'articles.json', 'passages.bin', 'vectors.hnsw', 'manifest.json'] as const;

/** Damages the index below `root` (whose live generation is `generation`). */
type Corruption = { name: string; apply: (root: string, generation: string) => Promise<void> };

function corruptions(random: () => number, flipsPerFile: number): Corruption[] {
  const list: Corruption[] = [];
  const file = (root: string, generation: string, name: string) => path.join(root, generation, name);
  for (const name of DATA_FILES) {
    list.push({
      name: `truncated ${name}`,
      apply: async (root, gen) => {
        const bytes = await readFile(file(root, gen, name));
        await truncate(file(root, gen, name), Math.floor(bytes.length * random()));
      },
    });
    list.push({ name: `missing ${name}`, apply: (root, gen) => unlink(file(root, gen, name)) });
    for (let i = 0; i < flipsPerFile; i += 1) {
      const where = random();
      const mask = 1 + Math.floor(random() * 255);
      list.push({
        name: `flipped byte in ${name} at ${(where * 100).toFixed(0)}%`,
        apply: async (root, gen) => {
          const bytes = await readFile(file(root, gen, name));
          const at = Math.floor(where * bytes.length);
          bytes[at] = bytes[at]! ^ mask;
          await writeFile(file(root, gen, name), bytes);
        },
      });
    }
  }
  const garbage = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  list.push(
    { name: 'garbage CURRENT', apply: (root) => writeFile(path.join(root, 'CURRENT'), garbage(40)) },
    { name: 'empty CURRENT', apply: (root) => writeFile(path.join(root, 'CURRENT'), '') },
    {
      name: 'CURRENT naming a missing generation',
      apply: (root) => writeFile(path.join(root, 'CURRENT'), 'gen-20000101T000000000Z-deadbeef\n'),
    },
    {
      name: 'CURRENT pointing outside',
      apply: (root) => writeFile(path.join(root, 'CURRENT'), '../../etc\n'),
    },
    {
      name: 'garbage manifest',
      apply: (root, gen) => writeFile(file(root, gen, 'manifest.json'), garbage(500)),
    },
    {
      name: 'manifest with wrong counts',
      apply: async (root, gen) => {
        const manifest = JSON.parse(await readFile(file(root, gen, 'manifest.json'), 'utf8')) as {
          counts: { passages: number };
        };
        manifest.counts.passages += 1;
        await writeFile(file(root, gen, 'manifest.json'), JSON.stringify(manifest));
      },
    },
    {
      name: 'manifest of a future schema',
      apply: async (root, gen) => {
        const manifest = JSON.parse(await readFile(file(root, gen, 'manifest.json'), 'utf8')) as {
          schemaVersion: number;
        };
        manifest.schemaVersion = 99;
        await writeFile(file(root, gen, 'manifest.json'), JSON.stringify(manifest));
      },
    },
  );
  return list;
}

/** A logger that keeps warnings. */
function recordingLogger(lines: string[]): Logger {
  const logger: Logger = {
    ...silentLogger,
    warn: (obj, msg) => void lines.push(typeof obj === 'string' ? obj : (msg ?? '')),
    child: () => logger,
  };
  return logger;
}

describe('corrupted index files', () => {
  let root: string;
  let docs: string;
  let clean: string;
  let generation: string;
  let asked: GeneratedArticle[];
  let reference: string[];

  const answersOf = async (service: QuellenService): Promise<string[]> => {
    const answers: string[] = [];
    for (const article of asked)
      answers.push(JSON.stringify(answerToJson((await service.ask(article.question)).answer)));
    return answers;
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'quellen-chaos-corrupt-'));
    docs = path.join(root, 'docs');
    clean = path.join(root, 'clean');
    const corpus = generateCorpus(150, SEED);
    await writeCorpus(docs, corpus.articles);
    await copySamples(path.join(docs, 'samples'));
    asked = corpus.articles.filter((_, i) => i % 30 === 7);
    const { service } = await tempApp({ root, docs, index: clean });
    await service.reindex({ full: true });
    generation = service.status().generation!;
    reference = await answersOf(service);
  }, 60_000);
  afterAll(async () => {
    await closeTempApps();
    await rm(root, { recursive: true, force: true });
  });

  test(
    'each corruption is detected at load, nothing is served from it, and the rebuild equals a clean build',
    async () => {
      const cases = corruptions(seededRandom(SEED), CHAOS_LONG ? 25 : 2);
      const failures: string[] = [];
      const codes: Record<string, number> = {};
      for (const [i, corruption] of cases.entries()) {
        const index = path.join(root, `case-${i}`);
        await cp(clean, index, { recursive: true });
        await corruption.apply(index, generation);
        const warnings: string[] = [];
        const { service } = await tempApp({ root, docs, index }, {}, recordingLogger(warnings));
        const fail = (what: string): void => void failures.push(`${corruption.name}: ${what}`);

        const refused = await service.open({ rebuild: false }).then(
          () => undefined,
          (error: unknown) => error,
        );
        // The service reports an unusable index as INDEX_UNUSABLE, its cause the store's load error.
        const cause =
          refused instanceof UserError && refused.code === 'INDEX_UNUSABLE' ? refused.cause : undefined;
        if (!(cause instanceof IndexLoadError)) fail(`not detected at load (${String(refused)})`);
        else if (refused instanceof UserError) {
          codes[cause.code] = (codes[cause.code] ?? 0) + 1;
          if (!/^[^\n]{10,300}$/.test(refused.message)) fail(`unclear message: ${refused.message}`);
        }
        const served = await service.ask(asked[0]!.question).then(
          () => 'answered',
          (error: unknown) => (error instanceof UserError ? error.code : String(error)),
        );
        if (served !== 'INDEX_EMPTY') fail(`served from the damaged index (${served})`);

        await service.open();
        if (!warnings.some((w) => w.includes('rebuilding the index'))) fail('no warning about the rebuild');
        if (JSON.stringify(await answersOf(service)) !== JSON.stringify(reference))
          fail('answers after the rebuild differ from a clean build');
        // Retries: a loaded machine's file system sometimes reports ENOTEMPTY on the first pass.
        await rm(index, { recursive: true, force: true, maxRetries: 5 });
      }
      console.log(
        `[chaos corrupt] corruptions=${cases.length} detected=${Object.values(codes).reduce((a, b) => a + b, 0)} ` +
          `codes=${JSON.stringify(codes)} failures=${failures.length} servedFromCorrupt=${
            failures.filter((f) => f.includes('served')).length
          }`,
      );
      expect(failures).toEqual([]);
    },
    (CHAOS_LONG ? 20 : 3) * 60_000,
  );

  test('the CLI reports a damaged index in one line and answers from the rebuilt one', async () => {
    const index = path.join(root, 'cli');
    await cp(clean, index, { recursive: true });
    const vectors = path.join(index, generation, 'vectors.hnsw');
    const bytes = await readFile(vectors);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    await writeFile(vectors, bytes);
    const env = cliEnv({ root, docs, index });

    const status = await runCli(['status', '--json'], root, env);
    // An index that cannot answer is no success for a health check; the output says why.
    expect(status.code).toBe(1);
    // status never rebuilds; it must not report the damaged generation's contents.
    expect(JSON.parse(status.stdout)).toMatchObject({ articles: 0, passages: 0 });
    expect((JSON.parse(status.stdout) as { indexProblem: string }).indexProblem).toMatch(
      /vectors\.hnsw \(checksum mismatch\)/,
    );

    const ask = await runCli(['ask', asked[0]!.question, '--json'], root, env);
    expect(ask.code).toBe(0);
    expect(ask.stderr).toMatch(
      /index file is damaged: .*vectors\.hnsw \(checksum mismatch\); rebuilding the index/,
    );
    expect(JSON.stringify(JSON.parse(ask.stdout))).toBe(reference[0]);
  }, 120_000);
});
