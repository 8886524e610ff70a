import { normalizeDate } from '../../../src/core/ingest/articleDates';
import {
  dateLine,
  extractLeadingMetadata,
  isCaption,
  looksLikeHeading,
} from '../../../src/core/ingest/heuristics';

describe('isCaption', () => {
  it.each([
    'REUTERS Konzert in Palmyra am 6. Mai',
    'SPIEGEL ONLINE Frontverläufe in Syrien',
    'DPA Russischer Jet über Deir al-Sor (im August 2016)',
    'dpa Demonstranten in Berlin',
    'Getty Images Ein Kampfjet über der Wüste',
    'AFP/Getty Images Rauch über Aleppo',
    'picture alliance / dpa Der Bundestag in Berlin',
  ])('recognises %j as a caption', (text) => {
    expect(isCaption(text)).toBe(true);
  });

  it.each([
    'Reuters berichtet, dass die Armee vorrückt.',
    'APPLAUS für das Orchester',
    'Die dpa meldet neue Kämpfe.',
    `REUTERS ${'Sehr langer Text '.repeat(20)}`,
  ])('does not take %j for a caption', (text) => {
    expect(isCaption(text)).toBe(false);
  });
});

describe('looksLikeHeading', () => {
  it.each([
    'Mehr als hundert Tote bei Kämpfen in Deir al-Sor',
    'IS soll Elitekämpfer aus dem Irak abgezogen haben',
    'Erst verlor Assad Palmyra, nun droht der Fall von Deir al-Sor',
  ])('takes %j for a sub-heading', (text) => {
    expect(looksLikeHeading(text)).toBe(true);
  });

  it.each([
    'Das war vor sieben Monaten.',
    'Wer hat das getan?',
    'Er sagte "Nein"',
    'Die folgenden Punkte:',
    'klein geschriebener Anfang ohne Punkt',
    'Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn',
    'REUTERS Konzert in Palmyra am 6. Mai',
    '2017',
  ])('does not take %j for a sub-heading', (text) => {
    expect(looksLikeHeading(text)).toBe(false);
  });
});

describe('extractLeadingMetadata', () => {
  it('removes " date 2017-01 " and keeps the rest of the first sentence', () => {
    expect(extractLeadingMetadata(' date 2017-01 Deir al-Sor ist der letzte Außenposten.')).toEqual({
      date: '2017-01',
      rest: 'Deir al-Sor ist der letzte Außenposten.',
    });
  });

  it('reads several fields in a row', () => {
    expect(extractLeadingMetadata('url: https://example.org/a date: 15.01.2017\nText.')).toEqual({
      url: 'https://example.org/a',
      date: '2017-01-15',
      rest: '\nText.',
    });
  });

  it('stops at a value that is not a date', () => {
    expect(extractLeadingMetadata('Date palms grow in the desert.')).toEqual({
      rest: 'Date palms grow in the desert.',
    });
  });
});

describe('normalizeDate', () => {
  it.each([
    ['2017-01', '2017-01'],
    ['2017-01-15', '2017-01-15'],
    ['2017-01-15T23:30:00-05:00', '2017-01-15'],
    ['2017', '2017'],
    ['15.01.2017', '2017-01-15'],
    ['6. Mai 2016', '2016-05-06'],
    ['January 15, 2017', '2017-01-15'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });

  it('normalises YAML dates and years given as numbers', () => {
    expect(normalizeDate(new Date(Date.UTC(2016, 4, 6)))).toBe('2016-05-06');
    expect(normalizeDate(2016)).toBe('2016');
  });

  it.each([
    '2017-13',
    '2017-02-40',
    '2025-02-29',
    '31.04.2024',
    '31. Februar 2025',
    'gestern',
    '',
    '12345',
    'Palmyra',
  ])('rejects %j', (input) => {
    expect(normalizeDate(input)).toBeUndefined();
  });

  it('takes 29 February in a leap year', () => {
    expect(normalizeDate('29.02.2024')).toBe('2024-02-29');
  });
});

describe('dateLine', () => {
  it.each([
    ['Datum: 15. September 2024', '2024-09-15'],
    ['Stand: 03.12.2016', '2016-12-03'],
    ['Published: 2024-09-15', '2024-09-15'],
    ['2. August 2025', '2025-08-02'],
    ['Samstag, 2. August 2025', '2025-08-02'],
    ['02.08.2025', '2025-08-02'],
    ['2025-08-02', '2025-08-02'],
    ['August 2, 2025', '2025-08-02'],
    ['Saturday, August 2, 2025', '2025-08-02'],
    ['2 August 2025', '2025-08-02'],
  ])('reads %j as the date %j', (line, date) => {
    expect(dateLine(line)).toBe(date);
  });

  it.each([
    'Am 2. August 2025 schloss die Bäckerei.',
    '2. August 2025, 14:30 Uhr',
    'August 2025',
    '2025',
    'Mai 2, 2025',
    '31. Februar 2025',
    'Stand der Dinge: unklar.',
  ])('takes %j for no date line', (line) => {
    expect(dateLine(line)).toBeUndefined();
  });

  it('takes a date without a label only when asked to', () => {
    expect(dateLine('2. August 2025', { bare: false })).toBeUndefined();
    expect(dateLine('Datum: 2. August 2025', { bare: false })).toBe('2025-08-02');
  });
});
