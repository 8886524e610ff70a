import fc from 'fast-check';
import type { StoredPassage } from '../../../src/core/index/loadedIndex';
import type { Article } from '../../../src/core/types';
import { PassageTable } from '../../../src/core/index/loadedIndex';
import { decodePassages, encodePassages, encodePassagesBinary } from '../../../src/core/index/passageCodec';

const passageArbitrary = fc
  .record({
    articleId: fc.constantFrom('a.md', 'b/c.html', 'ümlaut ß.txt'),
    ordinal: fc.nat(50),
    section: fc.option(fc.string(), { nil: undefined }),
    paragraphStart: fc.nat(100),
    span: fc.nat(3),
    start: fc.nat(10_000),
    length: fc.nat(2_000),
    kind: fc.constantFrom('text' as const, 'caption' as const),
    label: fc.nat(1_000_000),
  })
  .map(({ span, length, section, ...fields }): StoredPassage => ({
    id: `${fields.articleId}#${fields.ordinal}`,
    articleId: fields.articleId,
    ordinal: fields.ordinal,
    ...(section === undefined ? {} : { section }),
    paragraphStart: fields.paragraphStart,
    paragraphEnd: fields.paragraphStart + span,
    start: fields.start,
    end: fields.start + length,
    kind: fields.kind,
    label: fields.label,
  }));

/** One passage record, the first of article a.md. */
const ONE: StoredPassage = {
  id: 'a.md#0',
  articleId: 'a.md',
  ordinal: 0,
  paragraphStart: 1,
  paragraphEnd: 1,
  start: 0,
  end: 1,
  kind: 'text',
  label: 0,
};

describe('passage codec', () => {
  test('decoding an encoding gives back the same passage records', () => {
    fc.assert(
      fc.property(fc.array(passageArbitrary, { maxLength: 40 }), (passages) => {
        expect(decodePassages(encodePassages(passages))).toEqual(passages);
      }),
    );
  });

  test('the binary columns (passages.bin) give back the same records, with the columns 4-byte aligned', () => {
    fc.assert(
      fc.property(fc.array(passageArbitrary, { maxLength: 40 }), (passages) => {
        const bytes = encodePassagesBinary(passages);
        expect((bytes.indexOf(0x0a) + 1) % 4).toBe(0);
        expect(bytes.length).toBe(bytes.indexOf(0x0a) + 1 + 33 * passages.length);
        expect(decodePassages(bytes)).toEqual(passages);
        // Read from any offset of a larger buffer, as a file read into a pooled buffer is.
        const shifted = Buffer.concat([Buffer.from([1, 2, 3]), bytes]).subarray(3);
        expect(decodePassages(shifted)).toEqual(passages);
      }),
    );
  });

  test('stores article ids and section titles once', () => {
    const base = {
      articleId: 'long/article/name.md',
      section: 'Ein langer Abschnittstitel',
      paragraphStart: 1,
      paragraphEnd: 1,
      start: 0,
      end: 5,
      kind: 'text' as const,
    };
    const passages = Array.from({ length: 20 }, (_, ordinal) => ({
      ...base,
      ordinal,
      id: `${base.articleId}#${ordinal}`,
      label: ordinal,
    }));
    const encoded = encodePassages(passages);
    expect(encoded.split('long/article/name.md')).toHaveLength(2);
    expect(encoded.split('Ein langer Abschnittstitel')).toHaveLength(2);
    const binary = encodePassagesBinary(passages).toString('latin1');
    expect(binary.split('long/article/name.md')).toHaveLength(2);
    expect(binary.split('Ein langer Abschnittstitel')).toHaveLength(2);
  });

  test('refuses passage ids that are not articleId#ordinal', () => {
    expect(() => encodePassages([{ ...ONE, id: 'x' }])).toThrow('passage id x is not "a.md#0"');
  });

  test('refuses columns of unequal length', () => {
    const encoded = JSON.parse(encodePassages([])) as Record<string, unknown>;
    expect(() => decodePassages(JSON.stringify({ ...encoded, label: [1] }))).toThrow(
      /column label is malformed/,
    );
    expect(() => decodePassages(JSON.stringify({ ...encoded, count: 1 }))).toThrow(/malformed/);
  });

  test('refuses values that are not integers, unknown kinds and missing references', () => {
    const encoded = JSON.parse(encodePassages([ONE])) as Record<string, unknown>;
    const decode = (changes: Record<string, unknown>) => () =>
      decodePassages(JSON.stringify({ ...encoded, ...changes }));
    expect(decode({ start: [0.5] })).toThrow(/column start holds 0.5/);
    expect(decode({ end: ['1'] })).toThrow(/column end holds 1, not an integer/);
    expect(decode({ label: [2 ** 31] })).toThrow(/not an integer/);
    expect(decode({ kind: 'x' })).toThrow(/unknown kind/);
    expect(decode({ article: [1] })).toThrow(/missing article/);
    expect(decode({ section: [0] })).toThrow(/missing article or section/);
    expect(decode({ articles: [1] })).toThrow(/malformed/);
    expect(() => encodePassages([{ ...ONE, start: 1.5 }])).toThrow(/start 1.5 is not an integer/);
  });
});

describe('passage table', () => {
  const article = (id: string, text: string): Article => ({
    id,
    title: id,
    text,
    tags: [],
    blocks: [],
    contentHash: id,
    format: 'txt',
  });
  const passage = (articleId: string, ordinal: number, label: number, start = 0, end = 1): StoredPassage => ({
    id: `${articleId}#${ordinal}`,
    articleId,
    ordinal,
    paragraphStart: 1,
    paragraphEnd: 1,
    start,
    end,
    kind: 'text',
    label,
  });
  const articles = new Map([
    ['a#b.md', article('a#b.md', 'Erster Text.')],
    ['c.md', article('c.md', 'Zweiter.')],
  ]);

  test('finds passages by label, id and article, in reading order', () => {
    const table = PassageTable.fromRecords(articles, [
      passage('a#b.md', 1, 7, 5, 9),
      passage('c.md', 0, 3),
      passage('a#b.md', 0, 9, 0, 5),
    ]);
    expect(table.size).toBe(3);
    expect([...table.labels()]).toEqual([7, 3, 9]);
    expect(table.labelsOf('a#b.md')).toEqual([9, 7]);
    expect(table.labelsOf('missing.md')).toEqual([]);
    expect([...table.articleIds()]).toEqual(['a#b.md', 'c.md']);
    expect(table.labelOf('a#b.md#1')).toBe(7);
    expect(table.labelOf('a#b.md#0')).toBe(9);
    expect(table.labelOf('c.md#0')).toBe(3);
    for (const id of ['a#b.md#01', 'a#b.md#2', 'a#b.md#', 'a#b.md', 'c.md#-0', 'x.md#0']) {
      expect(table.labelOf(id)).toBeUndefined();
    }
    expect(table.has(3)).toBe(true);
    expect(table.has(4)).toBe(false);
    expect(table.has(100)).toBe(false);
    expect(table.record(7)).toEqual(passage('a#b.md', 1, 7, 5, 9));
    expect(table.record(4)).toBeUndefined();
  });

  test('keeps sparse labels (a much-edited index) in a map, not an array as long as the largest', () => {
    const table = PassageTable.fromRecords(articles, [passage('c.md', 0, 2 ** 30), passage('c.md', 1, 5)]);
    expect(table.has(2 ** 30)).toBe(true);
    expect(table.has(2 ** 30 - 1)).toBe(false);
    expect(table.labelOf('c.md#0')).toBe(2 ** 30);
    expect(table.record(5)?.ordinal).toBe(1);
    expect(table.articleIdOf(2 ** 30)).toBe('c.md');
    expect(table.articleIdOf(6)).toBeUndefined();
  });

  test('builds a record once for lookups; a full pass builds fresh ones', () => {
    const table = PassageTable.fromRecords(articles, [passage('c.md', 0, 0), passage('c.md', 1, 1)]);
    expect(table.record(0)).toBe(table.record(0));
    expect([...table.records()]).toEqual([passage('c.md', 0, 0), passage('c.md', 1, 1)]);
    expect([...table.records()][1]).not.toBe([...table.records()][1]);
  });

  test('finds an ordinal that is not its position (an article with a gap)', () => {
    const table = PassageTable.fromRecords(articles, [passage('c.md', 2, 0), passage('c.md', 5, 1)]);
    expect(table.labelOf('c.md#5')).toBe(1);
    expect(table.labelOf('c.md#2')).toBe(0);
    expect(table.labelOf('c.md#0')).toBeUndefined();
  });

  test('refuses unknown articles, offsets outside the text, and labels or passages stored twice', () => {
    expect(() => PassageTable.fromRecords(articles, [passage('x.md', 0, 0)])).toThrow(/unknown article x.md/);
    expect(() => PassageTable.fromRecords(articles, [passage('c.md', 0, 0, 0, 9)])).toThrow(
      /c.md#0 lies outside its article text/,
    );
    expect(() =>
      PassageTable.fromRecords(articles, [passage('c.md', 0, 0), passage('a#b.md', 0, 0)]),
    ).toThrow(/label 0 is stored twice/);
    expect(() => PassageTable.fromRecords(articles, [passage('c.md', 0, -1)])).toThrow(
      /c.md#0 has a negative label/,
    );
    expect(() => PassageTable.fromRecords(articles, [passage('c.md', 0, 0), passage('c.md', 0, 1)])).toThrow(
      /c.md#0 is stored twice/,
    );
  });
});
