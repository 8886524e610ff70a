import type { AnswerLanguage } from '../types';

/** The fixed words answers are framed with, per answer language. Quotes stay in the article's language. */
export interface Phrases {
  /** Leads an extractive answer. */
  answerLead: string;
  /** Says plainly that the articles do not answer the question. */
  nothingFound: string;
  /** Leads the list of nearest articles after {@link nothingFound}. */
  nearest: string;
  /** Said when an article has no text to summarise. */
  emptyArticle: string;
  openQuote: string;
  closeQuote: string;
  /** Says that the article of quote [1] does not mention these names of the question (one or more). */
  unmentioned: (names: readonly string[]) => string;
}

const PHRASES: Record<AnswerLanguage, Phrases> = {
  de: {
    answerLead: 'Laut den Artikeln:',
    nothingFound: 'Dazu finde ich in den Artikeln nichts.',
    nearest: 'Am nächsten kommen:',
    emptyArticle: 'Der Artikel enthält keinen Text, den ich zusammenfassen kann.',
    openQuote: '„',
    closeQuote: '“',
    unmentioned: (names) =>
      names.length === 1
        ? `Hinweis: Zitat [1] stammt aus einem Artikel, in dem ${inQuotationMarks(names[0]!, 'de')} nicht vorkommt.`
        : `Hinweis: Zitat [1] stammt aus einem Artikel, in dem weder ${listed(names, 'de', 'noch')} vorkommt.`,
  },
  en: {
    answerLead: 'According to the articles:',
    nothingFound: "The articles don't say anything about that.",
    nearest: 'Closest matches:',
    emptyArticle: 'The article has no text to summarise.',
    openQuote: '“',
    closeQuote: '”',
    unmentioned: (names) =>
      `Note: quote [1] comes from an article that does not mention ${listed(names, 'en', 'or')}.`,
  },
};

/** Quoted names joined as a sentence lists them: „A“, „B“ noch „C“; “A”, “B” or “C”. */
function listed(names: readonly string[], language: AnswerLanguage, and: string): string {
  const quoted = names.map((name) => inQuotationMarks(name, language));
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${and} ${quoted.at(-1)}`;
}

// The double quotation marks answers are framed with, and the single ones they become inside.
const NESTED: Readonly<Record<string, string>> = { '„': '‚', '“': '‘', '”': '’' };

/**
 * A German opening mark closed by a straight one (`„Nein"`, as typed on many keyboards): the pair
 * is nested as a whole, so its close does not stay double.
 */
const MIXED_PAIR = /„([^„“”"]*)"(?=[\s.,;:!?)\]…–—’“-]|$)/g;

/**
 * A text in the language's quotation marks; its own double marks become single ones, as
 * typography nests them (`„Er sagte: ‚Nein‘.“`), so a quoted quotation does not open with „„.
 * Other straight marks are left as written. For display only: citations keep the text as written.
 */
export function inQuotationMarks(text: string, language: AnswerLanguage): string {
  const p = PHRASES[language];
  const nested = text.replace(MIXED_PAIR, '‚$1‘').replace(/[„“”]/g, (mark) => NESTED[mark]!);
  return `${p.openQuote}${nested}${p.closeQuote}`;
}

/** The phrases for one language. */
export function phrasesFor(language: AnswerLanguage): Phrases {
  return PHRASES[language];
}

/** The abstention text: a plain "nothing found", then the nearest article titles if there are any. */
export function abstentionText(language: AnswerLanguage, nearestTitles: readonly string[]): string {
  const p = phrasesFor(language);
  if (nearestTitles.length === 0) return p.nothingFound;
  const titles = nearestTitles.map((title) => inQuotationMarks(title, language)).join(', ');
  return `${p.nothingFound} ${p.nearest} ${titles}.`;
}
