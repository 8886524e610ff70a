import fs from 'node:fs';
import path from 'node:path';

import { loadHtmlReader, type HtmlReader } from '../../../src/core/ingest/html';
import { readArticle } from '../../../src/core/ingest/readArticle';
import type { Article } from '../../../src/core/types';

const FIXTURES = path.resolve(__dirname, '../../fixtures/articles');

let html: HtmlReader;
beforeAll(async () => {
  html = await loadHtmlReader();
});

function readHtmlArticle(source: string | Buffer, name = 'page.html'): Article {
  const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
  const result = readArticle(name, bytes, { maxBytes: 5 * 1024 * 1024, html });
  if (!result.ok) throw new Error(result.reason);
  return result.article;
}

describe('HTML articles', () => {
  it('extracts the article and drops scripts, styles, navigation and footer', () => {
    const article = readHtmlArticle(fs.readFileSync(path.join(FIXTURES, 'page.html')));
    expect(article.text).toContain('Deir al-Sor ist der letzte Außenposten des Assad-Regimes');
    expect(article.text).not.toMatch(/MUST-NOT-APPEAR/);
    expect(article.text).not.toContain('color: red');
    expect(article.format).toBe('html');
  });

  it('takes title, date, canonical url, author and keywords from the head', () => {
    const article = readHtmlArticle(fs.readFileSync(path.join(FIXTURES, 'page.html')));
    expect(article).toMatchObject({
      title: 'Deir al-Sor vor dem Fall',
      date: '2017-01-17',
      url: 'https://example.org/deir-al-sor',
      author: 'Anna Beispiel',
      tags: ['Syrien', 'IS'],
    });
  });

  it('turns paragraphs, headings, figcaptions, list items and quotes into blocks', () => {
    const article = readHtmlArticle(fs.readFileSync(path.join(FIXTURES, 'page.html')));
    const blocks = article.blocks.map((b) => [
      b.kind,
      b.paragraph,
      article.text.slice(b.start, b.end).slice(0, 30),
    ]);
    expect(blocks).toEqual([
      ['paragraph', 1, 'Deir al-Sor ist der letzte Auß'],
      ['caption', 2, 'SPIEGEL ONLINE Frontverläufe i'],
      ['paragraph', 3, 'Die Vereinten Nationen schätze'],
      ['heading', 4, 'Mehr als hundert Tote bei Kämp'],
      ['paragraph', 4, 'Es ist der bislang am besten v'],
      ['paragraph', 5, 'Erster Punkt der Liste'],
      ['paragraph', 6, 'Zweiter Punkt der Liste'],
      ['paragraph', 7, 'Wir werden die Stadt halten, s'],
    ]);
  });

  it('falls back to <title> and splits paragraphs at double <br>', () => {
    const article = readHtmlArticle(
      '<html><head><title>Nur ein Titel</title></head><body><div>Erster Teil.<br><br>Zweiter <b>Teil</b>.<br>Gleiche Zeile.</div></body></html>',
    );
    expect(article.title).toBe('Nur ein Titel');
    expect(article.text).toBe('Erster Teil.\n\nZweiter Teil. Gleiche Zeile.');
  });

  it('reads absurdly deep nesting without a stack overflow', () => {
    const depth = 5000;
    const source = `<html><body>${'<div>'.repeat(depth)}<p>Tief verschachtelter Text.</p>${'</div>'.repeat(depth)}</body></html>`;
    expect(readHtmlArticle(source).text).toBe('Tief verschachtelter Text.');
  });

  it('refuses a page without any readable text', () => {
    const result = readArticle(
      'a.html',
      new TextEncoder().encode('<html><body><script>var x = 1;</script><nav>Menü</nav></body></html>'),
      { maxBytes: 1000, html },
    );
    expect(result).toEqual({ ok: false, reason: 'no readable text found' });
  });
});

describe('HTML articles: a line that states the date', () => {
  it.each([
    ['<p>Datum: 02.04.2024</p>', '2024-04-02'],
    ['<p>Datum: 15. September 2024</p>', '2024-09-15'],
    ['<p><time datetime="2024-09-15">15. September 2024</time></p>', '2024-09-15'],
    ['<p>Sonntag, 15. September 2024</p>', '2024-09-15'],
  ])('%s under the heading dates the article and is not paragraph 1', (line, date) => {
    const article = readHtmlArticle(
      `<html><body><article><h1>Neues aus dem Zoo</h1>${line}<p>Im Zoo kam ein Elefant zur Welt, der erste seit Jahren.</p><p>Die Pfleger sind froh über das gesunde Tier.</p></article></body></html>`,
    );
    expect(article.date).toBe(date);
    expect(article.text).not.toMatch(/Datum/);
    const first = article.blocks.find((block) => block.kind === 'paragraph')!;
    expect(article.text.slice(first.start, first.end)).toMatch(/^Im Zoo/);
    expect(first.paragraph).toBe(1);
  });

  it('keeps the date the page declares over a date line', () => {
    const article = readHtmlArticle(
      '<html><head><meta property="article:published_time" content="2020-01-02"></head><body><article><h1>T</h1><p>Datum: 1. Mai 2024</p><p>Ein Absatz mit genug Text für den Leser.</p></article></body></html>',
    );
    expect(article.date).toBe('2020-01-02');
    // The line is still no paragraph.
    const first = article.blocks.find((block) => block.kind === 'paragraph')!;
    expect(article.text.slice(first.start, first.end)).toMatch(/^Ein Absatz/);
    expect(first.paragraph).toBe(1);
  });

  it('keeps a heading that is only a date (a day of a live blog)', () => {
    const article = readHtmlArticle(
      '<html><body><article><h1>Liveticker</h1><h2>Samstag, 2. August 2025</h2><p>Am Morgen begann der Einsatz der Feuerwehr.</p></article></body></html>',
    );
    const headings = article.blocks
      .filter((block) => block.kind === 'heading')
      .map((block) => article.text.slice(block.start, block.end));
    expect(headings).toContain('Samstag, 2. August 2025');
  });

  it('keeps a sentence that begins with a date as a paragraph', () => {
    const article = readHtmlArticle(
      '<html><body><article><h1>T</h1><p>2. August 2025: Die Bäckerei schließt.</p><p>Ein Absatz mit genug Text für den Leser.</p></article></body></html>',
    );
    const first = article.blocks.find((block) => block.kind === 'paragraph')!;
    expect(article.text.slice(first.start, first.end)).toMatch(/^2\. August 2025: Die/);
  });
});
