import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { InProcessReader, type ArticleReader } from '../../../src/core/ingest/articleReader';
import { statFiles, type StatResult } from '../../../src/core/ingest/bulkStat';
import { FileArticleSource } from '../../../src/core/ingest/fileSource';

const FIXTURES = path.resolve(__dirname, '../../fixtures/articles');
const MB = 1024 * 1024;

/** The default reader, recording the id of every file it parses. */
function recordingReader(parsed: string[]): ArticleReader {
  const inner = new InProcessReader({ maxBytes: MB });
  return {
    read: (id, bytes) => {
      parsed.push(id);
      return inner.read(id, bytes);
    },
    close: () => inner.close(),
  };
}

describe('FileArticleSource', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quellen-ingest-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the fixture folder recursively in sorted order, ignoring hidden files and folders', async () => {
    const { articles, skipped } = await new FileArticleSource(FIXTURES, { maxBytes: MB }).readAll();
    expect(articles.map((a) => a.id)).toEqual([
      'front-matter.md',
      'garbage-front-matter.md',
      'nested/plain.txt',
      'page.html',
    ]);
    expect(skipped).toEqual([
      {
        path: 'notes.pdf',
        reason: 'unsupported file type (".pdf"; expected .txt, .md, .markdown, .html, .htm)',
      },
    ]);
    expect(articles.find((a) => a.id === 'page.html')?.title).toBe('Deir al-Sor vor dem Fall');
  });

  it('takes a known article for a file with the same bytes and parses only the others', async () => {
    fs.writeFileSync(path.join(tmp, 'same.md'), '# Gleich\n\nUnverändert.\n');
    fs.writeFileSync(path.join(tmp, 'edited.md'), '# Alt\n\nVorher.\n');
    const parsed: string[] = [];
    const reader = recordingReader(parsed);
    const source = new FileArticleSource(tmp, { maxBytes: MB, reader });
    const first = await source.readAll();
    expect(parsed.sort()).toEqual(['edited.md', 'same.md']);
    const known = new Map(first.articles.map((article) => [article.id, article]));

    fs.writeFileSync(path.join(tmp, 'edited.md'), '# Neu\n\nNachher.\n');
    parsed.length = 0;
    const second = await source.readAll({ known: (id) => known.get(id) });
    expect(parsed).toEqual(['edited.md']);
    expect(second.articles.find((a) => a.id === 'same.md')).toBe(known.get('same.md'));
    expect(second.articles.find((a) => a.id === 'edited.md')?.title).toBe('Neu');
    // A known article whose hash does not match the bytes is not taken.
    const stale = { ...known.get('same.md')!, contentHash: '0'.repeat(64) };
    parsed.length = 0;
    await source.readAll({ known: (id) => (id === 'same.md' ? stale : known.get(id)) });
    expect(parsed.sort()).toEqual(['edited.md', 'same.md']);
  });

  it('trusts an unchanged file stamp without reading the file, and reads a file whose stamp changed', async () => {
    fs.writeFileSync(path.join(tmp, 'a.md'), '# A\n\nAlter Stand.\n');
    fs.writeFileSync(path.join(tmp, 'b.md'), '# B\n\nBleibt.\n');
    const parsed: string[] = [];
    const reader = recordingReader(parsed);
    // The files were written a minute "ago": settled, so their stamps are kept.
    const source = new FileArticleSource(tmp, {
      maxBytes: MB,
      reader,
      now: () => Date.now() + 60_000,
      stampsTrustedAt: () => Promise.resolve(true),
    });
    const first = await source.readAll();
    const stamp = first.articles.find((a) => a.id === 'a.md')!.file!;
    expect(stamp.bytes).toBe(fs.statSync(path.join(tmp, 'a.md')).size);
    const known = new Map(first.articles.map((article) => [article.id, article]));

    // Taken by its stamp alone: a known article with another hash is still the file's article,
    // which proves the bytes were neither read nor hashed.
    const forged = { ...known.get('a.md')!, contentHash: '0'.repeat(64) };
    parsed.length = 0;
    const second = await source.readAll({ known: (id) => (id === 'a.md' ? forged : known.get(id)) });
    expect(parsed).toEqual([]);
    expect(second.articles.find((a) => a.id === 'a.md')).toBe(forged);

    // Only the times changed: read and hashed, the known article taken with the new stamp.
    const later = new Date(Date.now() - 30_000);
    fs.utimesSync(path.join(tmp, 'b.md'), later, later);
    // The content changed, with the same size: read and parsed again. (Written again until the
    // change time moves, for file systems whose clock ticks coarsely.)
    const old = fs.statSync(path.join(tmp, 'a.md'));
    for (let i = 0; i < 300 && fs.statSync(path.join(tmp, 'a.md')).ctimeMs === old.ctimeMs; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      fs.writeFileSync(path.join(tmp, 'a.md'), '# A\n\nNeuer Stand.\n');
    }
    expect(fs.statSync(path.join(tmp, 'a.md')).size).toBe(old.size);
    parsed.length = 0;
    const third = await source.readAll({ known: (id) => known.get(id) });
    expect(parsed).toEqual(['a.md']);
    expect(third.articles.find((a) => a.id === 'a.md')!.text).toContain('Neuer Stand.');
    const b = third.articles.find((a) => a.id === 'b.md')!;
    expect(b).not.toBe(known.get('b.md'));
    expect(b.contentHash).toBe(known.get('b.md')!.contentHash);
    expect(b.file!.mtimeMs).toBe(fs.statSync(path.join(tmp, 'b.md')).mtimeMs);
  });

  it('keeps no stamp for a file changed moments before it was read', async () => {
    fs.writeFileSync(path.join(tmp, 'frisch.md'), '# Frisch\n\nGerade geschrieben.\n');
    const { articles } = await new FileArticleSource(tmp, {
      maxBytes: MB,
      stampsTrustedAt: () => Promise.resolve(true),
    }).readAll();
    expect(articles[0]!.file).toBeUndefined();
  });

  it('neither keeps nor trusts stamps where the file system cannot be trusted with them', async () => {
    fs.writeFileSync(path.join(tmp, 'a.md'), '# A\n\nText.\n');
    const settled = { maxBytes: MB, now: () => Date.now() + 60_000 };
    const trusting = new FileArticleSource(tmp, { ...settled, stampsTrustedAt: () => Promise.resolve(true) });
    const stamped = (await trusting.readAll()).articles[0]!;
    expect(stamped.file).toBeDefined();
    const asked: string[] = [];
    const wary = new FileArticleSource(tmp, {
      ...settled,
      stampsTrustedAt: (file) => {
        asked.push(file);
        return Promise.resolve(false);
      },
    });
    const forged = { ...stamped, contentHash: '0'.repeat(64) };
    const { articles } = await wary.readAll({ known: () => forged });
    expect(articles[0]).not.toBe(forged);
    expect(articles[0]!.file).toBeUndefined();
    expect(asked).toEqual([path.join(tmp, 'a.md')]);
  });

  it('reports unreadable and oversized files as skipped and still reads the rest', async () => {
    fs.writeFileSync(path.join(tmp, 'gut.txt'), 'Ein lesbarer Artikel.');
    fs.writeFileSync(path.join(tmp, 'gross.txt'), Buffer.alloc(3 * MB, 0x61));
    fs.writeFileSync(path.join(tmp, 'binär.txt'), Buffer.from([1, 2, 0, 3]));
    fs.symlinkSync(path.join(tmp, 'gibt-es-nicht.txt'), path.join(tmp, 'kaputt.txt'));
    const { articles, skipped } = await new FileArticleSource(tmp, { maxBytes: 2 * MB }).readAll();
    expect(articles.map((a) => a.id)).toEqual(['gut.txt']);
    expect(skipped).toEqual([
      { path: 'binär.txt', reason: 'binary file, not text' },
      { path: 'gross.txt', reason: 'larger than 2 MB limit (3 MB)' },
      { path: 'kaputt.txt', reason: 'unreadable: file not found' },
    ]);
  });

  it('reads one article by relative path and refuses paths outside the folder or hidden ones', async () => {
    fs.mkdirSync(path.join(tmp, 'a'));
    fs.writeFileSync(path.join(tmp, 'a', 'b.md'), '# Titel\n\nText.');
    const source = new FileArticleSource(tmp, { maxBytes: MB });
    const one = await source.readOne('a/b.md');
    expect(one.ok && [one.article.id, one.article.title]).toEqual(['a/b.md', 'Titel']);
    expect(await source.readOne('../etwas.txt')).toEqual({ ok: false, reason: 'outside the article folder' });
    expect(await source.readOne('.versteckt.txt')).toEqual({ ok: false, reason: 'hidden file (ignored)' });
    expect(await source.readOne('fehlt.txt')).toEqual({ ok: false, reason: 'unreadable: file not found' });
  });

  it('loads the HTML reader only when an HTML file is read', async () => {
    fs.writeFileSync(path.join(tmp, 'a.txt'), 'Text.');
    let loads = 0;
    const failingLoader = async (): Promise<never> => {
      loads++;
      throw new Error('kein DOM');
    };
    const source = new FileArticleSource(tmp, { maxBytes: MB, loadHtml: failingLoader });
    expect((await source.readAll()).articles).toHaveLength(1);
    expect(loads).toBe(0);
    fs.writeFileSync(path.join(tmp, 'b.html'), '<p>Hallo</p>');
    expect(await source.readOne('b.html')).toEqual({ ok: false, reason: 'unreadable: kein DOM' });
    expect(loads).toBe(1);
  });

  it('reads a large folder with its metadata read ahead, as it reads a small one file by file', async () => {
    // More files than the bulk-metadata threshold (64), and than are taken between two turns of the
    // event loop (32 for each of 8 readers).
    for (let i = 0; i < 600; i++)
      fs.writeFileSync(path.join(tmp, `a${String(i).padStart(3, '0')}.md`), `# A${i}\n\nText ${i}.\n`);
    fs.writeFileSync(path.join(tmp, 'gross.txt'), Buffer.alloc(3 * MB, 0x61));
    fs.writeFileSync(path.join(tmp, 'binär.txt'), Buffer.from([1, 2, 0, 3]));
    fs.symlinkSync(path.join(tmp, 'gibt-es-nicht.txt'), path.join(tmp, 'kaputt.txt'));
    fs.symlinkSync(path.join(tmp, 'a000.md'), path.join(tmp, 'verweis.md'));
    const parsed: string[] = [];
    let readAhead = 0;
    const source = new FileArticleSource(tmp, {
      maxBytes: 2 * MB,
      reader: recordingReader(parsed),
      now: () => Date.now() + 60_000,
      stampsTrustedAt: () => Promise.resolve(true),
      statFiles: (paths) => {
        readAhead += 1;
        return statFiles(paths);
      },
    });
    // Nothing known: every file is read, so no metadata is read ahead.
    const first = await source.readAll();
    expect(readAhead).toBe(0);
    expect(first.articles).toHaveLength(601);
    expect(first.articles.find((a) => a.id === 'verweis.md')?.title).toBe('A0');
    expect(first.skipped).toEqual([
      { path: 'binär.txt', reason: 'binary file, not text' },
      { path: 'gross.txt', reason: 'larger than 2 MB limit (3 MB)' },
      { path: 'kaputt.txt', reason: 'unreadable: file not found' },
    ]);
    const a07 = first.articles.find((a) => a.id === 'a007.md')!;
    expect(a07.file).toMatchObject({ bytes: fs.statSync(path.join(tmp, 'a007.md')).size });

    // Unchanged stamps are trusted from the metadata read ahead: nothing is parsed again. The
    // event loop gets turns while the unchanged files are taken, though none of them waits.
    const known = new Map(first.articles.map((article) => [article.id, article]));
    const old = fs.statSync(path.join(tmp, 'a003.md'));
    for (let i = 0; i < 300 && fs.statSync(path.join(tmp, 'a003.md')).ctimeMs === old.ctimeMs; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      fs.writeFileSync(path.join(tmp, 'a003.md'), '# A3 neu\n\nText.\n');
    }
    parsed.length = 0;
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      turns += 1;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const turnsSeen = new Set<number>();
    const second = await source.readAll({
      known: (id) => {
        turnsSeen.add(turns);
        return known.get(id);
      },
    });
    counting = false;
    expect(readAhead).toBe(1);
    // The skipped binary file is no known article, so it is read again.
    expect(parsed.sort()).toEqual(['a003.md', 'binär.txt']);
    expect(second.articles.find((a) => a.id === 'a003.md')?.title).toBe('A3 neu');
    expect(second.articles.find((a) => a.id === 'a500.md')).toBe(known.get('a500.md'));
    expect(second.skipped).toEqual(first.skipped);
    expect(turnsSeen.size).toBeGreaterThan(1);
  });

  it('takes a file as unchanged by its metadata read ahead, stats a file it reads again, and reads on when reading ahead fails', async () => {
    for (let i = 0; i < 70; i++)
      fs.writeFileSync(path.join(tmp, `a${String(i).padStart(2, '0')}.md`), `# A${i}\n\nText.\n`);
    const parsed: string[] = [];
    const settled = {
      maxBytes: 2 * MB,
      reader: recordingReader(parsed),
      now: () => Date.now() + 60_000,
      stampsTrustedAt: () => Promise.resolve(true),
    };
    const first = await new FileArticleSource(tmp, settled).readAll();
    const known = new Map(first.articles.map((article) => [article.id, article]));
    const recorded = (await statFiles([path.join(tmp, 'a01.md')]))[0]!;

    // a01.md changes, and a02.md grows past the limit, but the metadata read ahead is planted:
    // a01.md's as recorded (taken as unchanged, so not read), a02.md's small (a file that is read
    // is asked again, so its size is checked as it is now).
    const old = fs.statSync(path.join(tmp, 'a01.md'));
    for (let i = 0; i < 300 && fs.statSync(path.join(tmp, 'a01.md')).ctimeMs === old.ctimeMs; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      fs.writeFileSync(path.join(tmp, 'a01.md'), '# A1 neu\n\nText.\n');
    }
    fs.writeFileSync(path.join(tmp, 'a02.md'), Buffer.alloc(3 * MB, 0x61));
    const planted = (paths: readonly string[]): Promise<StatResult[]> =>
      statFiles(paths).then((results) =>
        results.map((result, i) =>
          paths[i]!.endsWith('a01.md')
            ? recorded
            : paths[i]!.endsWith('a02.md')
              ? { ...result, size: 10 }
              : result,
        ),
      );
    parsed.length = 0;
    const misled = await new FileArticleSource(tmp, { ...settled, statFiles: planted }).readAll({
      known: (id) => known.get(id),
    });
    expect(parsed).toEqual([]);
    expect(misled.articles.find((a) => a.id === 'a01.md')).toBe(known.get('a01.md'));
    expect(misled.skipped).toEqual([{ path: 'a02.md', reason: 'larger than 2 MB limit (3 MB)' }]);

    // Reading ahead fails: every file is asked on its own, and the change is seen.
    const failing = (): Promise<StatResult[]> => Promise.reject(new Error('no worker'));
    const second = await new FileArticleSource(tmp, { ...settled, statFiles: failing }).readAll({
      known: (id) => known.get(id),
    });
    expect(parsed).toEqual(['a01.md']);
    expect(second.articles.find((a) => a.id === 'a01.md')?.title).toBe('A1 neu');
    expect(second.articles.find((a) => a.id === 'a50.md')).toBe(known.get('a50.md'));
    expect(second.skipped).toEqual(misled.skipped);
  });

  it('throws a clear error when the folder itself does not exist', async () => {
    const missing = path.join(tmp, 'fehlt');
    await expect(new FileArticleSource(missing, { maxBytes: MB }).readAll()).rejects.toThrow(
      `cannot read the article folder ${missing}: file not found`,
    );
  });
});
