import { isScoreToken, isStopword, stem as snowballStem, tokenize, wordToken } from '../../text/analysis';
import { FeatureTable } from './featureTable';
import { FNV_OFFSET, fmix32, fnvStep, fnvString } from './hash';

/**
 * Feature extraction for the built-in embedder: German-normalised word unigrams, word bigrams
 * and character n-grams, identified by 32-bit hashes (no feature strings are built), totalled in
 * a reused table, then signed-hashed into a dense accumulator.
 */

/** Tunable settings of the hashed feature space; every field is part of the embedder id. */
export interface HashingSettings {
  /** Number of buckets (vector dimensions). */
  dimensions: number;
  /** Weight of a content-word unigram (stop words removed). */
  unigramWeight: number;
  /** Weight of a pair of consecutive stemmed content words (0 disables bigrams). */
  bigramWeight: number;
  /** Weight of a word's character n-grams taken together (0 disables them). */
  charWeight: number;
  /** Shortest and longest character n-gram, counted with the `<` `>` word-boundary markers. */
  charNgramMin: number;
  charNgramMax: number;
  /**
   * How a word's character n-grams share its char weight: each is divided by (number of n-grams)^x.
   * 0.5 gives every word's n-gram block about the same norm; 0 lets long words weigh more.
   */
  charLengthExponent: number;
  /** Whether number tokens ("2016", "110000") get character n-grams (else only their unigram). */
  numberCharNgrams: boolean;
  /**
   * Tokens shorter than this many characters are weighted by length/`fullWeightLength`: a stateless
   * stand-in for IDF, since short tokens are mostly abbreviations, particles and fragments.
   */
  fullWeightLength: number;
  /** Damping of a feature's total weight within one text: total^tfExponent (1 = none, 0.5 = square root). */
  tfExponent: number;
  /** Whether unigrams (and bigrams) use the Snowball stem or the folded word (character n-grams cover inflection). */
  stemUnigrams: boolean;
  /** Multiplier for words written capitalised somewhere in the text (German nouns, names). */
  capitalWeight: number;
}

/** Tokens (see `wordToken`) of the words that start with a capital letter somewhere in the text. */
function capitalisedWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.matchAll(/\p{Lu}[\p{L}\p{N}]*/gu)) words.add(wordToken(match[0]));
  return words;
}

/** Seeds that keep the three feature families apart in the hash space. */
const UNIGRAM_SEED = fnvStep(FNV_OFFSET, 0x55);
const BIGRAM_SEED = fnvStep(FNV_OFFSET, 0x42);
const CHAR_SEED = fnvStep(FNV_OFFSET, 0x43);
/** Separator mixed in between the two words of a bigram. */
const PAIR_SEPARATOR = 0x20;
const BOUNDARY_START = 0x3c; // '<'
const BOUNDARY_END = 0x3e; // '>'
/** Mixed into a feature hash to derive its sign independently of its bucket. */
const SIGN_SALT = 0x9e3779b9;
/** Stem cache bound; keeps memory flat when embedding a large collection. */
const STEM_CACHE_LIMIT = 200_000;

const DIGITS = /^\p{N}+$/u;

/**
 * Hashes the features of a text into a dense accumulator. Holds only a stem cache and scratch
 * tables, which never change results, so a text's features depend on that text alone.
 */
export class FeatureHasher {
  private readonly stems = new Map<string, string>();
  private readonly table = new FeatureTable();

  constructor(
    private readonly settings: HashingSettings,
    private readonly stemmer: (token: string) => string = snowballStem,
  ) {}

  /**
   * Adds the text's weighted features to `out` (length = dimensions) and returns how many
   * distinct features were added; 0 means the text has no word at all.
   *
   * Each exact feature is first totalled over the text, then damped (total^tfExponent) and only
   * then hashed into a bucket: repeated words and the n-grams every German word shares ("sch",
   * "en>") are damped within the text itself, a stateless stand-in for IDF.
   */
  accumulate(text: string, out: Float64Array): number {
    const tokens = tokenize(text);
    let content = tokens.filter((token) => !isStopword(token));
    // A question made only of stop words ("Wer ist das?") still deserves a vector of its own.
    if (content.length === 0) content = tokens;
    if (content.length === 0) return 0;

    const s = this.settings;
    const capitalised = s.capitalWeight === 1 ? undefined : capitalisedWords(text);
    const table = this.table;
    table.clear();
    const wordCounts = new Map<string, number>();
    let previous: string | undefined;
    for (const word of content) {
      wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
      const wordStem = s.stemUnigrams ? this.stem(word) : word;
      const emphasis = capitalised?.has(word) ? s.capitalWeight : 1;
      if (s.unigramWeight > 0) {
        table.add(
          fnvString(wordStem, UNIGRAM_SEED),
          s.unigramWeight * emphasis * this.lengthWeight(wordStem),
        );
      }
      if (s.bigramWeight > 0 && previous !== undefined) {
        table.add(
          fnvString(wordStem, fnvStep(fnvString(previous, BIGRAM_SEED), PAIR_SEPARATOR)),
          s.bigramWeight,
        );
      }
      previous = wordStem;
    }
    if (s.charWeight > 0) {
      for (const [word, count] of wordCounts) {
        // A score ("2zu1") is a number too: with n-grams "2:2" would sit close to "2:1".
        if (!s.numberCharNgrams && (DIGITS.test(word) || isScoreToken(word))) continue;
        const emphasis = capitalised?.has(word) ? s.capitalWeight : 1;
        this.addCharNgrams(word, s.charWeight * emphasis * count * this.lengthWeight(word));
      }
    }

    const dimensions = out.length;
    const exponent = s.tfExponent;
    table.forEach((key, total) => {
      const weight = exponent === 1 ? total : Math.pow(total, exponent);
      const bucket = fmix32(key) % dimensions;
      // Sign from independent hash bits, so colliding features cancel on average.
      out[bucket]! += (fmix32(key ^ SIGN_SALT) & 1) === 1 ? -weight : weight;
    });
    return table.size;
  }

  /** Character n-grams of `<word>`, hashed incrementally: one FNV run per start position. */
  private addCharNgrams(word: string, weight: number): void {
    const { charNgramMin: min, charNgramMax: max, charLengthExponent } = this.settings;
    const table = this.table;
    const length = word.length + 2;
    let count = 0;
    for (let n = min; n <= max; n++) count += Math.max(0, length - n + 1);
    const each = weight / Math.pow(Math.max(1, count), charLengthExponent);
    const codeAt = (i: number): number =>
      i === 0 ? BOUNDARY_START : i === length - 1 ? BOUNDARY_END : word.charCodeAt(i - 1);

    if (length < min) {
      // Shorter than the smallest n-gram: the whole marked word is its only n-gram.
      let hash = CHAR_SEED;
      for (let i = 0; i < length; i++) hash = fnvStep(hash, codeAt(i));
      table.add(hash, each);
      return;
    }
    for (let start = 0; start + min <= length; start++) {
      let hash = CHAR_SEED;
      const end = Math.min(length, start + max);
      for (let i = start; i < end; i++) {
        hash = fnvStep(hash, codeAt(i));
        if (i - start + 1 >= min) table.add(hash, each);
      }
    }
  }

  private lengthWeight(token: string): number {
    const full = this.settings.fullWeightLength;
    return token.length >= full ? 1 : token.length / full;
  }

  private stem(token: string): string {
    let cached = this.stems.get(token);
    if (cached === undefined) {
      if (this.stems.size >= STEM_CACHE_LIMIT) this.stems.clear();
      cached = this.stemmer(token);
      this.stems.set(token, cached);
    }
    return cached;
  }
}
