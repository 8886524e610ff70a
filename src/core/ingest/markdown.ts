/**
 * Markdown articles: YAML front matter for metadata, block structure from the markdown itself.
 * A small line-based reader is enough here: the goal is readable text with headings, not HTML.
 */

import { parse as parseYaml } from 'yaml';

import { collapseWhitespace, type BlockDraft } from './blocks';
import { normalizeDate } from './articleDates';
import { isCaption } from './heuristics';
import { stripInlineMarkdown } from './markdownInline';

/** Metadata an article states about itself (front matter, HTML meta tags). */
export interface ArticleMetadata {
  title?: string;
  date?: string;
  url?: string;
  author?: string;
  tags: string[];
}

/** What the markdown reader found. */
export interface MarkdownContent {
  meta: ArticleMetadata;
  blocks: BlockDraft[];
  /** Text of the first level-1 heading, a title candidate. */
  firstH1?: string;
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/**
 * Splits off and parses YAML front matter. Front matter that is not valid YAML or not a mapping
 * is left in the body as text: a broken header must not lose the article.
 */
export function parseFrontMatter(source: string): { meta: ArticleMetadata; body: string } {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { meta: { tags: [] }, body: source };
  const rest = source.slice(match[0].length);
  // Not metadata after all: its lines become an ordinary paragraph (not a setext heading).
  const asText = { meta: { tags: [] }, body: `${match[1]!}\n\n${rest}` };
  let data: unknown;
  try {
    data = parseYaml(match[1]!, { prettyErrors: false });
  } catch {
    return asText;
  }
  if (data === null || data === undefined) return { meta: { tags: [] }, body: rest };
  if (typeof data !== 'object' || Array.isArray(data)) return asText;
  const record = data as Record<string, unknown>;
  const meta: ArticleMetadata = { tags: toTags(record.tags ?? record.keywords ?? record.categories) };
  const title = toText(record.title);
  const date = normalizeDate(record.date ?? record.published ?? record.datum);
  const url = toText(record.url ?? record.link ?? record.source);
  const author = toText(record.author ?? record.authors);
  if (title) meta.title = title;
  if (date) meta.date = date;
  if (url) meta.url = url;
  if (author) meta.author = author;
  return { meta, body: rest };
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = collapseWhitespace(String(value));
    return text === '' ? undefined : text;
  }
  if (Array.isArray(value)) {
    const parts = value.map(toText).filter((v): v is string => v !== undefined);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  return undefined;
}

function toTags(value: unknown): string[] {
  const raw: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const tags = raw.map(toText).filter((v): v is string => v !== undefined);
  return [...new Set(tags)];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;
const TABLE_DIVIDER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/;
const BLOCKQUOTE = /^(?: {0,3}>[ \t]?)+/;
/** A paragraph that is nothing but bold text, a common way to write sub-headings. */
const BOLD_LINE = /^(\*\*|__)(?=\S)([^*_]{1,100})\1$/;

/**
 * Reads a markdown article into metadata and blocks. Headings (ATX and setext, and lines that
 * are entirely bold) become heading blocks; list items and quoted paragraphs become paragraph
 * blocks; code blocks are kept as text; agency-credited lines become captions.
 */
export function readMarkdown(source: string): MarkdownContent {
  const { meta, body } = parseFrontMatter(source);
  const blocks: BlockDraft[] = [];
  let firstH1: string | undefined;
  let lines: string[] = [];
  let fence: string | undefined;
  let listItem = false;

  const flush = (): void => {
    if (lines.length === 0) return;
    const raw = lines.join('\n').trim();
    lines = [];
    const wasListItem = listItem;
    listItem = false;
    const bold = wasListItem ? null : BOLD_LINE.exec(raw);
    if (bold) {
      blocks.push({ kind: 'heading', text: stripInlineMarkdown(bold[2]!) });
      return;
    }
    const text = collapseWhitespace(stripInlineMarkdown(raw));
    blocks.push({ kind: isCaption(text) ? 'caption' : 'paragraph', text });
  };
  const heading = (level: number, raw: string): void => {
    const text = collapseWhitespace(stripInlineMarkdown(raw));
    if (level === 1 && firstH1 === undefined && text !== '') firstH1 = text;
    blocks.push({ kind: 'heading', text });
  };

  for (const fullLine of body.split('\n')) {
    if (fence !== undefined) {
      const close = FENCE.exec(fullLine);
      if (
        close &&
        close[1]![0] === fence[0] &&
        close[1]!.length >= fence.length &&
        fullLine.trim() === close[1]
      ) {
        blocks.push({ kind: 'paragraph', text: lines.join('\n') });
        lines = [];
        fence = undefined;
      } else {
        lines.push(fullLine);
      }
      continue;
    }
    const line = fullLine.replace(BLOCKQUOTE, '');
    const open = FENCE.exec(line);
    if (open) {
      flush();
      fence = open[1]!;
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      flush();
      heading(atx[1]!.length, atx[2] ?? '');
      continue;
    }
    if (lines.length > 0 && !listItem && SETEXT_UNDERLINE.test(line)) {
      const raw = lines.join(' ');
      lines = [];
      heading(line.trim().startsWith('=') ? 1 : 2, raw);
      continue;
    }
    if (THEMATIC_BREAK.test(line) || TABLE_DIVIDER.test(line)) {
      flush();
      continue;
    }
    if (lines.length === 0 && REFERENCE_DEFINITION.test(line)) continue;
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      lines.push(item[1] ?? '');
      listItem = true;
      continue;
    }
    lines.push(line.replace(/^[ \t]*\|/, '').replace(/\|[ \t]*$/, ''));
  }
  if (fence !== undefined) blocks.push({ kind: 'paragraph', text: lines.join('\n') });
  else flush();

  const content: MarkdownContent = { meta, blocks };
  if (firstH1 !== undefined) content.firstH1 = firstH1;
  return content;
}
