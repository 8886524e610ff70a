import { tinyld } from '../text/languageDetector';
import type { AnswerLanguage } from '../types';

/** How the answer language is chosen: from the question (`auto`) or fixed (config `ANSWER_LANGUAGE`). */
export type AnswerLanguageSetting = 'auto' | AnswerLanguage;

/*
 * Unambiguous function words. Words that exist in both languages with different meanings
 * ("was", "die", "in", "an", "so", "man", "will") are left out on purpose: they would
 * outvote the real evidence in a four-word question.
 */
const GERMAN_WORDS: ReadonlySet<string> = new Set(
  (
    'wer wen wem wessen wo wohin woher wann wie warum weshalb wieso welche welcher welches welchen welchem ' +
    'ist sind war waren wird werden wurde wurden hat haben hatte hatten gibt gab kann konnte soll sollte ' +
    'muss der das dem den des ein eine einen einem einer und oder nicht kein keine auch noch schon ' +
    'im vom zum zur beim mit für über unter nach bei seit gegen durch ohne zwischen wegen ' +
    'ich du er sie wir ihr es sich mich mir uns euch dass ob wenn weil aber sondern denn doch ' +
    'viele wieviele wieviel jahr jahre heute gestern'
  ).split(' '),
);

const ENGLISH_WORDS: ReadonlySet<string> = new Set(
  (
    'who whom whose where when why how which what is are were has have had does did do done can could ' +
    'should would the a of and or not no also still already with for about after before since against ' +
    'through without between because from to on at by i you he she we they it its their them that ' +
    'this these those if but there many much year years today yesterday ' +
    "who's what's where's when's how's it's that's there's isn't aren't wasn't weren't doesn't didn't don't"
  ).split(' '),
);

/*
 * Relative weight of tinyld's verdict against one function word. tinyld is reliable on
 * sentences but guesses on two-word questions, where its accuracy value drops.
 */
const TINYLD_WEIGHT = 1.5;

/** Function words and umlauts/ß of a text: one point each, positive for German, negative for English. */
export function functionWordBalance(text: string): number {
  let balance = 0;
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  for (const word of words) {
    if (GERMAN_WORDS.has(word)) balance += 1;
    if (ENGLISH_WORDS.has(word)) balance -= 1;
    if (/[äöüß]/.test(word)) balance += 1;
  }
  return balance;
}

/**
 * The verdict from a function-word balance and tinyld's guesses (restricted to the two
 * languages), each weighted by its accuracy; even evidence means German.
 */
export function weighLanguageEvidence(
  balance: number,
  guesses: ReadonlyArray<{ lang: string; accuracy: number }>,
): AnswerLanguage {
  let total = balance;
  for (const guess of guesses) {
    const sign = guess.lang === 'de' ? 1 : guess.lang === 'en' ? -1 : 0;
    total += sign * TINYLD_WEIGHT * Math.min(1, guess.accuracy);
  }
  return total < 0 ? 'en' : 'de';
}

/**
 * Detects whether a (possibly very short) text is German or English: function words and
 * umlauts/ß count as evidence, combined with tinyld restricted to the two languages.
 * Defaults to German when the evidence is even. tinyld is consulted (and loaded) only when
 * its verdict could change the outcome.
 *
 * @example detectLanguage('Who is Assad?') // 'en'
 */
export function detectLanguage(text: string): AnswerLanguage {
  // Names say nothing of the question's language ("Who coaches FC Weidenbrück?", "Who is
  // Müller?"); German nouns go with them, and the function words and verbs left tell the two
  // apart. A text of names alone is read whole.
  const withoutNames = withoutCapitalisedWords(text);
  const read = /\p{L}/u.test(withoutNames) ? withoutNames : text;
  const balance = functionWordBalance(read);
  // tinyld's verdicts for the two languages add at most TINYLD_WEIGHT to either side.
  if (Math.abs(balance) > TINYLD_WEIGHT) return balance < 0 ? 'en' : 'de';
  return weighLanguageEvidence(balance, tinyld().detectAll(read, { only: ['de', 'en'] }));
}

/**
 * The text without its capitalised words, except those opening a sentence (a question's "Who",
 * "Wer"): names, and German nouns.
 */
function withoutCapitalisedWords(text: string): string {
  return text.replace(
    /(^|[.!?:;]\s*|\s)?(\p{Lu}[\p{L}\p{M}'’-]*)/gu,
    (match, before: string | undefined, word: string, offset: number) => {
      const opening = offset === 0 || (before !== undefined && /[.!?:;]/.test(before));
      return opening ? match : (before ?? '') + ' ';
    },
  );
}

/** The language to answer in: an explicit setting wins, `auto` detects it from the question. */
export function resolveAnswerLanguage(
  question: string,
  setting: AnswerLanguageSetting | undefined = 'auto',
): AnswerLanguage {
  return setting === 'auto' ? detectLanguage(question) : setting;
}

/** Parses the `ANSWER_LANGUAGE` setting; anything unknown is `auto`. */
export function parseAnswerLanguageSetting(value: string | undefined): AnswerLanguageSetting {
  const normalised = (value ?? '').trim().toLowerCase();
  return normalised === 'de' || normalised === 'en' ? normalised : 'auto';
}
