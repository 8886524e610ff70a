import {
  DEFAULT_COMPOUND_OPTIONS,
  SuffixVocabulary,
  expandTerm,
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
