import { summarize } from '../../../src/core/answer/summarize';
import type { Article } from '../../../src/core/types';
import { BEES, KAFFEE, PALMYRA, TermHashEmbedder, makeArticle, passagesOf } from './fixtures';

const embedder = new TermHashEmbedder();

/** A longer article with a heading, a caption, a repeated statement and distinct topics. */
const LONG = makeArticle('de/long.md', 'Die Lage in Syrien', [
  [
    'paragraph',
    'Die syrische Armee hat die Stadt Palmyra nach schweren Kämpfen verloren. Die Armee zog sich aus Palmyra zurück.',
  ],
  ['caption', 'DPA Soldaten der syrischen Armee bei Palmyra'],
  ['heading', 'Hilfe aus der Luft'],
  [
    'paragraph',
    'Das Welternährungsprogramm wirft seit April Hilfsgüter über Deir al-Sor ab. Die Hilfsgüter erreichen rund 100.000 Menschen.',
  ],
  [
    'paragraph',
    'Die syrische Armee hat die Stadt Palmyra nach schweren Kämpfen wieder verloren. Russische Flugzeuge griffen Stellungen des IS an.',
  ],
  ['heading', 'Ausblick'],
  [
    'paragraph',
    'Beobachter erwarten weitere Kämpfe um die Ölfelder im Osten. Die Menschen in der Stadt leiden unter dem Mangel an Wasser.',
  ],
]);

function expectVerbatimInOrder(article: Article, summary: Awaited<ReturnType<typeof summarize>>): void {
  for (const c of summary.citations) {
    expect(article.text.slice(c.quoteStart, c.quoteEnd)).toBe(c.quote);
    expect(c.passage).toContain(c.quote);
    expect(summary.text).toContain(`${c.quote} [${c.n}]`);
  }
  const starts = summary.citations.map((c) => c.quoteStart);
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
  expect(summary.citations.map((c) => c.n)).toEqual(summary.citations.map((_, i) => i + 1));
}

describe('summarize', () => {
  it('picks four key sentences by default, in article order, each cited verbatim', async () => {
    const summary = await summarize(LONG, { embedder });
    expect(summary).toMatchObject({
      articleId: LONG.id,
      title: LONG.title,
      language: 'de',
      mode: 'extractive',
    });
    expect(summary.citations).toHaveLength(4);
    expectVerbatimInOrder(LONG, summary);
  });

  it('never quotes captions or headings', async () => {
    const summary = await summarize(LONG, { embedder, sentences: 6 });
    for (const c of summary.citations) {
      const block = LONG.blocks.find((b) => b.start <= c.quoteStart && c.quoteEnd <= b.end)!;
      expect(block.kind).toBe('paragraph');
    }
  });

  it('does not pick both of two near-identical sentences', async () => {
    const summary = await summarize(LONG, { embedder, sentences: 4 });
    const quotes = summary.citations.map((c) => c.quote);
    const repeated = quotes.filter((q) =>
      q.startsWith('Die syrische Armee hat die Stadt Palmyra nach schweren'),
    );
    expect(repeated.length).toBeLessThanOrEqual(1);
  });

  it('covers different paragraphs rather than one topic', async () => {
    const summary = await summarize(LONG, { embedder, sentences: 3 });
    expect(new Set(summary.citations.map((c) => c.paragraph)).size).toBe(3);
  });

  it('clamps the requested count to 3–6', async () => {
    expect((await summarize(LONG, { embedder, sentences: 10 })).citations).toHaveLength(6);
    expect((await summarize(LONG, { embedder, sentences: 1 })).citations).toHaveLength(3);
  });

  it('returns fewer sentences for a short article, with the right paragraph numbers', async () => {
    const summary = await summarize(KAFFEE, { embedder });
    expect(summary.citations.map((c) => c.paragraph)).toEqual([1, 1, 2]);
    expectVerbatimInOrder(KAFFEE, summary);
  });

  it('detects the article language', async () => {
    const summary = await summarize(BEES, { embedder, sentences: 3 });
    expect(summary.language).toBe('en');
    expectVerbatimInOrder(BEES, summary);
  });

  it('cites indexed passages when they are given', async () => {
    const passages = passagesOf(PALMYRA);
    const summary = await summarize(PALMYRA, { embedder, passages });
    const ids = new Set(passages.map((p) => p.id));
    for (const c of summary.citations) expect(ids.has(c.passageId)).toBe(true);
    expect(summary.date).toBe('2016-12');
    expect(summary.url).toBe('https://example.org/palmyra');
  });

  it('says so instead of citing when an article has no text', async () => {
    const empty = makeArticle('empty.md', 'Leer', [['heading', 'Nur eine Überschrift']]);
    const summary = await summarize({ ...empty, blocks: [], text: '' }, { embedder });
    expect(summary.citations).toEqual([]);
    expect(summary.text).toBe('Der Artikel enthält keinen Text, den ich zusammenfassen kann.');
  });

  it('summarises an article made only of short lines by falling back to them', async () => {
    const terse = makeArticle('terse.md', 'Kurz', [
      ['paragraph', 'Palmyra fällt.'],
      ['paragraph', 'Armee flieht.'],
    ]);
    const summary = await summarize(terse, { embedder });
    expect(summary.citations.map((c) => c.quote)).toEqual(['Palmyra fällt.', 'Armee flieht.']);
  });
});
