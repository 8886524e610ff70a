import { inlineQuote } from '../core/answer/citations';
import { inQuotationMarks } from '../core/answer/phrases';
import type { Summary } from '../core/answer/summarize';
import type { IndexSummary } from '../core/index/indexer';
import type { ArticleInfo, ServiceStatus } from '../core/service';
import type { Answer, Citation } from '../core/types';
import {
  actorLabel,
  embedderLabel,
  reindexDoneText,
  startedBy,
  t,
  vectorIndexMessage,
  type Locale,
} from '../ui/messages';
import { indexProblemText, reasonText, skippedReasonText } from '../ui/reasons';

/**
 * Pure text formatting for the terminal. Each function returns the whole text to print,
 * so the CLI, the chat and the tests see exactly the same output.
 */

function dateSuffix(date: string | undefined): string {
  return date ? `, ${date}` : '';
}

/** One numbered source line: `[1] Title (2017-01), ¶3 — https://…`. */
export function formatSourceLine(citation: Citation, locale: Locale): string {
  const where = `${t(locale, 'paragraph')} ${citation.paragraph}`;
  const link = citation.url ? ` — ${citation.url}` : '';
  return `[${citation.n}] ${citation.title} (${citation.articleId}${dateSuffix(citation.date)}), ${where}${link}`;
}

/**
 * An answer with its numbered sources and the verbatim quotes, all in the answer's language (the
 * question's): a German answer under English labels reads as two voices.
 */
export function formatAnswer(
  answer: Answer,
  filters: { article?: string; since?: string; until?: string } = {},
): string {
  const locale: Locale = answer.language;
  const lines = [answer.text];
  // An abstention under a filter may only mean the filter left the answer out: say what was searched.
  if (answer.abstained && (filters.article || filters.since || filters.until)) {
    lines.push(
      t(locale, 'searchedOnly', {
        what: [
          filters.article ? t(locale, 'filterArticle', { article: filters.article }) : '',
          filters.since ? t(locale, 'filterSince', { date: filters.since }) : '',
          filters.until ? t(locale, 'filterUntil', { date: filters.until }) : '',
        ]
          .filter((part) => part !== '')
          .join(', '),
      }),
    );
  }
  if (
    answer.abstained &&
    answer.nearestArticles.length > 0 &&
    !listsTitle(answer.text, answer.nearestArticles[0]!.title, answer.language)
  ) {
    lines.push(...answer.nearestArticles.map((article) => `  - ${article.title} (${article.articleId})`));
  }
  if (answer.citations.length > 0) {
    lines.push('', `${t(locale, 'sources')}:`);
    for (const citation of answer.citations) {
      lines.push(formatSourceLine(citation, locale));
      lines.push(`    ${inQuotationMarks(inlineQuote(citation.quote), answer.language)}`);
    }
  }
  return lines.join('\n');
}

/**
 * A summary with its numbered paragraph citations, labelled in the reader's language (a summary
 * answers no question whose language it could follow; its sentences are the article's).
 */
export function formatSummary(summary: Summary, locale: Locale): string {
  const lines = [t(locale, 'summaryOf', { title: summary.title }), '', summary.text];
  if (summary.citations.length > 0) {
    lines.push('', `${t(locale, 'sources')}:`);
    for (const citation of summary.citations) lines.push(formatSourceLine(citation, locale));
  }
  return lines.join('\n');
}

/** The list of indexed articles, one per line. */
export function formatArticles(articles: readonly ArticleInfo[], locale: Locale): string {
  if (articles.length === 0) return t(locale, 'noArticles');
  const lines = [`${t(locale, 'articlesHeader')} (${articles.length}):`];
  for (const article of articles) {
    lines.push(
      `  ${article.id}  ${article.title}${dateSuffix(article.date)} — ${article.passages} ${t(locale, article.passages === 1 ? 'passage' : 'passages')}`,
    );
  }
  return lines.join('\n');
}

function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0
    ? `${hours} h ${minutes} min`
    : minutes > 0
      ? `${minutes} min ${seconds % 60} s`
      : `${seconds} s`;
}

/** "2026-12-07T02:41:54.576Z" as people read it: "2026-12-07 02:41 UTC"; anything else as it is. */
function utcMinute(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/**
 * The index status as a short block of `label: value` lines. With `usable: false` (an index that
 * could not be opened) the lines about its contents are left out: nothing was loaded to count,
 * and "0 articles" would read as an empty index.
 */
export function formatStatus(
  status: ServiceStatus,
  locale: Locale,
  now: Date = new Date(),
  options: { session?: boolean; usable?: boolean } = {},
): string {
  const contents = options.usable !== false;
  const lines = [
    ...(contents
      ? [
          `${t(locale, 'statusArticles')}: ${status.articles}`,
          `${t(locale, 'statusPassages')}: ${status.passages}`,
        ]
      : []),
    `${t(locale, 'statusEmbedder')}: ${embedderLabel(status.embedder, status.dims, locale)}`,
    `${t(locale, 'statusBackend')}: ${t(locale, status.backend.kind === 'postgres' ? 'backendPostgres' : 'backendEmbedded')} (${status.backend.location})`,
    ...(contents && status.vectorIndex
      ? [`${t(locale, 'statusVectorIndex')}: ${t(locale, vectorIndexMessage(status.vectorIndex))}`]
      : []),
    ...(contents
      ? [`${t(locale, 'statusBuilt')}: ${status.builtAt ? utcMinute(status.builtAt) : t(locale, 'never')}`]
      : []),
  ];
  // A running chat or bot has a history of its own; a one-shot command has none to tell. A
  // session without a reindex of its own says nothing of one: the build time is above.
  if (options.session !== false) {
    if (status.lastReindex)
      lines.push(
        `${t(locale, 'statusLastReindex')}: ${utcMinute(status.lastReindex.at)} (${actorLabel(status.lastReindex.by, locale)})`,
      );
    lines.push(
      `${t(locale, 'statusUptime')}: ${formatDuration(now.getTime() - Date.parse(status.startedAt))}`,
    );
  }
  if (status.reindexing) {
    lines.push(
      t(locale, 'statusReindexing', {
        started: startedBy(status.reindexing.by, locale),
        at: status.reindexing.startedAt,
      }),
    );
  }
  if (status.skipped.length > 0) {
    lines.push(`${t(locale, 'statusSkipped')} (${status.skipped.length}):`);
    for (const skipped of status.skipped)
      lines.push(`  ${skipped.path}: ${reasonText(skipped.reason, locale)}`);
  }
  return lines.join('\n');
}

/** The line `quellen model fetch` prints for a fetched model. */
export function formatFetchedModel(
  fetched: { modelId: string; dir: string; files: readonly unknown[]; totalBytes: number },
  locale: Locale,
): string {
  const size = `${(fetched.totalBytes / 1024 / 1024).toFixed(1)} MB`;
  return t(locale, 'modelFetched', {
    model: fetched.modelId,
    dir: fetched.dir,
    files: fetched.files.length,
    size: locale === 'de' ? size.replace('.', ',') : size,
  });
}

/**
 * The end-of-run summary of an index update, plus one line per skipped file. Why the index was
 * rebuilt follows it, unless the person asked for the rebuild (`fullRequested`) or there was no
 * index before (a first build).
 */
export function formatIndexSummary(
  summary: IndexSummary,
  locale: Locale,
  options: { fullRequested?: boolean } = {},
): string {
  const lines = [reindexDoneText(summary, locale)];
  if (summary.rebuildReason && !options.fullRequested && !summary.firstBuild)
    lines.push(
      `  ${t(locale, 'rebuiltBecause', { reason: indexProblemText(summary.rebuildReason.replace(/; (re)?building( it)?$/, ''), locale) })}`,
    );
  for (const skipped of summary.skipped)
    lines.push(
      `  ${t(locale, 'skippedFile', { path: skipped.path, reason: skippedReasonText(skipped, summary, locale) })}`,
    );
  return lines.join('\n');
}

/** The JSON line `quellen ask --json` / `--batch` prints for one question. */
export function answerToJson(answer: Answer, id?: string): Record<string, unknown> {
  return {
    ...(id === undefined ? {} : { id }),
    question: answer.question,
    answer: answer.text,
    abstained: answer.abstained,
    language: answer.language,
    mode: answer.mode,
    citations: answer.citations.map((c) => ({
      n: c.n,
      articleId: c.articleId,
      title: c.title,
      date: c.date ?? null,
      url: c.url ?? null,
      paragraph: c.paragraph,
      section: c.section ?? null,
      quote: c.quote,
      passage: c.passage,
      passageId: c.passageId,
      quoteStart: c.quoteStart,
      quoteEnd: c.quoteEnd,
      score: Number(c.score.toFixed(4)),
    })),
    nearestArticles: answer.nearestArticles,
    unmentioned: answer.unmentioned ?? [],
  };
}

/** Whether an answer's text already names an article title, as written or in quotation marks. */
function listsTitle(text: string, title: string, language: Answer['language']): boolean {
  return text.includes(title) || text.includes(inQuotationMarks(title, language));
}
