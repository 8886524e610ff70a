import type { APIEmbed } from 'discord.js';
import { inlineQuote } from '../../core/answer/citations';
import type { Citation } from '../../core/types';
import { t, type Locale } from '../../ui/messages';
import { embedLength, LIMITS } from './reply';
import { fitText, linkLabel, neutralize, safeUrl } from './text';

/** Where a citation comes from, as one compact line: `[n] [Title](url) · 2017-01 · Abs. 3`. */
export function citationLine(citation: Citation, locale: Locale): string {
  const title = linkLabel(fitText(citation.title, 150));
  const url = safeUrl(citation.url);
  const parts = [url ? `[${title}](${url})` : `**${title}**`];
  if (citation.date) parts.push(neutralize(citation.date));
  parts.push(`${t(locale, 'paragraph')} ${citation.paragraph}`);
  return `[${citation.n}] ${parts.join(' · ')}`;
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

/** The compact sources block of an answer or summary (one line per citation). */
export function sourcesEmbed(citations: readonly Citation[], locale: Locale): APIEmbed | undefined {
  if (citations.length === 0) return undefined;
  return {
    title: t(locale, 'sources'),
    description: joinLines(citations.map((citation) => citationLine(citation, locale))),
  };
}

/**
 * The verbatim quotes of the citations, packed into embeds within Discord's limits (4096 per
 * description, 6000 in total, 10 embeds). Over-long quotes are shortened at a sentence or
 * word boundary and marked with "…".
 */
export function quoteEmbeds(citations: readonly Citation[], locale: Locale): APIEmbed[] {
  const blocks = citations.map((citation) => {
    const quote = `> ${neutralize(fitText(inlineQuote(citation.quote), 900))}`;
    return `${citationLine(citation, locale)}\n${quote}`;
  });
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
