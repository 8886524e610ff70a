import { inQuotationMarks } from '../../../src/core/answer/phrases';

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
  });
});
