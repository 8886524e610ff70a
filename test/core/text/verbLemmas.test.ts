import { fold, stem } from '../../../src/core/text/analysis';
import { buildVerbLemmas, loadVerbTables } from '../../../src/core/text/verbLemmas';

describe('verb forms share the stem of their infinitive', () => {
  it.each([
    ['stirbt', 'starb', 'gestorben', 'sterben'],
    ['gewann', 'gewonnen', 'gewinnt', 'gewinnen'],
    ['lief', 'gelaufen', 'läuft', 'laufen'],
    ['gebaut', 'baute', 'baut', 'bauen'],
  ])('%s, %s, %s → %s', (...forms) => {
    const stems = new Set(forms.map((form) => stem(fold(form))));
    expect(stems.size).toBe(1);
  });

  it('leaves words that are no verb form alone', () => {
    expect(stem('haus')).toBe('haus');
    expect(stem('palmyra')).toBe('palmyra');
  });
});

describe('buildVerbLemmas', () => {
  const identity = (word: string): string => word.toLowerCase();

  it('maps every form of a table to its infinitive, skipping forms equal to it and split forms', () => {
    const lemmas = buildVerbLemmas(
      {
        sterben: {
          INF: 'sterben',
          PA2: ['gestorben'],
          PRÄ: { S: { 3: 'stirbt' } },
          PRT: { S: { 1: 'starb' } },
        },
        mitnehmen: { INF: 'mitnehmen', PRÄ: { S: { 1: ['nehme', 'mit'] } } },
      },
      identity,
    );
    expect(Object.fromEntries(lemmas)).toEqual({ gestorben: 'sterben', stirbt: 'sterben', starb: 'sterben' });
  });

  it('leaves out a form that two verbs share', () => {
    const lemmas = buildVerbLemmas(
      {
        sein: { PRÄ: { P: { 1: 'sind' } } },
        sinnen: { PRÄ: { P: { 1: 'sind' } } },
        essen: { PRT: { S: { 1: 'aß' } } },
      },
      identity,
    );
    expect(lemmas.has('sind')).toBe(false);
    expect(lemmas.get('aß')).toBe('essen');
  });

  it('reads the installed dictionary', () => {
    expect(Object.keys(loadVerbTables()).length).toBeGreaterThan(8_000);
  });
});
