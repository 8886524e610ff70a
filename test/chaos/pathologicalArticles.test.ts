/**
 * Chaos: megabyte-sized inputs built to make parsers backtrack (bracket, emphasis, code-span and
 * footnote floods) or recurse (deep HTML nesting). Each must be read, or refused with a reason,
 * within a budget that linear parsing meets many times over and quadratic parsing misses by
 * minutes. Then the isolated reader: a file over its time or memory budget is skipped with a
 * reason while the process stays responsive, and the next file reads as usual.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileArticleSource } from '../../src/core/ingest/fileSource';
import { loadHtmlReader, MAX_NESTING_DEPTH, nestingDepth, type HtmlReader } from '../../src/core/ingest/html';
import { IsolatedReader } from '../../src/core/ingest/isolatedReader';
import { stripInlineMarkdown } from '../../src/core/ingest/markdownInline';
import { readArticle } from '../../src/core/ingest/readArticle';

const MB = 1024 * 1024;
/** Per input. Linear parsing takes well under a second here; the old patterns took minutes. */
const BUDGET_MS = 8_000;

let html: HtmlReader;
beforeAll(async () => {
  html = await loadHtmlReader();
});

/** `unit` repeated to about `bytes` bytes. */
const flood = (unit: string, bytes = MB): string => unit.repeat(Math.ceil(bytes / unit.length));

const MARKDOWN_FLOODS: Array<[string, string]> = [
  ['open brackets', flood('[')],
  ['link openers', flood('[a](')],
  ['image openers', flood('![')],
  ['footnote openers', flood('[^')],
  ['reference links without end', flood('[a][')],
  ['emphasis with stars', flood('*a ', 4 * MB)],
  ['emphasis with underscores', flood('_a ', 4 * MB)],
  ['strike-through', flood('~~a ', 2 * MB)],
  ['code spans of two lengths', flood('`` a` ')],
  ['unclosed tags', flood('<a ')],
  ['autolink openers', flood('<http://')],
  ['everything at once', flood('**_[`<~![^')],
  ['long link text', `[${'x'.repeat(MB)}](https://example.org)`],
];

describe('megabyte floods are read in linear time', () => {
  it.each(MARKDOWN_FLOODS)('strips inline markdown of %s', (_name, text) => {
    const started = performance.now();
    stripInlineMarkdown(text);
    expect(performance.now() - started).toBeLessThan(BUDGET_MS);
  });

  it.each(MARKDOWN_FLOODS)('reads a .md file of %s, or refuses it with a reason', (_name, text) => {
    const started = performance.now();
    const result = readArticle('flut.md', Buffer.from(text), { maxBytes: 5 * MB, html });
    expect(performance.now() - started).toBeLessThan(BUDGET_MS);
    if (!result.ok) expect(result.reason).toMatch(/^[^\n]+$/);
  });

  it('refuses HTML nested deeper than the cap before parsing it', () => {
    const depth = 200_000;
    const source = `<html><body>${'<div>'.repeat(depth)}Tief.${'</div>'.repeat(depth)}</body></html>`;
    const started = performance.now();
    const result = readArticle('tief.html', Buffer.from(source), { maxBytes: 5 * MB, html });
    expect(performance.now() - started).toBeLessThan(BUDGET_MS);
    expect(result).toEqual({
      ok: false,
      reason: `could not be parsed (HTML nested deeper than ${MAX_NESTING_DEPTH} elements)`,
    });
  });

  it('measures nesting like a parser: void, self-closed and implicitly closed elements do not deepen it', () => {
    expect(nestingDepth('<div><p>a<p>b<br><img src=x><span/><div>c</div></div>')).toBe(2);
    expect(nestingDepth('<ul>' + '<li>x'.repeat(50_000) + '</ul>')).toBe(1);
    expect(nestingDepth('<section>'.repeat(5) + '</section>'.repeat(9) + '<b>')).toBe(5);
  });
});

describe('the isolated reader', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'quellen-isolated-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads articles off the main thread exactly as in process', async () => {
    const reader = new IsolatedReader(MB);
    try {
      const bytes = Buffer.from('# Palmyra\n\nDas Orchester spielte im **Amphitheater**.\n');
      const html = Buffer.from(
        '<html><head><title>T</title></head><body><p>Ein Satz im Körper.</p></body></html>',
      );
      expect(await reader.read('a.md', bytes)).toEqual(readArticle('a.md', bytes, { maxBytes: MB }));
      const fromWorker = await reader.read('b.html', html);
      expect(fromWorker.ok && fromWorker.article.text).toBe('Ein Satz im Körper.');
      expect(await reader.read('c.txt', Buffer.from([0xff, 0xfe, 0x00]))).toMatchObject({ ok: false });
    } finally {
      await reader.close();
    }
  });

  it('skips a file over the time budget, keeps the event loop free meanwhile, and reads the next file', async () => {
    // About a second of parsing on this machine, against a budget of 50 ms.
    await writeFile(path.join(root, 'a-langsam.md'), flood('`` a` ', 3 * MB));
    await writeFile(path.join(root, 'b-gut.md'), '# Gut\n\nDieser Artikel ist harmlos.\n');
    const reader = new IsolatedReader(5 * MB, { timeoutMs: 50 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const { articles, skipped } = await new FileArticleSource(root, { maxBytes: 5 * MB, reader }).readAll();
      expect(skipped).toEqual([{ path: 'a-langsam.md', reason: 'took longer than 0.1 s to read (skipped)' }]);
      expect(articles.map((a) => a.id)).toEqual(['b-gut.md']);
      // The main thread kept running its timers while the worker was busy.
      expect(ticks).toBeGreaterThan(3);
    } finally {
      clearInterval(timer);
      await reader.close();
    }
  });

  it('fails a file whose worker does not start in time, and tries a new worker for the next', async () => {
    // A start-up budget no worker can meet: both files fail with a reason instead of waiting forever.
    const reader = new IsolatedReader(MB, { startupMs: 1 });
    try {
      const first = await reader.read('a.txt', Buffer.from('Ein Artikel.'));
      expect(first).toEqual({ ok: false, reason: 'unreadable: the reader did not start within 0 s' });
      const second = await reader.read('b.txt', Buffer.from('Noch ein Artikel.'));
      expect(second.ok).toBe(false);
    } finally {
      await reader.close();
    }
  });

  it('skips a file over the memory budget with a reason and goes on', async () => {
    const reader = new IsolatedReader(50 * MB, { maxMemoryMb: 32 });
    try {
      const big = Buffer.from(
        `<html><body>${'<p>Ein Absatz mit ein paar Wörtern.</p>'.repeat(600_000)}</body></html>`,
      );
      expect(await reader.read('gross.html', big)).toEqual({
        ok: false,
        reason: 'needs more than 32 MB to read (skipped)',
      });
      const next = await reader.read('klein.txt', Buffer.from('Ein kleiner Artikel.'));
      expect(next.ok).toBe(true);
    } finally {
      await reader.close();
    }
  });
});
