import { abstentionText, inQuotationMarks, phrasesFor } from '../../../src/core/answer/phrases';

describe('inQuotationMarks', () => {
  it('frames a text in the language’s marks', () => {
    expect(inQuotationMarks('Palmyra ist frei.', 'de')).toBe('„Palmyra ist frei.“');
    expect(inQuotationMarks('Palmyra ist frei.', 'en')).toBe('“Palmyra ist frei.”');
  });

  it('nests a quotation inside the quote with single marks instead of doubling them', () => {
    const sentence = '„Einjährige Blühstreifen bringen wenig“, sagte Vosskamp.';
    expect(inQuotationMarks(sentence, 'de')).toBe(
      '„‚Einjährige Blühstreifen bringen wenig‘, sagte Vosskamp.“',
    );
    expect(inQuotationMarks('He said “no” twice.', 'en')).toBe('“He said ‘no’ twice.”');
    // Straight quotes and apostrophes are left as written.
    expect(inQuotationMarks('Das "Musikantenstadl" ist Kult.', 'de')).toBe(
      '„Das "Musikantenstadl" ist Kult.“',
    );
    // A German opening mark closed by a straight one, as typed on many keyboards, nests as a pair.
    expect(inQuotationMarks('Die Studie erschien in „Nature Microbiology".', 'de')).toBe(
      '„Die Studie erschien in ‚Nature Microbiology‘.“',
    );
    expect(inQuotationMarks('Er las „Faust"— und schwieg.', 'de')).toBe('„Er las ‚Faust‘— und schwieg.“');
    // An unclosed „ is not paired with the opening straight mark of another quotation.
    expect(inQuotationMarks('Ein „Zitat ohne Ende. Er sagte "Hallo" dann.', 'de')).toBe(
      '„Ein ‚Zitat ohne Ende. Er sagte "Hallo" dann.“',
    );
    expect(inQuotationMarks('„Wir sind zufrieden", sagte er, "sehr".', 'en')).toBe(
      '“‚Wir sind zufrieden‘, sagte er, "sehr".”',
    );
  });
});

describe('titles and names in quotation marks', () => {
  it('nests the marks of an article title and of a name the quote lacks', () => {
    const title = '„Tatort“-Kommissar tritt ab';
    expect(abstentionText('de', [title])).toBe(
      'Dazu finde ich in den Artikeln nichts. Am nächsten kommen: „‚Tatort‘-Kommissar tritt ab“.',
    );
    expect(phrasesFor('de').unmentioned(['„Tatort“'])).toBe(
      'Hinweis: Zitat [1] stammt aus einem Artikel, in dem „‚Tatort‘“ nicht vorkommt.',
    );
    expect(phrasesFor('en').unmentioned(['Aleppo', 'Idlib'])).toBe(
      'Note: quote [1] comes from an article that does not mention “Aleppo” or “Idlib”.',
    );
  });
});
