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
    'jahr',
    'jahres',
    'umsatz',
    'kind',
    'garten',
    'land',
    'haus',
    'zeit',
    'ung',
    'zwei',
    'fel',
    'audi',
    'tor',
    'tat',
    'verdacht',
  ]);

  it('splits a compound into two words of the vocabulary, linking elements dropped', () => {
    expect(modifierOf('telefonverkehr', vocabulary)).toBe('telefon');
    expect(modifierOf('forschungsgrupp', vocabulary)).toBe('forschung');
    // "-er-" ("Kindergarten"), "-es-" ("Landeshaus").
    expect(modifierOf('kindergart', SuffixVocabulary.of(['kind', 'gart']))).toBe('kind');
    expect(modifierOf('landeshaus', vocabulary)).toBe('land');
  });

  it('prefers the modifier as written to one without a linking element', () => {
    expect(modifierOf('jahresumsatz', vocabulary)).toBe('jahres');
    expect(modifierOf('jahresumsatz', SuffixVocabulary.of(['jahr', 'umsatz']))).toBe('jahr');
  });

  it('does not split at a three-letter ending or after a three-letter front', () => {
    // Derived words and names whose ending is a word too.
    expect(modifierOf('zeitung', vocabulary)).toBeUndefined();
    expect(modifierOf('zweifel', vocabulary)).toBeUndefined();
    expect(modifierOf('auditor', vocabulary)).toBeUndefined();
    expect(modifierOf('autorenbus', vocabulary)).toBeUndefined();
    expect(modifierOf('tatverdacht', vocabulary)).toBeUndefined();
  });

  it('needs a known word behind the modifier', () => {
    expect(modifierOf('telefonzelle', vocabulary)).toBeUndefined();
    expect(modifierOf('telefon', vocabulary)).toBeUndefined();
  });

  it('comes after the heads in an expansion', () => {
    expect(expandTerm('telefonverkehr', vocabulary)).toEqual([
      { term: 'verkehr', kind: 'head' },
      { term: 'telefon', kind: 'modifier' },
    ]);
  });
});
