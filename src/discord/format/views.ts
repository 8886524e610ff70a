import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type { Summary } from '../../core/answer/summarize';
import type { IndexProgress, IndexSummary } from '../../core/index/indexer';
import type { ArticleInfo, ServiceStatus } from '../../core/service';
import {
  actorLabel,
  embedderLabel,
  reindexDoneText,
  startedBy,
  t,
  vectorIndexMessage,
  type Locale,
} from '../../ui/messages';
import { joinLines, sourcesEmbed } from './sources';
import { customIds } from './ids';
import { LIMITS, NO_MENTIONS, type ReplyPayload } from './reply';
import { fitText, linkLabel, neutralize, safeUrl } from './text';
import { reasonText, skippedReasonText } from '../../ui/reasons';

/** Articles listed per page of `/articles`. */
export const ARTICLES_PER_PAGE = 10;

/** A Discord timestamp (`<t:…:f>`), which every client renders in its own time zone and language. */
export function discordTime(iso: string, style: 'f' | 'R' | 'T' = 'f'): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? neutralize(iso) : `<t:${Math.floor(ms / 1000)}:${style}>`;
}

/** "3 d 4 h", "5 h 2 min", "42 s". */
export function formatUptime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds % 60} s`;
  return `${seconds} s`;
}

/** One page (1-based, clamped) of the article list with Previous/Next buttons. */
export function articlesPage(articles: readonly ArticleInfo[], page: number, locale: Locale): ReplyPayload {
  if (articles.length === 0) {
    return { content: t(locale, 'noArticles'), embeds: [], components: [], allowedMentions: NO_MENTIONS };
  }
  const pages = Math.ceil(articles.length / ARTICLES_PER_PAGE);
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const first = (current - 1) * ARTICLES_PER_PAGE;
  const lines = articles.slice(first, first + ARTICLES_PER_PAGE).map((article, i) => {
    const title = linkLabel(fitText(article.title, 200));
    const url = safeUrl(article.url);
    const parts = [url ? `[${title}](${url})` : `**${title}**`];
    if (article.date) parts.push(neutralize(article.date));
    parts.push(`${article.passages} ${t(locale, 'passages')}`);
    return `${first + i + 1}. ${parts.join(' · ')}`;
  });
  const embed: APIEmbed = {
    title: `${t(locale, 'articlesHeader')} (${articles.length})`,
    description: joinLines(lines),
    footer: { text: t(locale, 'page', { page: current, pages }) },
  };
  const button = (target: number, label: string, disabled: boolean) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    // Targets are clamped, so with more than one page the two ids always differ (Discord requires that).
    custom_id: customIds.articlesPage(target),
    label,
    disabled,
  });
  return {
    content: '',
    embeds: [embed],
    components:
      pages > 1
        ? [
            {
              type: ComponentType.ActionRow,
              components: [
                button(Math.max(1, current - 1), t(locale, 'previous'), current <= 1),
                button(Math.min(pages, current + 1), t(locale, 'next'), current >= pages),
              ],
            },
          ]
        : [],
    allowedMentions: NO_MENTIONS,
  };
}

/** `/status`: articles, passages, embedder, last reindex, uptime (and a running reindex). */
export function statusToReply(status: ServiceStatus, locale: Locale, now: Date): ReplyPayload {
  const fields = [
    { name: t(locale, 'statusArticles'), value: String(status.articles), inline: true },
    { name: t(locale, 'statusPassages'), value: String(status.passages), inline: true },
    {
      name: t(locale, 'statusEmbedder'),
      value: fitText(neutralize(embedderLabel(status.embedder, status.dims, locale)), LIMITS.fieldValue),
      inline: true,
    },
    // The kind only: a database's host is the operator's business, not the server members'.
    {
      name: t(locale, 'statusBackend'),
      value: t(locale, status.backend.kind === 'postgres' ? 'backendPostgres' : 'backendEmbedded'),
      inline: true,
    },
    ...(status.vectorIndex
      ? [
          {
            name: t(locale, 'statusVectorIndex'),
            value: t(locale, vectorIndexMessage(status.vectorIndex)),
            inline: true,
          },
        ]
      : []),
    {
      name: t(locale, 'statusLastReindex'),
      value: status.lastReindex
        ? `${discordTime(status.lastReindex.at)} (${neutralize(actorLabel(status.lastReindex.by, locale))})`
        : status.builtAt
          ? `${t(locale, 'statusBuilt')}: ${discordTime(status.builtAt)}`
          : t(locale, 'never'),
      inline: false,
    },
    {
      name: t(locale, 'statusUptime'),
      value: formatUptime(now.getTime() - Date.parse(status.startedAt)),
      inline: true,
    },
  ];
  if (status.skipped.length > 0) {
    fields.push({
      name: t(locale, 'statusSkipped'),
      value: fitText(
        status.skipped
          .map((s) => `${neutralize(s.path)}: ${neutralize(reasonText(s.reason, locale))}`)
          .join('\n'),
        LIMITS.fieldValue,
      ),
      inline: false,
    });
  }
  const description = status.reindexing
    ? t(locale, 'statusReindexing', {
        started: neutralize(startedBy(status.reindexing.by, locale)),
        at: discordTime(status.reindexing.startedAt, 'T'),
      })
    : undefined;
  return {
    content: '',
    embeds: [{ title: 'quellen', ...(description ? { description } : {}), fields }],
    components: [],
    allowedMentions: NO_MENTIONS,
  };
}

/** `/summary`: the key sentences with `[n]` markers and the compact sources block. */
export function summaryToReply(summary: Summary, locale: Locale): ReplyPayload {
  const heading = `**${fitText(neutralize(t(locale, 'summaryOf', { title: summary.title })), 300)}**\n`;
  const content = heading + fitText(neutralize(summary.text), LIMITS.content - heading.length);
  const sources = sourcesEmbed(summary.citations, locale);
  return { content, embeds: sources ? [sources] : [], components: [], allowedMentions: NO_MENTIONS };
}

const PHASES: Record<IndexProgress['phase'], Record<Locale, string>> = {
  embedding: { de: 'Einbetten', en: 'embedding' },
  writing: { de: 'Schreiben', en: 'writing' },
};

/** The progress line of `/reindex`. */
export function reindexProgressText(event: IndexProgress, locale: Locale): string {
  return t(locale, 'reindexProgress', {
    phase: PHASES[event.phase][locale],
    done: event.done,
    total: event.total,
  });
}

/** The final line of `/reindex` (and of an upload): added / changed / removed / unchanged / skipped. */
export function reindexSummaryText(summary: IndexSummary, locale: Locale): string {
  const text = reindexDoneText(summary, locale);
  if (summary.skipped.length === 0) return text;
  const skipped = summary.skipped
    .map((s) => `• ${neutralize(s.path)}: ${neutralize(skippedReasonText(s, summary, locale))}`)
    .join('\n');
  return fitText(`${text}\n${skipped}`, LIMITS.content);
}

/** The `/help` text (also the reply to a bare mention). */
export function helpText(locale: Locale): string {
  return t(locale, 'discordHelp');
}
