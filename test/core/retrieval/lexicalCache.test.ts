import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedIndex } from '../../../src/core/index/loadedIndex';
import { silentLogger, type Logger } from '../../../src/core/logger';
import { IndexStore } from '../../../src/core/index/store';
import {
  LEXICAL_CACHE_FILE,
  readLexicalCache,
  writeLexicalCache,
  type LexicalCacheStore,
} from '../../../src/core/retrieval/lexicalCache';
import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import { ANALYSIS_VERSION } from '../../../src/core/text/analysis';
import { tempApp, tempCollection } from '../../support/tempCollection';

async function cacheFile(indexDir: string): Promise<string> {
  const generation = (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim();
  return path.join(indexDir, generation, LEXICAL_CACHE_FILE);
}

const QUESTIONS = [
  'Wie viele Menschen werden in Deir al-Sor belagert?',
  'Wo spielte das Mariinski-Orchester?',
  'Was warf das Ernährungsprogramm ab?',
];

async function answersOf(service: Awaited<ReturnType<typeof tempApp>>['service']): Promise<string[]> {
  const answers: string[] = [];
  for (const question of QUESTIONS)
    answers.push(JSON.stringify((await service.ask(question)).answer.citations.map((c) => c.passageId)));
  return answers;
}

describe('lexical index cache and incremental updates', () => {
  let collection: Awaited<ReturnType<typeof tempCollection>>;
  beforeEach(async () => {
    collection = await tempCollection();
  });

  /** Opens the app over the collection, and reads the cache it wrote: its text and header line. */
  async function writtenCache() {
    const app = await tempApp(collection);
    await app.service.open();
    await app.service.idle();
    const file = await cacheFile(collection.index);
    const bytes = await readFile(file);
    const newline = bytes.indexOf(0x0a);
    const header = bytes.toString('utf8', 0, newline);
    const cached = JSON.parse(header) as { generation: string; passages: number };
    const index = { generation: cached.generation, passageCount: cached.passages } as LoadedIndex;
    /** The file with another first line and the same index after it. */
    const withHeader = (line: string) => Buffer.concat([Buffer.from(line), bytes.subarray(newline)]);
    return { file, bytes, header, withHeader, cached, index, store: new IndexStore(collection.index) };
  }
  afterEach(async () => {
    await collection.cleanup();
  });

  test('GIVEN a built index THEN the lexical cache is written and a fresh process gets the same answers from it', async () => {
    const first = await tempApp(collection);
    await first.service.open();
    await first.service.idle();
    const file = await cacheFile(collection.index);
    expect((await readdir(path.dirname(file))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const [header] = (await readFile(file, 'utf8')).split('\n');
    const cached = JSON.parse(header!) as { passages: number; crc32: string };
    expect(cached.passages).toBe(first.service.status().passages);
    expect(cached.crc32).toMatch(/^[0-9a-f]{8}$/);
    // The index after the header line starts 8-byte aligned, so it opens without a copy.
    expect(((await readFile(file)).indexOf(0x0a) + 1) % 8).toBe(0);
    const second = await tempApp(collection);
    await second.service.open();
    expect(await answersOf(second.service)).toEqual(await answersOf(first.service));
  });

  test('GIVEN a damaged cache THEN it is ignored and answers stay the same', async () => {
    const first = await tempApp(collection);
    await first.service.open();
    await first.service.idle();
    const expected = await answersOf(first.service);
    await writeFile(await cacheFile(collection.index), '{"generation": "gen-x", "passages": 1, "index": {}}');
    const second = await tempApp(collection);
    await second.service.open();
    expect(await answersOf(second.service)).toEqual(expected);
    await writeFile(await cacheFile(collection.index), '{ not json');
    const third = await tempApp(collection);
    await third.service.open();
    expect(await answersOf(third.service)).toEqual(expected);
  });

  test('GIVEN a damaged cache THEN opening the index says so once, and not when the index itself fails to load', async () => {
    const { file, bytes } = await writtenCache();
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 0x01;
    await writeFile(file, damaged);
    const recorded: string[] = [];
    const recording: Logger = {
      ...silentLogger,
      warn: (details: object | string, message?: string) => void recorded.push(message ?? String(details)),
      child: () => recording,
    };
    const app = await tempApp(collection, {}, recording);
    await app.service.open();
    expect(recorded.filter((line) => line.includes('lexical index cache'))).toHaveLength(1);

    // A manifest whose deleted labels the vector file does not hold: the load fails at the last
    // step, after the cache read started while the vectors were loading, and the index is rebuilt.
    // That cache read is not reported: the failed load is.
    const manifestPath = path.join(path.dirname(file), 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
      deletedLabels: number[];
      counts: { deleted: number };
    };
    manifest.deletedLabels.push(999_999);
    manifest.counts.deleted += 1;
    await writeFile(manifestPath, JSON.stringify(manifest));
    // The first app rewrote the cache it ignored.
    await app.service.idle();
    await writeFile(file, damaged);
    recorded.length = 0;
    const again = await tempApp(collection, {}, recording);
    await again.service.open();
    expect(recorded.some((line) => line.includes('rebuilding the index'))).toBe(true);
    expect(recorded.filter((line) => line.includes('lexical index cache'))).toEqual([]);
  });

  test('GIVEN a cache written with a sha256 checksum (before CRC-32) THEN it is still used, and still checked', async () => {
    const { file, bytes, header, withHeader, cached, index, store } = await writtenCache();
    const { crc32: _crc32, ...claims } = JSON.parse(header) as Record<string, unknown>;
    const body = bytes.subarray(bytes.indexOf(0x0a) + 1);
    const sha256 = createHash('sha256')
      .update(`${cached.generation}\n${cached.passages}\n${ANALYSIS_VERSION}\n`)
      .update(body)
      .digest('hex');
    await writeFile(file, withHeader(JSON.stringify({ ...claims, sha256 })));
    const read = await readLexicalCache(store, index, silentLogger);
    expect(read?.size).toBe(cached.passages);
    await writeFile(
      file,
      withHeader(JSON.stringify({ ...claims, sha256: sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) })),
    );
    expect(await readLexicalCache(store, index, silentLogger)).toBeUndefined();
  });

  test('GIVEN a cache written by another text analysis THEN it is not used', async () => {
    const { file, withHeader, cached, index, store } = await writtenCache();
    expect(await readLexicalCache(store, index, silentLogger)).toBeDefined();
    await writeFile(file, withHeader(JSON.stringify({ ...cached, analysis: ANALYSIS_VERSION - 1 })));
    expect(await readLexicalCache(store, index, silentLogger)).toBeUndefined();
  });

  test('GIVEN a cache whose index was altered THEN its checksum catches it: one warning line, and not used', async () => {
    const { file, bytes, header, withHeader, cached, index, store } = await writtenCache();
    // A term renamed inside the index: same length, same passage count.
    const at = bytes.indexOf('\npalmyra\n');
    expect(at).toBeGreaterThan(0);
    const altered = Buffer.from(bytes);
    altered.write('\npalmyrq\n', at);
    await writeFile(file, altered);
    const warnings: Array<{ details: object; message: string }> = [];
    const logger: Logger = {
      ...silentLogger,
      warn: (details: object | string, message?: string) =>
        void warnings.push({ details: details as object, message: message ?? '' }),
      child: () => logger,
    };
    expect(await readLexicalCache(store, index, logger)).toBeUndefined();
    expect(warnings).toEqual([
      {
        details: { generation: cached.generation, reason: 'checksum mismatch' },
        message: 'ignoring a damaged lexical index cache; rebuilding it',
      },
    ]);
    // A header that is valid JSON but no object, and a header whose claims were edited.
    await writeFile(file, withHeader('null'));
    expect(await readLexicalCache(store, index, logger)).toBeUndefined();
    expect(warnings.at(-1)?.details).toMatchObject({ reason: 'unreadable header' });
    const claims = JSON.parse(header) as Record<string, unknown>;
    await writeFile(file, withHeader(JSON.stringify({ ...claims, generation: 'gen-other' })));
    // Read as the cache of a generation named so: the header agrees, the checksum does not.
    const sameFile: LexicalCacheStore = {
      readDerived: () => readFile(file),
      writeDerived: async () => undefined,
    };
    const elsewhere = { ...index, generation: 'gen-other' } as LoadedIndex;
    expect(await readLexicalCache(sameFile, elsewhere, logger)).toBeUndefined();
    expect(warnings.at(-1)?.details).toMatchObject({ reason: 'checksum mismatch' });
    warnings.length = 1;
    // A cache written before checksums is rebuilt without a warning.
    const { generation, passages } = cached;
    await writeFile(file, JSON.stringify({ generation, passages, analysis: ANALYSIS_VERSION, index: {} }));
    expect(await readLexicalCache(store, index, logger)).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  test('GIVEN edited, removed and added articles THEN the incrementally updated index answers like a clean build', async () => {
    const running = await tempApp(collection);
    await running.service.open();
    const deir = path.join(collection.docs, '001_b7a14c772971f96e.txt');
    const text = await readFile(deir, 'utf8');
    await writeFile(deir, text.replace('110.000 Menschen', '120.000 Menschen'));
    await writeFile(
      path.join(collection.docs, 'aleppo.md'),
      '# Aleppo\n\nIn Aleppo wurden 2016 rund 250.000 Menschen belagert.\n',
    );
    const summary = await running.service.reindex({ by: 'test' });
    expect(summary).toMatchObject({ added: 1, changed: 1 });
    const incremental = await answersOf(running.service);

    const files = await readdir(collection.index);
    expect(files).toContain('CURRENT');
    const clean = await tempApp(collection, { INDEX_DIR: path.join(collection.root, 'clean-index') });
    await clean.service.open();
    expect(incremental).toEqual(await answersOf(clean.service));
    const { answer } = await running.service.ask('Wie viele Menschen werden in Deir al-Sor belagert?');
    expect(answer.citations[0]?.quote).toContain('120.000');
  });

  /** The lexical index cached beside the live generation, and its header. */
  async function liveLexical(indexDir: string) {
    const bytes = await readFile(await cacheFile(indexDir));
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as { generation: string; passages: number };
    const body = bytes.subarray(newline + 1);
    return { header, body, lexical: PostingsLexicalIndex.fromBuffer(body) };
  }

  /**
   * Indexes the collection, then edits one article, adds one, and plants a word in a passage of an
   * unchanged article in the cache of the generation (with a valid checksum): only a lexical
   * index derived from that cache can know the word.
   */
  async function changedWithPlantedWord(): Promise<{ planted: string; generation: string }> {
    const first = await tempApp(collection);
    await first.service.open();
    await first.service.idle();
    const before = await liveLexical(collection.index);
    const deir = path.join(collection.docs, '001_b7a14c772971f96e.txt');
    await writeFile(deir, (await readFile(deir, 'utf8')).replace('110.000 Menschen', '120.000 Menschen'));
    await writeFile(
      path.join(collection.docs, 'aleppo.md'),
      '# Aleppo\n\nIn Aleppo wurden 2016 Menschen belagert.\n',
    );
    const planted = [...before.lexical.passageIds()].find((id) => !id.startsWith('001_'))!;
    const text = 'Zauberwortx';
    const passage = { id: planted, articleId: planted.split('#')[0]!, ordinal: 0, paragraphStart: 0 };
    const tampered = before.lexical.withChanges(
      [],
      [{ ...passage, paragraphEnd: 0, start: 0, end: text.length, text, kind: 'text' }],
    );
    const { generation, passages } = before.header;
    await writeLexicalCache(
      new IndexStore(collection.index),
      { generation, passageCount: passages },
      tampered,
      silentLogger,
    );
    return { planted, generation };
  }

  test('GIVEN a process that has just indexed a change THEN its lexical index is derived from the replaced generation', async () => {
    const { planted, generation } = await changedWithPlantedWord();
    const indexing = await tempApp(collection);
    expect(await indexing.service.reindex({ by: 'test' })).toMatchObject({ added: 1, changed: 1 });
    await indexing.service.idle();
    const derived = await liveLexical(collection.index);
    expect(derived.header.generation).not.toBe(generation);
    expect(derived.lexical.search('Zauberwortx', 3).map((hit) => hit.id)).toEqual([planted]);
  });

  test('GIVEN a full rebuild THEN the lexical index is built anew, not derived', async () => {
    // A full build chunks every article again, and a chunker of another release may cut an
    // unchanged article differently: its passages are not the replaced generation's.
    const { generation } = await changedWithPlantedWord();
    const indexing = await tempApp(collection);
    await indexing.service.reindex({ by: 'test', full: true });
    await indexing.service.idle();
    const built = await liveLexical(collection.index);
    expect(built.header.generation).not.toBe(generation);
    expect(built.lexical.search('Zauberwortx', 3)).toEqual([]);
  });

  test('GIVEN a process that has just indexed a change THEN the derived lexical index ranks as a clean build', async () => {
    const first = await tempApp(collection);
    await first.service.open();
    await first.service.idle();
    const deir = path.join(collection.docs, '001_b7a14c772971f96e.txt');
    await writeFile(deir, (await readFile(deir, 'utf8')).replace('110.000 Menschen', '120.000 Menschen'));
    await writeFile(
      path.join(collection.docs, 'aleppo.md'),
      '# Aleppo\n\nIn Aleppo wurden 2016 Menschen belagert.\n',
    );
    const indexing = await tempApp(collection);
    await indexing.service.reindex({ by: 'test' });
    await indexing.service.idle();
    const derived = await liveLexical(collection.index);

    const cleanDir = path.join(collection.root, 'clean-index');
    const clean = await tempApp(collection, { INDEX_DIR: cleanDir });
    await clean.service.open();
    await clean.service.idle();
    const built = await liveLexical(cleanDir);
    expect(derived.lexical.size).toBe(built.lexical.size);
    // Documents may be stored in another order; ranking and scores may not differ.
    for (const query of [...QUESTIONS, 'Aleppo belagert', '120.000 Menschen', 'Palmyra Konzert Orchester']) {
      expect(derived.lexical.search(query, 20)).toEqual(built.lexical.search(query, 20));
    }
  });
});
