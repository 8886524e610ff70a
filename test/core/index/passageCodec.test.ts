import fc from 'fast-check';
import type { StoredPassage } from '../../../src/core/index/loadedIndex';
import { decodePassages, encodePassages } from '../../../src/core/index/passageCodec';

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

describe('passage codec', () => {
  test('decoding an encoding gives back the same passage records', () => {
    fc.assert(
      fc.property(fc.array(passageArbitrary, { maxLength: 40 }), (passages) => {
        expect(decodePassages(encodePassages(passages))).toEqual(passages);
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
  });

  test('refuses passage ids that are not articleId#ordinal', () => {
    const passage: StoredPassage = {
      id: 'x',
      articleId: 'a.md',
      ordinal: 0,
      paragraphStart: 1,
      paragraphEnd: 1,
      start: 0,
      end: 1,
      kind: 'text',
      label: 0,
    };
    expect(() => encodePassages([passage])).toThrow('passage id x is not "a.md#0"');
  });

  test('refuses columns of unequal length', () => {
    const encoded = JSON.parse(encodePassages([])) as Record<string, unknown>;
    expect(() => decodePassages(JSON.stringify({ ...encoded, label: [1] }))).toThrow(
      /column label is malformed/,
    );
    expect(() => decodePassages(JSON.stringify({ ...encoded, count: 1 }))).toThrow(/malformed/);
  });
});
