import fs from 'node:fs';
import path from 'node:path';

import { parseFrontMatter, readMarkdown } from '../../../src/core/ingest/markdown';
import { stripInlineMarkdown } from '../../../src/core/ingest/markdownInline';
import { readArticle } from '../../../src/core/ingest/readArticle';
import type { Article } from '../../../src/core/types';

const FIXTURES = path.resolve(__dirname, '../../fixtures/articles');

function readFixture(name: string): Article {
  const result = readArticle(name, fs.readFileSync(path.join(FIXTURES, name)), { maxBytes: 1024 * 1024 });
  if (!result.ok) throw new Error(result.reason);
  return result.article;
}

const md = (source: string): Array<[string, string]> =>
  readMarkdown(source).blocks.map((b) => [b.kind, b.text] as [string, string]);

describe('markdown articles', () => {
  it('takes title, date, url, author and tags from YAML front matter', () => {
    const article = readFixture('front-matter.md');
    expect(article).toMatchObject({
      title: 'Palmyra: Konzert in der Wüstenstadt',
      date: '2016-05-06',
      url: 'https://example.org/palmyra',
      author: 'Anna Beispiel, Bernd Muster',
      tags: ['Syrien', 'Palmyra'],
      format: 'md',
    });
    expect(article.text).not.toContain('title:');
  });

  it('turns the markdown of the fixture into plain text blocks', () => {
    const article = readFixture('front-matter.md');
    const blocks = article.blocks.map((b) => [b.kind, article.text.slice(b.start, b.end)]);
    expect(blocks).toEqual([
      ['heading', 'Konzert in Palmyra'],
      [
        'paragraph',
        'Das Mariinski-Orchester spielte im Amphitheater von Palmyra. Die Musiker spielten Bach und Mozart Prokofjew.',
      ],
      ['heading', 'Programm'],
      ['paragraph', 'Bach: Chaconne'],
      ['paragraph', 'Prokofjew: Symphonie Nr. 1'],
      ['paragraph', 'Erster Punkt'],
      ['paragraph', 'Ein Zitat aus dem Konzert.'],
      ['paragraph', 'const x = 1; // Code bleibt Text'],
      ['caption', 'REUTERS Konzert in Palmyra am 6. Mai'],
      ['paragraph', 'Escaped *Sternchen* bleiben.'],
    ]);
  });

  it('keeps garbage front matter as text instead of failing', () => {
    const article = readFixture('garbage-front-matter.md');
    expect(article.text).toContain('Der Text nach kaputter Front Matter bleibt erhalten.');
    expect(article.blocks.every((b) => b.kind === 'paragraph')).toBe(true);
  });

  it('keeps front matter that is not a mapping as text', () => {
    const { meta, body } = parseFrontMatter('---\nnur ein Satz\n---\nText');
    expect(meta).toEqual({ tags: [] });
    expect(body).toContain('nur ein Satz');
  });

  it('accepts comma-separated tags and drops unknown or empty fields', () => {
    const { meta } = parseFrontMatter('---\ntags: "a, b, a"\ntitle: ""\ndate: kein Datum\nfoo: 1\n---\n');
    expect(meta).toEqual({ tags: ['a', 'b'] });
  });

  it('uses the first level-1 heading as title when there is no front matter', () => {
    const result = readArticle('a.md', new TextEncoder().encode('Einleitung.\n\n# Der Titel\n\nText.'), {
      maxBytes: 1000,
    });
    expect(result.ok && result.article.title).toBe('Der Titel');
  });

  it('reads setext headings, bold-only lines as headings and skips thematic breaks', () => {
    expect(md('Titel\n=====\n\nText.\n\n***\n\n**Zwischentitel**\n\nMehr Text.\n\nUnter\n---')).toEqual([
      ['heading', 'Titel'],
      ['paragraph', 'Text.'],
      ['heading', 'Zwischentitel'],
      ['paragraph', 'Mehr Text.'],
      ['heading', 'Unter'],
    ]);
  });

  it('ends a paragraph at a heading line without a blank line before it', () => {
    expect(md('Ein Absatz.\n## Titel\nNoch einer.')).toEqual([
      ['paragraph', 'Ein Absatz.'],
      ['heading', 'Titel'],
      ['paragraph', 'Noch einer.'],
    ]);
  });

  it('keeps an unclosed code fence as text', () => {
    expect(md('```js\nlet a = 1;\nlet b = 2;')).toEqual([['paragraph', 'let a = 1;\nlet b = 2;']]);
  });

  it('applies an inline date prefix to the first paragraph when the front matter has no date', () => {
    const result = readArticle('a.md', new TextEncoder().encode(' date 2017-01 Text des Artikels.'), {
      maxBytes: 1000,
    });
    expect(result.ok && [result.article.date, result.article.text]).toEqual([
      '2017-01',
      'Text des Artikels.',
    ]);
  });
});

describe('stripInlineMarkdown', () => {
  it.each([
    ['**fett** und *kursiv* und ***beides***', 'fett und kursiv und beides'],
    ['__fett__ und _kursiv_, aber snake_case_name bleibt', 'fett und kursiv, aber snake_case_name bleibt'],
    ['[Link-Text](https://example.org/a_(b)) und ![Bild](x.png)', 'Link-Text und Bild'],
    ['[Referenz][ref] mit Fußnote[^1]', 'Referenz mit Fußnote'],
    ['`**kein Fett** im Code` bleibt', '**kein Fett** im Code bleibt'],
    ['<span class="x">HTML</span> weg, <!-- Kommentar --> auch', 'HTML weg,  auch'],
    ['~~durch~~ gestrichen', 'durch gestrichen'],
    ['\\*kein\\* Fett', '*kein* Fett'],
    ['5 * 3 * 2 bleibt', '5 * 3 * 2 bleibt'],
    ['A &amp; B &#8211; C &uuml;', 'A & B – C ü'],
    ['<https://example.org>', 'https://example.org'],
  ])('turns %j into %j', (input, expected) => {
    expect(stripInlineMarkdown(input)).toBe(expected);
  });
});
