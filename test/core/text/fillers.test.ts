import { withoutFillers } from '../../../src/core/text/fillers';

describe('withoutFillers', () => {
  it.each([
    ['Wie alt ist Kerschbaumer eigentlich?', 'Wie alt ist Kerschbaumer?'],
    ['Wer leitet eigentlich die Kampagne der SPÖ?', 'Wer leitet die Kampagne der SPÖ?'],
    ['Roughly how expensive will the damage be?', 'how expensive will the damage be?'],
    ['How much did the company actually owe its staff?', 'How much did the company owe its staff?'],
    ['Wie viele Menschen leben ungefähr in Wien, bitte?', 'Wie viele Menschen leben in Wien?'],
    ['Actually, who won?', 'who won?'],
  ])('%s → %s', (question, searched) => {
    expect(withoutFillers(question)).toBe(searched);
  });

  it('leaves a question without fillers as it is, and words that only contain one', () => {
    const question = 'Wer hielt die Rede im Haltepunkt  Eigentlichhausen?';
    expect(withoutFillers(question)).toBe(question);
  });

  it('takes a capitalised filler for one only as the first word', () => {
    expect(withoutFillers('Welche Bitte hatte der Minister?')).toBe('Welche Bitte hatte der Minister?');
    expect(withoutFillers('Bitte, wer hat gewonnen?')).toBe('wer hat gewonnen?');
  });

  it('keeps a question that would be left without a word', () => {
    expect(withoutFillers('Eigentlich?')).toBe('Eigentlich?');
  });
});
