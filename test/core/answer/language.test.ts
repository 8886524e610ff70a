import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectAll } from 'tinyld';
import {
  detectLanguage,
  functionWordBalance,
  weighLanguageEvidence,
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
    'Wo liegt Köln?',
    'Wer ist Müller?',
    'Über welche Brücke fuhr der Zug?',
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
    // A German name, umlaut and all, says nothing of the question's language.
    'Who coaches FC Weidenbrück?',
    'Who is Müller?',
    'When did Schönleitner buy into Zielpunkt?',
    "who's running Van der Bellen's campaign?",
  ])('recognises the short English question %p', (question) => {
    expect(detectLanguage(question)).toBe('en');
  });

  it('defaults to German when there is no evidence either way', () => {
    expect(detectLanguage('Palmyra?')).toBe('de');
    expect(detectLanguage('')).toBe('de');
    expect(detectLanguage('2017')).toBe('de');
  });
});

describe('detectLanguage leaves tinyld out only where it cannot change the verdict', () => {
  it('lets no tinyld verdict outweigh two function words', () => {
    expect(weighLanguageEvidence(2, [{ lang: 'en', accuracy: 1 }])).toBe('de');
    expect(weighLanguageEvidence(-2, [{ lang: 'de', accuracy: 1 }])).toBe('en');
    // One function word is not decided yet: a sure tinyld verdict turns it.
    expect(weighLanguageEvidence(1, [{ lang: 'en', accuracy: 1 }])).toBe('en');
  });

  it('gives the verdict of the whole evidence for every reader question', () => {
    const dir = path.resolve(__dirname, '../../../tools/eval/reader-questions');
    const questions = ['tune.jsonl', 'report.jsonl'].flatMap((file) =>
      readFileSync(path.join(dir, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => (JSON.parse(line) as { question: string }).question),
    );
    expect(questions.length).toBeGreaterThan(200);
    // One function word each, outweighed by tinyld's sure verdict on the rest.
    const turned = ['Mit nothing left', 'Zeitgeist today'];
    expect(turned.map(detectLanguage)).toEqual(['en', 'de']);
    for (const question of [...questions, ...turned]) {
      const whole = weighLanguageEvidence(
        functionWordBalance(question),
        detectAll(question, { only: ['de', 'en'] }),
      );
      expect([question, detectLanguage(question)]).toEqual([question, whole]);
    }
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
