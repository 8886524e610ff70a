import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { readArticle, type ReadResult } from '../../../src/core/ingest/readArticle';
import type { Article } from '../../../src/core/types';

const DOCS = path.resolve(__dirname, '../../../docs');
const MB = 1024 * 1024;
const OPTIONS = { maxBytes: 5 * MB };

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function read(relPath: string, text: string): Article {
  return expectArticle(readArticle(relPath, utf8(text), OPTIONS));
}

function expectArticle(result: ReadResult): Article {
  if (!result.ok) throw new Error(`expected an article, got: ${result.reason}`);
  return result.article;
}

function reasonOf(result: ReadResult): string {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.reason;
}

/** What a reader reads: the blocks' texts, whitespace inside each collapsed, a blank line apart. */
const readText = (article: Article): string =>
  article.blocks.map((b) => article.text.slice(b.start, b.end).replace(/\s+/g, ' ')).join('\n\n');

/** Blocks as [kind, paragraph, text] for readable expectations. */
const blocksOf = (article: Article): Array<[string, number, string]> =>
  article.blocks.map((b) => [b.kind, b.paragraph, article.text.slice(b.start, b.end)]);

function loadSample(name: string): Article | undefined {
  const file = path.join(DOCS, name);
  if (!fs.existsSync(file)) {
    console.log(`skipped: sample article ${file} not found`);
    return undefined;
  }
  return expectArticle(readArticle(name, fs.readFileSync(file), OPTIONS));
}

describe('readArticle on the sample articles', () => {
  it('turns the inline " date 2017-01 " prefix into the date and leaves it out of every block', () => {
    const article = loadSample('001_b7a14c772971f96e.txt');
    if (!article) return;
    expect(article.date).toBe('2017-01');
    expect(readText(article).startsWith('Deir al-Sor ist der letzte Außenposten')).toBe(true);
    expect(readText(article)).not.toContain('date 2017-01');
    expect(article.title).toBe('Deir al-Sor ist der letzte Außenposten des Assad-Regimes im Osten Syriens');
    expect(article.format).toBe('txt');
    expect(article.id).toBe('001_b7a14c772971f96e.txt');
  });

  it('finds the sub-headings and captions of article 001 and numbers paragraphs as a reader counts them', () => {
    const article = loadSample('001_b7a14c772971f96e.txt');
    if (!article) return;
    const blocks = blocksOf(article);
    expect(blocks.filter(([kind]) => kind === 'heading')).toEqual([
      ['heading', 5, 'Mehr als hundert Tote bei Kämpfen in Deir al-Sor'],
      ['heading', 8, 'IS soll Elitekämpfer aus dem Irak abgezogen haben'],
      ['heading', 12, 'Erst verlor Assad Palmyra, nun droht der Fall von Deir al-Sor'],
    ]);
    expect(blocks.filter(([kind]) => kind === 'caption')).toEqual([
      ['caption', 3, 'SPIEGEL ONLINE Frontverläufe im Irak und in Syrien'],
      ['caption', 10, 'DPA Russischer Jet über Deir al-Sor (im August 2016)'],
    ]);
    expect(blocks.filter(([kind]) => kind !== 'heading').map(([, n]) => n)).toEqual(
      Array.from({ length: 14 }, (_, i) => i + 1),
    );
  });

  it('reads article 000 with its caption, a one-sentence paragraph and a title from the first sentence', () => {
    const article = loadSample('000_fb4c95536d1c9c6c.txt');
    if (!article) return;
    const blocks = blocksOf(article);
    expect(blocks[1]).toEqual(['caption', 2, 'REUTERS Konzert in Palmyra am 6. Mai']);
    expect(blocks[2]).toEqual(['paragraph', 3, 'Das war vor sieben Monaten.']);
    expect(blocks[5]).toEqual(['caption', 6, 'SPIEGEL ONLINE Frontverläufe in Syrien']);
    expect(blocks.filter(([kind]) => kind === 'heading')).toEqual([]);
    expect(blocks).toHaveLength(10);
    expect(article.date).toBeUndefined();
    expect(article.title).toBe('Andächtig lauschten die russischen Soldaten dem Mariinski-Orchester im…');
    expect(article.title.length).toBeLessThanOrEqual(80);
  });

  it("keeps the file's text as it is, blocks pointing at its paragraphs without surrounding whitespace", () => {
    const file = path.join(DOCS, '000_fb4c95536d1c9c6c.txt');
    const article = loadSample('000_fb4c95536d1c9c6c.txt');
    if (!article) return;
    expect(article.text).toBe(fs.readFileSync(file, 'utf8').replace(/\r\n?/g, '\n'));
    for (const block of article.blocks) {
      const text = article.text.slice(block.start, block.end);
      expect(text).toBe(text.trim());
      expect(text).not.toMatch(/\n[ \t]*\n/);
    }
  });

  it('hashes the raw bytes with sha256', () => {
    const file = path.join(DOCS, '000_fb4c95536d1c9c6c.txt');
    const article = loadSample('000_fb4c95536d1c9c6c.txt');
    if (!article) return;
    expect(article.contentHash).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  });
});

describe('readArticle: a line that states the date under the heading', () => {
  it.each([
    ['a.md', '# Titel\n\nDatum: 15. September 2024\n\nEin erster Absatz.\n', '2024-09-15'],
    ['b.txt', 'Titel\n\nStand: 03.12.2016\n\nErster Absatz hier.\n', '2016-12-03'],
    ['c.md', '# Titel\n\nPublished: 2024-09-15\n\nEin erster Absatz.\n', '2024-09-15'],
    // Right under a plain-text title line, without a blank line between them.
    ['d.txt', 'Neue Brücke eröffnet\nDatum: 15. September 2024\n\nErster Absatz hier.\n', '2024-09-15'],
    [
      'e.txt',
      'Hochwasser in Passau: Donau erreicht zwölf Meter\nDatum: 14. März 2024\n\nErster Absatz hier.\n\nZweiter Absatz.\n',
      '2024-03-14',
    ],
    // A full date alone on its line.
    ['f.txt', 'Neue Brücke eröffnet\n15. September 2024\n\nErster Absatz hier.\n', '2024-09-15'],
    ['g.md', '# Titel\n\nSonntag, 15. September 2024\n\nEin erster Absatz.\n', '2024-09-15'],
  ])('%s: dates the article and is not paragraph 1; the title stays a heading', (name, text, date) => {
    const result = readArticle(name, Buffer.from(text), { maxBytes: 1024 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.article.date).toBe(date);
    expect(readText(result.article)).not.toMatch(/Datum|Stand|Published/);
    expect(result.article.title).not.toMatch(/Datum/);
    // The title line is no sentence to quote, and the first paragraph under it is paragraph 1.
    expect(result.article.blocks[0]!.kind).toBe('heading');
    const first = result.article.blocks.find((block) => block.kind === 'paragraph')!;
    expect(result.article.text.slice(first.start, first.end)).toMatch(/^(Ein e|E)rster Absatz/);
    expect(first.paragraph).toBe(1);
  });

  it('leaves a date inside a hard-wrapped first paragraph in its text', () => {
    const text =
      'Die neue Brücke über den Inn wurde am\n15. September 2024\nfeierlich eröffnet, sagte der Bürgermeister.\n\nZweiter Absatz hier.\n';
    const result = readArticle('w.txt', Buffer.from(text), { maxBytes: 1024 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.article.date).toBeUndefined();
    expect(readText(result.article)).toContain('wurde am 15. September 2024 feierlich eröffnet');
  });

  it('keeps a Markdown heading that is only a date (a day of a live blog)', () => {
    const text =
      '# Liveticker\n\n## Samstag, 2. August 2025\n\nAm Morgen begann der Einsatz der Feuerwehr.\n';
    const result = readArticle('live.md', Buffer.from(text), { maxBytes: 4096 });
    if (!result.ok) throw new Error(result.reason);
    const headings = result.article.blocks
      .filter((block) => block.kind === 'heading')
      .map((block) => result.article.text.slice(block.start, block.end));
    expect(headings).toContain('Samstag, 2. August 2025');
  });

  it('splits a date line off only under the title, not out of a later paragraph', () => {
    const text = 'Titel\n\nErster Absatz hier.\nStand: 03.12.2016\nZweite Zeile.\n';
    const result = readArticle('e.txt', Buffer.from(text), { maxBytes: 1024 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.article.date).toBeUndefined();
    expect(result.article.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(1);
  });

  it('leaves a sentence that merely starts like a label alone, and front matter wins', () => {
    const sentence = readArticle('d.md', Buffer.from('# T\n\nStand der Dinge: unklar.\n\nText.\n'), {
      maxBytes: 1024,
    });
    expect(sentence.ok && sentence.article.date).toBeUndefined();
    expect(sentence.ok && sentence.article.text).toContain('Stand der Dinge: unklar.');
    const front = readArticle(
      'e.md',
      Buffer.from('---\ndate: 2020-01-02\n---\n# T\n\nDatum: 1. Mai 2024\n\nText.\n'),
      {
        maxBytes: 1024,
      },
    );
    expect(front.ok && front.article.date).toBe('2020-01-02');
  });
});

describe('readArticle structure of plain text', () => {
  it('accepts "date: 2017-01-15" as a leading metadata prefix', () => {
    const article = read('a.txt', 'date: 2017-01-15\n\nEin Satz über Palmyra.');
    expect(article.date).toBe('2017-01-15');
    expect(readText(article)).toBe('Ein Satz über Palmyra.');
  });

  it('leaves text that merely starts with the word "date" alone', () => {
    const article = read('a.txt', 'date night is a tradition. We go out.');
    expect(article.date).toBeUndefined();
    expect(article.text).toBe('date night is a tradition. We go out.');
  });

  it('uses a heading line at the top as the title', () => {
    const article = read('a.txt', 'Palmyra wieder unter Druck\n\nDer IS steht vor der Stadt.');
    expect(article.title).toBe('Palmyra wieder unter Druck');
    expect(blocksOf(article)).toEqual([
      ['heading', 1, 'Palmyra wieder unter Druck'],
      ['paragraph', 1, 'Der IS steht vor der Stadt.'],
    ]);
  });

  it('does not make a heading of a short line that ends the article or precedes another short line', () => {
    const article = read(
      'a.txt',
      'Ein Satz.\n\nErste kurze Zeile\n\nZweite kurze Zeile\n\nEin Absatz.\n\nSchlusszeile ohne Punkt',
    );
    expect(blocksOf(article).map(([kind]) => kind)).toEqual([
      'paragraph',
      'paragraph',
      'heading',
      'paragraph',
      'paragraph',
    ]);
  });

  it('does not make headings of short lines ending with punctuation or a closing quote', () => {
    const article = read(
      'a.txt',
      'Das war vor sieben Monaten.\n\nEr sagte "Nein"\n\nDann ging er nach Hause.',
    );
    expect(article.blocks.every((b) => b.kind === 'paragraph')).toBe(true);
  });

  it('treats each line as a paragraph when the text has no blank lines', () => {
    const article = read('a.txt', 'Erster Absatz.\nZweiter Absatz.\nDritter Absatz.');
    expect(blocksOf(article).map(([, n, text]) => [n, text])).toEqual([
      [1, 'Erster Absatz.'],
      [2, 'Zweiter Absatz.'],
      [3, 'Dritter Absatz.'],
    ]);
  });

  it("takes hard-wrapped lines as one paragraph, keeping the file's line break in the text", () => {
    const source = 'Eine Zeile\n  die weitergeht.\n\nNoch ein Absatz.';
    const article = read('a.txt', source);
    expect(article.text).toBe(source);
    expect(blocksOf(article)).toEqual([
      ['paragraph', 1, 'Eine Zeile\n  die weitergeht.'],
      ['paragraph', 2, 'Noch ein Absatz.'],
    ]);
  });

  it('recognises captions credited to agencies, also with photographer credits', () => {
    const article = read(
      'a.txt',
      'Text davor.\n\nAFP/Getty Images Rauch über Aleppo\n\nReuters berichtet, dass es brennt.',
    );
    expect(blocksOf(article).map(([kind]) => kind)).toEqual(['paragraph', 'caption', 'paragraph']);
  });

  it('strips a UTF-8 byte order mark and normalises CRLF line breaks', () => {
    const article = read('a.txt', '\uFEFFErster Absatz.\r\n\r\nZweiter Absatz.');
    expect(article.text).toBe('Erster Absatz.\n\nZweiter Absatz.');
  });

  it('composes decomposed umlauts (NFC) and drops zero-width spaces', () => {
    const article = read('a.txt', 'Mu\u0308ller kam\u200b heute.');
    expect(article.text).toBe('Müller kam heute.');
  });

  it('shortens a long first sentence to a title at a word boundary with an ellipsis', () => {
    const sentence = `${'Sehr lange Worte '.repeat(10)}am Ende.`;
    const article = read('a.txt', sentence);
    expect(article.title.length).toBeLessThanOrEqual(80);
    expect(article.title.endsWith('…')).toBe(true);
    expect(sentence.startsWith(article.title.slice(0, -1))).toBe(true);
    expect(article.title.slice(0, -1)).toMatch(/(Sehr|lange|Worte)$/);
  });

  it('keeps a title from a first sentence that spans lines on one line', () => {
    // Plain-text blocks point into the file, so a paragraph's first sentence may hold line breaks.
    const article = read('a.txt', '\n\nDer Konvoi\nerreichte die Stadt am Morgen.\n\nDanach mehr.');
    expect(article.title).toBe('Der Konvoi erreichte die Stadt am Morgen');
    expect(article.text).toContain('Der Konvoi\nerreichte');
  });

  it('takes the id from the relative path with forward slashes', () => {
    expect(read('syrien\\palmyra.txt', 'Text.').id).toBe('syrien/palmyra.txt');
  });
});

describe('readArticle refuses bad files with a one-line reason', () => {
  it('refuses a binary file with NUL bytes', () => {
    expect(reasonOf(readArticle('a.txt', new Uint8Array([0x48, 0x00, 0x69]), OPTIONS))).toBe(
      'binary file, not text',
    );
  });

  it('refuses a file full of control characters', () => {
    const bytes = utf8('Text\u0001\u0002\u0003\u0004 mit\u0005\u0006 Steuerzeichen\u0007\u0008');
    expect(reasonOf(readArticle('a.txt', bytes, OPTIONS))).toBe('binary file, not text');
  });

  it('tolerates a single stray control character in a long text', () => {
    const text = `${'Ein ganz normaler Satz. '.repeat(20)}\u0007Ende.`;
    expect(read('a.txt', text).text).not.toContain('\u0007');
  });

  it('refuses an empty file', () => {
    expect(reasonOf(readArticle('a.txt', new Uint8Array(0), OPTIONS))).toBe('empty file');
  });

  it('refuses a file with only whitespace', () => {
    expect(reasonOf(readArticle('a.md', utf8(' \n\n\t \r\n'), OPTIONS))).toBe('empty file (only whitespace)');
  });

  it('refuses invalid UTF-8', () => {
    const latin1 = new Uint8Array([0x47, 0x72, 0xfc, 0xdf, 0x65]); // "Grüße" in Latin-1
    expect(reasonOf(readArticle('a.txt', latin1, OPTIONS))).toBe('not valid UTF-8 text (save it as UTF-8)');
  });

  it('refuses a file over the size limit, stating limit and size', () => {
    const bytes = new Uint8Array(Math.round(7.2 * MB)).fill(0x61);
    expect(reasonOf(readArticle('a.txt', bytes, OPTIONS))).toBe('larger than 5 MB limit (7.2 MB)');
  });

  it('states exact bytes when a file is just over the limit', () => {
    const bytes = new Uint8Array(5 * MB + 1).fill(0x61);
    expect(reasonOf(readArticle('a.txt', bytes, OPTIONS))).toBe(
      `larger than 5 MB limit (${5 * MB + 1} bytes)`,
    );
  });

  it('states a small limit in bytes, not as 0 MB', () => {
    const bytes = new Uint8Array(3001).fill(0x61);
    expect(reasonOf(readArticle('a.txt', bytes, { ...OPTIONS, maxBytes: 1000 }))).toBe(
      'larger than 1000 bytes limit (3001 bytes)',
    );
  });

  it('refuses unsupported file types', () => {
    expect(reasonOf(readArticle('bericht.pdf', utf8('Text'), OPTIONS))).toBe(
      'unsupported file type (".pdf"; expected .txt, .md, .markdown, .html, .htm)',
    );
    expect(reasonOf(readArticle('README', utf8('Text'), OPTIONS))).toMatch(
      /^unsupported file type \(no file extension;/,
    );
  });

  it('accepts upper-case extensions', () => {
    expect(read('A.TXT', 'Text.').format).toBe('txt');
    expect(read('b.Markdown', 'Text.').format).toBe('md');
  });

  it('refuses a text with no letters or digits', () => {
    expect(reasonOf(readArticle('a.txt', utf8('* * *\n\n---'), OPTIONS))).toBe('no readable text found');
  });

  it('refuses HTML when no HTML reader was passed', () => {
    expect(reasonOf(readArticle('a.html', utf8('<p>Hallo</p>'), OPTIONS))).toMatch(/^HTML reader not loaded/);
  });

  it('gives every reason as a single line', () => {
    const results = [
      readArticle('a.txt', new Uint8Array([0]), OPTIONS),
      readArticle('a.txt', new Uint8Array(0), OPTIONS),
      readArticle('a.txt', new Uint8Array([0xff]), OPTIONS),
      readArticle('a.exe', utf8('x'), OPTIONS),
    ];
    for (const result of results) expect(reasonOf(result)).not.toContain('\n');
  });
});
