import { mentionsName, questionNames } from '../../../src/core/answer/names';
import { fold } from '../../../src/core/text/analysis';

describe('questionNames', () => {
  it('takes capitalised English words after the first, not adjectives of nationality', () => {
    expect(questionNames('How old is Nadal?', 'en')).toEqual(['nadal']);
    expect(questionNames("How full were Lufthansa's planes on average last year?", 'en')).toEqual([
      'lufthansa',
    ]);
    expect(questionNames('What is built in Munich by Bosch?', 'en')).toEqual(['munich', 'bosch']);
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
    // Verbs end like adjectives; they follow the question word, adjectives an article.
    expect(questionNames('Wann wurde Obama gewählt?', 'de')).toEqual(['obama']);
    expect(questionNames('Wie reagierte Erdogan auf die Kritik?', 'de')).toEqual(['erdogan']);
    // Nouns after an article, a quantifier, a contraction or an inflected adjective are no names.
    expect(
      questionNames('Wie viele syrische Soldaten sind bei den neuen Kämpfen ums Leben gekommen?', 'de'),
    ).toEqual([]);
    expect(questionNames('Wo lebt die Frau inzwischen?', 'de')).toEqual([]);
    expect(questionNames('Wie viel Strom soll die Anlage liefern?', 'de')).toEqual([]);
    expect(questionNames('Wie viele Beschäftigte am Bau haben einen All-in-Vertrag?', 'de')).toEqual([]);
    // Common words of the stop-word lists are search terms, never names.
    expect(questionNames('Wie viel Umsatz macht Novomatic pro Jahr?', 'de')).toEqual(['novomatic']);
    expect(questionNames('Wo wurden Menschen vor zehn Jahren festgenommen?', 'de')).toEqual([]);
  });

  it('takes every word of a name of several words', () => {
    expect(questionNames('Was sagte Angela Merkel?', 'de')).toEqual(['angela', 'merkel']);
  });

  it('takes none when most words are capitalised', () => {
    expect(questionNames("HOW FULL WERE LUFTHANSA'S PLANES?", 'en')).toEqual([]);
    expect(questionNames('Which Bank Was Fined In The Scandal?', 'en')).toEqual([]);
  });
});

describe('mentionsName', () => {
  const text = fold(
    'Der Lufthansa-Konzern und der Lufthansachef tagen. In Wien bleibt alles gleich. Die EU-Kommission tagt. Schmerzen.',
  );

  it('finds a name as a word, its stem or the first part of a compound', () => {
    expect(mentionsName(text, 'wien')).toBe(true);
    expect(mentionsName(text, 'lufthansa')).toBe(true);
    expect(mentionsName(fold('Der Lufthansachef tagt.'), 'lufthansa')).toBe(true);
    expect(mentionsName(text, 'eu')).toBe(true);
  });

  it('does not find a name inside another word or by a shared prefix', () => {
    expect(mentionsName(text, 'merz')).toBe(false);
    expect(mentionsName(text, 'ien')).toBe(false);
    expect(mentionsName(text, 'spielfeld')).toBe(false);
  });
});
