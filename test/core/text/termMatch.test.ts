import { contentTerms, termMatch, termSet } from '../../../src/core/text/termMatch';

const termsOf = (text: string): Set<string> => new Set(contentTerms(text));

describe('termMatch', () => {
  it('matches exactly, inside compounds and within a word family, each partial match counting half', () => {
    const [miliz] = contentTerms('Miliz');
    expect(termMatch(miliz!, termsOf('Die Miliz rückte vor.'))).toBe(1);
    expect(termMatch(miliz!, termsOf('Die Terrormiliz rückte vor.'))).toBe(0.5);
    const [dirigierte] = contentTerms('dirigierte');
    expect(termMatch(dirigierte!, termsOf('unter Leitung von Dirigent Waleri Gergijew'))).toBe(0.5);
  });

  it('does not match words that share only a prefix like "zurück-" or a short stem', () => {
    const [zurueckerobert] = contentTerms('zurückerobert');
    expect(termMatch(zurueckerobert!, termsOf('Die Truppen hatten sich zurückgezogen.'))).toBe(0);
    const [syrien] = contentTerms('Syrien');
    expect(termMatch(syrien!, termsOf('die syrische Armee'))).toBe(0);
  });
});

describe('termMatch for a verb and its noun in -ung', () => {
  it('matches a short verb stem with the noun made of it, counting half', () => {
    const [led] = contentTerms('Wer leitet das Orchester?');
    expect(termMatch(led!, termsOf('unter Leitung von Gergijew'))).toBe(0.5);
    const [warned] = contentTerms('warnte');
    expect(termMatch(warned!, termsOf('die Warnung'))).toBe(0.5);
  });

  it('does not match another ending or another stem', () => {
    const [led] = contentTerms('leitet');
    expect(termMatch(led!, termsOf('die Leitplanke'))).toBe(0);
    const [warned] = contentTerms('warnte');
    expect(termMatch(warned!, termsOf('die Wanderung'))).toBe(0);
  });
});

describe('termMatch for separable verbs', () => {
  it('matches a verb whose particle stands apart with the verb that carries it', () => {
    const [zurueckziehen] = contentTerms('zurückgezogen');
    expect(termMatch(zurueckziehen!, termsOf('Die Armee zog ihre Berater zurück.'))).toBe(0.5);
    const [vorruecken] = contentTerms('vorgerückt');
    expect(termMatch(vorruecken!, termsOf('Der IS rückte von drei Seiten vor.'))).toBe(0.5);
    // Not any word that ends like a verb: the rest must be a particle.
    const [bezog] = contentTerms('bezogen');
    expect(termMatch(bezog!, termsOf('Die Armee zog ab.'))).toBe(0);
  });
});

describe('termMatch keeps short stems apart behind an inseparable prefix', () => {
  it.each([
    ['Welt', 'Die Umwelt leidet.'],
    ['Satz', 'Der Umsatz stieg.'],
  ])('%s does not match "%s"', (word, text) => {
    const [term] = contentTerms(word);
    expect(termMatch(term!, termsOf(text))).toBe(0);
  });
});

describe('termSet', () => {
  it('holds the content terms of a text and is the same set when the text is read again', () => {
    const text = 'Die Musiker spielten Stücke von Bach und Prokofjew.';
    const terms = termSet(text);
    expect([...terms].sort()).toEqual([...new Set(contentTerms(text))].sort());
    expect(termSet(`${text}`)).toBe(terms);
    expect(termSet('Die Terrormiliz rückte vor.')).not.toBe(terms);
  });

  it('keeps no set when asked not to, nor for a long text', () => {
    const once = 'Die Regierung kontrolliert große Teile der Stadt am Euphrat.';
    expect(termSet(once, { remember: false })).not.toBe(termSet(once, { remember: false }));
    const long = `${'Die Stadt liegt am Euphrat. '.repeat(40)}Ende.`;
    expect(long.length).toBeGreaterThan(1000);
    expect([...termSet(long)]).toEqual([...new Set(contentTerms(long))]);
    expect(termSet(long)).not.toBe(termSet(long));
  });
});
