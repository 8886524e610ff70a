import { asSearched, withoutFillers } from '../../../src/core/text/fillers';
import { analyze } from '../../../src/core/text/analysis';

describe('withoutFillers', () => {
  it.each([
    ['Wie alt ist Kerschbaumer eigentlich?', 'Wie alt ist Kerschbaumer?'],
    ['Wer leitet eigentlich die Kampagne der SPÖ?', 'Wer leitet die Kampagne der SPÖ?'],
    ['Roughly how expensive will the damage be?', 'how expensive will the damage be?'],
    ['How much did the company actually owe its staff?', 'How much did the company owe its staff?'],
    ['Wie viele Menschen leben ungefähr in Wien, bitte?', 'Wie viele Menschen leben in Wien?'],
    ['Actually, who won?', 'who won?'],
    ['wie viele leben ungefahr in wien', 'wie viele leben in wien'],
    ['Wo war er, eigentlich, gestern?', 'Wo war er, gestern?'],
  ])('%s → %s', (question, searched) => {
    expect(withoutFillers(question)).toBe(searched);
  });

  it('takes an abbreviated filler with its full stop, which is no end of a sentence', () => {
    const searched = withoutFillers('Welche Strafe droht eigentl. Verband und Spielern?');
    expect(searched).toBe('Welche Strafe droht Verband und Spielern?');
    // "Verband" stays a noun: no full stop before it makes it the start of a sentence.
    expect(analyze(searched)).toContain('verband');
    expect(withoutFillers('Wie viele Menschen leben ca. in Wien?')).toBe('Wie viele Menschen leben in Wien?');
  });

  it('leaves a question without fillers as it is, and words that only contain one', () => {
    const question = 'Wer hielt die Rede im Haltepunkt  Eigentlichhausen?';
    expect(withoutFillers(question)).toBe(question);
  });

  it('keeps a word written like a filler where it is a noun, a name or quoted', () => {
    for (const question of [
      'Welche Bitte hatte der Minister?',
      'was war die bitte von papst franziskus an die eu?',
      'was hat gremliza in konkret geschrieben?',
      'Was bedeutet "konkret"?',
      'Who directed Love Actually?',
    ]) {
      expect(withoutFillers(question)).toBe(question);
    }
    expect(withoutFillers('Bitte, wer hat gewonnen?')).toBe('wer hat gewonnen?');
  });

  it('keeps a question that would be left without a word', () => {
    expect(withoutFillers('Eigentlich?')).toBe('Eigentlich?');
  });
});

describe('asSearched', () => {
  it('reads "wie teuer" as "was kostet", as answers tell a cost', () => {
    expect(asSearched('Wie teuer wird das neue Hallenbad eigentlich?')).toBe(
      'was kostet wird das neue Hallenbad?',
    );
    expect(analyze(asSearched('wie teuer ist der Neubau?'))).toEqual(analyze('Kosten Neubau'));
  });

  it('leaves "teuer" alone elsewhere', () => {
    expect(asSearched('Warum ist Wohnen so teuer?')).toBe('Warum ist Wohnen so teuer?');
    expect(asSearched('Wer nannte den Bau zu teuer?')).toBe('Wer nannte den Bau zu teuer?');
  });
});
