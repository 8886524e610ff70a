/**
 * German noun synonyms from OpenThesaurus (Debian `openthesaurus-de-text`, LGPL), for
 * telling which sentence answers a question asked in other words: "Ferien" and "Urlaub",
 * "Festnahmen" and "Verhaftungen", "Staaten" and "Länder".
 */

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { savePreparedQuietly } from '../preparedFile';
import { ANALYSIS_VERSION, analyze } from './analysis';

/** Synonyms of analysed terms (see `analyze`). */
export interface SynonymLookup {
  /** Other analysed terms of the same meaning as `term`; empty when none are known. */
  synonymsOf(term: string): readonly string[];
}

/** Where Debian's `openthesaurus-de-text` puts the thesaurus. */
export const DEFAULT_THESAURUS_PATH = '/usr/share/openthesaurus-de/openthesaurus.txt';

/** Name of the prepared term → synonyms table in a cache folder (the index folder). */
export const SYNONYM_CACHE_FILE = 'de-synonyms.tsv';

/**
 * Synonym sets with more nouns than this are left out: large sets gather several senses of a
 * word ("Coach" with "Bremser"), and a term would meet the wrong ones.
 */
export const MAX_SET_NOUNS = 8;

/** Version of {@link buildSynonyms}' output; bump it when the table it builds changes. */
const SYNONYM_TABLE_VERSION = 3;

const NO_SYNONYMS: readonly string[] = Object.freeze([]);

/** A table of synonyms by analysed term. */
export class Synonyms implements SynonymLookup {
  constructor(private readonly table: ReadonlyMap<string, readonly string[]>) {}

  synonymsOf(term: string): readonly string[] {
    return this.table.get(term) ?? NO_SYNONYMS;
  }

  /** Whether no term has synonyms. */
  isEmpty(): boolean {
    return this.table.size === 0;
  }

  /** The table as entries, for preparing it. */
  entries(): IterableIterator<[string, readonly string[]]> {
    return this.table.entries();
  }
}

/** Lines longer than this are no synonym set of a thesaurus and are skipped. */
const MAX_LINE_CHARS = 4_000;

/** A thesaurus file larger than this is not read (OpenThesaurus is about 2.4 MB). */
export const MAX_THESAURUS_BYTES = 64 * 1024 * 1024;

/**
 * Builds the table from OpenThesaurus' text format (one synonym set per line, `;`-separated, `#`
 * comments, annotations in parentheses). Only nouns count (a capitalised word of letters only), in
 * sets of 2 to {@link MAX_SET_NOUNS} of them; each noun is analysed as a noun inside a sentence
 * (`analyze` with `inSentence`), and nouns that analyse to no single term (stop words) are left
 * out.
 */
export function buildSynonyms(text: string): Synonyms {
  const found = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '' || line.length > MAX_LINE_CHARS) continue;
    const nouns = line
      .split(';')
      .map((entry) => entry.replace(/\([^()]*\)/g, '').trim())
      .filter((entry) => /^\p{Lu}\p{L}+$/u.test(entry));
    if (nouns.length < 2 || nouns.length > MAX_SET_NOUNS) continue;
    const terms = new Set<string>();
    for (const noun of nouns) {
      const analysed = analyze(noun, { inSentence: true });
      if (analysed.length === 1) terms.add(analysed[0]!);
    }
    if (terms.size < 2) continue;
    for (const term of terms) {
      let others = found.get(term);
      if (!others) found.set(term, (others = new Set()));
      for (const other of terms) if (other !== term) others.add(other);
    }
  }
  const table = new Map<string, readonly string[]>();
  for (const [term, others] of found) table.set(term, [...others].sort());
  return new Synonyms(table);
}

/** Options of {@link loadSynonyms}. */
export interface SynonymLoadOptions {
  /** Folder for the prepared table; without it the table is built from the thesaurus every time. */
  cacheDir?: string;
  /** Called before the table is built from the thesaurus (one to two seconds, once per installation). */
  onPrepare?: (path: string) => void;
  /** Told, in one line, why a thesaurus that is there cannot be used (unreadable, too large, empty). */
  onProblem?: (message: string) => void;
}

/**
 * The synonyms of the thesaurus at `path`, or `null` when there is none or it cannot be used
 * (German questions are then scored by their own words only; `onProblem` says why, unless the
 * file is simply absent). Read from a prepared table in `cacheDir` when one was made from the same
 * file with the same settings and text analysis, otherwise built and saved there. A prepared
 * table that is damaged is rebuilt; one that cannot be saved only costs the time again at the
 * next start.
 */
export function loadSynonyms(path: string, options: SynonymLoadOptions = {}): SynonymLookup | null {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      options.onProblem?.(`cannot read the thesaurus at ${path}: ${reason(error)}`);
    return null;
  }
  if (!info.isFile()) {
    options.onProblem?.(`the thesaurus at ${path} is not a file`);
    return null;
  }
  if (info.size > MAX_THESAURUS_BYTES) {
    options.onProblem?.(
      `the thesaurus at ${path} is larger than ${MAX_THESAURUS_BYTES / 1024 / 1024} MiB; not read`,
    );
    return null;
  }
  const settings = `nouns ${MAX_SET_NOUNS} table ${SYNONYM_TABLE_VERSION} analysis ${ANALYSIS_VERSION}`;
  const source = `openthesaurus ${path} ${info.size} ${Math.round(info.mtimeMs)} ${settings}`;
  if (options.cacheDir !== undefined) {
    const cached = readPrepared(join(options.cacheDir, SYNONYM_CACHE_FILE), source);
    if (cached) return cached;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    options.onProblem?.(`cannot read the thesaurus at ${path}: ${reason(error)}`);
    return null;
  }
  options.onPrepare?.(path);
  const synonyms = buildSynonyms(text);
  if (synonyms.isEmpty()) {
    options.onProblem?.(
      `the thesaurus at ${path} holds no synonym sets of nouns (OpenThesaurus text format expected)`,
    );
    return null;
  }
  if (options.cacheDir !== undefined)
    savePreparedQuietly(options.cacheDir, SYNONYM_CACHE_FILE, preparedSynonyms(synonyms, source));
  return synonyms;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * `source<TAB>sha256 of the body` on the first line, then one `term<TAB>synonym synonym …` per
 * line, sorted by term, so that a lookup can search the text in place.
 */
export function preparedSynonyms(synonyms: Synonyms, source: string): string {
  const lines = Array.from(synonyms.entries(), ([term, others]) => `${term}\t${others.join(' ')}`);
  const body = lines.sort(byTerm).join('\n');
  return `${source}\t${sha256(body)}\n${body}`;
}

/**
 * The table of a {@link preparedSynonyms} text, searched in place (a start-up reads it without
 * splitting it into tens of thousands of lines); undefined when it is of another source, damaged
 * or not sorted.
 */
export function parsePreparedSynonyms(text: string, source: string): SynonymLookup | undefined {
  const newline = text.indexOf('\n');
  const header = newline < 0 ? text : text.slice(0, newline);
  const body = newline < 0 ? '' : text.slice(newline + 1);
  if (header !== `${source}\t${sha256(body)}`) return undefined;
  const starts: number[] = [];
  let previous = '';
  for (let at = 0; at < body.length;) {
    const end = body.indexOf('\n', at);
    const lineEnd = end < 0 ? body.length : end;
    const tab = body.indexOf('\t', at);
    if (tab <= at || tab >= lineEnd - 1) return undefined;
    const term = body.slice(at, tab);
    if (term <= previous) return undefined;
    previous = term;
    starts.push(at);
    at = lineEnd + 1;
  }
  return new PreparedSynonyms(body, starts);
}

/** A prepared table searched by binary search over its sorted lines. */
class PreparedSynonyms implements SynonymLookup {
  constructor(
    private readonly body: string,
    private readonly starts: readonly number[],
  ) {}

  synonymsOf(term: string): readonly string[] {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = this.starts[mid]!;
      const tab = this.body.indexOf('\t', start);
      const key = this.body.slice(start, tab);
      if (key === term) {
        const end = this.body.indexOf('\n', tab);
        return this.body.slice(tab + 1, end < 0 ? this.body.length : end).split(' ');
      }
      if (key < term) lo = mid + 1;
      else hi = mid;
    }
    return NO_SYNONYMS;
  }
}

const byTerm = (a: string, b: string): number => {
  const keyA = a.slice(0, a.indexOf('\t'));
  const keyB = b.slice(0, b.indexOf('\t'));
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
};

function readPrepared(path: string, source: string): SynonymLookup | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return parsePreparedSynonyms(text, source);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
