import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExtractiveAnswerer } from '../../src/core/answer/extractive';
import { UserError } from '../../src/core/errors';
import * as backend from '../../src/core/index/backend';
import { FileArticleSource } from '../../src/core/ingest/fileSource';
import { silentLogger } from '../../src/core/logger';
import { tempApp, tempCollection } from '../support/tempCollection';

const PALMYRA = '000_fb4c95536d1c9c6c.txt';
const DEIR = '001_b7a14c772971f96e.txt';

function expectVerbatim(
  text: string,
  citation: { quote: string; quoteStart: number; quoteEnd: number; passage: string },
): void {
  expect(text.slice(citation.quoteStart, citation.quoteEnd)).toBe(citation.quote);
  expect(text).toContain(citation.passage);
  expect(citation.passage).toContain(citation.quote);
}

describe('QuellenService over the sample collection', () => {
  let collection: Awaited<ReturnType<typeof tempCollection>>;

  beforeEach(async () => {
    collection = await tempCollection();
  });
  afterEach(async () => {
    await collection.cleanup();
  });

  test('a caller that shows skipped files gets them logged only at debug, unless the run fails', async () => {
    const warnings: string[] = [];
    const logger = {
      ...silentLogger,
      warn: (_: object | string, message?: string) => void warnings.push(message ?? ''),
      child: () => logger,
    };
    const { service } = await tempApp(collection, {}, logger);
    await service.open();
    await writeFile(path.join(collection.docs, 'leer.md'), '');
    const shown = await service.reindex({ by: 'test', skippedShown: true });
    expect(shown.skipped.map((s) => s.path)).toEqual(['leer.md']);
    expect(warnings.filter((w) => w.startsWith('skipped leer.md'))).toEqual([]);
    // A failed run prints no summary: the log says what was skipped.
    await writeFile(path.join(collection.docs, 'neu.md'), '# Neu\n\nEin neuer Artikel über Palmyra.\n');
    const aborted = new AbortController();
    aborted.abort();
    await expect(
      service.reindex({ by: 'test', skippedShown: true, signal: aborted.signal }),
    ).rejects.toThrow();
    expect(warnings.filter((w) => w.startsWith('skipped leer.md'))).toHaveLength(1);
    await service.reindex({ by: 'test' });
    expect(warnings.filter((w) => w.startsWith('skipped leer.md'))).toHaveLength(2);
  });

  test('open builds a missing index, then answers a German question with a verbatim citation', async () => {
    const { service } = await tempApp(collection);
    expect(await service.open()).toMatchObject({ added: 2 });
    // An index on disk is loaded as is.
    expect(await service.open()).toBeUndefined();
    const status = service.status();
    expect(status).toMatchObject({ articles: 2, skipped: [] });
    expect(status.passages).toBeGreaterThan(10);

    const { answer, timings } = await service.ask('Wo spielte das Mariinski-Orchester?');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]?.articleId).toBe(PALMYRA);
    expect(answer.citations[0]?.quote).toContain('Amphitheater von Palmyra');
    expect(answer.text).toContain('[1]');
    const article = await service.article(PALMYRA);
    for (const citation of answer.citations) expectVerbatim(article.text, citation);
    expect(timings.totalMs).toBeGreaterThan(0);
  });

  test('asking and the status count articles without building the catalogue of every article', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    // The catalogue is built from one entry per article.
    const built = jest.spyOn(backend, 'catalogueEntryOf');
    try {
      expect(service.status()).toMatchObject({ articles: 2 });
      expect((await service.ask('Wo spielte das Mariinski-Orchester?')).answer.abstained).toBe(false);
      expect(built).not.toHaveBeenCalled();
      // Finding an article by its title needs the catalogue, built once.
      expect((await service.article('Palmyra')).id).toBe(PALMYRA);
      await service.article(DEIR);
      expect(built).toHaveBeenCalledTimes(2);
    } finally {
      built.mockRestore();
    }
  });

  test('the answerer is handed the passages near the best one in its article, nearest first', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    const answer = jest.spyOn(ExtractiveAnswerer.prototype, 'answer');
    try {
      await service.ask('Wo spielte das Mariinski-Orchester?');
      const [, retrieved, options] = answer.mock.calls[0]!;
      const best = retrieved[0]!.passage;
      const returned = new Set(retrieved.map((hit) => hit.passage.id));
      const context = options?.context ?? [];
      expect(context.length).toBeGreaterThan(0);
      // Every passage of that article within 8 of the best one that was not retrieved, each once.
      const { passages } = await service.findArticle(best.articleId);
      const near = Array.from({ length: passages }, (_, ordinal) => ordinal).filter(
        (ordinal) => Math.abs(ordinal - best.ordinal) <= 8 && !returned.has(`${best.articleId}#${ordinal}`),
      );
      expect(context.map((passage) => passage.ordinal).sort((a, b) => a - b)).toEqual(near);
      for (const passage of context) expect(passage.articleId).toBe(best.articleId);
      const distances = context.map((passage) => Math.abs(passage.ordinal - best.ordinal));
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
    } finally {
      answer.mockRestore();
    }
  });

  test('articles are found by id with or without extension, by title, or by a unique part of it', async () => {
    await writeFile(
      path.join(collection.docs, 'krieg.md'),
      '# Palmyra im Krieg\n\nDie Stadt wurde umkämpft.\n',
    );
    await writeFile(
      path.join(collection.docs, 'frieden.md'),
      '# Palmyra im Frieden\n\nDie Stadt war ruhig.\n',
    );
    const { service } = await tempApp(collection);
    await service.open();
    expect((await service.findArticle(DEIR.replace(/\.txt$/, ''))).id).toBe(DEIR);
    expect((await service.findArticle('deir al-sor ist der letzte')).id).toBe(DEIR);
    expect((await service.findArticle('Mariinski')).id).toBe(PALMYRA);
    // A unique start of an id; words of a first sentence past where the title was cut ("…").
    expect((await service.findArticle('000')).id).toBe(PALMYRA);
    expect((await service.findArticle('Amphitheater')).id).toBe(PALMYRA);
    // Too short to be a part of a title, or in none: not found; in both titles: named, not guessed.
    await expect(service.findArticle('de')).rejects.toThrow(
      expect.objectContaining({ code: 'ARTICLE_NOT_FOUND', details: { article: 'de', minChars: 3 } }),
    );
    // Two characters are not looked for even where ids start with them; the message says so.
    await expect(service.findArticle('00')).rejects.toThrow(
      expect.objectContaining({ message: expect.stringContaining('at least 3 characters') }),
    );
    await expect(service.findArticle('nirgends')).rejects.toThrow(
      expect.objectContaining({ code: 'ARTICLE_NOT_FOUND', details: { article: 'nirgends' } }),
    );
    expect((await service.findArticle('im Frieden')).id).toBe('frieden.md');
    // A unique part of an id that is no part of a title: a file name inside a folder.
    expect((await service.findArticle('rieg.m')).id).toBe('krieg.md');
    expect((await service.findArticle('b7a14c')).id).toBe(DEIR);
    await expect(service.findArticle('Palmyra im')).rejects.toThrow(
      expect.objectContaining({
        code: 'ARTICLE_AMBIGUOUS',
        message: expect.stringContaining('"Palmyra im Krieg" (krieg.md)'),
      }),
    );
    const { answer } = await service.ask('Was geschah mit den Soldaten?', {
      articleId: DEIR.replace(/\.txt$/, ''),
    });
    for (const citation of answer.citations) expect(citation.articleId).toBe(DEIR);
  });

  test('an article filter keeps citations inside that article', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    const { answer } = await service.ask('Was geschah mit den Soldaten?', { articleId: DEIR });
    for (const citation of answer.citations) expect(citation.articleId).toBe(DEIR);
    await expect(service.ask('Palmyra?', { articleId: 'nope.txt' })).rejects.toMatchObject({
      code: 'ARTICLE_NOT_FOUND',
    });
  });

  test('a date filter keeps citations inside articles dated in the range, and a bad date is refused', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    // Only the Deir al-Sor article carries a date (2017-01).
    expect((await service.findArticle(DEIR)).date).toBe('2017-01');
    const { answer } = await service.ask('Was geschah mit den Soldaten?', {
      dateFrom: '2017',
      dateTo: '2017-06',
    });
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const citation of answer.citations) expect(citation.articleId).toBe(DEIR);
    const none = await service.ask('Was geschah mit den Soldaten?', { dateFrom: '2018' });
    expect(none.answer.citations).toEqual([]);
    await expect(service.ask('Palmyra?', { dateFrom: '17.01.2017' })).rejects.toMatchObject({
      code: 'INVALID_DATE',
      details: { date: '17.01.2017' },
    });
  });

  test('a question about something the articles do not cover abstains without citations', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    const { answer } = await service.ask('Wie wird das Wetter morgen in Hamburg?');
    expect(answer.abstained).toBe(true);
    expect(answer.citations).toEqual([]);
  });

  test('empty and overlong questions are refused with user errors', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    await expect(service.ask('   ')).rejects.toMatchObject({ code: 'EMPTY_QUESTION' });
    await expect(service.ask('x'.repeat(10_000))).rejects.toMatchObject({ code: 'QUESTION_TOO_LONG' });
  });

  test('summaries find articles by id, id without extension, and title', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    const byId = await service.summarize(DEIR, { sentences: 3 });
    expect(byId.citations).toHaveLength(3);
    const byStem = await service.summarize(DEIR.replace(/\.txt$/, ''));
    expect(byStem.articleId).toBe(DEIR);
    const byTitle = await service.summarize((await service.findArticle(PALMYRA)).title.toUpperCase());
    expect(byTitle.articleId).toBe(PALMYRA);
    await expect(service.findArticle('unbekannt')).rejects.toThrow(UserError);
  });

  test('a second reindex while one runs is refused, naming who started it', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    await writeFile(
      path.join(collection.docs, 'neu.md'),
      '# Neu\n\nEin neuer Artikel über Aleppo und die Belagerung der Stadt.\n',
    );
    const first = service.reindex({ by: 'alice' });
    await expect(service.reindex({ by: 'bob' })).rejects.toMatchObject({
      code: 'REINDEX_RUNNING',
      details: { by: 'alice' },
    });
    expect(service.status().reindexing?.by).toBe('alice');
    const summary = await first;
    expect(summary).toMatchObject({ added: 1, unchanged: 2 });
    expect(service.status().lastReindex?.by).toBe('alice');
    expect((await service.articles()).map((a) => a.id)).toContain('neu.md');
  });

  test('questions are answered from the previous index while a reindex runs', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    const running = service.reindex({ full: true, by: 'moderator' });
    const { answer } = await service.ask('Wie viele Menschen werden in Deir al-Sor belagert?');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]?.quote).toContain('110.000');
    await running;
  });

  test('uploads are validated, stored without overwriting, and indexed', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    const text =
      '# Aleppo\n\nDie Schlacht um Aleppo dauerte von 2012 bis 2016 und zerstörte große Teile der Altstadt.\n';
    const saved = await service.addArticle('aleppo.md', Buffer.from(text), 'mod');
    expect(saved).toMatchObject({ status: 'saved', articleId: 'aleppo.md', indexed: true });
    expect(saved.summary?.added).toBe(1);
    const again = await service.addArticle('aleppo.md', Buffer.from(text), 'mod');
    expect(again.status).toBe('unchanged');
    await expect(service.addArticle('aleppo.md', Buffer.from(`${text} Mehr.`), 'mod')).rejects.toMatchObject({
      code: 'UPLOAD_REJECTED',
    });
    for (const name of ['../../x.md', '..\\x.md', '.hidden.md', 'tool.exe', 'sub/dir.md']) {
      await expect(service.addArticle(name, Buffer.from(text), 'mod')).rejects.toMatchObject({
        code: 'UPLOAD_REJECTED',
      });
    }
    await expect(
      service.addArticle('bad.txt', Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'mod'),
    ).rejects.toMatchObject({
      code: 'UPLOAD_REJECTED',
    });
    expect((await readdir(collection.root)).sort()).toEqual(['docs', 'embeddings']);
    expect((await readdir(collection.docs)).sort()).toEqual([PALMYRA, DEIR, 'aleppo.md'].sort());
    expect(await readFile(path.join(collection.docs, 'aleppo.md'), 'utf8')).toBe(text);
    const { answer } = await service.ask('Wie lange dauerte die Schlacht um Aleppo?');
    expect(answer.citations[0]?.articleId).toBe('aleppo.md');
  });

  test('an emptied article folder leaves the index as it is unless emptying is asked for', async () => {
    const { service } = await tempApp(collection);
    await service.open();
    await rm(collection.docs, { recursive: true, force: true });
    await mkdir(collection.docs);
    await expect(service.reindex({ by: 'test' })).rejects.toMatchObject({
      code: 'COLLECTION_EMPTY',
      details: { indexed: 2 },
    });
    expect(service.status().articles).toBe(2);
    // Files that could not be read are named: they are why the folder looks empty.
    await writeFile(path.join(collection.docs, 'leer.md'), '');
    await expect(service.reindex({ by: 'test' })).rejects.toMatchObject({
      code: 'COLLECTION_EMPTY',
      message: expect.stringMatching(/\(1 skipped, e\.g\. leer\.md: .+\): the index keeps its 2 articles/),
    });
    await rm(path.join(collection.docs, 'leer.md'));
    expect((await service.ask('Wo spielte das Mariinski-Orchester?')).answer.abstained).toBe(false);
    const summary = await service.reindex({ by: 'test', allowEmpty: true });
    expect(summary.removed).toBe(2);
    expect(service.status().articles).toBe(0);
  });

  test('an index built with other chunking settings is detected and rebuilt on open', async () => {
    const first = await tempApp(collection);
    await first.service.open();
    const before = first.service.status().passages;
    const other = await tempApp(collection, { CHUNK_MAX_CHARS: '250' });
    await other.service.open();
    expect(other.service.status().passages).toBeGreaterThan(before);
    await expect(first.service.open({ rebuild: false })).rejects.toMatchObject({
      code: 'INDEX_UNUSABLE',
      details: { reason: 'mismatch' },
    });
  });

  test('GIVEN an update THEN unchanged files are taken from the index; a full rebuild, or one the index needs, reads them all anew', async () => {
    const first = await tempApp(collection);
    await first.service.open();
    await first.service.idle();
    const readAll = jest.spyOn(FileArticleSource.prototype, 'readAll');
    const lastKnown = () => readAll.mock.calls.at(-1)?.[0]?.known;
    try {
      // A process that has just started, and the running one.
      const fresh = await tempApp(collection);
      await fresh.service.reindex({ by: 'test' });
      expect(lastKnown()?.('001_b7a14c772971f96e.txt')?.contentHash).toMatch(/^[0-9a-f]{64}$/);
      await first.service.reindex({ by: 'test' });
      expect(lastKnown()?.('001_b7a14c772971f96e.txt')?.contentHash).toMatch(/^[0-9a-f]{64}$/);

      await first.service.reindex({ by: 'test', full: true });
      expect(lastKnown()).toBeUndefined();
      // Other chunking settings: the index cannot be updated, so it is rebuilt from the files.
      const rechunked = await tempApp(collection, { CHUNK_MAX_CHARS: '300' });
      const summary = await rechunked.service.reindex({ by: 'test' });
      expect(summary.rebuildReason).toMatch(/chunking/);
      expect(lastKnown()).toBeUndefined();
    } finally {
      readAll.mockRestore();
    }
  });
});
