import fc from 'fast-check';
import {
  DEFAULT_LEXICAL_SEARCH_OPTIONS,
  type LexicalSearchOptions,
  TermAnalyzer,
  weightedTermsOf,
} from '../../../src/core/retrieval/lexical';
import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import {
  type VocabularyAnswer,
  type VocabularyRequest,
  VocabularySlice,
  vocabularyRequest,
} from '../../../src/core/retrieval/vocabularySlice';
import { wholeTextPassage } from '../../fakes/passages';

/*
 * A backend that is not in this process fetches what expanding a query reads of the vocabulary
 * ahead, in one request. Answered from a whole index, that slice must expand every query exactly
 * as the whole index does (and a request that misses a question throws, failing the test).
 */

// prettier-ignore
const WORDS = [
  'Regierung', 'Regierungen', 'Regierungstruppen', 'Regierungsexklave', 'Exklave', 'Stadt', 'Großstadt',
  'Stadtrat', 'Kämpfer', 'Kämpfe', 'belagert', 'Belagerung', 'Welternährungsprogramm', 'Ernährungsprogramm',
  'Ernährung', 'Programm', 'zerstört', 'zerstören', 'Zerstörung', 'verhandelt', 'Verhandlungen', 'Bericht',
  'Bürgermeisterin', 'Bürgermeister', '2017', 'Hilfsgüter',
];

/** The answer an index holding `index`'s passages gives to a request. */
function answerFrom(index: PostingsLexicalIndex, request: VocabularyRequest): VocabularyAnswer {
  const frequencies = new Map<string, number>();
  const vocabulary = index.vocabulary();
  const note = (term: string) => frequencies.set(term, index.documentFrequency(term));
  for (const term of request.terms) if (vocabulary.has(term)) note(term);
  for (const prefix of request.prefixes) for (const term of index.termsWithPrefix(prefix)) note(term);
  const compounds = new Map<string, string[]>();
  for (const { suffix, minExtra, limit } of request.suffixes) {
    const found = vocabulary.endingWith(suffix, minExtra, limit);
    found.forEach(note);
    compounds.set(suffix, found);
  }
  return { frequencies, compounds };
}

const textOf = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 10 }).map((w) => w.join(' '));
const passagesOf = fc.array(fc.record({ text: textOf, section: fc.option(textOf, { nil: undefined }) }), {
  minLength: 1,
  maxLength: 25,
});
const optionsOf: fc.Arbitrary<LexicalSearchOptions> = fc.record({
  ...Object.fromEntries(Object.entries(DEFAULT_LEXICAL_SEARCH_OPTIONS).map(([k, v]) => [k, fc.constant(v)])),
  prefixMinLength: fc.constantFrom(3, 5, 8, false as const),
  familyWeight: fc.constantFrom(0, 0.2),
  maxFamilyDocumentFrequency: fc.constantFrom(0, 20),
  compounds: fc.constantFrom(false as const, DEFAULT_LEXICAL_SEARCH_OPTIONS.compounds, {
    ...(DEFAULT_LEXICAL_SEARCH_OPTIONS.compounds as Exclude<LexicalSearchOptions['compounds'], false>),
    maxDocumentFrequency: 50,
    maxExpansions: 2,
  }),
}) as fc.Arbitrary<LexicalSearchOptions>;

describe('VocabularySlice', () => {
  it('expands every query as the whole vocabulary does', () => {
    fc.assert(
      fc.property(passagesOf, textOf, optionsOf, (entries, query, options) => {
        const index = new PostingsLexicalIndex();
        index.add(entries.map(({ text, section }, i) => wholeTextPassage(`a${i}.md`, 0, text, section)));
        const analyzer = new TermAnalyzer();
        const request = vocabularyRequest([...new Set(analyzer.terms(query))], options);
        const slice = new VocabularySlice(request, answerFrom(index, request));
        expect(weightedTermsOf(query, analyzer, slice, options)).toEqual(
          weightedTermsOf(query, analyzer, index, options),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('throws on a question its request did not cover', () => {
    const request = vocabularyRequest(['regierung'], DEFAULT_LEXICAL_SEARCH_OPTIONS);
    const slice = new VocabularySlice(request, { frequencies: new Map(), compounds: new Map() });
    expect(() => slice.documentFrequency('stadt')).toThrow(/does not cover "stadt"/);
    expect(() => [...slice.termsWithPrefix('sta')]).toThrow(/no terms under "sta"/);
    expect(() => slice.endingWith('stadt', 3, 20)).toThrow(/no compounds of "stadt"/);
    expect(slice.documentFrequency('regierungen')).toBe(0);
  });
});
