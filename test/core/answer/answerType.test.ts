import { expectedAnswerType, showsAnswerType } from '../../../src/core/answer/answerType';

describe('expectedAnswerType', () => {
  it.each([
    ['Wie viele Menschen wurden getötet?', 'number'],
    ['wieviele Tote gab es', 'number'],
    ['How many sides did IS advance from?', 'number'],
    ['Wie groß ist die Stadt?', 'number'],
    ['Wann fand das Konzert statt?', 'time'],
    ['Seit wann wirft das Welternährungsprogramm Hilfsgüter ab?', 'time'],
    ['In welchem Jahr wurde es gegründet?', 'time'],
    ['When was the photo taken?', 'time'],
    ['What year did it happen?', 'time'],
    ['Wie lange liegt das Konzert zurück?', 'duration'],
    ['How long has IS held the area?', 'duration'],
    ['Wer dirigierte das Konzert?', 'other'],
    ['Where did the orchestra play?', 'other'],
    ['Warum zog Russland seine Berater ab?', 'other'],
  ] as const)('%s → %s', (question, type) => {
    expect(expectedAnswerType(question)).toBe(type);
  });
});

describe('showsAnswerType', () => {
  it('sees counts in digits and in German and English number words, but not in the article "ein"', () => {
    expect(showsAnswerType('Rund 110.000 Menschen werden belagert.', 'number')).toBe(true);
    expect(showsAnswerType('Von drei Seiten sind Kämpfer vorgerückt.', 'number')).toBe(true);
    expect(showsAnswerType('mehr als hundert Zivilisten', 'number')).toBe(true);
    expect(showsAnswerType('Dutzende Gefangene', 'number')).toBe(true);
    expect(showsAnswerType('three hundred soldiers', 'number')).toBe(true);
    expect(showsAnswerType('Ein Video zeigt gefangene Soldaten.', 'number')).toBe(false);
  });

  it('sees points in time: years, months, weekdays', () => {
    expect(showsAnswerType('Konzert in Palmyra am 6. Mai', 'time')).toBe(true);
    expect(showsAnswerType('Seit April 2016 hat das Programm Hilfsgüter abgeworfen.', 'time')).toBe(true);
    expect(showsAnswerType('Am Montag gelang es dem IS, die Exklave zu spalten.', 'time')).toBe(true);
    expect(showsAnswerType('Der Kreml hatte das Orchester einfliegen lassen.', 'time')).toBe(false);
  });

  it('sees spans of time: a count with a unit, or "seit"/"since"', () => {
    expect(showsAnswerType('Das war vor sieben Monaten.', 'duration')).toBe(true);
    expect(showsAnswerType('während ihrer zehnmonatigen Herrschaft', 'duration')).toBe(false);
    expect(showsAnswerType('Seit mehr als drei Jahren kontrollieren sie das Umland.', 'duration')).toBe(true);
    expect(showsAnswerType('for several weeks', 'duration')).toBe(true);
    expect(showsAnswerType('Die Stadt liegt am Euphrat.', 'duration')).toBe(false);
  });

  it('accepts every sentence for questions of no particular type', () => {
    expect(showsAnswerType('Die Stadt liegt am Euphrat.', 'other')).toBe(true);
  });
});
