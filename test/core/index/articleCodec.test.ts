import { decodeArticles, encodeArticles } from '../../../src/core/index/articleCodec';
import type { Article } from '../../../src/core/types';
import { BEES, makeArticle, PALMYRA } from '../answer/fixtures';

const UMLAUTS = makeArticle('umlaute.md', 'Grüße aus Köln', [
  ['heading', 'Überschrift'],
  ['paragraph', 'Die Straße führt über den Fluss – „ganz“ ohne Maß. 😀 Ende.'],
]);

/** Whether reading a property of a decoded article would still decode it. */
const unread = (article: Article, key: 'text' | 'blocks'): boolean =>
  Object.getOwnPropertyDescriptor(article, key)?.get !== undefined;

describe('article codec', () => {
  const originals = [PALMYRA, BEES, UMLAUTS];
  const first = encodeArticles(originals);

  it('round-trips text, blocks and fields', () => {
    const { articles } = decodeArticles(first.records, first.texts);
    for (const original of originals) {
      const decoded = articles.get(original.id)!;
      expect(decoded.text).toBe(original.text);
      expect(decoded.blocks).toEqual(original.blocks);
      expect({ ...decoded }).toEqual({ ...original });
    }
  });

  it('writes articles nobody read from their stored bytes, without decoding them, to the same files', () => {
    const decoded = [...decodeArticles(first.records, first.texts).articles.values()];
    const again = encodeArticles(decoded);
    expect(again.records).toBe(first.records);
    expect(again.texts.equals(first.texts)).toBe(true);
    for (const article of decoded) {
      expect(unread(article, 'text')).toBe(true);
      expect(unread(article, 'blocks')).toBe(true);
    }
  });

  it('writes an article that was read, or replaced, from what it holds now', () => {
    const articles = decodeArticles(first.records, first.texts).articles;
    const palmyra = articles.get(PALMYRA.id)!;
    expect(palmyra.text).toBe(PALMYRA.text);
    expect(unread(palmyra, 'text')).toBe(false);
    // A changed article is a new object: its own text goes into the new files.
    const changed: Article = { ...articles.get(UMLAUTS.id)!, text: `${UMLAUTS.text} Neu.`, contentHash: 'x' };
    const written = encodeArticles([palmyra, articles.get(BEES.id)!, changed]);
    const reread = decodeArticles(written.records, written.texts).articles;
    expect(reread.get(PALMYRA.id)!.text).toBe(PALMYRA.text);
    expect(reread.get(BEES.id)!.text).toBe(BEES.text);
    expect(reread.get(UMLAUTS.id)!.text).toBe(`${UMLAUTS.text} Neu.`);
    expect(reread.get(UMLAUTS.id)!.blocks).toEqual(UMLAUTS.blocks);
  });

  it('does not carry malformed stored blocks into a new generation', () => {
    const records = JSON.parse(first.records) as Array<{ id: string; blockData: number[] }>;
    records.find((record) => record.id === BEES.id)!.blockData = [9, 0, 1, 0];
    const decoded = [...decodeArticles(JSON.stringify(records), first.texts).articles.values()];
    expect(() => encodeArticles(decoded)).toThrow(`the blocks of ${BEES.id} are malformed`);
  });
});
