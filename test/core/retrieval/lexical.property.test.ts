import fc from 'fast-check';
import { PostingsLexicalIndex } from '../../../src/core/retrieval/postingsLexicalIndex';
import type { LexicalHit } from '../../../src/core/retrieval/lexical';
import type { Passage } from '../../../src/core/types';
import { MiniSearchLexicalIndex } from '../../support/miniSearchLexicalIndex';
import { wholeTextPassage } from '../../fakes/passages';

/*
 * The postings index ranks exactly as the MiniSearch reference it replaces, on collections where
 * one word is in nearly every passage and others in one: common and rare terms, word families
 * and compounds (prefix and compound matches), section titles, repeated words, duplicate
 * passages (equal scores, ordered by id at the cut-off), several queries on one index (reused
 * per-query buffers), filters, k below and above the number of matches, and passages scored in
 * blocks of any size (a block boundary between a passage's postings, or between two passages of
 * equal score).
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
const entryOf = fc.record({ text: textOf, section: fc.option(textOf, { nil: undefined }) });
/** Passages, some of them copies of others (same words, so the same score). */
const collection = fc
  .tuple(fc.array(entryOf, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }))
  .map(([entries, copies]) => [...entries, ...copies.map((i) => entries[i % entries.length]!)]);
const queryOf = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
/** A query, a share of the matches to ask for (k may exceed them), and which passages a filter keeps. */
const askOf = fc.record({
  query: queryOf,
  share: fc.double({ min: 0.05, max: 1.2, noNaN: true }),
  filter: fc.option(fc.integer({ min: 2, max: 4 }), { nil: undefined }),
});

function passagesOf(entries: ReadonlyArray<{ text: string; section: string | undefined }>): Passage[] {
  return entries.map(({ text, section }, i) => wholeTextPassage(`a${i}.txt`, 0, text, section));
}

describe('PostingsLexicalIndex against the MiniSearch reference', () => {
  it('returns the same hits with the same scores for any collection, queries, k and filter', () => {
    fc.assert(
      fc.property(
        collection,
        fc.array(askOf, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(1, 2, 3, 7, 8192),
        (entries, asks, scoringBlock) => {
          const passages = passagesOf(entries);
          const postings = new PostingsLexicalIndex({ scoringBlock });
          postings.add(passages);
          const reference = new MiniSearchLexicalIndex();
          reference.add(passages);
          for (const { query, share, filter } of asks) {
            const matches = reference.search(query, passages.length).length;
            const k = Math.max(1, Math.round(share * matches));
            const keep =
              filter === undefined ? undefined : (id: string) => Number(id.slice(1, -6)) % filter !== 0;
            const ours: LexicalHit[] = postings.search(query, k, keep);
            expect(ours).toEqual(reference.search(query, k, keep));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
