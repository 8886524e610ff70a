import {
  DEFAULT_COMPOUND_OPTIONS,
  SuffixVocabulary,
  expandTerm,
  modifierOf,
} from '../../../src/core/retrieval/compounds';

describe('SuffixVocabulary', () => {
  const vocabulary = SuffixVocabulary.of([
    'programm',
    'welternahrungsprogramm',
    'ernahrungsprogramm',
    'gramm',
    'exklav',
  ]);

  it('lists longer terms ending in a suffix, shortest first', () => {
    expect(vocabulary.endingWith('programm', 1, 10)).toEqual([
      'ernahrungsprogramm',
      'welternahrungsprogramm',
    ]);
  });

  it('leaves out terms whose extra part is too short and honours the limit', () => {
    expect(vocabulary.endingWith('gramm', 4, 10)).toEqual(['ernahrungsprogramm', 'welternahrungsprogramm']);
    expect(vocabulary.endingWith('gramm', 3, 1)).toEqual(['programm']);
  });

  it('finds nothing for a suffix no term has', () => {
    expect(vocabulary.endingWith('zzz', 1, 10)).toEqual([]);
  });
});

describe('expandTerm', () => {
  const vocabulary = SuffixVocabulary.of([
    'regierungsexklav',
    'exklav',
    'ernahrungsprogramm',
    'programm',
    'land',
    'deutschland',
  ]);

  it('adds compounds whose head is the query term', () => {
    expect(expandTerm('exklav', vocabulary)).toEqual([{ term: 'regierungsexklav', kind: 'compound' }]);
  });

  it('adds known heads of a query compound, longest first', () => {
    expect(expandTerm('welternahrungsprogramm', vocabulary)).toEqual([
      { term: 'ernahrungsprogramm', kind: 'head' },
      { term: 'programm', kind: 'head' },
    ]);
  });

  it('leaves short terms and numbers alone', () => {
    expect(expandTerm('land', vocabulary)).toEqual([]);
    expect(expandTerm('123456', SuffixVocabulary.of(['9123456']))).toEqual([]);
    expect(DEFAULT_COMPOUND_OPTIONS.minTermLength).toBeGreaterThan('land'.length);
  });
});

describe('modifierOf', () => {
  const vocabulary = SuffixVocabulary.of([
    'autor',
    'bus',
    'telefon',
    'verkehr',
    'forschung',
    'grupp',
    'torr',
    'ent',
    'zug',
    'spitz',
  ]);

  it('splits a compound into two words of the vocabulary, linking elements dropped', () => {
    expect(modifierOf('autorenbus', vocabulary)).toBe('autor');
    expect(modifierOf('telefonverkehr', vocabulary)).toBe('telefon');
    expect(modifierOf('forschungsgrupp', vocabulary)).toBe('forschung');
  });

  it('needs a known word behind the modifier and four letters in front', () => {
    expect(modifierOf('telefonzelle', vocabulary)).toBeUndefined();
    expect(modifierOf('zugspitz', vocabulary)).toBeUndefined();
    expect(modifierOf('autor', vocabulary)).toBeUndefined();
  });

  it('comes after the heads in an expansion', () => {
    expect(expandTerm('telefonverkehr', vocabulary)).toEqual([
      { term: 'verkehr', kind: 'head' },
      { term: 'telefon', kind: 'modifier' },
    ]);
  });
});
