import fc from 'fast-check';
import { makeCitation } from '../../../src/core/answer/citations';
import { verifyCitationList, verifyCitations } from '../../../src/core/answer/verify';
import type { Answer, Citation } from '../../../src/core/types';
import { BEES, PALMYRA, lookupOf, passagesOf } from './fixtures';

const lookup = lookupOf(PALMYRA, BEES);
const [p0, , p2] = passagesOf(PALMYRA);

function citeSentence(n: number, sentence: string, passage = p0!): Citation {
  const start = PALMYRA.text.indexOf(sentence);
  if (start < 0) throw new Error(`fixture sentence not found: ${sentence}`);
  return makeCitation(n, {
    article: PALMYRA,
    quoteStart: start,
    quoteEnd: start + sentence.length,
    passageStart: passage.start,
    passageEnd: passage.end,
    passageId: passage.id,
    score: 0.5,
  });
}

const ORCHESTRA =
  'Andächtig lauschten die russischen Soldaten dem Mariinski-Orchester im Amphitheater von Palmyra.';
const MUSICIANS =
  'Die Musiker unter Leitung von Dirigent Waleri Gergijew spielten Stücke von Bach und Prokofjew.';
const SIDES = 'Von drei Seiten sind Kämpfer der Miliz auf Palmyra vorgerückt.';

function answerWith(text: string, citations: Citation[]): Answer {
  return {
    question: 'Was geschah in Palmyra?',
    text,
    abstained: false,
    language: 'de',
    citations,
    nearestArticles: [],
    mode: 'extractive',
  };
}

describe('verifyCitations', () => {
  it('leaves a correct answer unchanged', () => {
    const answer = answerWith('A [1] B [2]', [citeSentence(1, ORCHESTRA), citeSentence(2, SIDES, p2)]);
    const { answer: verified, problems } = verifyCitations(answer, lookup);
    expect(problems).toEqual([]);
    expect(verified).toEqual(answer);
  });

  it('removes a forged citation whose quote is not in the article, with its marker, and renumbers', () => {
    const forged = { ...citeSentence(1, ORCHESTRA), quote: 'Das Orchester spielte in Moskau.' };
    const answer = answerWith('Erstens [1]. Zweitens [2].', [forged, citeSentence(2, MUSICIANS)]);
    const { answer: verified, problems } = verifyCitations(answer, lookup);
    expect(verified.text).toBe('Erstens. Zweitens [1].');
    expect(verified.citations).toHaveLength(1);
    expect(verified.citations[0]).toMatchObject({ n: 1, quote: MUSICIANS });
    expect(problems.some((p) => p.includes('not verbatim'))).toBe(true);
  });

  it('rejects a real sentence cited at the wrong offsets', () => {
    const shifted = { ...citeSentence(1, ORCHESTRA) };
    shifted.quoteStart += 1;
    shifted.quoteEnd += 1;
    const { answer } = verifyCitations(
      answerWith('X [1] Y [2]', [shifted, citeSentence(2, SIDES, p2)]),
      lookup,
    );
    expect(answer.citations.map((c) => c.quote)).toEqual([SIDES]);
  });

  it('rejects a citation whose passage does not surround the quote', () => {
    const wrongPassage = citeSentence(1, ORCHESTRA, p2);
    const { answer } = verifyCitations(
      answerWith('X [1] Y [2]', [wrongPassage, citeSentence(2, SIDES, p2)]),
      lookup,
    );
    expect(answer.citations.map((c) => c.quote)).toEqual([SIDES]);
  });

  it('rejects a citation of an article that does not exist', () => {
    const ghost = { ...citeSentence(1, ORCHESTRA), articleId: 'gone.md' };
    const { answer } = verifyCitations(
      answerWith('X [1] Y [2]', [ghost, citeSentence(2, SIDES, p2)]),
      lookup,
    );
    expect(answer.citations).toHaveLength(1);
    expect(answer.text).toBe('X Y [1]');
  });

  it('removes markers without a citation and citations without a marker', () => {
    const answer = answerWith('X [1] Y [5]', [citeSentence(1, ORCHESTRA), citeSentence(2, SIDES, p2)]);
    const { answer: verified, problems } = verifyCitations(answer, lookup);
    expect(verified.text).toBe('X [1] Y');
    expect(verified.citations.map((c) => c.quote)).toEqual([ORCHESTRA]);
    expect(problems).toHaveLength(2);
  });

  it('renumbers citations in order of first mention', () => {
    const answer = answerWith('X [2] Y [1] Z [2]', [citeSentence(1, ORCHESTRA), citeSentence(2, SIDES, p2)]);
    const { answer: verified } = verifyCitations(answer, lookup);
    expect(verified.text).toBe('X [1] Y [2] Z [1]');
    expect(verified.citations.map((c) => [c.n, c.quote])).toEqual([
      [1, SIDES],
      [2, ORCHESTRA],
    ]);
  });

  it('repairs a wrong paragraph number and title from the article', () => {
    const wrong = { ...citeSentence(1, SIDES, p2), paragraph: 7, title: 'Falsch' };
    const { answer, problems } = verifyCitations(answerWith('X [1]', [wrong]), lookup);
    expect(answer.citations[0]).toMatchObject({ paragraph: 3, title: 'Konzert in Palmyra' });
    expect(problems).toEqual(['citation [1]: paragraph 7 corrected to 3']);
  });

  it('turns an answer without any valid citation into an abstention naming the cited article', () => {
    const forged = { ...citeSentence(1, ORCHESTRA), quote: 'Erfunden.' };
    const { answer } = verifyCitations(answerWith('Erfunden [1]', [forged]), lookup);
    expect(answer.abstained).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.text).toBe(
      'Dazu finde ich in den Artikeln nichts. Am nächsten kommen: „Konzert in Palmyra“.',
    );
    expect(answer.nearestArticles).toEqual([{ articleId: PALMYRA.id, title: PALMYRA.title }]);
  });

  it('never lets an abstention carry citations or markers', () => {
    const abstention = { ...answerWith('Nichts [1]', [citeSentence(1, ORCHESTRA)]), abstained: true };
    const { answer } = verifyCitations(abstention, lookup);
    expect(answer.text).toBe('Nichts');
    expect(answer.citations).toEqual([]);
  });

  it('keeps every verbatim slice and rejects every altered one (property)', () => {
    const text = PALMYRA.text;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: text.length - 2 }),
        fc.integer({ min: 1, max: 80 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (start, length, junk) => {
          const end = Math.min(text.length, start + length);
          const quote = text.slice(start, end);
          fc.pre(quote.trim() !== '');
          const citation = makeCitation(1, {
            article: PALMYRA,
            quoteStart: start,
            quoteEnd: end,
            passageStart: 0,
            passageEnd: text.length,
            passageId: `${PALMYRA.id}#0`,
            score: 1,
          });
          const kept = verifyCitationList('a [1]', [citation], lookup).citations;
          const altered = verifyCitationList(
            'a [1]',
            [{ ...citation, quote: quote + junk }],
            lookup,
          ).citations;
          return kept.length === 1 && altered.length === 0;
        },
      ),
    );
  });
});
