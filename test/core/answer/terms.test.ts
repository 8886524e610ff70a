import { contentTerms } from '../../../src/core/text/termMatch';
import { contextualCoverage, localIdf, phraseAwareIdf, termCoverage } from '../../../src/core/answer/terms';

const termsOf = (text: string): Set<string> => new Set(contentTerms(text));

describe('termCoverage', () => {
  it('weights coverage by the given term weights', () => {
    const question = contentTerms('Orchester Palmyra');
    const weights = (term: string): number => (term === question[0] ? 3 : 1);
    expect(termCoverage(question, termsOf('Das Orchester spielte.'), weights)).toBeCloseTo(0.75);
  });
});

describe('phraseAwareIdf', () => {
  const pool = [
    termsOf('Die Stadt Deir al-Sor liegt am Euphrat.'),
    termsOf('Bei Gefechten in Deir al-Sor wird gekämpft.'),
    termsOf('Bei den Gefechten wurden hundert Menschen getötet.'),
    termsOf('Der Flughafen von Deir al-Sor ist umkämpft.'),
  ];

  it('lets the words of a recurring name share one weight', () => {
    const question = contentTerms('Wie viele wurden bei den Gefechten um Deir al-Sor getötet?');
    const plain = localIdf(question, pool);
    const grouped = phraseAwareIdf(question, pool);
    for (const word of ['deir', 'al', 'sor']) expect(grouped(word)).toBeCloseTo(plain(word) / 3);
    expect(grouped('gefecht')).toBeCloseTo(plain('gefecht'));
    // The sentence that answers now outweighs the ones that only repeat the name.
    expect(termCoverage(question, pool[2]!, grouped)).toBeGreaterThan(
      termCoverage(question, pool[1]!, grouped),
    );
    expect(termCoverage(question, pool[2]!, plain)).toBeLessThan(termCoverage(question, pool[1]!, plain));
  });

  it('keeps separate weights for neighbouring words that occur together only once or apart', () => {
    const question = contentTerms('Gefechten getötet Euphrat');
    const plain = localIdf(question, pool);
    const grouped = phraseAwareIdf(question, pool);
    for (const term of question) expect(grouped(term)).toBeCloseTo(plain(term));
  });
});

describe('contextualCoverage', () => {
  it('gives a term found only in the surrounding passage the given share of its weight', () => {
    const question = contentTerms('Gefechte Palmyra');
    const sentence = termsOf('Rund 30 Soldaten wurden bei den Gefechten getötet.');
    const passage = termsOf('Der IS steht vor Palmyra. Rund 30 Soldaten wurden bei den Gefechten getötet.');
    expect(contextualCoverage(question, sentence, passage, 0)).toBeCloseTo(0.5);
    expect(contextualCoverage(question, sentence, passage, 0.5)).toBeCloseTo(0.75);
    expect(contextualCoverage(question, sentence, termsOf('Nichts davon.'), 0.5)).toBeCloseTo(0.5);
  });
});
