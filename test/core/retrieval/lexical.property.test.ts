import fc from 'fast-check';
import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import type { Passage } from '../../../src/core/types';
import { MiniSearchLexicalIndex } from '../../support/miniSearchLexicalIndex';
import { wholeTextPassage } from '../../fakes/passages';

/*
 * The postings index ranks exactly as the MiniSearch reference it replaces, on collections where
 * one word is in nearly every passage and others in one: common and rare terms, word families
 * and compounds (prefix and compound matches), section titles, repeated words, and k from 1 past
 * the number of matches.
 */

// prettier-ignore
const WORDS = [
  'Regierung', 'Regierungen', 'Regierungstruppen', 'Regierungsexklave', 'Stadt', 'Städte', 'Stadtrat',
  'Kämpfer', 'Kämpfe', 'belagert', 'Belagerung', 'Orchester', 'spielte', 'Spieler', 'Spielerin',
  'Welternährungsprogramm', 'Ernährung', 'Programm', 'Palmyra', 'Aleppo', 'verhandelt', 'Verhandlungen',
  'zerstört', 'zerstören', 'Soldaten', 'Wahlen', 'Parlament', 'Wien', 'Bericht', 'Hilfe', 'Hilfsgüter',
];

const wordOf = fc.oneof(
  { weight: 3, arbitrary: fc.constant('Bericht') },
  { weight: 12, arbitrary: fc.constantFrom(...WORDS) },
);
const textOf = fc.array(wordOf, { minLength: 1, maxLength: 14 }).map((words) => words.join(' '));
const collection = fc.array(fc.record({ text: textOf, section: fc.option(textOf, { nil: undefined }) }), {
  minLength: 1,
  maxLength: 40,
});

function passagesOf(texts: ReadonlyArray<{ text: string; section: string | undefined }>): Passage[] {
  return texts.map(({ text, section }, i) => wholeTextPassage(`a${i}.txt`, 0, text, section));
}

describe('PostingsLexicalIndex against the MiniSearch reference', () => {
  it('returns the same hits with the same scores for any collection, query and k', () => {
    fc.assert(
      fc.property(
        collection,
        fc.array(fc.constantFrom(...WORDS, 'Bericht'), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 45 }),
        (texts, queryWords, k) => {
          const passages = passagesOf(texts);
          const postings = new PostingsLexicalIndex();
          postings.add(passages);
          const reference = new MiniSearchLexicalIndex();
          reference.add(passages);
          const query = queryWords.join(' ');
          const ours = postings.search(query, k);
          const theirs = reference.search(query, k);
          expect(ours.map((hit) => hit.id)).toEqual(theirs.map((hit) => hit.id));
          ours.forEach((hit, i) => expect(hit.score).toBeCloseTo(theirs[i]!.score, 6));
        },
      ),
      { numRuns: 200 },
    );
  });
});
