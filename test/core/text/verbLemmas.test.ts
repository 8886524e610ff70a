import { analyze } from '../../../src/core/text/analysis';
import { buildVerbLemmas, loadVerbTables } from '../../../src/core/text/verbLemmas';

describe('verb forms share the stem of their infinitive', () => {
  it.each([
    ['stirbt', 'starb', 'gestorben', 'sterben'],
    ['gewann', 'gewonnen', 'gewinnt', 'gewinnen'],
    ['lief', 'gelaufen', 'läuft', 'laufen'],
    ['gebaut', 'baute', 'baut', 'bauen'],
  ])('%s, %s, %s → %s', (...forms) => {
    const stems = new Set(forms.map((form) => analyze(form).join(' ')));
    expect(stems.size).toBe(1);
  });

  it('leaves nouns alone: a capitalised word is no verb form', () => {
    expect(analyze('Haus Palmyra')).toEqual(['haus', 'palmyra']);
    // "Stand", "Last", "Gebot" are also forms of stehen, lesen, gebieten; as nouns they keep
    // matching their plurals and stay apart from unrelated words.
    expect(analyze('der Stand')).toEqual(analyze('die Stände'));
    expect(analyze('die Last')).toEqual(analyze('die Lasten'));
    expect(analyze('das Gebot')).not.toEqual(analyze('das Gebiet'));
    // First in a sentence a verb is capitalised too: a question may start with one.
    expect(analyze('Fließt der Rhein durch Basel?').sort()).toEqual(
      analyze('Der Rhein fließt durch Basel.').sort(),
    );
    expect(analyze('er stand dort')).toEqual(analyze('sie stehen dort'));
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
