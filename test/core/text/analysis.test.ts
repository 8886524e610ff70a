import { analyze, tokenize, wordToken } from '../../../src/core/text/analysis';

describe('text analysis', () => {
  it('folds case, umlauts and ß, and keeps digit groups as one token', () => {
    expect(tokenize('Straße ÄRZTE Ernährung 110.000')).toEqual(['strasse', 'arzte', 'ernahrung', '110000']);
  });

  it('folds words written with combining marks like their composed form', () => {
    expect(tokenize('Ka\u0308mpfer')).toEqual(tokenize('Kämpfer'));
  });

  it('keeps an acronym spelled like a stop word as a term, in capitals', () => {
    expect(analyze('Die IS-Terroristen sprengten Tempel')).toEqual(['IS', 'terrorist', 'spreng', 'tempel']);
    expect(analyze('Was fordert die WHO?')).toEqual(['ford', 'WHO']);
  });

  it('tokenizes the other words of a text alike whether or not it holds such an acronym', () => {
    const text = 'Straße, Gro\u00DFstadt, Ka\u0308mpfer, ½ Liter, 110.000 Menschen, ﬁnale Ärzte';
    expect(tokenize(`${text} IS`)).toEqual([...tokenize(text), 'IS']);
  });

  it('still drops the stop word itself, in lower or title case', () => {
    expect(analyze('What is it? Is it true? Who knows?')).toEqual(['true', 'knows']);
  });

  it('keeps numerals, nouns of time and people, and adjectives of measure the stop-word list has', () => {
    // "Wie viele Menschen …" must find "110.000 Menschen", "In welchem Jahr …" a "Jahr".
    expect(analyze('drei Menschen Jahr zehn Uhr hoch groß', { inSentence: true })).toHaveLength(7);
    // Adjectives every article uses stay stop words.
    expect(analyze('neue gute', { inSentence: true })).toEqual([]);
    // Prepositions of measure are stop words.
    expect(analyze('pro per via', { inSentence: true })).toEqual([]);
  });

  it('treats only two to four capitals as an acronym', () => {
    expect(wordToken('IS')).toBe('IS');
    expect(wordToken('DIES')).toBe('DIES');
    expect(wordToken('A')).toBe('a');
    expect(wordToken('WÄHREND')).toBe('wahrend');
    // Capitals that are no stop word fold as usual.
    expect(wordToken('USA')).toBe('usa');
  });

  it('gives a feminine agent noun the stem of its masculine form, singular and plural', () => {
    const pairs = [
      ['Innenministerin', 'Innenminister'],
      ['Direktorinnen', 'Direktoren'],
      ['Präsidentin', 'Präsident'],
      ['Polizistinnen', 'Polizisten'],
      ['Ingenieurin', 'Ingenieur'],
      ['Kanzlerin', 'Kanzler'],
    ];
    for (const [feminine, masculine] of pairs) expect(analyze(feminine!)).toEqual(analyze(masculine!));
  });

  it('gives a genitive or plural "-s" after a vowel the stem of the word without it', () => {
    const pairs = [
      ['Serenas', 'Serena'],
      ['Chinas', 'China'],
      ['Kanadas', 'Kanada'],
      ['Palmyras', 'Palmyra'],
      ['Autos', 'Auto'],
      ['Videos', 'Video'],
      ['Kameras', 'Kamera'],
    ];
    for (const [withS, without] of pairs)
      expect([withS, analyze(withS!)]).toEqual([withS, analyze(without!)]);
    // Not after a diphthong, and "-nis" pairs with its plural "-nisse".
    expect(analyze('Haus')).toEqual(analyze('Häuser'));
    expect(analyze('Haus')).not.toEqual(analyze('hauen'));
    expect(analyze('Ergebnis')).toEqual(analyze('Ergebnisse'));
  });

  it('leaves words that only end like one alone', () => {
    for (const word of [
      'Schwerin',
      'Valentin',
      'Konstantin',
      'Constantin',
      'Severin',
      'Christin',
      'Gewinnen',
      'Spinnen',
      'Erin',
    ]) {
      expect(analyze(word)[0]).not.toBe(analyze(word.replace(/(in|innen)$/, ''))[0]);
    }
  });
});
