import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempCollection } from '../support/tempCollection';
import { VERB_LEMMA_CACHE_FILE } from '../../src/core/text/verbLemmas';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/** What every run here starts with: no model, dictionary or thesaurus, only warnings logged. */
const OFFLINE_ENV = {
  PATH: process.env.PATH,
  EMBEDDINGS: 'builtin',
  DICTIONARY_PATH: '/nonexistent',
  THESAURUS_PATH: '/nonexistent',
  LOG_LEVEL: 'warn',
};

/** Runs the real `quellen` CLI from source in a temp working directory. */
async function quellen(
  cwd: string,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  return quellenWith({}, cwd, ...args);
}

async function quellenWith(
  extraEnv: Record<string, string>,
  cwd: string,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd,
        env: { ...OFFLINE_ENV, ...extraEnv },
        timeout: 60_000,
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('quellen CLI (as a user runs it)', () => {
  let collection: Awaited<ReturnType<typeof tempCollection>>;
  beforeAll(async () => {
    collection = await tempCollection();
  });
  afterAll(async () => {
    await collection.cleanup();
  });

  test('the built command runs by itself, as `npx quellen` starts it (executable, with its shebang)', async () => {
    const bin = path.join(ROOT, 'dist/cli/main.js');
    // npm ci builds it (the prepare script); so does npm run build.
    expect(existsSync(bin) ? 'built' : 'dist/ is not built: run npm run build').toBe('built');
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    const { stdout } = await run(bin, ['--help'], {
      cwd: collection.root,
      env: { PATH: process.env.PATH, EMBEDDINGS: 'builtin', LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/Usage: quellen/);
    expect(stdout).toContain('index');
  });

  test('index, status --json, re-index after edits and deletes, broken files reported', async () => {
    const first = await quellen(collection.root, 'index');
    expect(first.code).toBe(0);
    // A first build: said as one, without the operator's line about the missing index.
    expect(first.stdout).toMatch(/Index built: 2 articles, 0 skipped; \d+ passages/);
    expect(first.stdout).not.toContain('no index found');
    // The verb-form table is prepared beside the index by the first run, for every later one.
    expect(existsSync(path.join(collection.root, 'embeddings', VERB_LEMMA_CACHE_FILE))).toBe(true);

    const status = JSON.parse((await quellen(collection.root, 'status', '--json')).stdout) as Record<
      string,
      unknown
    >;
    // The built-in embedder without LLM or Discord: nothing leaves this host.
    expect(status).toMatchObject({
      articles: 2,
      dims: 256,
      backend: { kind: 'embedded', location: path.join(collection.root, 'embeddings') },
      generation: expect.any(String),
      vectorIndex: 'hnsw',
      skipped: [],
      indexProblem: null,
      reranker: null,
      outbound: [],
    });
    expect(Object.keys(status).sort()).toEqual([
      'articles',
      'backend',
      'builtAt',
      'dims',
      'embedder',
      'generation',
      'indexProblem',
      'outbound',
      'passages',
      'reranker',
      'skipped',
      'vectorIndex',
    ]);
    // Settings that no longer match the index: status says why instead of showing an empty index.
    const changed = await quellenWith({ CHUNK_MAX_CHARS: '300' }, collection.root, 'status');
    // An index that cannot answer is no success for a health check.
    expect(changed.code).toBe(1);
    // A one-shot command has no uptime or reindex history of its own to show.
    expect(changed.stdout).not.toMatch(/Uptime|Last reindex/);
    expect(changed.stdout).toContain('Leaves this host: nothing');
    expect(changed.stdout).toMatch(
      /Index not usable: index was built with chunking CHUNK_MAX_CHARS=500, .* but CHUNK_MAX_CHARS=300, .* is configured\. "quellen index" rebuilds it\./,
    );
    const german = await quellenWith(
      { CHUNK_MAX_CHARS: '300', LANG: 'de_DE.UTF-8' },
      collection.root,
      'status',
    );
    expect(german.stdout).toMatch(
      /Index nicht nutzbar: der Index wurde mit der Zerlegung CHUNK_MAX_CHARS=500, .* gebaut, eingestellt ist CHUNK_MAX_CHARS=300, .*\. „quellen index“ baut ihn neu\./,
    );

    await writeFile(path.join(collection.docs, 'binary.txt'), Buffer.from([0x00, 0x01, 0x02, 0x00]));
    await writeFile(path.join(collection.docs, 'empty.md'), '');
    await writeFile(path.join(collection.docs, 'notes.pdf'), 'x');
    await rm(path.join(collection.docs, '000_fb4c95536d1c9c6c.txt'));
    const second = await quellen(collection.root, 'index');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 added, 0 changed, 1 removed, 1 unchanged, 3 skipped/);
    for (const file of ['binary.txt', 'empty.md', 'notes.pdf']) {
      expect(second.stdout.split('\n').filter((line) => line.includes(`skipped ${file}:`))).toHaveLength(1);
      // Listed once, in the summary: not also as a warning on stderr.
      expect(second.stderr).not.toContain(`skipped ${file}`);
    }

    const answer = JSON.parse(
      (await quellen(collection.root, 'ask', 'Wo spielte das Mariinski-Orchester?', '--json')).stdout,
    ) as { citations: Array<{ articleId: string }> };
    expect(answer.citations.every((c) => c.articleId !== '000_fb4c95536d1c9c6c.txt')).toBe(true);

    // Unquoted words are one question, and one article reference.
    const unquoted = await quellen(
      collection.root,
      'ask',
      'Wer',
      'kontrolliert',
      'Deir',
      'al-Sor?',
      '--json',
    );
    expect(unquoted.code).toBe(0);
    expect((JSON.parse(unquoted.stdout) as { question: string }).question).toBe(
      'Wer kontrolliert Deir al-Sor?',
    );
    const summary = await quellen(collection.root, 'summary', 'Deir', 'al-Sor', '--json');
    expect(summary.code).toBe(0);
    const { articleId, title } = JSON.parse(summary.stdout) as { articleId: string; title: string };
    expect(articleId).toBe('001_b7a14c772971f96e.txt');
    // A refusal under an article filter names the article searched by its title, not as typed.
    const scoped = await quellen(collection.root, 'ask', 'Wer dirigierte das Konzert?', '--article', '001');
    expect(scoped.stdout).toContain(`(Nur durchsucht: der Artikel „${title}“.)`);
    // A batch prints every line's outcome, and exits with 1 when a line was not answered.
    const batch = path.join(collection.root, 'batch.jsonl');
    await writeFile(batch, '{"id":"a","question":"Wer kontrolliert Deir al-Sor?"}\nnot json\n');
    const batched = await quellen(collection.root, 'ask', '--batch', batch);
    expect(batched.code).toBe(1);
    expect(
      batched.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: string }).id),
    ).toEqual(['a', 'line-2']);
    const both = await quellen(collection.root, 'ask', 'Frage', '--batch', batch);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('quellen: give a question or --batch <file>, not both');
  }, 120_000);

  test('an article folder without articles does not empty the index unless asked to', async () => {
    expect((await quellen(collection.root, 'index')).code).toBe(0);
    const articlesIn = async (): Promise<number> =>
      (JSON.parse((await quellen(collection.root, 'status', '--json')).stdout) as { articles: number })
        .articles;
    const indexed = await articlesIn();
    expect(indexed).toBeGreaterThan(0);
    const empty = path.join(collection.root, 'nothing-here');
    await mkdir(empty);
    const refused = await quellen(collection.root, 'index', '--docs', empty);
    expect(refused.code).toBe(1);
    // Log lines (JSON off a terminal) may come first; the error is one line of its own.
    expect(refused.stderr.split('\n').filter((line) => line.startsWith('quellen:'))).toEqual([
      `quellen: No articles in ${empty}: the index keeps its ${indexed} articles (to empty it, reindex with --allow-empty).`,
    ]);
    expect(await articlesIn()).toBe(indexed);
    const emptied = await quellen(collection.root, 'index', '--docs', empty, '--allow-empty');
    expect(emptied.code).toBe(0);
    expect(emptied.stdout).toMatch(new RegExp(`0 added, 0 changed, ${indexed} removed`));
    expect(await articlesIn()).toBe(0);
    // Asked now, it says the index is empty rather than that the articles do not cover it.
    const asked = await quellenWith({ DOCS_DIR: empty }, collection.root, 'ask', 'Wo spielte das Orchester?');
    expect(asked.code).toBe(1);
    expect(asked.stderr.split('\n').filter((line) => line.startsWith('quellen:'))).toEqual([
      `quellen: No articles are indexed: add some to ${empty} and update the index.`,
    ]);
    // The collection is shared with the other tests: index it again.
    expect((await quellen(collection.root, 'index')).code).toBe(0);
  }, 120_000);

  test('VECTOR_INDEX=flat converts the index with no article changed, answers alike, and status says so', async () => {
    const question = 'Wer kontrolliert Deir al-Sor?';
    const firstQuote = async (env: Record<string, string>) =>
      (
        JSON.parse((await quellenWith(env, collection.root, 'ask', question, '--json')).stdout) as {
          citations: Array<{ articleId: string; quoteStart: number }>;
        }
      ).citations[0];
    expect((await quellen(collection.root, 'index')).code).toBe(0);
    const graph = await firstQuote({});
    expect(graph).toBeDefined();
    const pending = await quellenWith(
      { VECTOR_INDEX: 'flat', LANG: 'en_US.UTF-8' },
      collection.root,
      'status',
    );
    expect(pending.stdout).toContain('Vector index: HNSW (approximate)');
    expect(pending.stdout).toContain(
      'VECTOR_INDEX=flat: the index is still HNSW; "quellen index" converts it (no re-embedding).',
    );
    const converted = await quellenWith({ VECTOR_INDEX: 'flat' }, collection.root, 'index');
    expect(converted.code).toBe(0);
    expect(converted.stdout).toMatch(/0 added, 0 changed, 0 removed, \d+ unchanged/);
    const flat = { VECTOR_INDEX: 'flat' };
    expect(await firstQuote(flat)).toEqual(graph);
    const status = JSON.parse((await quellenWith(flat, collection.root, 'status', '--json')).stdout) as {
      vectorIndex: string;
    };
    expect(status.vectorIndex).toBe('flat');
    const shown = await quellenWith({ ...flat, LANG: 'de_DE.UTF-8' }, collection.root, 'status');
    expect(shown.stdout).toContain('Vektorindex: flach (exakt)');
    expect(shown.stdout).not.toContain('VECTOR_INDEX=');
    const invalid = await quellenWith({ VECTOR_INDEX: 'faiss' }, collection.root, 'status');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(
      'VECTOR_INDEX: "faiss" (from the environment): must be one of hnsw, flat',
    );
    // The collection is shared with the other tests: back to the default.
    expect((await quellen(collection.root, 'index')).code).toBe(0);
  }, 120_000);

  /** Runs the CLI with its output read by nobody: the pipe is closed before anything is written. */
  async function withClosedOutput(...args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd: collection.root,
        env: OFFLINE_ENV,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stderr };
  }

  test('a reader that closes the pipe early ends the output, not the command: no stack trace, its own exit code', async () => {
    expect((await quellen(collection.root, 'index')).code).toBe(0);
    const listed = await withClosedOutput('articles');
    expect(listed.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(listed.code).toBe(0);
    // A batch with a line it cannot answer still says so by its exit code.
    const batch = path.join(collection.root, 'closed-batch.jsonl');
    await writeFile(batch, '{"id":"a","question":"Wer kontrolliert Deir al-Sor?"}\nnot json\n');
    const batched = await withClosedOutput('ask', '--batch', batch);
    expect(batched.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(batched.code).toBe(1);
  }, 60_000);

  test('npm start without a Discord token shows the status with what leaves this host, then the chat', async () => {
    // `npm start` runs dist/main.js; from source it is src/main.ts. The chat ends when input does.
    const started = run(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/main.ts')],
      {
        cwd: collection.root,
        env: { ...OFFLINE_ENV, LANG: 'C.UTF-8' },
        timeout: 60_000,
      },
    );
    started.child.stdin?.end();
    const { stdout } = await started;
    const [status] = stdout.split('quellen:');
    expect(status).toContain('Leaves this host: nothing');
    expect(stdout).toMatch(/quellen: ask a question about the articles/);
  }, 60_000);

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = await quellen(collection.root, '--version');
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  }, 60_000);

  test('model fetch --rerank needs RERANK_MODEL, and RERANK_MIN_SCORE must lie in [0, 1]', async () => {
    const missing = await quellen(collection.root, 'model', 'fetch', '--rerank');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('RERANK_MODEL: required by --rerank');
    // A re-ranker that cannot load stops asking with its fix in one line; status still works.
    const absent = { RERANK_MODEL: 'test/absent', ALLOW_REMOTE_MODELS: 'false' };
    const asked = await quellenWith(absent, collection.root, 'ask', 'Wer', 'dirigierte?');
    expect(asked.code).toBe(1);
    expect(asked.stderr.trim().split('\n').at(-1)).toMatch(
      /^quellen: re-ranking model test\/absent is not available \(missing .*\); run "quellen model fetch --rerank" .*$/,
    );
    expect(asked.stderr).not.toMatch(/\n\s+at /);
    const shown = await quellenWith({ ...absent, LANG: 'en_US.UTF-8' }, collection.root, 'status');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Re-ranking: test/absent (loaded with the first question)');
    const json = await quellenWith(absent, collection.root, 'status', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ reranker: 'test/absent' });
    const alone = await quellenWith({ RERANK_MIN_SCORE: '0.2' }, collection.root, 'status');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('RERANK_MIN_SCORE: only used with RERANK_MODEL');
    const bad = await quellenWith(
      { RERANK_MIN_SCORE: '7', RERANK_MODEL: 'org/model' },
      collection.root,
      'status',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('RERANK_MIN_SCORE: "7"');
    expect(bad.stderr).toContain('must be a number from 0 to 1');
  }, 60_000);

  test('an invalid setting stops with one line per problem and exit code 2', async () => {
    const result = await quellen(collection.root, 'status');
    expect(result.code).toBe(0);
    const bad = await run(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/cli/main.ts'), 'status'],
      {
        cwd: collection.root,
        env: { PATH: process.env.PATH, EMBEDDINGS: 'gpu', TOP_K: 'many' },
      },
    ).catch((error: { stderr: string; code: number }) => error);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(
      /^quellen: Invalid configuration:\n {2}- EMBEDDINGS: .+\n {2}- TOP_K: .+\n$/,
    );
    // A value from .env is named as such.
    await writeFile(path.join(collection.root, '.env'), 'CHUNK_MAX_CHARS=viele\n');
    try {
      const fromFile = await quellen(collection.root, 'status');
      expect(fromFile.code).toBe(2);
      expect(fromFile.stderr).toContain('CHUNK_MAX_CHARS: "viele" (from .env): must be a number');
    } finally {
      await rm(path.join(collection.root, '.env'));
    }
  }, 60_000);
});
