import { DEFAULT_COMPOUND_OPTIONS } from '../../../src/core/retrieval/compounds';
import type { LexicalHit, LexicalIndex, LexicalSearchOptions } from '../../../src/core/retrieval/lexical';
import { MiniSearchLexicalIndex } from '../../support/miniSearchLexicalIndex';
import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import type { Passage } from '../../../src/core/types';
import { analyze } from '../../../src/core/text/analysis';
import { wholeTextPassage } from '../../fakes/passages';

function passage(id: string, text: string, section?: string): Passage {
  const [articleId = id, ordinal = '0'] = id.split('#');
  return wholeTextPassage(articleId, Number(ordinal), text, section);
}

const CORPUS: Passage[] = [
  passage('wfp#0', 'Das Welternährungsprogramm der Vereinten Nationen verteilt Lebensmittel in Aleppo.'),
  passage('dez#0', 'Die Regierungsexklave in Deir ez-Zor wird seit Jahren von Kämpfern belagert.'),
  passage('road#0', 'Die Straße nach Palmyra war tagelang gesperrt.'),
  passage('house#0', 'Im Dorf stand nur noch ein Haus, die Bewohner waren geflohen.'),
  passage('music#0', 'Das Orchester spielte im Amphitheater vor Soldaten.'),
  passage('oil#0', 'Die Ölfelder im Osten liefern kaum noch Einnahmen.', 'Wirtschaft im Krieg'),
  passage('misc#0', 'Ein Bericht über Wahlen, Parteien und das Parlament in Wien.'),
];

function ids(index: LexicalIndex, query: string, k = 10): string[] {
  return index.search(query, k).map((hit) => hit.id);
}

type TestIndex = LexicalIndex & { hasTerm(term: string): boolean; hasWordFamily(term: string): boolean };
type Make = (search?: Partial<LexicalSearchOptions>) => TestIndex;

const IMPLEMENTATIONS: Array<[string, Make]> = [
  ['PostingsLexicalIndex', (search) => new PostingsLexicalIndex({ search })],
  ['MiniSearchLexicalIndex', (search) => new MiniSearchLexicalIndex({ search })],
];

describe.each(IMPLEMENTATIONS)('%s', (_name, make) => {
  let index: TestIndex;
  beforeEach(() => {
    index = make();
    index.add(CORPUS);
  });

  it('matches ß and ss, and any letter case, as the same word', () => {
    expect(ids(index, 'strasse')[0]).toBe('road#0');
    expect(ids(index, 'STRASSE')[0]).toBe('road#0');
    const other = make();
    other.add([passage('a#0', 'Die Hauptstrasse war leer.'), passage('b#0', 'Die Strasse war voll.')]);
    expect(ids(other, 'Straße')[0]).toBe('b#0');
  });

  it('matches plural and singular forms through stemming', () => {
    expect(ids(index, 'Häuser')[0]).toBe('house#0');
    expect(ids(index, 'Straßen')[0]).toBe('road#0');
    expect(ids(index, 'Soldat')[0]).toBe('music#0');
    expect(ids(index, 'Parlaments')[0]).toBe('misc#0');
  });

  it('matches umlauts written without dots', () => {
    expect(ids(index, 'Olfelder')[0]).toBe('oil#0');
  });

  it('finds a compound when the question names its head', () => {
    expect(ids(index, 'Welches Ernährungsprogramm gibt es?')[0]).toBe('wfp#0');
    expect(ids(index, 'Exklave')[0]).toBe('dez#0');
  });

  it('finds the head when the question uses a longer compound', () => {
    const other = make();
    other.add([
      passage('a#0', 'Das Ernährungsprogramm läuft weiter.'),
      passage('b#0', 'Der Winter war kalt.'),
    ]);
    expect(ids(other, 'Welternährungsprogramm')).toEqual(['a#0']);
  });

  it('finds the front part of a compound the collection lacks, below the head', () => {
    const other = make({ prefixMinLength: false });
    other.add([
      passage('telefon#0', 'Telefon- und Faxverkehre wurden überwacht.'),
      passage('verkehr#0', 'Der Verkehr in der Stadt stockte.'),
      passage('winter#0', 'Der Winter war kalt.'),
    ]);
    // "Telefonverkehr" is no word of the collection: "Verkehr" (the head) and "Telefon" both count.
    expect(ids(other, 'Telefonverkehr')).toEqual(['verkehr#0', 'telefon#0']);
    const plain = make({ prefixMinLength: false, modifierWeight: 0 });
    plain.add([passage('telefon#0', 'Telefon- und Faxverkehre wurden überwacht.')]);
    expect(ids(plain, 'Telefonverkehr')).toEqual([]);
  });

  it('does not find compounds by their head when compound matching is off', () => {
    const plain = make({ compounds: false, prefixMinLength: false });
    plain.add(CORPUS);
    expect(ids(plain, 'Exklave')).toEqual([]);
    expect(ids(plain, 'Ernährungsprogramm')).toEqual([]);
  });

  it('searches section titles too', () => {
    expect(ids(index, 'Wirtschaft')).toEqual(['oil#0']);
  });

  it('finds an acronym spelled like a stop word, and still ignores the stop word', () => {
    const other = make();
    other.add([
      passage('is#0', 'Kämpfer des IS rücken auf Palmyra vor.'),
      passage('army#0', 'Kämpfer der Armee rücken auf Palmyra vor.'),
    ]);
    expect(ids(other, 'Wohin rückt der IS vor?')[0]).toBe('is#0');
    expect(other.search('is', 5)).toEqual([]);
  });

  it('returns nothing for a question of stop words only', () => {
    expect(index.search('Was ist das und wer?', 5)).toEqual([]);
  });

  it('returns at most k hits, best first', () => {
    const hits = index.search('Die Straße Palmyra Orchester Haus Welternährungsprogramm', 2);
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    expect(index.search('Palmyra', 0)).toEqual([]);
  });

  it('gives the first k of the full ranking for every k, ties included', () => {
    // Many passages with equal scores make the cut at k fall inside a tie.
    const tied = make();
    tied.add([
      ...CORPUS,
      ...Array.from({ length: 40 }, (_, i) =>
        passage(`tie-${String(39 - i).padStart(2, '0')}#0`, 'Die Straße nach Palmyra war gesperrt.'),
      ),
    ]);
    for (const query of ['Straße nach Palmyra', 'Palmyra Orchester Lebensmittel', 'gesperrt']) {
      const full = tied.search(query, 1_000);
      expect(full.length).toBeGreaterThan(30);
      for (const k of [1, 2, 5, 17, 39, 41, 45]) expect(tied.search(query, k)).toEqual(full.slice(0, k));
    }
  });

  it('keeps only passages the filter accepts', () => {
    const query = 'Straße Orchester Haus';
    expect(ids(index, query).length).toBe(3);
    expect(index.search(query, 10, (id) => id === 'music#0').map((h) => h.id)).toEqual(['music#0']);
  });

  it('removes passages by id and ignores unknown ids', () => {
    index.remove(['road#0', 'nope#1']);
    expect(ids(index, 'Straße')).toEqual([]);
    expect(index.size).toBe(CORPUS.length - 1);
  });

  it('replaces a passage that is added again under the same id', () => {
    index.add([passage('road#0', 'Die Brücke über den Euphrat wurde gesprengt.')]);
    expect(ids(index, 'Straße')).toEqual([]);
    expect(ids(index, 'Brücke')).toEqual(['road#0']);
    expect(index.size).toBe(CORPUS.length);
  });

  it('reads its own changes: a removal after an add, an add after a removal', () => {
    index.add([passage('new#0', 'Die Brücke wurde gesprengt.')]);
    index.remove(['new#0']);
    expect(ids(index, 'Brücke')).toEqual([]);
    index.remove(['road#0']);
    index.add([passage('road#0', 'Die Straße ist wieder befahrbar.')]);
    expect(ids(index, 'befahrbar')).toEqual(['road#0']);
    expect(index.size).toBe(CORPUS.length);
  });
});

describe.each(IMPLEMENTATIONS)('%s compound expansion limits', (_name, make) => {
  const passages = [
    passage('a#0', 'Die Regierungsexklave wurde belagert.'),
    passage('b#0', 'Eine Exklave liegt im Norden.'),
    passage('c#0', 'Der Winter war kalt.'),
  ];

  it('expands a word the collection uses no more often than the limit', () => {
    const index = make({ compounds: { ...DEFAULT_COMPOUND_OPTIONS, maxDocumentFrequency: 1 } });
    index.add(passages);
    expect(index.search('Exklave', 10).map((h) => h.id)).toEqual(['b#0', 'a#0']);
  });

  it('does not expand a word the collection uses more often than the limit', () => {
    const index = make({ compounds: { ...DEFAULT_COMPOUND_OPTIONS, maxDocumentFrequency: 0 } });
    index.add(passages);
    expect(index.search('Exklave', 10).map((h) => h.id)).toEqual(['b#0']);
  });

  it('tells whether an analysed term occurs in the collection', () => {
    const index = make();
    index.add(passages);
    expect(index.hasTerm('exklav')).toBe(true);
    expect(index.hasTerm('sommer')).toBe(false);
  });

  it("tells whether a word of the same family occurs, by the answer scorer's shared-prefix rule", () => {
    const index = make();
    index.add([
      passage(
        'f#0',
        'Zwölf Lastwagen wurden zerstört. Sie herrschten über die Stadt. Die Verhandlungen scheiterten.',
      ),
    ]);
    // "verhandelt" is a form of verhandeln (verhandel); "Verhandlungen" stems to verhandl.
    const [verhandelt, herrschen, zerlegen, haus] = analyze('verhandelt herrschen zerlegen Haus');
    expect(index.hasTerm(verhandelt!)).toBe(false);
    expect(index.hasWordFamily(verhandelt!)).toBe(true);
    expect(index.hasWordFamily(herrschen!)).toBe(true);
    // Sharing "zer" is not a family, and short words must match exactly.
    expect(index.hasWordFamily(zerlegen!)).toBe(false);
    expect(index.hasWordFamily(haus!)).toBe(false);
  });
});

describe.each(IMPLEMENTATIONS)('%s word families', (_name, make) => {
  const passages = [
    passage('a#0', 'Die Verhandlungen über eine Waffenruhe sind gescheitert.'),
    passage('b#0', 'Die Gespräche über die Lieferungen dauern an.'),
    passage('c#0', 'Der Winter war kalt.'),
  ];

  it("finds a word of the query word's family that the stemmer leaves apart, weighted below the word itself", () => {
    const index = make();
    index.add([...passages, passage('d#0', 'Sie wollen verhandeln.')]);
    // "verhandelt" and "verhandeln" → verhandel (verhandeln); "Verhandlungen" → verhandl, its family.
    const hits = index.search('Wer hat verhandelt?', 10);
    expect(hits.map((hit) => hit.id).sort()).toEqual(['a#0', 'd#0']);
    const exact = make();
    exact.add([passage('e#0', 'Es wurde verhandelt.'), ...passages]);
    const [first, second] = exact.search('Wer hat verhandelt?', 10);
    expect(first?.id).toBe('e#0');
    expect(second?.id).toBe('a#0');
    expect(second!.score).toBeLessThan(first!.score / 2);
  });

  it('finds no family words when the family weight is 0', () => {
    const index = make({ familyWeight: 0 });
    index.add(passages);
    expect(index.search('Wer hat verhandelt?', 10)).toEqual([]);
  });

  it('does not treat a short shared beginning as a family', () => {
    const index = make();
    index.add([passage('z#0', 'Zwölf Lastwagen wurden zerstört.'), ...passages]);
    // "zerlegen" and "zerstört" share only "zer".
    expect(index.search('zerlegen', 10)).toEqual([]);
  });

  it('gives no family words to a query word more passages use than maxFamilyDocumentFrequency', () => {
    const corpus = [
      ...passages,
      passage('e#0', 'Es wurde lange verhandelt.'),
      passage('f#0', 'Danach wurde wieder verhandelt.'),
    ];
    const common = make({ maxFamilyDocumentFrequency: 1 });
    common.add(corpus);
    expect(ids(common, 'verhandelt').sort()).toEqual(['e#0', 'f#0']);
    const rare = make({ maxFamilyDocumentFrequency: 2 });
    rare.add(corpus);
    expect(ids(rare, 'verhandelt').sort()).toEqual(['a#0', 'e#0', 'f#0']);
  });

  it('keeps at most maxFamilyTerms family words per query word, those sharing most first', () => {
    const index = make({ maxFamilyTerms: 1 });
    index.add([
      passages[1]!,
      passages[2]!,
      passage('d#0', 'Sie wollen verhandeln.'),
      passage('g#0', 'Er wurde verhaftet.'),
    ]);
    // "Verhandlungen" (verhandl) shares seven letters with verhandeln (verhandel), five with verhaften (verhaft).
    expect(index.search('Wie liefen die Verhandlungen?', 10).map((hit) => hit.id)).toEqual(['d#0']);
    const two = make({ maxFamilyTerms: 2 });
    two.add([
      passages[1]!,
      passages[2]!,
      passage('d#0', 'Sie wollen verhandeln.'),
      passage('g#0', 'Er wurde verhaftet.'),
    ]);
    expect(
      two
        .search('Wie liefen die Verhandlungen?', 10)
        .map((hit) => hit.id)
        .sort(),
    ).toEqual(['d#0', 'g#0']);
  });
});

const QUERIES = [
  'Straße',
  'Exklave',
  'Ernährungsprogramm',
  'Häuser Orchester',
  'Wirtschaft Ölfelder',
  'Wahlen Wien',
  'Welternährungsprogramm Palmyra Soldaten',
];

describe('MiniSearchLexicalIndex snapshots', () => {
  it('gives identical results after a toJSON/fromJSON round trip', () => {
    const index = new MiniSearchLexicalIndex();
    index.add(CORPUS);
    index.remove(['misc#0']);
    const restored = MiniSearchLexicalIndex.fromJSON(JSON.stringify(index));
    for (const query of QUERIES) expect(restored.search(query, 10)).toEqual(index.search(query, 10));
    expect(restored.size).toBe(index.size);
    // The restored index is a working index, not a frozen copy.
    restored.add([passage('new#0', 'Die Exklave wurde befreit.')]);
    expect(ids(restored, 'Exklave')).toContain('new#0');
  });

  it('refuses a snapshot of another format', () => {
    const index = new MiniSearchLexicalIndex();
    const snapshot = { ...index.toJSON(), format: 'quellen-lexical/0' };
    expect(() => MiniSearchLexicalIndex.fromJSON(snapshot)).toThrow(/unsupported snapshot format/);
  });
});

/** Passages with repeated words, section titles and shared compounds, for ranking comparisons. */
function rankingCorpus(): Passage[] {
  const words = [
    'Regierung',
    'Armee',
    'Palmyra',
    'Aleppo',
    'Konzert',
    'Orchester',
    'Ölfeld',
    'Wahl',
    'Straße',
    'Welternährungsprogramm',
    'Ernährung',
    'Exklave',
    'Flüchtlinge',
    'Soldaten',
    'Bomben',
    'Hilfe',
    'Verhandlungen',
    'verhandelt',
    'zerstört',
    'Zerstörung',
    'Kämpfer',
    'Stadt',
    'Dorf',
    'Winter',
  ];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: 120 }, (_, i) => {
    const length = 4 + Math.floor(next() * 14);
    const text = Array.from({ length }, () => words[Math.floor(next() * words.length)]!).join(' ');
    const section = i % 3 === 0 ? words[Math.floor(next() * words.length)] : undefined;
    return passage(`p${String(i).padStart(3, '0')}#${i % 4}`, `${text}.`, section);
  });
}

describe('PostingsLexicalIndex', () => {
  const queries = [
    ...QUERIES,
    'Wer hat verhandelt?',
    'Wie viele Flüchtlinge kamen aus Aleppo?',
    'Regierung Armee Kämpfer Stadt',
    'Zerstörung',
    'Winter Dorf Hilfe Bomben',
  ];

  it('ranks as MiniSearch does on the same passages, scores included', () => {
    const corpus = rankingCorpus();
    const postings = new PostingsLexicalIndex();
    const reference = new MiniSearchLexicalIndex();
    postings.add(corpus);
    reference.add(corpus);
    for (const query of queries) {
      const expected = reference.search(query, 1_000);
      const actual = postings.search(query, 1_000);
      expect(expected.length).toBeGreaterThan(0);
      expect(actual.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id));
      actual.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 6));
      for (const term of ['regier', 'palmyra', 'verhandl', 'nichts']) {
        expect(postings.documentFrequency(term)).toBe(reference.documentFrequency(term));
      }
    }
  });

  it('scores the same in blocks of any size, and refuses a block size out of range', () => {
    const corpus = rankingCorpus();
    const whole = new PostingsLexicalIndex();
    whole.add(corpus);
    for (const scoringBlock of [1, 5, 64]) {
      const blocked = new PostingsLexicalIndex({ scoringBlock });
      blocked.add(corpus);
      for (const query of queries) expect(blocked.search(query, 40)).toEqual(whole.search(query, 40));
    }
    for (const scoringBlock of [0, -1, 2.5, Number.NaN, 65_537]) {
      expect(() => new PostingsLexicalIndex({ scoringBlock })).toThrow(/scoringBlock/);
    }
  });

  /** Two indexes of the ranking corpus: one to misuse, one to compare it with. */
  function indexAndFresh(): { index: PostingsLexicalIndex; fresh: PostingsLexicalIndex } {
    const [index, fresh] = [new PostingsLexicalIndex(), new PostingsLexicalIndex()];
    const corpus = rankingCorpus();
    index.add(corpus);
    fresh.add(corpus);
    return { index, fresh };
  }

  it('searches correctly after a filter threw in the middle of a block', () => {
    const { index, fresh } = indexAndFresh();
    const query = 'Regierung Armee Kämpfer Stadt';
    expect(index.search(query, 200).length).toBeGreaterThan(10);
    expect(() =>
      index.search(query, 200, () => {
        throw new Error('filter failed');
      }),
    ).toThrow('filter failed');
    for (const again of queries) expect(index.search(again, 200)).toEqual(fresh.search(again, 200));
  });

  it('answers a search made from inside its own filter, and every search after it, as a fresh index does', () => {
    const { index, fresh } = indexAndFresh();
    const inner: LexicalHit[][] = [];
    const keep = (id: string): boolean => {
      if (inner.length < 3) inner.push(index.search('Winter Dorf Hilfe Bomben', 30));
      return !id.startsWith('p00');
    };
    const outer = index.search('Regierung Armee Kämpfer Stadt', 200, keep);
    expect(inner.length).toBe(3);
    expect(outer).toEqual(fresh.search('Regierung Armee Kämpfer Stadt', 200, (id) => !id.startsWith('p00')));
    for (const hits of inner) expect(hits).toEqual(fresh.search('Winter Dorf Hilfe Bomben', 30));
    for (const again of queries) expect(index.search(again, 200)).toEqual(fresh.search(again, 200));
  });

  it('lists the passages holding a term, ascending, one per passage, before and after changes', () => {
    const index = new PostingsLexicalIndex();
    index.add(CORPUS);
    const passages = (term: string) => Array.from(index.passagesWith(term));
    expect(passages('palmyra')).toHaveLength(index.documentFrequency('palmyra'));
    expect(passages('palmyra').length).toBeGreaterThan(0);
    expect(passages('belagert')).toEqual([]);
    index.add([passage('extra#0', 'Palmyra, Palmyra und noch einmal Palmyra.')]);
    const both = passages('palmyra');
    expect(both).toHaveLength(2);
    expect(both[0]).toBeLessThan(both[1]!);
    index.remove(['road#0']);
    expect(passages('palmyra')).toHaveLength(1);
  });

  it('after removals and replacements, ranks exactly as an index built from the result', () => {
    const corpus = rankingCorpus();
    const updated = new PostingsLexicalIndex();
    updated.add(corpus);
    const removed = corpus.filter((_, i) => i % 5 === 0).map((p) => p.id);
    const replaced = corpus
      .filter((_, i) => i % 7 === 1)
      .map((p) => ({ ...p, text: `Neu: Exklave Palmyra ${p.text}` }));
    const added = [passage('extra#0', 'Eine Regierungsexklave im Winter.'), ...replaced];
    updated.remove(removed);
    updated.add(added);
    const byId = new Map(corpus.map((p) => [p.id, p]));
    for (const id of removed) byId.delete(id);
    for (const p of added) byId.set(p.id, p);
    const clean = new PostingsLexicalIndex();
    clean.add([...byId.values()]);
    expect(updated.size).toBe(clean.size);
    for (const query of queries) expect(updated.search(query, 50)).toEqual(clean.search(query, 50));
  });

  it('leaves the index it was derived from unchanged (withChanges)', () => {
    const index = new PostingsLexicalIndex();
    index.add(CORPUS);
    const before = index.search('Straße Brücke', 10);
    const next = index.withChanges(['road#0'], [passage('new#0', 'Die Brücke wurde gesprengt.')]);
    expect(index.search('Straße Brücke', 10)).toEqual(before);
    expect(ids(next, 'Straße Brücke')).toEqual(['new#0']);
  });

  it('gives identical results after a toBuffer/fromBuffer round trip, and keeps working', () => {
    const index = new PostingsLexicalIndex();
    index.add(rankingCorpus());
    index.remove(['p005#1']);
    const restored = PostingsLexicalIndex.fromBuffer(index.toBuffer());
    for (const query of queries) expect(restored.search(query, 20)).toEqual(index.search(query, 20));
    expect(restored.size).toBe(index.size);
    expect(restored.hasWordFamily('verhandel')).toBe(true);
    restored.add([passage('new#0', 'Die Exklave wurde befreit.')]);
    expect(ids(restored, 'Exklave')).toContain('new#0');
    // An empty index round-trips too.
    expect(PostingsLexicalIndex.fromBuffer(new PostingsLexicalIndex().toBuffer()).size).toBe(0);
  });

  it('reads a buffer that is not 8-byte aligned', () => {
    const index = new PostingsLexicalIndex();
    index.add(CORPUS);
    const bytes = index.toBuffer();
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    const restored = PostingsLexicalIndex.fromBuffer(shifted.subarray(3));
    expect(restored.search('Straße Exklave', 10)).toEqual(index.search('Straße Exklave', 10));
  });

  it('refuses bytes that are not an index of this version, truncated or inconsistent', () => {
    const index = new PostingsLexicalIndex();
    index.add(CORPUS);
    const bytes = index.toBuffer();
    expect(() => PostingsLexicalIndex.fromBuffer(Buffer.from('{"format":"quellen-lexical/2"}'))).toThrow(
      /not a postings index/,
    );
    expect(() => PostingsLexicalIndex.fromBuffer(bytes.subarray(0, bytes.length - 16))).toThrow(
      /lexical index: /,
    );
    // A posting that names a passage the index does not have.
    const header = JSON.parse(bytes.toString('utf8', 12, 12 + bytes.readUInt32LE(8))) as {
      sections: Record<string, [number, number]>;
    };
    const lead = 12 + bytes.readUInt32LE(8);
    const dataStart = lead + ((8 - (lead % 8)) % 8);
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32LE(999_999, dataStart + header.sections.docs0![0]);
    expect(() => PostingsLexicalIndex.fromBuffer(damaged)).toThrow(/unknown passage/);
    // Postings of a term out of order, and a reversed-term order that lists a term twice.
    const many = new PostingsLexicalIndex();
    many.add([passage('a#0', 'Palmyra Palmyra'), passage('b#0', 'Palmyra'), passage('c#0', 'Aleppo')]);
    const manyBytes = many.toBuffer();
    const manyLead = 12 + manyBytes.readUInt32LE(8);
    const manyStart = manyLead + ((8 - (manyLead % 8)) % 8);
    const manyHeader = JSON.parse(manyBytes.toString('utf8', 12, manyLead)) as typeof header;
    const swapped = Buffer.from(manyBytes);
    const docsAt = manyStart + manyHeader.sections.docs0![0];
    const [first, second] = [swapped.readUInt32LE(docsAt + 4), swapped.readUInt32LE(docsAt + 8)];
    swapped.writeUInt32LE(second, docsAt + 4);
    swapped.writeUInt32LE(first, docsAt + 8);
    expect(() => PostingsLexicalIndex.fromBuffer(swapped)).toThrow(/out of order/);
    const doubled = Buffer.from(manyBytes);
    const reversedAt = manyStart + manyHeader.sections.byReversed![0];
    doubled.writeUInt32LE(doubled.readUInt32LE(reversedAt), reversedAt + 4);
    expect(() => PostingsLexicalIndex.fromBuffer(doubled)).toThrow(/not a permutation/);
  });
});
