import { createHash } from 'node:crypto';
import { closeSync, openSync, read, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { deu } from 'stopword';
import { tinyld } from '../../text/languageDetector';
import { FAMILY_MIN_PREFIX, analyze, fold } from '../../text/analysis';
import { englishTokens, isEnglishStopword, lemmaCandidates, type EnglishToken } from './english';
import { DEFAULT_RANKING, Lexicon, type LexiconRanking, type LexiconTranslation } from './lexicon';
import { compoundCandidates } from './compoundTranslations';
import { SUPPLEMENT_DING } from './supplement';
import { savePreparedQuietly } from '../../preparedFile';

/** Name of the prepared table in the cache folder. */
const PREPARED_FILE = 'de-en.lexicon.txt';

/**
 * Offline cross-lingual bridge: turns an English question into German search words with a bilingual
 * dictionary, so that English questions find German passages in the lexical and the dense index.
 */

/** A query prepared for searching German text. */
export interface TranslatedQuery {
  /** The expanded query: German translations followed by the original words worth keeping. */
  text: string;
  /** The same words as a list: German translations (possibly multi-word phrases), names, numbers, originals. */
  terms: string[];
  /**
   * For an English question, its concepts in order, each as the words that stand for it: the
   * chosen translations, the words as written, and the compounds built with it (see
   * `QueryExpansion.concepts`); a word repeated in the question is a concept each time. Absent for
   * a German question.
   */
  concepts?: string[][];
  /**
   * For an English question translated for a collection (a vocabulary): its words that the
   * dictionary translates but that the collection writes in no spelling, neither a translation nor
   * the word itself (see `QueryExpansion.unknown`).
   */
  unknown?: string[];
  /**
   * For an English question: its words that the dictionary knows as common words, not only as
   * names ("Board", "Conference"; not "Hungary"), however they are capitalised. A name that is a
   * common word too ("Bush", "Turkey") counts as one.
   */
  common?: string[];
}

/** Rewrites a question for searching German articles. Safe to call on German input. */
export interface QueryTranslator {
  translate(query: string): TranslatedQuery;
}

/** Where Debian/Ubuntu's `trans-de-en` package installs the Ding German–English dictionary. */
export const DEFAULT_DICTIONARY_PATH = '/usr/share/trans/de-en';

/** What the translator may ask about the collection it translates for. */
export interface TranslationVocabulary {
  /** Whether the collection holds the analysed term (see `analyze`) or a word of its family. */
  has(term: string): boolean;
  /**
   * The numbers of the passages holding the analysed term exactly, ascending. With it, a word's
   * senses are chosen by the other words of the question they share passages with. A list may
   * stop after {@link MAX_POSTINGS} + 1 numbers: a term in more passages is compared with nothing.
   */
  passagesWith?(term: string): ArrayLike<number>;
  /**
   * Whether the collection writes the analysed term itself, in a text or a section title (a
   * word of its family does not count). German compounds of translated words are kept only when
   * it does; without it, `has` decides, so give it whenever `has` also accepts families.
   */
  hasTerm?(term: string): boolean;
  /**
   * Whether lexical search finds compounds of the collection ending in the analysed term
   * ("Fachzeitschrift" for "zeitschrift"). A translation the collection uses only as the head of
   * compounds is kept: lexical search finds the compounds of a word the collection lacks.
   */
  endsCompound?(term: string): boolean;
}

/** Settings of {@link DictionaryTranslator}. */
export interface DictionaryTranslatorOptions {
  /** German translations kept per English word or phrase, best first (default 2, best on the XQuAD tuning half). */
  maxAlternatives?: number;
  /**
   * Analysed terms (see `analyze`) that occur in the collection. When given, translations the collection
   * never uses are dropped before the cap, so the cap keeps translations that can match (a phrase needs
   * each of its words of five letters or more), and German
   * compounds of adjacent words ("food" + "programme" → "Ernährungsprogramm") are tried.
   */
  vocabulary?: TranslationVocabulary;
  /** Decides whether a query needs translating; default {@link detectEnglish}. */
  isEnglish?: (query: string) => boolean;
  /**
   * Whether capitalised words inside a sentence ("Panthers", "Bush") get ordinary translations besides being
   * kept as written (default true: title-case phrases such as "Food Programme" need translating, and this
   * scored better on the XQuAD tuning half). When false, they only get translations of capitalised dictionary
   * entries ("Syria" → "Syrien").
   */
  translateNames?: boolean;
}

/** Settings of {@link DictionaryTranslator.load}. */
export interface DictionaryLoadOptions extends DictionaryTranslatorOptions {
  /** Folder for the prepared table; without it the dictionary is parsed on every load (seconds). */
  cacheDir?: string;
  /** How translations are ranked while preparing the table. */
  ranking?: LexiconRanking;
  /** Told before the table is prepared from the dictionary (seconds; once when cached). */
  onPrepare?: (path: string) => void;
  /**
   * When a table that is not cached yet is prepared: `now` (default), while loading; `when-needed`,
   * at the first English question, so that a process that is only asked German questions never
   * waits for it (that question waits instead, and the event loop with it: not for a bot).
   */
  prepare?: 'now' | 'when-needed';
}

const GERMAN_STOPWORDS: ReadonlySet<string> = new Set(deu.map((word) => fold(word)));

/**
 * Whether a query is English rather than German. Function words decide when there are any ("the", "did"
 * against "der", "hat"); otherwise tinyld, restricted to the two languages, guesses from the letters.
 *
 * @example
 * detectEnglish('Since when has the World Food Programme been dropping aid?'); // → true
 * detectEnglish('Wo spielte das Mariinski-Orchester?'); // → false
 */
export function detectEnglish(query: string): boolean {
  let english = 0;
  let german = 0;
  for (const token of englishTokens(query)) {
    if (isEnglishStopword(token.lower)) english++;
    if (GERMAN_STOPWORDS.has(fold(token.surface))) german++;
  }
  if (english !== german) return english > german;
  if (/[äöüßÄÖÜ]/.test(query)) return false;
  return tinyld().detect(query, { only: ['de', 'en'] }) === 'en';
}

/**
 * The shortest translation kept for the compounds it ends ("zeitschrift" in "Fachzeitschrift"):
 * shorter heads ("haus", "amt") end too many unrelated words.
 */
const MIN_COMPOUND_HEAD = 6;

/** Translates English questions word by word with a German–English dictionary (longest phrase first). */
export class DictionaryTranslator implements QueryTranslator {
  private readonly maxAlternatives: number;
  private readonly vocabulary: TranslationVocabulary | undefined;
  private readonly isEnglish: (query: string) => boolean;
  private readonly translateNames: boolean;
  private table: Lexicon | (() => Lexicon);
  private readonly options: DictionaryTranslatorOptions;

  /**
   * @param lexicon the table, or a function that builds it: called once, at the first English
   *   question, so German questions never pay for it
   */
  constructor(lexicon: Lexicon | (() => Lexicon), options: DictionaryTranslatorOptions = {}) {
    this.table = lexicon;
    this.options = options;
    this.maxAlternatives = options.maxAlternatives ?? 2;
    this.vocabulary = options.vocabulary;
    this.isEnglish = options.isEnglish ?? detectEnglish;
    this.translateNames = options.translateNames ?? true;
  }

  /**
   * Loads the Ding dictionary at `path` (default {@link DEFAULT_DICTIONARY_PATH}); `null` when the file does
   * not exist, so callers can run without translation. With `cacheDir`, the prepared table is saved there
   * on first use and reused while the dictionary file is unchanged.
   *
   * @example
   * const translator = await DictionaryTranslator.load(DEFAULT_DICTIONARY_PATH, { cacheDir: '.quellen' });
   * translator?.translate('Which air forces fly missions over Syria?').text;
   * // → "Luftstreitkräfte Luftwaffe fliegen abschlagen Aufträge Auftrag Syrien air forces fly missions Syria"
   */
  static async load(
    path: string = DEFAULT_DICTIONARY_PATH,
    options: DictionaryLoadOptions = {},
  ): Promise<DictionaryTranslator | null> {
    let info;
    try {
      info = await stat(path);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const ranking = options.ranking ?? DEFAULT_RANKING;
    // The cache is only valid for the same file, ranking and supplement.
    const settings = createHash('sha256')
      .update(JSON.stringify(ranking))
      .update(SUPPLEMENT_DING)
      .digest('hex');
    const source = `${path} ${info.size} ${Math.round(info.mtimeMs)} ${settings.slice(0, 12)}`;
    const cachePath = options.cacheDir === undefined ? undefined : join(options.cacheDir, PREPARED_FILE);
    if (cachePath !== undefined) {
      const cache = await openPrepared(cachePath);
      if (cache !== undefined && Lexicon.sourceOfPrepared(cache.firstLine) === source) {
        // Reading and indexing the table take a few hundred milliseconds: left to the first
        // English question. The file stays open until then, so a cache replaced or removed
        // meanwhile is still read as it was checked; should reading fail all the same, English
        // questions go untranslated rather than fail.
        return new DictionaryTranslator(() => {
          let lexicon: Lexicon | null = null;
          try {
            lexicon = Lexicon.fromPreparedText(readFileSync(cache.fd, 'utf8'));
          } catch {
            /* handled below */
          } finally {
            closeQuietly(cache.fd);
          }
          return lexicon ?? Lexicon.fromDing('', source, ranking);
        }, options);
      }
      if (cache !== undefined) closeQuietly(cache.fd);
    }
    if (options.prepare === 'when-needed') {
      return new DictionaryTranslator(() => {
        options.onPrepare?.(path);
        try {
          const text = readFileSync(path, 'utf8');
          const lexicon = Lexicon.fromDing(`${text}\n${SUPPLEMENT_DING}`, source, ranking);
          if (options.cacheDir !== undefined)
            savePreparedQuietly(options.cacheDir, PREPARED_FILE, lexicon.prepared);
          return lexicon;
        } catch {
          // Unreadable since it was checked: English questions go untranslated rather than fail,
          // and the table is not prepared again at every question.
          return Lexicon.fromDing('', source, ranking);
        }
      }, options);
    }
    options.onPrepare?.(path);
    const lexicon = Lexicon.fromDing(`${await readFile(path, 'utf8')}\n${SUPPLEMENT_DING}`, source, ranking);
    if (options.cacheDir !== undefined)
      savePreparedQuietly(options.cacheDir, PREPARED_FILE, lexicon.prepared);
    return new DictionaryTranslator(lexicon, options);
  }

  /** The same dictionary (loaded once, shared) translating for another collection. */
  withVocabulary(vocabulary: TranslationVocabulary): DictionaryTranslator {
    return new DictionaryTranslator(() => this.lexicon(), { ...this.options, vocabulary });
  }

  private lexicon(): Lexicon {
    if (typeof this.table === 'function') this.table = this.table();
    return this.table;
  }

  /**
   * German search words for an English question, followed by the original words (names and numbers carry
   * over, and English loanwords are common in German news). German questions come back unchanged.
   *
   * @example
   * translator.translate('Which air forces fly missions over Syria?').terms;
   * // → ['Luftstreitkräfte', 'Luftwaffe', 'fliegen', …, 'Syrien', 'air', 'forces', 'fly', 'missions', 'Syria']
   */
  translate(query: string): TranslatedQuery {
    const tokens = englishTokens(query);
    if (!this.isEnglish(query)) {
      const terms = tokens.map((token) => token.surface);
      return { text: query, terms };
    }
    // The question's concepts in order: a dictionary phrase or word with its translations, or a number.
    const concepts: Concept[] = [];
    const common: string[] = [];
    // Per position, the uncapped translations, for building compounds; an empty list breaks a sequence.
    const sequence: string[][] = [];
    // Per position, the concept it belongs to (none for a stop word).
    const conceptAt: Array<number | undefined> = [];
    let i = 0;
    while (i < tokens.length) {
      const phrase = this.longestPhrase(tokens, i);
      if (phrase !== undefined) {
        const kept = tokens.slice(i, i + phrase.length).filter((token) => !isStopword(token));
        if (phrase.translations.some((t) => !t.properNoun))
          common.push(...kept.map((token) => token.surface));
        const translations = functionWordOr(phrase.translations);
        concepts.push({
          translations,
          words: kept.map((token) => token.surface),
          anchors: kept.filter(isAnchor).map((token) => token.surface),
        });
        sequence.push(translations.map((t) => t.german));
        conceptAt.push(concepts.length - 1);
        i += phrase.length;
        continue;
      }
      const token = tokens[i] as EnglishToken;
      i++;
      const asWritten = token.number || (token.code && !isStopword(token));
      if (asWritten || isStopword(token)) {
        if (asWritten) concepts.push({ translations: [], words: [token.surface], anchors: [token.surface] });
        sequence.push([]);
        conceptAt.push(asWritten ? concepts.length - 1 : undefined);
        continue;
      }
      let translations = this.lookup([token.lower]);
      if (translations.some((t) => !t.properNoun)) common.push(token.surface);
      // Acronyms ("IS", "US") are names whatever the setting: "is" and "us" are common words too.
      const acronym = /^\p{Lu}{2,}$/u.test(token.surface);
      if (acronym || (token.name && !this.translateNames))
        translations = translations.filter((t) => t.properNoun);
      translations = functionWordOr(translations);
      concepts.push({
        translations,
        words: [token.surface],
        anchors: isAnchor(token) ? [token.surface] : [],
      });
      sequence.push(translations.map((t) => t.german));
      conceptAt.push(concepts.length - 1);
    }
    const senses = this.chooseSenses(concepts);
    const compounds = this.compounds(sequence);
    const german = [
      ...senses.flatMap((chosen) => chosen.map((t) => t.german)),
      ...compounds.map((c) => c.word),
    ];
    const originals = concepts.flatMap((concept) => concept.words);
    const terms = dedupe([...german, ...originals]);
    // A compound stands for each concept it is built from ("Ernährungsprogramm": food, programme).
    const words = concepts.map((concept, c) => [...(senses[c] ?? []).map((t) => t.german), ...concept.words]);
    for (const { word, positions } of compounds) {
      for (const position of positions) {
        const c = conceptAt[position];
        if (c !== undefined) words[c]!.push(word);
      }
    }
    // Translated, yet no translation, no compound built with it and not the word itself is
    // written in the collection.
    const vocabulary = this.vocabulary;
    const unknown = vocabulary
      ? concepts
          .filter(
            (concept, c) =>
              concept.translations.length > 0 &&
              (senses[c] ?? []).length === 0 &&
              words[c]!.length === concept.words.length &&
              concept.words.every(
                (word) => !analyze(word, { inSentence: true }).some((term) => vocabulary.has(term)),
              ),
          )
          .flatMap((concept) => concept.words)
      : [];
    return {
      text: terms.join(' '),
      terms,
      concepts: words.map(dedupe),
      ...(unknown.length > 0 ? { unknown } : {}),
      ...(common.length > 0 ? { common: dedupe(common) } : {}),
    };
  }

  /** The longest dictionary phrase (two words or more) starting at token `start`, with its translations. */
  private longestPhrase(
    tokens: readonly EnglishToken[],
    start: number,
  ): { length: number; translations: readonly LexiconTranslation[] } | undefined {
    const longest = Math.min(this.lexicon().maxWords, tokens.length - start);
    for (let length = longest; length >= 2; length--) {
      const words = tokens.slice(start, start + length).map((token) => token.lower);
      // Phrases made of function words only ("how many") are as uninformative as their words.
      if (words.every((word) => isEnglishStopword(word))) continue;
      if (isEnglishStopword(words.at(-1) ?? '')) continue;
      const translations = this.lookup(words);
      if (translations.length === 0) continue;
      // A phrase none of whose translations the collection uses ("snap election" → "kurzfristig
      // angesetzte Wahl" where the texts write "Neuwahl") would drop its words: they are
      // translated on their own instead ("election" → "Wahl"). Not a name ("Islamic State",
      // "White House"): its words alone ("Staat", "Haus") would match what it does not mean.
      const name = tokens.slice(start, start + length).every((token) => /^\p{Lu}/u.test(token.surface));
      if (name || this.usable(translations).length > 0) return { length, translations };
    }
    return undefined;
  }

  /**
   * Translations of a word sequence as written and under the first dictionary form of its last word
   * ("air forces" → "Luftstreitkräfte" and, via "air force", "Luftwaffe"), alternating, best first.
   */
  private lookup(words: readonly string[]): readonly LexiconTranslation[] {
    const last = words.at(-1);
    if (last === undefined) return [];
    const head = words.slice(0, -1).join(' ');
    const find = (form: string) => this.lexicon().lookup(head === '' ? form : `${head} ${form}`);
    const [asWritten, ...forms] = lemmaCandidates(last);
    const exact = find(asWritten ?? last) ?? [];
    let base: readonly LexiconTranslation[] = [];
    for (const form of forms) {
      const found = find(form);
      if (found !== undefined) {
        base = found;
        break;
      }
    }
    if (base.length === 0) return exact;
    if (exact.length === 0) return base;
    const merged: LexiconTranslation[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < Math.max(exact.length, base.length); i++) {
      for (const t of [exact[i], base[i]]) {
        if (t !== undefined && !seen.has(fold(t.german))) {
          seen.add(fold(t.german));
          merged.push(t);
        }
      }
    }
    return merged;
  }

  /**
   * The translations kept for each concept: those the collection uses (with a vocabulary), at most
   * `maxAlternatives`. When the vocabulary can list passages, a word's senses are ranked first by
   * how many of the nearby concepts of the question (their translations, or their names and numbers
   * as written) share a passage with them, then in dictionary order. For "food dropped over Syria"
   * in a collection where "Essen" stands beside "Syrien" and "Ernährung" does not, "Essen" is kept:
   * the collection tells which sense its texts use. A phrase sense meets them by its rarest word
   * ("Krieg führen" by "Krieg"). A sense whose every term is in more than {@link MAX_POSTINGS}
   * passages is taken to meet every nearby concept without comparing (in a large collection such
   * a word meets nearly everything), so where every sense meets the same
   * concepts the dictionary order decides, as it does without passages. Once about
   * {@link WORK_BUDGET} postings have been compared, the remaining words keep the dictionary order.
   */
  private chooseSenses(concepts: readonly Concept[]): Array<readonly LexiconTranslation[]> {
    const usable = concepts.map((concept) => this.usable(concept.translations));
    const capped = (senses: readonly LexiconTranslation[]) => senses.slice(0, this.maxAlternatives);
    const passagesWith = this.vocabulary?.passagesWith?.bind(this.vocabulary);
    if (passagesWith === undefined) return usable.map(capped);
    const postingsOf = memoize((text: string) => postingsOfText(text, passagesWith));
    // Each concept as context: the lists of its first senses and of its names and numbers as written.
    const contexts = concepts.map((concept, i) =>
      [...usable[i]!.slice(0, MAX_SENSES_COMPARED).map((t) => t.german), ...concept.anchors].flatMap(
        (text) => postingsOf(text).lists,
      ),
    );
    const budget = { left: WORK_BUDGET };
    /** Whether two term lists share a passage, counted against the budget; the same term is no evidence. */
    const meet = (a: TermPassages, b: TermPassages): boolean => {
      if (a.term === b.term) return false;
      const [short, long] = a.passages.length <= b.passages.length ? [a, b] : [b, a];
      budget.left -= short.passages.length * Math.log2(long.passages.length + 2);
      return intersects(short.passages, long.passages);
    };
    return usable.map((senses, i) => {
      if (senses.length <= this.maxAlternatives || budget.left <= 0) return capped(senses);
      const from = Math.max(0, i - CONTEXT_WINDOW);
      const to = Math.min(concepts.length - 1, i + CONTEXT_WINDOW);
      const ranked: Array<{ sense: LexiconTranslation; rank: number; score: number }> = [];
      for (const [rank, sense] of senses.entries()) {
        // A phrase meets the question's words by its most specific word: "Krieg führen" by
        // "Krieg", not by "führen", which meets nearly everything.
        const own = rank < MAX_SENSES_COMPARED ? rarest(postingsOf(sense.german)) : NO_POSTINGS;
        let score = 0;
        for (let j = from; j <= to; j++) {
          // A word repeated in the question is no context for itself.
          if (j === i || sameWords(concepts[j]!, concepts[i]!) || contexts[j]!.length === 0) continue;
          if (own.common || own.lists.some((a) => contexts[j]!.some((b) => meet(a, b)))) score++;
          // Out of budget: this word and the rest keep the dictionary order.
          if (budget.left <= 0) return capped(senses);
        }
        ranked.push({ sense, rank, score });
      }
      ranked.sort((a, b) => b.score - a.score || a.rank - b.rank);
      return ranked.slice(0, this.maxAlternatives).map((entry) => entry.sense);
    });
  }

  /** The translations the collection uses (all of them without a vocabulary), in dictionary order. */
  private usable(translations: readonly LexiconTranslation[]): readonly LexiconTranslation[] {
    const vocabulary = this.vocabulary;
    if (vocabulary === undefined) return translations;
    return translations.filter((t) => {
      // A phrase the collection does not use whole ("Islamischer Staat" where it writes "IS")
      // would match by its commonest word alone ("Staat").
      const terms = analyze(t.german);
      const used = (term: string): boolean =>
        vocabulary.has(term) ||
        (term.length >= MIN_COMPOUND_HEAD && vocabulary.endsCompound?.(term) === true);
      return terms.some(used) && terms.every((term) => term.length < FAMILY_MIN_PREFIX || used(term));
    });
  }

  /**
   * German compounds of adjacent translated words that the collection uses (needs a vocabulary),
   * each with the positions of the words it is built from.
   */
  private compounds(
    sequence: ReadonlyArray<readonly string[]>,
  ): Array<{ word: string; positions: number[] }> {
    const vocabulary = this.vocabulary;
    if (vocabulary === undefined) return [];
    // A compound counts only when the collection writes it: a word of its family is not enough, as
    // every compound shares its first part's letters ("Österreich" + "neue" is no word of the texts).
    const hasTerm = vocabulary.hasTerm?.bind(vocabulary);
    const written = hasTerm ? { has: hasTerm } : vocabulary;
    const found: Array<{ word: string; positions: number[] }> = [];
    for (let start = 0; start + 1 < sequence.length; start++) {
      const parts = sequence.slice(start, start + 3);
      const words = compoundCandidates(parts, written);
      // Without a third word every compound is of two; else those of two are told apart.
      const ofTwo =
        parts.length < 3 || parts[2]!.length === 0
          ? new Set(words)
          : new Set(compoundCandidates(parts.slice(0, 2), written));
      for (const word of words) {
        const parts = ofTwo.has(word) ? 2 : 3;
        found.push({ word, positions: Array.from({ length: parts }, (_, k) => start + k) });
      }
    }
    return found;
  }
}

/**
 * No translations for a word whose best one is a German stop word ("during" → während, "therefore"
 * → deshalb): the search ignores that meaning, and the word's rarer senses, which the collection
 * may well use, are not what the question means.
 */
function functionWordOr(translations: readonly LexiconTranslation[]): readonly LexiconTranslation[] {
  const best = translations[0];
  return best !== undefined && analyze(best.german).length === 0 ? [] : translations;
}

/** One concept of an English question: its dictionary translations and its words as written. */
interface Concept {
  translations: readonly LexiconTranslation[];
  /** The non-stop words as written (kept in the query). */
  words: readonly string[];
  /** Those that are names, acronyms or numbers: context for other words' senses as written. */
  anchors: readonly string[];
}

/** Senses of a word compared by co-occurrence; later ones keep their dictionary order behind them. */
const MAX_SENSES_COMPARED = 8;

/** Concepts on either side of a word that its senses are compared with. */
const CONTEXT_WINDOW = 6;

/**
 * A term in more passages than this is not compared: in a large collection it meets every concept,
 * so a sense with it counts as meeting all, and as context it tells no sense apart.
 */
export const MAX_POSTINGS = 4096;

/**
 * Postings compared per question (a comparison costs its shorter list times the logarithm of the
 * longer); once spent, the remaining words keep the dictionary order.
 */
const WORK_BUDGET = 2_000_000;

/** One analysed term's passages. */
interface TermPassages {
  term: string;
  passages: ArrayLike<number>;
}

/** A text's terms with their passages; `common` when one of them is in too many passages to compare. */
interface TextPostings {
  lists: TermPassages[];
  common: boolean;
}

const NO_POSTINGS: TextPostings = { lists: [], common: false };

function postingsOfText(text: string, passagesWith: (term: string) => ArrayLike<number>): TextPostings {
  const lists: TermPassages[] = [];
  let common = false;
  for (const term of analyze(text)) {
    const passages = passagesWith(term);
    if (passages.length > MAX_POSTINGS) common = true;
    else if (passages.length > 0) lists.push({ term, passages });
  }
  return { lists, common };
}

/**
 * The postings of a text's rarest term only; "common" only when every term is (a phrase of common
 * words). A phrase's commonest word says least about which sense the collection uses.
 */
function rarest(postings: TextPostings): TextPostings {
  if (postings.lists.length === 0) return postings;
  let best = postings.lists[0]!;
  for (const list of postings.lists) if (list.passages.length < best.passages.length) best = list;
  return { lists: [best], common: false };
}

function sameWords(a: Concept, b: Concept): boolean {
  return a.words.length === b.words.length && a.words.every((word, k) => fold(word) === fold(b.words[k]!));
}

/** Whether two ascending lists share a number. */
export function intersects(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let lo = 0;
  for (let k = 0; k < short.length; k++) {
    const x = short[k]!;
    let hi = long.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (long[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= long.length) return false;
    if (long[lo] === x) return true;
  }
  return false;
}

function memoize<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** A name, an acronym or a number: written the same in German, so its passages are context as written. */
function isAnchor(token: EnglishToken): boolean {
  return token.name || token.number || token.code || /^\p{Lu}{2,}$/u.test(token.surface);
}

/** Stop word test that spares acronyms: "IS", "US" and "WHO" are names, not function words. */
function isStopword(token: EnglishToken): boolean {
  return isEnglishStopword(token.lower) && !/^\p{Lu}{2,}$/u.test(token.surface);
}

function dedupe(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  return terms.filter((term) => {
    const key = fold(term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Opens a text file and reads its first line (at most 4 KiB); undefined if unreadable. */
async function openPrepared(path: string): Promise<{ fd: number; firstLine: string } | undefined> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(4096);
    const bytesRead = await new Promise<number>((resolve, reject) =>
      read(fd, buffer, 0, buffer.length, 0, (error, count) => (error ? reject(error) : resolve(count))),
    );
    const text = buffer.toString('utf8', 0, bytesRead);
    const end = text.indexOf('\n');
    return { fd, firstLine: end < 0 ? text : text.slice(0, end) };
  } catch {
    closeQuietly(fd);
    return undefined;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
}
