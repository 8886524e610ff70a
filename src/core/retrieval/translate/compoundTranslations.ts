import { fold, stem } from '../../text/analysis';

/**
 * German writes as one word what English writes as a phrase ("food programme" → "Ernährungsprogramm").
 * A dictionary rarely lists every compound, so compounds of adjacent translations are built and kept
 * only if the collection actually uses them.
 */

// Linking elements between compound parts (Fugenelemente), most frequent first.
const LINKS = ['', 's', 'n', 'en', 'es', 'e', 'er'];
const COMMON_LINKS = ['', 's', 'n', 'en'];

/** Nouns considered per word; more rarely form a compound the collection uses and cost time. */
const MAX_NOUNS = 4;

/** Single capitalised German words (nouns) of a translation list; compounds are built from nouns. */
function nouns(translations: readonly string[]): string[] {
  return translations.filter((t) => /^\p{Lu}[\p{L}]+$/u.test(t)).slice(0, MAX_NOUNS);
}

/** Forms a noun takes as the first part of a compound ("Schule" → "Schul" in "Schulbuch"). */
function firstParts(noun: string): string[] {
  return noun.endsWith('e') ? [noun, noun.slice(0, -1)] : [noun];
}

/**
 * German compounds of two or three adjacent words' translations that the vocabulary knows, e.g.
 * `[['Welt'], ['Ernährung', 'Essen'], ['Programm']]` → `['Welternährungsprogramm', 'Ernährungsprogramm']`
 * when the collection uses them. `vocabulary` holds analysed terms (folded and stemmed).
 *
 * @param translations translation lists of consecutive words; an empty list breaks the sequence.
 */
export function compoundCandidates(
  translations: ReadonlyArray<readonly string[]>,
  vocabulary: { has(term: string): boolean },
): string[] {
  const found: string[] = [];
  const known = (word: string): boolean => vocabulary.has(stem(fold(word)));
  const [first, second, third] = translations.map(nouns);
  if (first === undefined || second === undefined || first.length === 0 || second.length === 0) return found;
  const prefixes: string[] = [];
  for (const a of first) {
    for (const part of firstParts(a)) {
      for (const link of LINKS) {
        for (const b of second) {
          const word = part + link + b.toLowerCase();
          prefixes.push(word);
          if (known(word)) found.push(word);
        }
      }
    }
  }
  // Three-part compounds: only the common links, to keep the number of candidates small.
  const last = third ?? [];
  for (const prefix of last.length === 0 ? [] : prefixes) {
    for (const link of COMMON_LINKS) {
      for (const c of last) {
        const word = prefix + link + c.toLowerCase();
        if (known(word)) found.push(word);
      }
    }
  }
  return [...new Set(found)];
}
