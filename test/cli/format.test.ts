import { formatAnswer } from '../../src/cli/format';
import type { Answer, AnswerLanguage } from '../../src/core/types';

function answerIn(language: AnswerLanguage, text: string): Answer {
  const quote = 'Die Musiker spielten im Amphitheater von Palmyra.';
  return {
    question: '',
    text,
    abstained: false,
    language,
    nearestArticles: [],
    mode: 'extractive',
    citations: [
      {
        n: 1,
        articleId: 'palmyra.txt',
        title: 'Konzert in Palmyra',
        date: '2016-05',
        paragraph: 2,
        quote,
        quoteStart: 10,
        quoteEnd: 10 + quote.length,
        passage: quote,
        passageId: 'palmyra.txt#1',
        score: 1,
      },
    ],
  };
}

describe('formatAnswer', () => {
  it('labels and quotes an English answer in English', () => {
    expect(formatAnswer(answerIn('en', 'According to the articles: “…” [1]'))).toBe(
      [
        'According to the articles: “…” [1]',
        '',
        'Sources:',
        '[1] Konzert in Palmyra (palmyra.txt, 2016-05), ¶ 2',
        '    “Die Musiker spielten im Amphitheater von Palmyra.”',
      ].join('\n'),
    );
  });

  it('labels and quotes a German answer in German', () => {
    expect(formatAnswer(answerIn('de', 'Laut den Artikeln: „…“ [1]'))).toBe(
      [
        'Laut den Artikeln: „…“ [1]',
        '',
        'Quellen:',
        '[1] Konzert in Palmyra (palmyra.txt, 2016-05), Abs. 2',
        '    „Die Musiker spielten im Amphitheater von Palmyra.“',
      ].join('\n'),
    );
  });
});
