import {
  detectLanguage,
  parseAnswerLanguageSetting,
  resolveAnswerLanguage,
} from '../../../src/core/answer/language';

describe('detectLanguage', () => {
  it.each([
    'Wo spielte das Mariinski-Orchester?',
    'Wer ist Assad?',
    'Was ist Palmyra?',
    'Seit wann?',
    'Warum?',
    'Wie viele Soldaten starben?',
    'Welche Staaten kämpfen gegen den IS?',
    'Gibt es Kaffee in Wien?',
    'Wen haben US-Spezialkräfte getötet?',
    'Wann war das Konzert?',
  ])('recognises the short German question %p', (question) => {
    expect(detectLanguage(question)).toBe('de');
  });

  it.each([
    'Who is Assad?',
    'What is Palmyra?',
    'Since when?',
    'Why?',
    'Who invented the telephone?',
    'How many soldiers died?',
    'Which air forces fly missions over Syria?',
    'Where did the orchestra play?',
    'When was the concert?',
    'From how many sides did IS fighters advance on Palmyra?',
  ])('recognises the short English question %p', (question) => {
    expect(detectLanguage(question)).toBe('en');
  });

  it('defaults to German when there is no evidence either way', () => {
    expect(detectLanguage('Palmyra?')).toBe('de');
    expect(detectLanguage('')).toBe('de');
    expect(detectLanguage('2017')).toBe('de');
  });
});

describe('resolveAnswerLanguage', () => {
  it('detects from the question with auto and obeys a fixed setting', () => {
    expect(resolveAnswerLanguage('Who is Assad?', 'auto')).toBe('en');
    expect(resolveAnswerLanguage('Who is Assad?')).toBe('en');
    expect(resolveAnswerLanguage('Who is Assad?', 'de')).toBe('de');
    expect(resolveAnswerLanguage('Wer ist Assad?', 'en')).toBe('en');
  });
});

describe('parseAnswerLanguageSetting', () => {
  it('accepts de, en and auto in any case and treats anything else as auto', () => {
    expect(parseAnswerLanguageSetting('DE')).toBe('de');
    expect(parseAnswerLanguageSetting(' en ')).toBe('en');
    expect(parseAnswerLanguageSetting('auto')).toBe('auto');
    expect(parseAnswerLanguageSetting('fr')).toBe('auto');
    expect(parseAnswerLanguageSetting(undefined)).toBe('auto');
  });
});
