import type { Answer, Citation } from '../types';
import { paragraphAt, type ArticleLookup } from './citations';
import { abstentionText } from './phrases';

/** A text with citations after verification, and what had to be removed or repaired. */
export interface VerifiedCitations {
  text: string;
  citations: Citation[];
  /** One line per problem found; empty when everything was in order. */
  problems: string[];
}

/** An answer after verification, with the problems found (for logs and tests). */
export interface VerifiedAnswer {
  answer: Answer;
  problems: string[];
}

/**
 * Checks each citation against the article text and the text's markers against the citations:
 * quote and passage must be verbatim slices (`article.text.slice(quoteStart, quoteEnd) === quote`,
 * the passage occurring in the article around the quote), markers must refer to a valid citation and
 * every citation must be referred to. Invalid citations and dangling markers are removed; metadata
 * (title, date, url, paragraph) is repaired from the article; citations are renumbered 1..k in order
 * of first mention.
 */
export function verifyCitationList(
  text: string,
  citations: readonly Citation[],
  lookup: ArticleLookup,
): VerifiedCitations {
  const problems: string[] = [];
  const valid = new Map<number, Citation>();
  for (const citation of citations) {
    if (valid.has(citation.n)) {
      problems.push(`citation [${citation.n}] appears twice; the second was removed`);
      continue;
    }
    const checked = checkCitation(citation, lookup, problems);
    if (checked) valid.set(citation.n, checked);
  }

  const renumbered = new Map<number, number>();
  const stripped = text.replace(/[ \t]*\[(\d{1,3})\]/g, (marker, digits: string) => {
    const n = Number(digits);
    if (!valid.has(n)) {
      problems.push(`marker [${n}] has no valid citation; removed`);
      return '';
    }
    if (!renumbered.has(n)) renumbered.set(n, renumbered.size + 1);
    return marker.replace(`[${digits}]`, `[${renumbered.get(n)}]`);
  });

  const kept: Citation[] = [];
  for (const [n, citation] of valid) {
    const newN = renumbered.get(n);
    if (newN === undefined) {
      problems.push(`citation [${n}] is not referred to in the text; removed`);
      continue;
    }
    kept.push({ ...citation, n: newN });
  }
  kept.sort((a, b) => a.n - b.n);
  return { text: stripped.trim(), citations: kept, problems };
}

function checkCitation(citation: Citation, lookup: ArticleLookup, problems: string[]): Citation | undefined {
  const label = `citation [${citation.n}]`;
  const article = lookup(citation.articleId);
  if (!article) {
    problems.push(`${label}: unknown article ${citation.articleId}`);
    return undefined;
  }
  const { quoteStart, quoteEnd, quote, passage } = citation;
  if (
    !Number.isInteger(quoteStart) ||
    !Number.isInteger(quoteEnd) ||
    quoteStart < 0 ||
    quoteEnd <= quoteStart ||
    quote.trim() === '' ||
    article.text.slice(quoteStart, quoteEnd) !== quote
  ) {
    problems.push(`${label}: quote is not verbatim at ${quoteStart}-${quoteEnd} of ${article.id}`);
    return undefined;
  }
  if (!passageEncloses(article.text, passage, quoteStart, quoteEnd)) {
    problems.push(`${label}: passage is not a verbatim slice of ${article.id} around the quote`);
    return undefined;
  }
  if (!citation.passageId.startsWith(`${article.id}#`)) {
    problems.push(`${label}: passage id ${citation.passageId} does not belong to ${article.id}`);
    return undefined;
  }
  const repaired: Citation = {
    ...citation,
    title: article.title,
    paragraph: paragraphAt(article, quoteStart),
  };
  if (article.date !== undefined) repaired.date = article.date;
  else delete repaired.date;
  if (article.url !== undefined) repaired.url = article.url;
  else delete repaired.url;
  if (repaired.paragraph !== citation.paragraph) {
    problems.push(`${label}: paragraph ${citation.paragraph} corrected to ${repaired.paragraph}`);
  }
  return repaired;
}

/** Whether `passage` occurs in `text` at a position that contains [quoteStart, quoteEnd). */
function passageEncloses(text: string, passage: string, quoteStart: number, quoteEnd: number): boolean {
  if (passage.length < quoteEnd - quoteStart) return false;
  let from = Math.max(0, quoteEnd - passage.length);
  for (;;) {
    const at = text.indexOf(passage, from);
    if (at < 0 || at > quoteStart) return false;
    if (at + passage.length >= quoteEnd) return true;
    from = at + 1;
  }
}

/**
 * Verifies an answer before it leaves core (see {@link verifyCitationList}). An answer left
 * without a valid citation becomes an abstention that names the articles it had cited.
 */
export function verifyCitations(answer: Answer, lookup: ArticleLookup): VerifiedAnswer {
  if (answer.abstained) {
    const problems = answer.citations.length > 0 ? ['abstention carried citations; removed'] : [];
    const text = answer.text.replace(/[ \t]*\[\d{1,3}\]/g, '').trim();
    return { answer: { ...answer, text, citations: [] }, problems };
  }
  const verified = verifyCitationList(answer.text, answer.citations, lookup);
  if (verified.citations.length > 0) {
    return {
      answer: { ...answer, text: verified.text, citations: verified.citations },
      problems: verified.problems,
    };
  }
  const nearest = new Map<string, string>();
  for (const entry of answer.nearestArticles) nearest.set(entry.articleId, entry.title);
  for (const citation of answer.citations) {
    const article = lookup(citation.articleId);
    if (article && !nearest.has(article.id)) nearest.set(article.id, article.title);
  }
  const nearestArticles = [...nearest].map(([articleId, title]) => ({ articleId, title }));
  return {
    answer: {
      ...answer,
      abstained: true,
      text: abstentionText(
        answer.language,
        nearestArticles.map((entry) => entry.title),
      ),
      citations: [],
      nearestArticles,
    },
    problems: [...verified.problems, 'no valid citation left; the answer abstains'],
  };
}
