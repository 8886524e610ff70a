import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IndexStore } from '../../../src/core/index/store';
import { FAKE_CHUNKING } from '../../fakes/blockChunker';
import { HashEmbedder } from '../../fakes/hashEmbedder';
import { seededRandom } from '../../fakes/articles';

const REPO = resolve(__dirname, '../../..');
const WRITER = join(__dirname, 'fixtures', 'writeLoop.ts');
const tsxAvailable = existsSync(join(REPO, 'node_modules', 'tsx'));

/** Starts the writer loop and resolves once it has committed `rounds` generations. */
function startWriter(root: string, rounds: number, mode = 'hnsw') {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, root, mode], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const committed = new Promise<void>((resolvePromise, reject) => {
    let lines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      lines += chunk.toString().split('\n').filter(Boolean).length;
      if (lines >= rounds) resolvePromise();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise<void>((resolvePromise) => child.on('exit', () => resolvePromise()));
  return { child, committed, exited };
}

(tsxAvailable ? describe : describe.skip)('index writes killed at arbitrary moments', () => {
  if (!tsxAvailable) console.log('skipping crash test: tsx is not installed');
  let root: string;
  beforeAll(() => {
    root = join(mkdtempSync(join(tmpdir(), 'quellen-crash-')), 'embeddings');
  });
  afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  test.each([
    ['repeated writes', 'hnsw', 2024],
    ['writes that switch between the HNSW and the flat index', 'alternate', 2025],
    ['small updates that keep the graph and texts of the generation before', 'small', 2026],
  ])(
    'SIGKILL during %s always leaves a complete, consistent index',
    async (_, mode, seed) => {
      const embedder = new HashEmbedder(64);
      const expected = { embedderId: embedder.id, dimensions: 64, chunking: FAKE_CHUNKING };
      const random = seededRandom(seed as number);
      for (let run = 0; run < 3; run += 1) {
        const writer = startWriter(root, 1, mode as string);
        await writer.committed;
        await sleep(Math.floor(random() * 400));
        writer.child.kill('SIGKILL');
        await writer.exited;

        const loaded = await new IndexStore(root).load(expected);
        expect(loaded.generation).toBe(readFileSync(join(root, 'CURRENT'), 'utf8').trim());
        expect(loaded.passageCount).toBe(loaded.manifest.counts.passages);
        for (const article of loaded.articles.values()) {
          const passage = loaded.passagesOf(article.id)[7]!;
          expect(loaded.search(await embedder.embedQuery(passage.text), 1)[0]!.passage).toEqual(passage);
        }
      }
    },
    60_000,
  );
});
