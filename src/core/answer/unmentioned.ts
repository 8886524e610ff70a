import type { Article } from '../types';
import { analyze, fold } from '../text/analysis';
import { detectLanguage } from './language';
import { mentionsName, questionNameWords, type QuestionName } from './names';

/** How far into an article names are looked for (news names its subject early). */
export const NAME_REACH = 20_000;

/** What {@link unmentionedNames} reads. */
export interface UnmentionedInput {
  /** The article of the answer's first quote, and the passage it was quoted from (read in full). */
  quote: { article: Article; passageText: string };
  /** Every article of the passages read for the answer. */
  read: readonly Article[];
  /**
   * For a question matched through its translation: the words standing for the same concept as
   * a word of the question (see `QueryExpansion.concepts`), as an English name may be spelled
   * otherwise in German ("Hungary", "Ungarn").
   */
  alternatives?: (word: string) => readonly string[];
  /**
   * Words of the question that the collection writes in no spelling the dictionary knows (see
   * `QueryExpansion.unknown`): such a name is missing from every article.
   */
  unknown?: readonly string[];
  /**
   * Whether an analysed German term is a common noun (one with thesaurus synonyms): German
   * capitalises every noun, so a German question's names are told from its nouns by this.
   * Without it a German question's names are not checked.
   */
  commonNoun?: (term: string) => boolean;
  /**
   * For an English question: its words the dictionary knows as common words (see
   * `QueryExpansion.common`), capitalised in a name of several words ("Examination Board").
   */
  commonWords?: readonly string[];
}

/**
 * The names a question asks about (see `questionNameWords`) that the article of the answer's
 * first quote does not mention, as the question wrote them: "Wie viele Menschen werden in Aleppo
 * belagert?" answered from an article about Deir al-Sor gives ["Aleppo"].
 *
 * A name counts as missing when that article (its title, its first {@link NAME_REACH} characters
 * and the quoted passage) lacks it and its translations as a word, a stem or the first part of a
 * compound, and either another read article has it (the collection spells it so), or it has
 * translations ("Australia" where the article lacks "Australien"), or the collection writes it in
 * no spelling. A word no read article has and that nothing translates is left alone: an
 * untranslated English name may be spelled otherwise in German ("Dimitrov", "Dimitrow"). In a
 * German question, nouns with thesaurus synonyms are no names ("nach Angaben", "Beispiele"); in an
 * English one, words the dictionary knows as common words ("Examination Board").
 */
export function unmentionedNames(question: string, input: UnmentionedInput): string[] {
  const language = detectLanguage(question);
  const { commonNoun } = input;
  if (language === 'de' && !commonNoun) return [];
  const commonWords = new Set((input.commonWords ?? []).map((word) => word.toLowerCase()));
  const names = questionNameWords(question, language).filter((name) =>
    language === 'de'
      ? !name.terms.some((term) => commonNoun!(term))
      : !commonWords.has(name.word.replace(/['’]s$/u, '').toLowerCase()),
  );
  if (names.length === 0) return [];
  const quoted = foldedText(input.quote.article, input.quote.passageText);
  const read = input.read.filter((article) => article !== input.quote.article).map((a) => foldedText(a));
  const mentioned = (text: string, terms: readonly string[]): boolean =>
    terms.some((term) => mentionsName(text, term));
  const unknown = new Set((input.unknown ?? []).map((word) => word.toLowerCase()));
  const missing: QuestionName[] = [];
  for (const name of names) {
    const word = name.word.replace(/['’]s$/u, '');
    const spellings = (input.alternatives?.(word) ?? []).flatMap((w) => analyze(w, { inSentence: true }));
    const terms = [...name.terms, ...spellings];
    if (mentioned(quoted, terms)) continue;
    // The collection writes it in no spelling, another read article has it, or it has
    // translations and the quoted article holds none of them.
    if (
      unknown.has(word.toLowerCase()) ||
      spellings.length > 0 ||
      read.some((text) => mentioned(text, terms))
    ) {
      missing.push(name);
    }
  }
  return asked(question, missing);
}

/**
 * The missing names as the question wrote them, a name of several words as one ("North
 * Carolina"), without an English possessive ("Germany's"), each once.
 */
function asked(question: string, names: readonly QuestionName[]): string[] {
  const phrases: string[] = [];
  for (const { word } of names) {
    const last = phrases.at(-1);
    const joins = last !== undefined && !/['’]s$/u.test(last) && question.includes(`${last} ${word}`);
    if (joins) phrases[phrases.length - 1] = `${last} ${word}`;
    else phrases.push(word);
  }
  return [...new Set(phrases.map((phrase) => phrase.replace(/['’]s$/u, '')))];
}

/** An article's folded title and text (to {@link NAME_REACH}), with a passage read in full. */
function foldedText(article: Article, passageText = ''): string {
  const head = article.text.slice(0, NAME_REACH);
  return fold([article.title, head, head.includes(passageText) ? '' : passageText].join('\n'));
}
