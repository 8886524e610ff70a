import { decodeArticles, encodeArticles } from '../../../src/core/index/articleCodec';
import { withFileStamp } from '../../../src/core/fileStamp';
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

  it('keeps the texts file it read from when what changed is small, writing only the rest beside it', () => {
    const articles = decodeArticles(first.records, first.texts).articles;
    const changed: Article = { ...articles.get(UMLAUTS.id)!, text: `${UMLAUTS.text} Neu.`, contentHash: 'x' };
    const kept = [articles.get(PALMYRA.id)!, articles.get(BEES.id)!, changed];
    const written = encodeArticles(kept, { base: first.texts, maxDeltaShare: 0.5 });
    expect(written.linked).toBe(true);
    // Only the changed text is new; the others are referred to where they lie in the kept file.
    expect(written.texts.toString('utf8')).toBe(changed.text);
    const reread = decodeArticles(written.records, [first.texts, written.texts]).articles;
    expect(reread.get(PALMYRA.id)!.text).toBe(PALMYRA.text);
    expect(reread.get(BEES.id)!.text).toBe(BEES.text);
    expect(reread.get(UMLAUTS.id)!.text).toBe(changed.text);
    // Read with the kept file alone, the changed article's record points nowhere.
    expect(() => decodeArticles(written.records, [first.texts]).articles.get(UMLAUTS.id)).toThrow(
      /malformed|bad article record/,
    );
    // An empty new text needs no delta: read with the kept file alone, it is empty.
    const emptied: Article = { ...articles.get(UMLAUTS.id)!, text: '', blocks: [], contentHash: 'e' };
    const onlyEmpty = encodeArticles([articles.get(PALMYRA.id)!, articles.get(BEES.id)!, emptied], {
      base: first.texts,
      maxDeltaShare: 0.5,
    });
    expect(onlyEmpty.linked).toBe(true);
    expect(onlyEmpty.texts.length).toBe(0);
    expect(decodeArticles(onlyEmpty.records, [first.texts]).articles.get(UMLAUTS.id)!.text).toBe('');
    // Past the share (new texts plus texts nothing uses any more), every text goes into one file.
    const whole = encodeArticles(kept, { base: first.texts, maxDeltaShare: 0 });
    expect(whole.linked).toBe(false);
    const single = decodeArticles(whole.records, whole.texts).articles;
    for (const article of kept) expect(single.get(article.id)!.text).toBe(article.text);
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

  it('writes a text or blocks set after reading, and stored bytes beside read blocks', () => {
    const articles = decodeArticles(first.records, first.texts).articles;
    const bees = articles.get(BEES.id)!;
    void bees.text;
    void bees.blocks;
    bees.text = 'Ersetzt.';
    bees.blocks = [{ kind: 'paragraph', start: 0, end: 8, paragraph: 1 }];
    const palmyra = articles.get(PALMYRA.id)!;
    expect(palmyra.blocks).toEqual(PALMYRA.blocks);
    const written = encodeArticles([palmyra, bees]);
    expect(unread(palmyra, 'text')).toBe(true);
    const reread = decodeArticles(written.records, written.texts).articles;
    expect(reread.get(BEES.id)!.text).toBe('Ersetzt.');
    expect(reread.get(BEES.id)!.blocks).toEqual([{ kind: 'paragraph', start: 0, end: 8, paragraph: 1 }]);
    expect(reread.get(PALMYRA.id)!.text).toBe(PALMYRA.text);
    expect(reread.get(PALMYRA.id)!.blocks).toEqual(PALMYRA.blocks);
  });

  it('writes a text or blocks defined anew without being read', () => {
    const umlauts = decodeArticles(first.records, first.texts).articles.get(UMLAUTS.id)!;
    const blocks = [{ kind: 'paragraph' as const, start: 0, end: 4, paragraph: 1 }];
    Object.defineProperty(umlauts, 'text', { value: 'Neu.', enumerable: true, writable: true });
    Object.defineProperty(umlauts, 'blocks', { value: blocks, enumerable: true, writable: true });
    const written = encodeArticles([umlauts]);
    const reread = decodeArticles(written.records, written.texts).articles.get(UMLAUTS.id)!;
    expect(reread.text).toBe('Neu.');
    expect(reread.blocks).toEqual(blocks);
  });

  it('writes an article with a getter of its own from what the getter gives', () => {
    const article = { ...BEES } as Partial<Article>;
    delete article.text;
    // A getter that caches onto `this`, as a lazy one does: called on a frozen object, it throws.
    Object.defineProperty(article, 'text', {
      enumerable: true,
      configurable: true,
      get(this: Article): string {
        Object.defineProperty(this, 'text', { value: BEES.text, enumerable: true });
        return BEES.text;
      },
    });
    const written = encodeArticles([article as Article]);
    expect(decodeArticles(written.records, written.texts).articles.get(BEES.id)!.text).toBe(BEES.text);
  });

  it('writes a copy with a new file stamp from what it holds', () => {
    const decoded = decodeArticles(first.records, first.texts).articles.get(UMLAUTS.id)!;
    const stamp = { bytes: 1, ino: 2, mtimeMs: 3, ctimeMs: 4 };
    const copy = withFileStamp(decoded, stamp);
    const written = encodeArticles([copy]);
    const reread = decodeArticles(written.records, written.texts).articles.get(UMLAUTS.id)!;
    expect(reread.text).toBe(UMLAUTS.text);
    expect(reread.blocks).toEqual(UMLAUTS.blocks);
    expect(reread.file).toEqual(stamp);
  });

  it('lists ids and text lengths in a header line and parses a record only when its article is asked for', () => {
    const [header, ...lines] = first.records.split('\n');
    expect(JSON.parse(header!)).toEqual({
      ids: originals.map((article) => article.id),
      contentHashes: originals.map((article) => article.contentHash),
      textLengths: originals.map((article) => article.text.length),
    });
    expect(lines).toHaveLength(originals.length);
    // A malformed record does not stop the others, nor the map's size, ids and lengths.
    lines[0] = '{"id":';
    const { articles, textLengthOf, contentHashOf } = decodeArticles(
      [header, ...lines].join('\n'),
      first.texts,
    );
    expect(originals.map((article) => contentHashOf(article.id))).toEqual(
      originals.map((article) => article.contentHash),
    );
    expect(articles.size).toBe(originals.length);
    expect([...articles.keys()]).toEqual(originals.map((article) => article.id));
    expect(originals.map((article) => textLengthOf(article.id))).toEqual(
      originals.map((article) => article.text.length),
    );
    expect(textLengthOf('missing.md')).toBeUndefined();
    expect(articles.has(originals[0]!.id)).toBe(true);
    expect(articles.get(originals[1]!.id)!.text).toBe(originals[1]!.text);
    expect(() => articles.get(originals[0]!.id)).toThrow(`the record of ${originals[0]!.id} is malformed`);
    expect(articles.get('missing.md')).toBeUndefined();
  });

  it('reads the one-array articles.json of schema 6 and checks every record at once', () => {
    const records = first.records
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as object);
    const { articles, textLengthOf } = decodeArticles(JSON.stringify(records), first.texts);
    for (const original of originals) {
      expect({ ...articles.get(original.id)! }).toEqual({ ...original });
      expect(textLengthOf(original.id)).toBe(original.text.length);
    }
    expect(() => decodeArticles(JSON.stringify([...records, { id: 'x.md' }]), first.texts)).toThrow(
      'bad article record',
    );
  });

  it('refuses a record that disagrees with the header, when its article is asked for', () => {
    const [header, ...lines] = first.records.split('\n');
    const listed = JSON.parse(header!) as { contentHashes: string[]; textLengths: number[] };
    for (const edit of [
      () => (listed.contentHashes[1] = 'f'.repeat(64)),
      () => (listed.textLengths[1]! -= 1),
    ]) {
      const saved = JSON.stringify(listed);
      edit();
      const { articles } = decodeArticles([JSON.stringify(listed), ...lines].join('\n'), first.texts);
      expect(articles.get(originals[0]!.id)!.text).toBe(originals[0]!.text);
      expect(() => articles.get(originals[1]!.id)).toThrow(
        `the record of ${originals[1]!.id} disagrees with the header of articles.json`,
      );
      Object.assign(listed, JSON.parse(saved));
    }
  });

  it('does not carry malformed stored blocks into a new generation', () => {
    const lines = first.records.split('\n');
    const row = lines.findIndex((line) => line.startsWith(`{"id":"${BEES.id}"`));
    lines[row] = JSON.stringify({ ...(JSON.parse(lines[row]!) as object), blockData: [9, 0, 1, 0] });
    const decoded = [...decodeArticles(lines.join('\n'), first.texts).articles.values()];
    expect(() => encodeArticles(decoded)).toThrow(`the blocks of ${BEES.id} are malformed`);
  });
});
