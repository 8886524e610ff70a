import type { APIEmbed } from 'discord.js';
import { inlineQuote } from '../../core/answer/citations';
import type { Citation } from '../../core/types';
import { t, type Locale } from '../../ui/messages';
import { embedLength, LIMITS } from './reply';
import { fitText, linkLabel, neutralize, safeUrl } from './text';

/**
 * A link to the quoted sentence in the article: its URL with a text fragment
 * (`#:~:text=start,end`), which browsers scroll to and highlight. Long quotes name their first and
 * last words; the article's own fragment, if any, is replaced.
 */
export function quoteLink(url: string, quote: string): string {
  const words = inlineQuote(quote)
    .split(' ')
    .filter((word) => word !== '');
  const encode = (part: readonly string[]): string =>
    encodeURIComponent(part.join(' ')).replace(
      /[-,&]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const directive =
    words.length <= FRAGMENT_WORDS * 2
      ? encode(words)
      : `${encode(words.slice(0, FRAGMENT_WORDS))},${encode(words.slice(-FRAGMENT_WORDS))}`;
  const page = url.replace(/#.*$/, '');
  // A fragment of long words (umlauts take six characters each) would crowd out the sources.
  return directive.length > MAX_FRAGMENT_CHARS ? page : `${page}#:~:text=${directive}`;
}

/** Longest text fragment kept in a link. */
const MAX_FRAGMENT_CHARS = 300;

/** Words on each side of a long quote's text fragment. */
const FRAGMENT_WORDS = 5;

/**
 * Where citations come from, one compact line per paragraph: `[1][3] [Title](url) · 2017-01 ·
 * Abs. 3`, the title linking to the first quoted sentence when the article has a URL.
 */
export function citationLine(citations: readonly Citation[], locale: Locale): string {
  const first = citations[0]!;
  const title = linkLabel(fitText(first.title, 150));
  const base = safeUrl(first.url);
  const url = base ? safeUrl(quoteLink(base, first.quote)) : undefined;
  const parts = [url ? `[${title}](${url})` : `**${title}**`];
  if (first.date) parts.push(neutralize(first.date));
  parts.push(`${t(locale, 'paragraph')} ${first.paragraph}`);
  return `${citations.map((citation) => `[${citation.n}]`).join('')} ${parts.join(' · ')}`;
}

/** Citations grouped by article and paragraph, in the order of their first number. */
function byParagraph(citations: readonly Citation[]): Citation[][] {
  const groups = new Map<string, Citation[]>();
  for (const citation of citations) {
    const key = `${citation.articleId}\u0000${citation.paragraph}`;
    const group = groups.get(key);
    if (group) group.push(citation);
    else groups.set(key, [citation]);
  }
  return [...groups.values()];
}

/**
 * Joins lines into an embed description of at most `max` characters; lines that no longer
 * fit are dropped whole and replaced by "…", so no line (or link) is ever cut in half.
 */
export function joinLines(lines: readonly string[], max: number = LIMITS.embedDescription): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    const added = (kept.length > 0 ? 1 : 0) + line.length;
    if (length + added > max - 2) {
      kept.push('…');
      break;
    }
    kept.push(line);
    length += added;
  }
  return kept.join('\n');
}

/** The compact sources block of an answer or summary (one line per quoted paragraph). */
export function sourcesEmbed(citations: readonly Citation[], locale: Locale): APIEmbed | undefined {
  if (citations.length === 0) return undefined;
  return {
    title: t(locale, 'sources'),
    description: joinLines(byParagraph(citations).map((group) => citationLine(group, locale))),
  };
}

/** Characters of the passage shown on each side of a quote. */
const CONTEXT_CHARS = 280;

/**
 * A quote in its context: the surrounding passage (up to {@link CONTEXT_CHARS} on each side, cut
 * at a word) with the quote in bold, all of it inert and on one line.
 */
export function inContext(citation: Pick<Citation, 'quote' | 'passage'>): string {
  const quote = neutralize(fitText(inlineQuote(citation.quote), 900));
  const at = citation.passage.indexOf(citation.quote);
  if (at < 0) return quote;
  let before = inlineQuote(citation.passage.slice(0, at));
  let after = inlineQuote(citation.passage.slice(at + citation.quote.length));
  if (before.length > CONTEXT_CHARS) {
    const cut = before.slice(-CONTEXT_CHARS);
    before = `…${cut.slice(Math.max(0, cut.indexOf(' ') + 1))}`;
  }
  if (after.length > CONTEXT_CHARS) {
    const cut = after.slice(0, CONTEXT_CHARS);
    after = `${cut.slice(0, Math.max(0, cut.lastIndexOf(' ')))}…`;
  }
  const parts = [before && neutralize(before), `**${quote}**`, after && neutralize(after)];
  return parts.filter((part) => part !== '').join(' ');
}

/**
 * The verbatim quotes of the citations, each in its context, packed into embeds within Discord's limits (4096 per
 * description, 6000 in total, 10 embeds). Over-long quotes are shortened at a sentence or
 * word boundary and marked with "…".
 */
export function quoteEmbeds(citations: readonly Citation[], locale: Locale): APIEmbed[] {
  const blocks = citations.map((citation) => `${citationLine([citation], locale)}\n> ${inContext(citation)}`);
  const embeds: APIEmbed[] = [];
  let total = 0;
  let current: string[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    const embed: APIEmbed = {
      ...(embeds.length === 0 ? { title: t(locale, 'sources') } : {}),
      description: current.join('\n\n'),
    };
    embeds.push(embed);
    total += embedLength(embed);
    current = [];
  };
  for (const block of blocks) {
    const pending = current.reduce((sum, b) => sum + b.length + 2, 0);
    if (pending + block.length > LIMITS.embedDescription) flush();
    const budgetLeft = LIMITS.embedTotal - total - current.reduce((sum, b) => sum + b.length + 2, 0) - 32;
    if (block.length > budgetLeft || embeds.length >= LIMITS.embeds) break;
    current.push(block);
  }
  flush();
  return embeds;
}
