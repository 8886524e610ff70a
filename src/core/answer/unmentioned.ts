import type { Article, QueryExpansion } from '../types';
import { analyze, fold } from '../text/analysis';
import type { SynonymLookup } from '../text/synonyms';
import { detectLanguage } from './language';
import { mentionsName, questionNameWords, type QuestionName } from './names';

/** How far into an article names are looked for where not all of it is read (news names its subject early). */
export const NAME_REACH = 20_000;

/** What {@link unmentionedNames} reads. */
export interface UnmentionedInput {
  /** The article of the answer's first quote, and the passage it was quoted from. */
  quote: { article: Article; passageText: string };
  /** Every article of the passages read for the answer. */
  read: readonly Article[];
  /**
   * The expansion a translated question was matched through: its concepts give the German
   * spellings of an English name ("Hungary", "Ungarn"), `unknown` the words the collection writes
   * in no spelling, `common` the words the dictionary knows as common words ("Examination Board").
   */
  expansion?: QueryExpansion;
  /**
   * A German thesaurus: German capitalises every noun, so a German question's names are told from
   * its nouns by it (a noun with synonyms, or with a head of at least {@link HEAD_MIN_LENGTH}
   * letters that has some, is no name). Without it a German question's names are not checked.
   */
  synonyms?: SynonymLookup;
}

/** Shortest final part of a compound that counts as its head ("wachstum" of "Wirtschaftswachstum"). */
export const HEAD_MIN_LENGTH = 5;

/**
 * The names a question asks about (see `questionNameWords`) that the article of the answer's
 * first quote does not mention, as the question wrote them: "Wie viele Menschen werden in Aleppo
 * belagert?" answered from an article about Deir al-Sor gives ["Aleppo"].
 *
 * A name counts as missing when that article (its title and text) lacks it and its translations
 * as a word, a stem or the first part of a compound, and either another read article has it (the
 * collection spells it so; looked for in their first {@link NAME_REACH} characters), or it has
 * translations ("Australia" where the article lacks "Australien"), or the collection writes it in
 * no spelling. A word no read article has and that nothing translates is left alone: an
 * untranslated English name may be spelled otherwise in German ("Dimitrov", "Dimitrow"). Words
 * the dictionary knows as common words are no names in an English question; nouns the thesaurus
 * lists are none in a German one (nor are names it lists: "Wien", "Österreich").
 */
export function unmentionedNames(question: string, input: UnmentionedInput): string[] {
  const language = detectLanguage(question);
  const { synonyms, expansion } = input;
  if (language === 'de' && !synonyms) return [];
  const common = new Set((expansion?.common ?? []).map((word) => bare(word).toLowerCase()));
  const names = questionNameWords(question, language).filter((name) =>
    language === 'de'
      ? !name.terms.some((term) => hasSynonyms(synonyms!, term))
      : !common.has(bare(name.word).toLowerCase()),
  );
  if (names.length === 0) return [];
  const quoted = new QuotedText(input.quote.article, input.quote.passageText);
  const read = input.read
    .filter((article) => article !== input.quote.article)
    .map((article) => fold(`${article.title}\n${article.text.slice(0, NAME_REACH)}`));
  const unknown = new Set((expansion?.unknown ?? []).map((word) => bare(word).toLowerCase()));
  const missing: QuestionName[] = [];
  for (const name of names) {
    const word = bare(name.word);
    const spellings = alternativesOf(expansion, word).flatMap((w) => analyze(w, { inSentence: true }));
    const terms = [...name.terms, ...spellings];
    if (quoted.mentions(terms)) continue;
    const elsewhere = read.some((text) => terms.some((term) => mentionsName(text, term)));
    if (elsewhere || spellings.length > 0 || unknown.has(word.toLowerCase())) missing.push(name);
  }
  return asked(question, missing);
}

/**
 * The names of a translated question that the collection writes in no spelling: the dictionary
 * translates them, yet neither they nor a translation stands in any article (see
 * `QueryExpansion.unknown`; words it knows as common words do not count). "What is the capital of
 * Australia?" over articles that never write "Australien" gives ["Australia"]: the articles are
 * not about it.
 */
export function namesUnknownToCollection(question: string, expansion: QueryExpansion | undefined): string[] {
  if (!expansion?.unknown || expansion.unknown.length === 0) return [];
  const unknown = new Set(expansion.unknown.map((word) => bare(word).toLowerCase()));
  const common = new Set((expansion.common ?? []).map((word) => bare(word).toLowerCase()));
  return questionNameWords(question, 'en')
    .map((name) => bare(name.word))
    .filter((word) => unknown.has(word.toLowerCase()) && !common.has(word.toLowerCase()));
}

/** The quoted article's folded text, its head and the quoted passage first, the rest only when needed. */
class QuotedText {
  private readonly head: string;
  private rest: string | undefined;

  constructor(
    private readonly article: Article,
    passageText: string,
  ) {
    this.head = fold(`${article.title}\n${article.text.slice(0, NAME_REACH)}\n${passageText}`);
  }

  mentions(terms: readonly string[]): boolean {
    if (terms.some((term) => mentionsName(this.head, term))) return true;
    if (this.article.text.length <= NAME_REACH) return false;
    this.rest ??= fold(this.article.text.slice(NAME_REACH - 200));
    return terms.some((term) => mentionsName(this.rest!, term));
  }
}

/** A word without an English possessive: "Germany's" → "Germany", "Williams'" → "Williams". */
function bare(word: string): string {
  return word.replace(/['’]s?$/u, '');
}

/**
 * The missing names as the question wrote them, a name of several words as one ("North
 * Carolina", not across a possessive: "Syria's Aleppo"), without an English possessive, each once.
 */
function asked(question: string, names: readonly QuestionName[]): string[] {
  const phrases: string[] = [];
  for (const { word } of names) {
    const last = phrases.at(-1);
    const joins = last !== undefined && bare(last) === last && question.includes(`${last} ${word}`);
    if (joins) phrases[phrases.length - 1] = `${last} ${word}`;
    else phrases.push(word);
  }
  return [...new Set(phrases.map(bare))];
}

/**
 * Whether a German term is a common noun: it, or a final part of it of at least
 * {@link HEAD_MIN_LENGTH} letters, has thesaurus synonyms.
 */
function hasSynonyms(synonyms: SynonymLookup, term: string): boolean {
  for (let at = 0; at <= term.length - HEAD_MIN_LENGTH || at === 0; at += 1) {
    if (synonyms.synonymsOf(term.slice(at)).length > 0) return true;
  }
  return false;
}

/** The other words of the concepts a word of the question stands in (`QueryExpansion.concepts`). */
function alternativesOf(expansion: QueryExpansion | undefined, word: string): string[] {
  const lower = word.toLowerCase();
  return (expansion?.concepts ?? [])
    .filter((concept) => concept.some((entry) => entry.toLowerCase() === lower))
    .flat()
    .filter((entry) => entry.toLowerCase() !== lower);
}
