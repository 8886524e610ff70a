import { fold, isStopword } from '../../text/analysis';
import { parseDingGroups } from './ding';
import { englishKey } from './english';

/**
 * An English→German lookup table prepared from a Ding dictionary: for every English word or phrase the few
 * best German translations, best first. Building it from the 25 MB source takes seconds, so the prepared
 * form (sorted text lines, ~10 MB) can be saved and loaded in milliseconds: lookups binary-search the
 * lines in place instead of materialising hundreds of thousands of map entries.
 */

/** One German translation of an English key. */
export interface LexiconTranslation {
  german: string;
  /** The English entry was capitalised ("Syria", "Air Force"): safe to use for names in a query. */
  properNoun: boolean;
}

/** How translations are ranked while preparing the table. Lower cost wins. */
export interface LexiconRanking {
  /** Translations kept per English key in the prepared table. */
  keep: number;
  /** Cost per position of the German synonym within its group. */
  germanRank: number;
  /** Cost per position of the English synonym within its group. */
  englishRank: number;
  /** Cost of coming from an inflected form or phrase group instead of the headword group. */
  laterGroup: number;
  /** Cost of a usage or subject label (`[mil.]`, `[ugs.]`, `[archaic]`): a specialised sense. */
  labelled: number;
  /** Cost per German word beyond the first (explanatory phrases instead of a word). */
  extraWord: number;
  /** Cost per German character: short words are the common ones. */
  perChar: number;
  /** Bonus per natural-log unit of how often the German word ends a German entry across the dictionary. */
  commonness: number;
  /** Bonus per natural-log unit of how many dictionary lines offer this translation for this key. */
  agreement: number;
}

/** Ranking used unless told otherwise (chosen on the tuning half of XQuAD en→de). */
export const DEFAULT_RANKING: LexiconRanking = {
  keep: 6,
  germanRank: 0.6,
  englishRank: 0.4,
  laterGroup: 0.5,
  labelled: 1.0,
  extraWord: 1.0,
  perChar: 0.03,
  commonness: 0.25,
  agreement: 0.5,
};

/** Longest English phrase (in words) kept; longer dictionary phrases never match a question. */
const MAX_KEY_WORDS = 4;

/** German synonyms considered per group. */
const MAX_GERMAN_SYNONYMS = 4;

/**
 * First line of a prepared table; the rest of the line identifies the source file. Bump the version whenever
 * parsing or ranking code changes, so that saved tables are rebuilt instead of reused.
 */
const HEADER = '#quellen-ding-lexicon v2 ';

function wordCount(key: string): number {
  let count = 1;
  for (let i = key.indexOf(' '); i >= 0; i = key.indexOf(' ', i + 1)) count++;
  return count;
}

const GERMAN_ARTICLE = /^(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines) (?=\S)/i;

/** "das Weiße Haus" → "Weiße Haus": the article adds nothing to a search. */
function withoutArticle(german: string): string {
  return german.replace(GERMAN_ARTICLE, '');
}

interface Aggregate {
  german: string;
  /** Last German word, folded: the head of a German phrase, whose frequency tells how common it is. */
  head: string;
  cost: number;
  count: number;
  properNoun: boolean;
}

/** English→German lookup table. Create it with {@link Lexicon.fromDing} or {@link Lexicon.fromPrepared}. */
export class Lexicon {
  private constructor(
    /** Header line, then one line per key sorted by key: `key\tgerman\tgerman…`, proper nouns marked `*`. */
    private readonly text: string,
    private readonly lineStarts: Uint32Array,
    /** Word count of the longest English key, bounding the longest-match search. */
    readonly maxWords: number,
  ) {}

  /** Number of English keys. */
  get size(): number {
    return this.lineStarts.length;
  }

  /** Translations of a lower-cased English key (words joined by single spaces), best first. */
  lookup(key: string): readonly LexiconTranslation[] | undefined {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const start = this.lineStarts[middle] ?? 0;
      const tab = this.text.indexOf('\t', start);
      const lineKey = this.text.slice(start, tab);
      if (lineKey === key) {
        const end = this.text.indexOf('\n', tab);
        return this.text
          .slice(tab + 1, end < 0 ? undefined : end)
          .split('\t')
          .map((german) =>
            german.startsWith('*')
              ? { german: german.slice(1), properNoun: true }
              : { german, properNoun: false },
          );
      }
      if (lineKey < key) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /**
   * Prepares the table from the text of a Ding file; `source` is recorded in the prepared form
   * (see {@link Lexicon.prepared}) so a cache can tell which file it came from.
   *
   * @example
   * const lexicon = Lexicon.fromDing('Luftwaffe {f} [mil.] :: air force');
   * lexicon.lookup('air force'); // → [{ german: 'Luftwaffe', properNoun: false }]
   */
  static fromDing(text: string, source = '', ranking: LexiconRanking = DEFAULT_RANKING): Lexicon {
    const germanFrequency = new Map<string, number>();
    const byKey = new Map<string, Aggregate[]>();
    const byPair = new Map<string, Aggregate>();
    for (const line of text.split('\n')) {
      for (const group of parseDingGroups(line)) {
        // Later synonyms of a long list are rare variants; they would never make the cut.
        const german = group.german.slice(0, MAX_GERMAN_SYNONYMS).map((synonym, rank) => {
          const de = { ...synonym, text: withoutArticle(synonym.text) };
          const folded = fold(de.text);
          const words = folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
          const head = words.at(-1) ?? '';
          // Function words ("aus", "in") are frequent without being common translations of content words.
          if (!isStopword(head)) germanFrequency.set(head, (germanFrequency.get(head) ?? 0) + 1);
          const cost =
            ranking.germanRank * rank +
            (de.labelled ? ranking.labelled : 0) +
            ranking.extraWord * Math.max(0, words.length - 1) +
            ranking.perChar * de.text.length;
          return { text: de.text, folded, head, cost };
        });
        group.english.forEach((en, englishRank) => {
          const key = englishKey(en.text);
          if (key === '' || wordCount(key) > MAX_KEY_WORDS) return;
          const properNoun = /^\p{Lu}/u.test(en.text);
          const base =
            ranking.englishRank * englishRank +
            (group.index > 0 ? ranking.laterGroup : 0) +
            (en.labelled ? ranking.labelled : 0);
          for (const de of german) {
            if (de.folded === '') continue;
            const cost = base + de.cost;
            const pairKey = key + '\t' + de.folded;
            const existing = byPair.get(pairKey);
            if (existing === undefined) {
              const aggregate = { german: de.text, head: de.head, cost, count: 1, properNoun };
              byPair.set(pairKey, aggregate);
              const candidates = byKey.get(key);
              if (candidates === undefined) byKey.set(key, [aggregate]);
              else candidates.push(aggregate);
            } else {
              existing.count += 1;
              existing.properNoun ||= properNoun;
              if (cost < existing.cost) {
                existing.cost = cost;
                existing.german = de.text;
              }
            }
          }
        });
      }
    }
    const score = (c: Aggregate): number =>
      c.cost -
      ranking.agreement * Math.log(c.count) -
      ranking.commonness * Math.log(germanFrequency.get(c.head) ?? 1);
    const lines: string[] = [];
    for (const key of [...byKey.keys()].sort()) {
      const ranked = (byKey.get(key) ?? [])
        .map((c) => ({ c, score: score(c) }))
        .sort((a, b) => a.score - b.score || (a.c.german < b.c.german ? -1 : 1))
        .slice(0, ranking.keep)
        .map(({ c }) => (c.properNoun ? '*' : '') + c.german.replace(/[\t\n]/g, ' '));
      lines.push(key + '\t' + ranked.join('\t'));
    }
    return Lexicon.parsePrepared(HEADER + source.replace(/\n/g, ' ') + '\n' + lines.join('\n'));
  }

  /**
   * Restores a table from its prepared text ({@link Lexicon.prepared}); `null` if the text is not a prepared
   * table of this version.
   */
  static fromPreparedText(text: string): Lexicon | null {
    return text.startsWith(HEADER) ? Lexicon.parsePrepared(text) : null;
  }

  /**
   * The source a prepared text records, without building the table from it; `null` if the text is
   * not a prepared table of this version.
   */
  static sourceOfPrepared(text: string): string | null {
    if (!text.startsWith(HEADER)) return null;
    const end = text.indexOf('\n');
    return text.slice(HEADER.length, end < 0 ? undefined : end);
  }

  private static parsePrepared(text: string): Lexicon {
    const starts: number[] = [];
    let maxWords = 1;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', newline + 1)) {
      const start = newline + 1;
      const tab = text.indexOf('\t', start);
      if (tab < 0) break;
      starts.push(start);
      let words = 1;
      for (let i = text.indexOf(' ', start); i >= 0 && i < tab; i = text.indexOf(' ', i + 1)) words++;
      if (words > maxWords) maxWords = words;
    }
    return new Lexicon(text, Uint32Array.from(starts), maxWords);
  }

  /** The source recorded by {@link Lexicon.fromDing} (e.g. path, size and mtime of the dictionary file). */
  get source(): string {
    const end = this.text.indexOf('\n');
    return this.text.slice(HEADER.length, end < 0 ? undefined : end);
  }

  /** The prepared text form of this table, to save and restore with {@link Lexicon.fromPreparedText}. */
  get prepared(): string {
    return this.text;
  }
}
