import { checkAnswer, type DevQuestion } from '../../tools/eval/answers';
import type { Answer } from '../../src/core/types';

const ARTICLE = 'Die Stadt liegt am Euphrat. Seit April 2016 wirft das Welternährungsprogramm Hilfsgüter ab.';

function answerQuoting(quote: string, abstained = false): Answer {
  const start = ARTICLE.indexOf(quote);
  return {
    question: 'q',
    text: abstained ? 'Nichts.' : `Laut den Artikeln: „${quote}“ [1]`,
    abstained,
    language: 'de',
    mode: 'extractive',
    nearestArticles: [],
    citations: abstained
      ? []
      : [
          {
            n: 1,
            articleId: 'a.txt',
            title: 'A',
            paragraph: 1,
            quote,
            quoteStart: start,
            quoteEnd: start + quote.length,
            passage: ARTICLE,
            passageId: 'a.txt#0',
            score: 1,
          },
        ],
  };
}

const question: DevQuestion = {
  id: 'd6',
  lang: 'en',
  question: 'Since when?',
  article: 'a',
  gold_passage_contains: 'Seit April 2016',
  answer_any: ['April 2016'],
};

describe('checkAnswer (dev_qa scoring)', () => {
  const text = () => ARTICLE;

  test('GIVEN the right quote THEN answer, citation and verbatim all count', () => {
    const check = checkAnswer(
      question,
      answerQuoting('Seit April 2016 wirft das Welternährungsprogramm Hilfsgüter ab.'),
      text,
      1,
    );
    expect(check).toMatchObject({
      answerCorrect: true,
      citationCorrect: true,
      verbatim: true,
      abstained: false,
    });
  });

  test('GIVEN a quote from the gold passage without the answer THEN only the citation counts', () => {
    const check = checkAnswer(question, answerQuoting('Die Stadt liegt am Euphrat.'), text, 1);
    expect(check).toMatchObject({ answerCorrect: false, citationCorrect: true });
  });

  test('GIVEN a quote that is not in the article text THEN it is not verbatim', () => {
    const forged = answerQuoting('Die Stadt liegt am Euphrat.');
    forged.citations[0]!.quote = 'Die Stadt liegt am Nil.';
    expect(checkAnswer(question, forged, text, 1).verbatim).toBe(false);
  });

  test('GIVEN an unanswerable question THEN only abstention counts', () => {
    const unanswerable: DevQuestion = { id: 'dn1', lang: 'de', question: 'Wetter?', answerable: false };
    expect(checkAnswer(unanswerable, answerQuoting('', true), text, 1)).toMatchObject({
      answerable: false,
      abstained: true,
    });
    expect(checkAnswer(unanswerable, answerQuoting('Die Stadt liegt am Euphrat.'), text, 1).abstained).toBe(
      false,
    );
  });
});
