import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  FileAnswerStore,
  MemoryAnswerStore,
  type AnswerStore,
  type StoredAnswer,
} from '../../src/discord/state/answerStore';
import { silentLogger, type Logger } from '../../src/core/logger';

const stored = (question: string): StoredAnswer => ({
  answer: {
    question,
    text: `Antwort auf ${question} [1]`,
    abstained: false,
    language: 'de',
    citations: [],
    nearestArticles: [],
    mode: 'extractive',
  },
  question,
  guildId: null,
});

describe('MemoryAnswerStore', () => {
  it('evicts the least recently used answer beyond its size and expires old ones', async () => {
    let now = 0;
    const store = new MemoryAnswerStore({ maxEntries: 2, maxAgeMs: 1000, now: () => now });
    const a = await store.put(stored('a'));
    const b = await store.put(stored('b'));
    expect((await store.get(a))?.question).toBe('a');
    const c = await store.put(stored('c'));
    expect(await store.get(b)).toBeUndefined();
    expect((await store.get(a))?.question).toBe('a');
    expect(store.size).toBe(2);
    now = 1001;
    expect(await store.get(c)).toBeUndefined();
    // Short enough for a custom id (100 characters) beside its prefix.
    expect(a).toMatch(/^[0-9a-z]{9}[\w-]{8}$/);
  });
});

describe('FileAnswerStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'quellen-answers-')), 'answers');
  });
  afterEach(async () => {
    await chmod(path.dirname(dir), 0o700).catch(() => undefined);
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('keeps answers across instances (a restart) and shares them between instances (shards)', async () => {
    const first = new FileAnswerStore(dir, silentLogger);
    const id = await first.put(stored('Wer dirigierte?'));
    const restarted = new FileAnswerStore(dir, silentLogger);
    expect(await restarted.get(id)).toEqual(stored('Wer dirigierte?'));
    const other = await restarted.put(stored('Wo?'));
    expect((await first.get(other))?.question).toBe('Wo?');
  });

  it('answers undefined for unknown, malformed and hostile keys without touching other files', async () => {
    const store = new FileAnswerStore(dir, silentLogger);
    await store.put(stored('a'));
    for (const id of [
      'doesnotexist',
      '../../etc/passwd',
      '',
      'zzzzzzzzzAAAAAAAA',
      `${'0'.repeat(9)}../../x`,
    ]) {
      expect(await store.get(id)).toBeUndefined();
    }
  });

  it('keeps at most maxEntries answers on disk, the newest, and forgets those older than maxAgeMs', async () => {
    let now = Date.UTC(2026, 11, 4);
    const store = new FileAnswerStore(dir, silentLogger, { maxEntries: 3, maxAgeMs: 60_000, now: () => now });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      now += 1000;
      ids.push(await store.put(stored(`q${i}`)));
    }
    await store.prune();
    expect((await readdir(dir)).sort()).toEqual(ids.slice(2).map((id) => `${id}.json`));
    const fresh = new FileAnswerStore(dir, silentLogger, { maxEntries: 3, maxAgeMs: 60_000, now: () => now });
    expect(await fresh.get(ids[0]!)).toBeUndefined();
    expect((await fresh.get(ids[4]!))?.question).toBe('q4');

    now += 61_000;
    expect(await fresh.get(ids[4]!)).toBeUndefined();
    await fresh.prune();
    expect(await readdir(dir)).toEqual([]);
  });

  it('prunes by itself every PRUNE_EVERY answers', async () => {
    const store = new FileAnswerStore(dir, silentLogger, { maxEntries: 10 });
    for (let i = 0; i <= FileAnswerStore.PRUNE_EVERY; i++) await store.put(stored(`q${i}`));
    await store.prune();
    expect((await readdir(dir)).length).toBe(10);
  });

  it('treats a corrupt or foreign file as an expired answer and removes stale temporary files', async () => {
    let now = Date.UTC(2026, 11, 4);
    const store = new FileAnswerStore(dir, silentLogger, { now: () => now });
    const id = await store.put(stored('a'));
    await writeFile(path.join(dir, `${id}.json`), '{"question": 1');
    const fresh = new FileAnswerStore(dir, silentLogger, { now: () => now });
    expect(await fresh.get(id)).toBeUndefined();
    await writeFile(
      path.join(dir, `${id}.json`),
      JSON.stringify({ question: 'a', guildId: null, answer: {} }),
    );
    expect(await fresh.get(id)).toBeUndefined();

    const stale = `.${id}.1234.tmp`;
    await writeFile(path.join(dir, stale), '{');
    now += 120_000;
    await fresh.prune();
    expect(await readdir(dir)).not.toContain(stale);
  });

  it('still serves answers from memory when the disk refuses them, and says so in the log', async () => {
    if (process.getuid?.() === 0) return; // root writes into read-only folders
    const warnings: string[] = [];
    const logger: Logger = {
      ...silentLogger,
      warn: (_: object | string, message?: string) => void warnings.push(message ?? ''),
    };
    await rm(dir, { recursive: true, force: true });
    await chmod(path.dirname(dir), 0o500);
    const store: AnswerStore = new FileAnswerStore(dir, logger);
    const id = await store.put(stored('a'));
    expect((await store.get(id))?.question).toBe('a');
    expect(warnings.join('\n')).toMatch(/cannot keep an answer on disk/);
  });
});
