import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
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

  it('makes its folder again when it is deleted while the bot runs', async () => {
    const store = new FileAnswerStore(dir, silentLogger);
    await store.put(stored('a'));
    await rm(dir, { recursive: true });
    await store.put(stored('b'));
    const third = await store.put(stored('c'));
    expect(await readdir(dir)).toContain(`${third}.json`);
  });

  it('prunes when it opens, before any answer', async () => {
    let now = Date.UTC(2026, 11, 4);
    const first = new FileAnswerStore(dir, silentLogger, { maxAgeMs: 60_000, now: () => now });
    const old = await first.put(stored('alt'));
    now += 120_000;
    await new FileAnswerStore(dir, silentLogger, { maxAgeMs: 60_000, now: () => now }).open();
    expect(await readdir(dir)).not.toContain(`${old}.json`);
  });

  it('prunes by itself every PRUNE_EVERY answers', async () => {
    const store = new FileAnswerStore(dir, silentLogger, { maxEntries: 10 });
    for (let i = 0; i <= FileAnswerStore.PRUNE_EVERY; i++) await store.put(stored(`q${i}`));
    // No call to prune(): the store started one itself with the last answer.
    const deadline = Date.now() + 5000;
    while ((await readdir(dir)).length > 10 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect((await readdir(dir)).length).toBe(10);
  });

  it('keeps pruning past an entry it cannot delete, and never reads a link, a device or a huge file', async () => {
    let now = Date.UTC(2026, 11, 4);
    const store = new FileAnswerStore(dir, silentLogger, { maxEntries: 3, now: () => now });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      now += 1000;
      ids.push(await store.put(stored(`q${i}`)));
    }
    // The oldest name is taken by a directory now: not the store's, and not deletable with rm.
    await rm(path.join(dir, `${ids[0]}.json`));
    await mkdir(path.join(dir, `${ids[0]}.json`));
    await store.prune();
    expect((await readdir(dir)).sort()).toEqual([ids[0], ...ids.slice(3)].map((id) => `${id}.json`));

    const fresh = new FileAnswerStore(dir, silentLogger, { now: () => now });
    await rm(path.join(dir, `${ids[5]}.json`));
    await symlink('/dev/zero', path.join(dir, `${ids[5]}.json`));
    await writeFile(path.join(dir, `${ids[4]}.json`), `{"question":"${'x'.repeat(600 * 1024)}"}`);
    const started = Date.now();
    expect(await fresh.get(ids[5]!)).toBeUndefined();
    expect(await fresh.get(ids[4]!)).toBeUndefined();
    expect(await fresh.get(ids[0]!)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await fresh.get(ids[3]!))?.question).toBe('q3');
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

  it('still serves answers from memory when the disk refuses them, and says so in the log once', async () => {
    const warnings: string[] = [];
    const logger: Logger = {
      ...silentLogger,
      warn: (_: object | string, message?: string) => void warnings.push(message ?? ''),
    };
    // A folder below a regular file cannot be made, not even by root.
    await mkdir(path.dirname(dir), { recursive: true });
    await writeFile(path.join(path.dirname(dir), 'file'), '');
    const store: AnswerStore = new FileAnswerStore(path.join(path.dirname(dir), 'file', 'answers'), logger);
    const id = await store.put(stored('a'));
    const other = await store.put(stored('b'));
    expect((await store.get(id))?.question).toBe('a');
    expect((await store.get(other))?.question).toBe('b');
    expect(warnings.filter((w) => /^cannot keep answers in ANSWERS_DIR .* \(ENOTDIR\)/.test(w))).toHaveLength(
      1,
    );

    // Found at start: said once, with the fix, and not again for each answer.
    warnings.length = 0;
    const atStart = new FileAnswerStore(path.join(path.dirname(dir), 'file', 'answers'), logger);
    await atStart.open();
    await atStart.put(stored('c'));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^ANSWERS_DIR .* cannot be used \(ENOTDIR\): .* set ANSWERS_DIR to a writable folder$/,
      ),
    ]);
  });
});
