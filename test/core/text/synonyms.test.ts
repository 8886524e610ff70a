import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze } from '../../../src/core/text/analysis';
import {
  DEFAULT_THESAURUS_PATH,
  MAX_SET_NOUNS,
  SYNONYM_CACHE_FILE,
  buildSynonyms,
  loadSynonyms,
  parsePreparedSynonyms,
  preparedSynonyms,
} from '../../../src/core/text/synonyms';

/** A few lines in OpenThesaurus' text format. */
const FIXTURE = [
  '# OpenThesaurus - German Thesaurus in text format',
  'Ferien;Urlaub;Erholung (ugs.)',
  'Festnahme;Verhaftung;Arretierung;festnehmen',
  'schnell;rasch;zügig',
  'Weg;Pfad',
  `${Array.from({ length: MAX_SET_NOUNS + 1 }, (_, i) => `Wort${String.fromCharCode(97 + i)}`).join(';')}`,
  'Coach;Trainer (Sport)',
  // A hyphenated noun whose parts the analysis would drop ("Nicht-") would stand for its other part.
  'Nicht-Erregbarkeit;Frigidität;Gefühlskälte',
  // An unclosed parenthesis leaves the entry as it is: not a noun.
  'Bahnhof (ugs.;Station',
  '',
].join('\n');

const term = (word: string): string => analyze(word, { inSentence: true })[0]!;

describe('buildSynonyms', () => {
  const synonyms = buildSynonyms(FIXTURE);

  it('links each noun of a set with the others, both ways, as analysed terms', () => {
    expect(synonyms.synonymsOf(term('Ferien'))).toEqual(
      expect.arrayContaining([term('Urlaub'), term('Erholung')]),
    );
    expect(synonyms.synonymsOf(term('Urlaub'))).toContain(term('Ferien'));
    // An annotation in parentheses is dropped, so "Trainer (Sport)" is the noun Trainer.
    expect(synonyms.synonymsOf(term('Coach'))).toEqual([term('Trainer')]);
  });

  it('keeps nouns only, and no noun the analysis drops as a stop word', () => {
    expect(synonyms.synonymsOf(term('Festnahme'))).not.toContain(analyze('festnehmen')[0]);
    expect(synonyms.synonymsOf(term('Festnahme'))).toContain(term('Verhaftung'));
    expect(synonyms.synonymsOf(analyze('schnell')[0]!)).toEqual([]);
    // "Weg" is a stop word (also an adverb: "weg"): "Pfad" has no synonym left.
    expect(synonyms.synonymsOf(term('Pfad'))).toEqual([]);
  });

  it('leaves out hyphenated nouns and entries with an unclosed parenthesis', () => {
    expect(synonyms.synonymsOf(term('Erregbarkeit'))).toEqual([]);
    expect(synonyms.synonymsOf(term('Frigidität'))).toEqual([term('Gefühlskälte')]);
    expect(synonyms.synonymsOf(term('Station'))).toEqual([]);
  });

  it(`leaves out sets of more than ${MAX_SET_NOUNS} nouns, which mix senses`, () => {
    expect(synonyms.synonymsOf(term('Worta'))).toEqual([]);
  });

  it('round-trips through its prepared text and rejects another source or a damaged one', () => {
    const text = preparedSynonyms(synonyms, 'fixture 1');
    const restored = parsePreparedSynonyms(text, 'fixture 1')!;
    for (const [known, others] of synonyms.entries()) expect(restored.synonymsOf(known)).toEqual(others);
    expect(restored.synonymsOf('unbekannt')).toEqual([]);
    expect(restored.synonymsOf('')).toEqual([]);
    expect(parsePreparedSynonyms(text, 'fixture 2')).toBeUndefined();
    expect(parsePreparedSynonyms(`${text}x`, 'fixture 1')).toBeUndefined();
    // Lines out of order could not be searched: such a table is rebuilt, not trusted.
    const [, ...lines] = text.split('\n');
    const body = [...lines].reverse().join('\n');
    const hash = createHash('sha256').update(body).digest('hex');
    expect(parsePreparedSynonyms(`fixture 1\t${hash}\n${body}`, 'fixture 1')).toBeUndefined();
  });
});

describe('loadSynonyms', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'quellen-synonyms-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is null without a thesaurus file, and says why when one is there but cannot be used', () => {
    const problems: string[] = [];
    const onProblem = (message: string) => problems.push(message);
    expect(loadSynonyms(path.join(dir, 'missing.txt'), { cacheDir: dir, onProblem })).toBeNull();
    expect(problems).toEqual([]);
    expect(loadSynonyms(dir, { onProblem })).toBeNull();
    expect(problems).toEqual([`the thesaurus at ${dir} is not a file`]);
    const empty = path.join(dir, 'th_de_DE.dat');
    writeFileSync(empty, 'UTF-8\nhaus|2\n(Subst.)|Gebäude\n');
    expect(loadSynonyms(empty, { cacheDir: dir, onProblem })).toBeNull();
    expect(problems[1]).toBe(
      `the thesaurus at ${empty} holds no synonym sets of nouns (OpenThesaurus text format expected)`,
    );
    expect(existsSync(path.join(dir, SYNONYM_CACHE_FILE))).toBe(false);
  });

  it('prepares the table once into the cache folder and reads it from there afterwards', () => {
    const file = path.join(dir, 'openthesaurus.txt');
    writeFileSync(file, FIXTURE);
    const cacheDir = path.join(dir, 'index');
    const prepare = jest.fn();
    const first = loadSynonyms(file, { cacheDir, onPrepare: prepare });
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(existsSync(path.join(cacheDir, SYNONYM_CACHE_FILE))).toBe(true);
    const second = loadSynonyms(file, { cacheDir, onPrepare: prepare });
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(second?.synonymsOf(term('Ferien'))).toEqual(first?.synonymsOf(term('Ferien')));
  });

  it('rebuilds a damaged prepared table', () => {
    const file = path.join(dir, 'openthesaurus.txt');
    writeFileSync(file, FIXTURE);
    loadSynonyms(file, { cacheDir: dir });
    const cache = path.join(dir, SYNONYM_CACHE_FILE);
    writeFileSync(cache, readFileSync(cache, 'utf8').replace(term('Urlaub'), 'kaputt'));
    const prepare = jest.fn();
    const synonyms = loadSynonyms(file, { cacheDir: dir, onPrepare: prepare });
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(synonyms?.synonymsOf(term('Ferien'))).toContain(term('Urlaub'));
  });
});

describe('the installed OpenThesaurus', () => {
  const installed = existsSync(DEFAULT_THESAURUS_PATH);
  if (!installed) {
    it.skip(`skipped: no thesaurus at ${DEFAULT_THESAURUS_PATH} (apt-get install openthesaurus-de-text)`, () => {});
    return;
  }

  it('knows the synonyms readers use for the articles’ words', () => {
    const synonyms = loadSynonyms(DEFAULT_THESAURUS_PATH)!;
    expect(synonyms.synonymsOf(term('Ferien'))).toContain(term('Urlaub'));
    expect(synonyms.synonymsOf(term('Festnahmen'))).toContain(term('Verhaftungen'));
    expect(synonyms.synonymsOf(term('Anlauf'))).toContain(term('Versuch'));
  });
});
