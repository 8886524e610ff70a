import { namesTerm, questionNames } from '../../../src/core/answer/names';
import { makeArticle } from './fixtures';

describe('questionNames', () => {
  it('takes capitalised English words after the first, not adjectives of nationality', () => {
    expect(questionNames('How old is Nadal?', 'en')).toEqual(['nadal']);
    expect(questionNames("How full were Lufthansa's planes on average last year?", 'en')).toEqual([
      'lufthansa',
    ]);
    expect(questionNames("Who's the boss of the French airline?", 'en')).toEqual([]);
    expect(questionNames('Which American player retired?', 'en')).toEqual([]);
    // The first word is capitalised because it opens the question.
    expect(questionNames('Where is the fence?', 'en')).toEqual([]);
  });

  it('reads a name as a name where a verb could be read from the same letters', () => {
    expect(questionNames('How much did Google pay?', 'en')).toEqual(['googl']);
  });

  it('takes German capitalised words only where a name stands: after a verb or a bare preposition', () => {
    expect(questionNames('Wie oft hat Kanada den WM-Titel geholt?', 'de')).toEqual(['kanada']);
    expect(questionNames('Wie viele Soldaten sollen den Grenzraum bei Spielfeld bewachen?', 'de')).toEqual([
      'spielfeld',
    ]);
    // Nouns after an article, a quantifier, a contraction or an inflected adjective are no names.
    expect(questionNames('Wie viele syrische Soldaten sind ums Leben gekommen?', 'de')).toEqual([]);
    expect(questionNames('Wo lebt die Frau inzwischen?', 'de')).toEqual([]);
    expect(questionNames('Wie viel Strom soll die Anlage liefern?', 'de')).toEqual([]);
    expect(questionNames('Wie viele Beschäftigte am Bau haben einen All-in-Vertrag?', 'de')).toEqual([]);
  });
});

describe('namesTerm', () => {
  const article = makeArticle('a.txt', 'Fluglinie', [
    ['paragraph', 'Der Lufthansa-Konzern spielt mit neuen Tarifen. In Wien bleibt alles gleich.'],
  ]);

  it('finds a name as a word or inside a compound, not by a shared prefix or a short part', () => {
    expect(namesTerm(article, 'wien')).toBe(true);
    expect(namesTerm(article, 'lufthansa')).toBe(true);
    expect(namesTerm(article, 'spielfeld')).toBe(false);
    expect(namesTerm(article, 'kon')).toBe(false);
  });
});
