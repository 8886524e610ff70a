import { newStemmer } from 'snowball-stemmers';
import { deu, eng } from 'stopword';
import { loadVerbLemmas } from './verbLemmas';

/**
 * Text analysis shared by the lexical index and the built-in embedder, so that both
 * see the same German-aware terms: case and umlaut/ß folding, Snowball German stemming.
 */

const germanStemmer = newStemmer('german');

const ASCII_ONLY = /^\p{ASCII}*$/u;

/**
 * Words the German stop-word list counts as stop words that are what readers ask about: numerals
 * ("drei", "zehnten"), nouns of time and people ("Jahr", "Tag", "Uhr", "Menschen") and adjectives
 * of measure ("hoch", "lang", "groß"), but not adjectives every article uses ("neue", "gut").
 * "Wie viele Menschen …" must find "110.000 Menschen".
 */
const CONTENT_WORDS = new Set(
  (
    'zwei zweite zweiten zweiter zweites drei dritte dritten dritter drittes vier vierte vierten ' +
    'vierter viertes fünf fünfte fünften fünfter fünftes sechs sechste sechsten sechster sechstes ' +
    'sieben siebente siebenten siebenter siebentes acht achte achten achter achtes neun neunte ' +
    'neunten neunter neuntes zehn zehnte zehnten zehnter zehntes elf zwölf zwanzig ' +
    'jahr jahre jahren tag tage tagen uhr zeit morgen heute ende früher später vergangenen ' +
    'mensch menschen mann gott beispiel ordnung sache teil mittel startseite suche ' +
    'hoch lang lange kurz gross grosse grossen grosser grosses groß große großen großer großes'
  )
    .split(' ')
    .map(fold),
);

/**
 * Whether a folded word is one the stop-word lists name, kept as a term or not: a stop word or one
 * of the common words above. Such a word is never a name ("Zwei Menschen", "Die Große Koalition").
 */
export function isCommonWord(word: string): boolean {
  return STOPWORDS.has(word) || CONTENT_WORDS.has(word);
}

/**
 * Prepositions the German list lacks: of measure ("90 Liter pro Quadratmeter", "per Gesetz"), of
 * source ("laut Polizei"), and a preposition merged with its article ("fürs neue Bad", "aufs Dach",
 * "übers Wochenende"), folded.
 */
// prettier-ignore
const EXTRA_STOPWORDS = [
  'pro', 'per', 'via', 'laut',
  'furs', 'ums', 'aufs', 'ans', 'durchs', 'ubers', 'unters', 'vors', 'hinters', 'uberm', 'unterm', 'vorm', 'hinterm',
];

const STOPWORDS: ReadonlySet<string> = new Set([
  ...[...deu, ...eng].map((word) => fold(word)).filter((word) => !CONTENT_WORDS.has(word)),
  ...EXTRA_STOPWORDS,
]);

/**
 * Words of one family share a long stem the stemmer leaves apart ("dirigiert"/"dirigent",
 * "zerstor"/"zerstort"): terms sharing a prefix of at least this many letters and this share of
 * the shorter term. Answer scoring and query translation both use the rule.
 */
export const FAMILY_MIN_PREFIX = 5;
export const FAMILY_MIN_SHARE = 0.6;

/**
 * Lower-cases and folds German umlauts and ß, and strips other diacritics, so that
 * "Straße", "STRASSE" and "strasse" compare equal, as do "Ernährung" and "Ernahrung".
 */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most words are plain ASCII, and Unicode normalisation is the expensive part.
  if (ASCII_ONLY.test(lower)) return lower;
  return lower
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

/**
 * Version of the analysis below (tokens, stop words, stems). Anything derived from analysed text
 * and kept on disk (the lexical index cache) records it, so a change is never mixed with old data.
 */
export const ANALYSIS_VERSION = 11;

/** How {@link tokenize} and {@link analyze} read a text. */
export interface AnalysisOptions {
  /**
   * The text stands inside a sentence, not at its start (a word or phrase taken from a longer
   * text): its first word, if capitalised, is then not read as a verb form. Default false.
   */
  inSentence?: boolean;
}

/**
 * Set phrases German news writes for a verb, read as that verb, so that "kamen ums Leben" meets
 * "starben" and "kam 1981 zur Welt" meets "wurde 1981 geboren" (and the other way round).
 */
const IDIOMS = /\b(ums leben|zur welt)\b/giu;
const IDIOM_VERBS: Readonly<Record<string, string>> = { 'ums leben': 'sterben', 'zur welt': 'geboren' };

// A cheap first look, on the hot path of every text analysed: with ASCII word boundaries it finds
// every match of IDIOMS and a few more.
const MAY_HOLD_IDIOM = /\b(?:ums|zur) (?:leben|welt)\b/i;

/** The text with {@link IDIOMS} replaced by their verbs (written in lower case, as verbs are). */
function withIdiomsAsVerbs(text: string): string {
  if (!MAY_HOLD_IDIOM.test(text)) return text;
  return text.replace(IDIOMS, (phrase) => IDIOM_VERBS[phrase.toLowerCase()] ?? phrase);
}

/**
 * Splits text into word tokens (letters and digits; digit groups like "110.000" stay one token
 * "110000", a score like "2:1" one token "2zu1"), folded (see {@link wordToken}). Hyphenated
 * words are split into their parts ("IS-Kämpfer" → "IS", "kampfer").
 */
export function tokenize(written: string, options: AnalysisOptions = {}): string[] {
  const text = withIdiomsAsVerbs(written);
  const opening = !options.inSentence;
  const tokens: string[] = [];
  if (!hasStopwordAcronym(text)) {
    // The common case: folding the whole text at once is much faster than word by word. The
    // words as written tell which tokens may be verb forms (see verbForm). Folding never
    // shortens a character, so a folded text of the same length maps position to position;
    // otherwise ("ß" → "ss") the words are matched again as written, and when folding changed
    // their number (rare: "½" → "1⁄2") no token is taken for a verb form.
    const folded = fold(text);
    if (folded.length === text.length) {
      for (const match of folded.matchAll(WORD)) {
        const token = withoutDigitSeparators(match[0]);
        tokens.push(verbForm(token, text, match.index, opening));
      }
      return tokens;
    }
    const written = [...text.matchAll(WORD)];
    const matches = [...folded.matchAll(WORD)];
    const aligned = written.length === matches.length;
    matches.forEach((match, i) => {
      const token = withoutDigitSeparators(match[0]);
      const word = written[i];
      tokens.push(aligned && word ? verbForm(token, text, word.index, opening) : token);
    });
    return tokens;
  }
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (isStopwordAcronym(word)) tokens.push(fold(word).toUpperCase());
    // Folding can split a word ("½" → "1⁄2"); split it as the fast path does.
    else {
      const parts = [...fold(word).matchAll(WORD)].map((part) => withoutDigitSeparators(part[0]));
      for (const part of parts)
        tokens.push(parts.length === 1 ? verbForm(part, text, match.index, opening) : part);
    }
  }
  return tokens;
}

/**
 * A folded token (its word written at `index` of `text`), or the infinitive it is a form of when
 * it may be a verb: written in lower case (German nouns are capitalised, so "Stand" and "Last" stay nouns while "stand" and "starb" meet
 * stehen and sterben), or first in a sentence, where a verb is capitalised too ("Fließt der Rhein
 * durch Basel?"); and no stop word. Index and questions go through the same rule. `opening`: whether
 * the text's start is a sentence's.
 */
function verbForm(token: string, text: string, index: number, opening: boolean): string {
  // Most tokens are no verb form: the lookup comes first, the checks only for the few that are.
  const lemma = lemmaOf(token);
  if (lemma === undefined || isStopword(token)) return token;
  const first = text.charAt(index);
  return first !== first.toUpperCase() || startsSentence(text, index, opening) ? lemma : token;
}

/**
 * Whether the word at `index` begins a sentence (after ". ", "? ", a quote mark), or the text
 * when `opening`.
 */
function startsSentence(text: string, index: number, opening: boolean): boolean {
  let i = index - 1;
  while (i >= 0 && /[\s"'„“”«»‚‘’([–-]/.test(text[i]!)) i -= 1;
  return i < 0 ? opening : /[.!?:;]/.test(text[i]!);
}

/**
 * The token of one word as written: folded, except that an acronym spelled like a stop word
 * ("IS" for the Islamic State, "WHO", "DIE" in "DIE LINKE") keeps its capitals, so it stays a term
 * instead of vanishing as "is", "who" or "die". News about the "IS" would otherwise never match it.
 */
export function wordToken(word: string): string {
  return isStopwordAcronym(word) ? fold(word).toUpperCase() : fold(withoutDigitSeparators(word));
}

function isStopwordAcronym(word: string): boolean {
  return ACRONYM.test(word) && STOPWORDS.has(fold(word));
}

// A score or a ratio ("2:2", "7:6") is one token, "2zu2": split into digits, "zum 2:2" would match
// every "2:1" and "1:2". Not a clock time ("um 19:30", "19:30 Uhr"), nor the start of a larger
// number ("1:25.000").
const WORD =
  /(?<!\p{N}|\p{N}:|(?:^|[^\p{L}])(?:[Uu]m|[Aa]b|[Bb]is|[Gg]egen)\s)\p{N}{1,3}:\p{N}{1,3}(?!\p{N}|:\p{N}|[.,]\p{N}{3}(?!\p{N})|\s*(?:[Uu]hr|h)(?![\p{L}\p{N}]))|\p{N}+(?:[.,]\p{N}{3})+|[\p{L}\p{M}\p{N}]+/gu;

/** Whether a token is a score or a ratio as {@link tokenize} writes it ("2zu1"). */
export function isScoreToken(token: string): boolean {
  return SCORE_TOKEN.test(token);
}
const SCORE_TOKEN = /^\p{N}+zu\p{N}+$/u;

function withoutDigitSeparators(token: string): string {
  if (token.includes(':')) return token.replace(':', 'zu');
  return token.includes('.') || token.includes(',') ? token.replace(/[.,]/g, '') : token;
}

/** Two to four capitals: longer all-capital words are shouting rather than acronyms. */
const ACRONYM = /^\p{Lu}{2,4}$/u;

/*
 * A quick test for the slow path: does the text hold a stop word written as a standalone acronym?
 * (An acronym in decomposed Unicode slips through and is folded like the stop word it spells.)
 */
const STOPWORD_ACRONYM = new RegExp(
  `(?<![\\p{L}\\p{M}\\p{N}])(?:${[
    ...new Set(
      [...deu, ...eng, ...STOPWORDS].map((word) => word.toUpperCase()).filter((word) => ACRONYM.test(word)),
    ),
  ].join('|')})(?![\\p{L}\\p{M}\\p{N}])`,
  'u',
);

function hasStopwordAcronym(text: string): boolean {
  return STOPWORD_ACRONYM.test(text);
}

/**
 * Stems are cached: the Snowball stemmer costs tens of microseconds per word, and a collection
 * repeats most of its words. The cache is bounded so a stream of unique tokens cannot grow it
 * without limit; when full it is cleared and refills with the words that matter now.
 */
const STEM_CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string>();

let verbLemmas: Map<string, string> | undefined;

/** The verb-form map (see verbLemmas.ts), built on first use (a few hundred milliseconds, once per process). */
function lemmaOf(token: string): string | undefined {
  verbLemmas ??= loadVerbLemmas(fold, { analysisVersion: ANALYSIS_VERSION });
  return verbLemmas.get(token);
}

/**
 * Builds the tables analysis needs now (idempotent) instead of at the first text analysed, so a
 * process can do it while it waits for something else (its index to load). With `cacheDir`, the
 * verb-form table is read from there when it was prepared before, and prepared there otherwise.
 * @throws Error when the verb tables cannot be read (a broken install)
 */
export function prepareAnalysis(options: { cacheDir?: string } = {}): void {
  verbLemmas ??= loadVerbLemmas(fold, { ...options, analysisVersion: ANALYSIS_VERSION });
}

/** Snowball German stem of a folded token (verb forms were mapped by {@link tokenize}). */
export function stem(token: string): string {
  let stemmed = stemCache.get(token);
  if (stemmed === undefined) {
    stemmed = germanStemmer.stem(masculineOf(withoutGenitiveS(token)));
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(token, stemmed);
  }
  return stemmed;
}

// A genitive or plural "-s" after "a", "o" or "y": "Chinas", "Serenas", "Kanadas", "Kameras",
// "Videos", "Handys". Snowball strips "-s" only after certain consonants ("Merkels", "Irans"), so
// a question for "Serenas Coach" never met "Serena Williams". Not "-us" and "-is", whose words end
// so in the nominative ("Virus", "Status", "Basis", "Paris"); not after another vowel ("Chaos");
// not in words of five letters or fewer ("Hamas", "Texas", "Atlas"), whose stem would be too short
// to match compounds; not in the words and names of NOMINATIVE_S.
const GENITIVE_S = /[^aeiou][aoy]s$|eos$/;
const NOMINATIVE_S: ReadonlySet<string> = new Set(
  (
    'thomas andreas matthias mathias tobias niklas nikolas nicolas elias jonas lukas lucas carlos marcos ' +
    'douglas dallas kansas arkansas vargas samaras barrios kosmos mythos ethos pathos logos rhodos ' +
    'lesbos naxos ananas atlas kolchos'
  ).split(' '),
);
function withoutGenitiveS(token: string): string {
  if (token.length < 6 || !GENITIVE_S.test(token) || NOMINATIVE_S.has(token)) return token;
  return token.slice(0, -1);
}

// Feminine agent nouns: "-in", plural "-innen", after the endings that form agent nouns
// ("Ministerin", "Direktorinnen", "Präsidentin", "Polizistin", "Ingenieurin"). Snowball leaves
// them apart from "Minister", "Direktor", "Präsident", so a question for one never met the other.
const FEMININE = /(?:er|or|ent|ant|ist|eur)(in|innen)$/;
// Words and names that only look like one.
const NOT_FEMININE: ReadonlySet<string> = new Set([
  'schwerin',
  'valentin',
  'konstantin',
  'constantin',
  'severin',
  'christin',
  'kristin',
  'quentin',
  'corentin',
  'florin',
  'chlorin',
  'glycerin',
  'terpentin',
]);

/** "ministerin" → "minister"; other tokens unchanged. */
function masculineOf(token: string): string {
  const match = FEMININE.exec(token);
  if (!match || NOT_FEMININE.has(token)) return token;
  const base = token.slice(0, token.length - match[1]!.length);
  return base.length >= 5 ? base : token;
}

/** Whether a folded token is a German or English stop word. */
export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/** Folded, stemmed content terms of a text, stop words removed, in order of appearance. */
export function analyze(text: string, options: AnalysisOptions = {}): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text, options)) {
    if (isStopword(token)) continue;
    terms.push(stem(token));
  }
  return terms;
}
