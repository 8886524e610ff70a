import fc from 'fast-check';

import { sentenceSegments, splitSentences } from '../../../src/core/chunking/sentences';

const sentences = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits ordinary German sentences', () => {
    expect(sentences('Das war vor sieben Monaten. Nun steht der IS wieder vor den Toren! Warum?')).toEqual([
      'Das war vor sieben Monaten.',
      'Nun steht der IS wieder vor den Toren!',
      'Warum?',
    ]);
  });

  it.each([
    ['Am 6. Mai spielte das Orchester in Palmyra.'],
    ['Strategisch wichtig ist der Stützpunkt der 137. Brigade am Rande der Stadt.'],
    ['Er wurde am 17.1. Zweiter im Rennen.'],
    ['Dr. Müller und Prof. Schmidt kamen nach St. Pauli.'],
    ['Das gilt z. B. Hilfsgüter und u. a. Medikamente.'],
    ['Es gibt ca. 30 Tote bzw. Verletzte.'],
    ['Die Nr. 5 ist vergeben.'],
    ['Rund 110.000 Menschen sind eingeschlossen.'],
    ['J. R. R. Tolkien schrieb den Herrn der Ringe.'],
    ['Mr. Smith went to Washington.'],
    ['Das war im 19. Jh. in Berlin so üblich.'],
  ])('keeps %j as one sentence', (text) => {
    expect(sentences(text)).toEqual([text]);
  });

  it('still splits after an ordinal-like number when a sentence-starting word follows', () => {
    expect(sentences('Die Zahl der Toten stieg auf 30. Dann wurde es ruhig.')).toEqual([
      'Die Zahl der Toten stieg auf 30.',
      'Dann wurde es ruhig.',
    ]);
  });

  it('ends a sentence at "usw." when a new sentence starts after it', () => {
    expect(sentences('Es gab Äpfel, Birnen usw. Das war genug.')).toEqual([
      'Es gab Äpfel, Birnen usw.',
      'Das war genug.',
    ]);
  });

  it('splits English text after abbreviations only where a sentence ends', () => {
    expect(sentences('Mr. Smith arrived at 5 p.m. yesterday. He left early. Dr. Jones stayed.')).toEqual([
      'Mr. Smith arrived at 5 p.m. yesterday.',
      'He left early.',
      'Dr. Jones stayed.',
    ]);
  });

  it('repairs the segmenter inside a paragraph of the sample article', () => {
    const text =
      'Deir al-Sor ist der letzte Außenposten des Assad-Regimes im Osten Syriens. Die Regierung kontrolliert ' +
      'große Teile der Stadt am Euphrat. Strategisch wichtig sind vor allem die Luftwaffenbasis und der ' +
      'Stützpunkt der 137. Brigade am Rande der Stadt.';
    expect(sentences(text)).toHaveLength(3);
    expect(sentences(text)[2]).toBe(
      'Strategisch wichtig sind vor allem die Luftwaffenbasis und der Stützpunkt der 137. Brigade am Rande der Stadt.',
    );
  });

  it('treats a blank line as a sentence boundary and a single line break as a hard wrap', () => {
    expect(sentences('Erste Zeile ohne Punkt\n\nZweite Zeile.')).toEqual([
      'Erste Zeile ohne Punkt',
      'Zweite Zeile.',
    ]);
    // Plain-text files wrap paragraphs; their quotes must be whole sentences.
    expect(
      sentences('Das Orchester spielte in\nPalmyra. Dirigent des Konzerts war Valery\n  Gergiev, der Chef.'),
    ).toEqual([
      'Das Orchester spielte in\nPalmyra.',
      'Dirigent des Konzerts war Valery\n  Gergiev, der Chef.',
    ]);
    expect(sentences('Am 6. Mai sprach Dr.\nMüller. Er kam.')).toEqual([
      'Am 6. Mai sprach Dr.\nMüller.',
      'Er kam.',
    ]);
  });

  it('returns spans trimmed of whitespace with offsets into the whole text when given a range', () => {
    const text = 'Vorher.   Am 6. Mai kam er.  Dann ging er.   Nachher.';
    const from = text.indexOf('Am');
    const to = text.indexOf('Nachher');
    const spans = splitSentences(text, from, to);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Am 6. Mai kam er.', 'Dann ging er.']);
    expect(spans[0]!.start).toBe(from);
  });

  it('returns nothing for empty or whitespace-only input', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t ')).toEqual([]);
  });

  it('returns ordered, non-overlapping, trimmed spans covering every non-space character', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc
            .array(
              fc.constantFrom('Am', '6.', 'Mai', 'Dr.', 'z.', 'B.', 'Er', 'ging.', ' ', '  ', '\n', '!', '?'),
              {
                maxLength: 80,
              },
            )
            .map((parts) => parts.join(' ')),
        ),
        (text) => {
          const spans = splitSentences(text);
          let covered = 0;
          let previousEnd = 0;
          for (const span of spans) {
            expect(span.start).toBeGreaterThanOrEqual(previousEnd);
            expect(span.end).toBeGreaterThan(span.start);
            expect(text[span.start]).not.toMatch(/\s/);
            expect(text[span.end - 1]).not.toMatch(/\s/);
            covered += text.slice(span.start, span.end).replace(/\s/g, '').length;
            previousEnd = span.end;
          }
          expect(covered).toBe(text.replace(/\s/g, '').length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('sentenceSegments (the segmenter fed in windows)', () => {
  const whole = (text: string): Array<{ start: number; end: number }> =>
    [...new Intl.Segmenter('de', { granularity: 'sentence' }).segment(text)].map((s) => ({
      start: s.index,
      end: s.index + s.segment.length,
    }));

  it('finds the same segments as the segmenter over the whole text, across window borders', () => {
    const piece = fc.constantFrom(
      'Am 6. Mai spielte das Orchester. ',
      'Dr. Müller kam z. B. mit dem Zug. ',
      'Die Zahl stieg auf 110.000 Menschen! ',
      '„Wir bleiben“, sagte er. ',
      'Warum? ',
      'Das war die 137. Brigade… ',
      '\n\n',
      'ein Satz ohne Ende ',
      '🙂 Emoji und Umlaute äöü. ',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 900, maxLength: 1_400 }), (parts) => {
        const text = parts.join('');
        expect([...sentenceSegments(text, 0, text.length)]).toEqual(whole(text));
      }),
      { numRuns: 12, seed: 42 },
    );
  });

  it('splits a 1 MB paragraph into the same sentences as a short one repeated', () => {
    const sentence = 'Die Musiker spielten im Amphitheater von Palmyra Stücke von Bach. ';
    const text = sentence.repeat(Math.ceil(1_048_576 / sentence.length));
    const spans = splitSentences(text);
    expect(spans).toHaveLength(Math.ceil(1_048_576 / sentence.length));
    expect(spans.every((s, i) => s.start === i * sentence.length)).toBe(true);
  });

  it('never cuts a surrogate pair when a window ends inside a sentence without breaks', () => {
    const text = '🙂'.repeat(20_000);
    const segments = [...sentenceSegments(text, 0, text.length)];
    expect(segments.map((s) => text.slice(s.start, s.end)).join('')).toBe(text);
    for (const s of segments) expect(s.start % 2).toBe(0);
  });
});
