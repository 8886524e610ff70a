/**
 * Reading one article from its bytes: validation, format-specific structure, metadata and title.
 * Pure (no file system), so every bad-file case is testable with plain byte arrays.
 */

import { createHash } from 'node:crypto';

import type { Article } from '../types';
import { assembleBlocks, collapseWhitespace, placeBlocks, type BlockDraft } from './blocks';
import { decodeText } from './decode';
import { dateLine, extractLeadingMetadata } from './heuristics';
import type { HtmlReader } from './html';
import { readMarkdown, type ArticleMetadata } from './markdown';
import { plainTextBlocks } from './plainText';
import { shortenTitle, titleFromFirstSentence } from './title';

/** Options for reading articles. */
export interface ReadOptions {
  /** Files larger than this are skipped. */
  maxBytes: number;
  /**
   * Reader for `.html`/`.htm` files, from `await loadHtmlReader()`. Without it HTML files are
   * refused with a reason ({@link FileArticleSource} loads it by itself).
   */
  html?: HtmlReader;
}

/** An article, or a one-line reason why the file is not one. */
export type ReadResult = { ok: true; article: Article } | { ok: false; reason: string };

const FORMATS: Readonly<Record<string, Article['format']>> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
};

/** File extensions that are read as articles, lower-case with the dot. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(FORMATS);

/** The article format for a path's extension (case-insensitive), or `undefined`. */
export function formatOf(relPath: string): Article['format'] | undefined {
  return FORMATS[extensionOf(relPath)];
}

function extensionOf(relPath: string): string {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** The reason for a path whose extension is not supported. */
export function unsupportedReason(relPath: string): string {
  const ext = extensionOf(relPath);
  const what = ext === '' ? 'no file extension' : `"${ext}"`;
  return `unsupported file type (${what}; expected ${SUPPORTED_EXTENSIONS.join(', ')})`;
}

/**
 * Reads an article from raw file bytes. Never throws: files that are too large, empty, binary,
 * not UTF-8, of an unsupported type or without readable text yield `{ ok: false, reason }`.
 *
 * @param relPath Path relative to the collection root with forward slashes; becomes the article id.
 * @example
 * const result = readArticle('syrien/palmyra.html', bytes, { maxBytes: 5 * 1024 * 1024, html: await loadHtmlReader() });
 * if (!result.ok) console.warn(`${path}: ${result.reason}`);
 */
export function readArticle(relPath: string, bytes: Uint8Array, options: ReadOptions): ReadResult {
  const id = relPath.replace(/\\/g, '/');
  const format = formatOf(id);
  if (!format) return { ok: false, reason: unsupportedReason(id) };
  const decoded = decodeText(bytes, options.maxBytes);
  if (!decoded.ok) return decoded;
  if (format === 'html' && !options.html) {
    return { ok: false, reason: 'HTML reader not loaded (pass options.html = await loadHtmlReader())' };
  }

  let drafts: BlockDraft[];
  let meta: ArticleMetadata;
  let titleCandidate: string | undefined;
  try {
    ({ drafts, meta, titleCandidate } = parse(format, decoded.text, options.html));
  } catch (error) {
    // The parsers are defensive; this is the last guard so one odd file cannot stop a whole run.
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, reason: `could not be parsed (${detail})` };
  }

  // Plain text quotes the file itself; Markdown and HTML quote the text they render to.
  const placed = drafts.length > 0 && drafts.every((draft) => draft.source !== undefined);
  const { text, blocks } = placed ? placeBlocks(decoded.text, drafts) : assembleBlocks(drafts);
  if (blocks.length === 0) return { ok: false, reason: 'no readable text found' };

  const title =
    nonEmpty(meta.title) ??
    nonEmpty(titleCandidate) ??
    titleFromFirstSentence(text, blocks) ??
    id.slice(id.lastIndexOf('/') + 1);
  const article: Article = {
    id,
    title: shortenTitle(title, 200),
    tags: meta.tags,
    text,
    blocks,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    format,
  };
  if (meta.date) article.date = meta.date;
  if (meta.url) article.url = meta.url;
  if (meta.author) article.author = meta.author;
  return { ok: true, article };
}

function nonEmpty(text: string | undefined): string | undefined {
  const collapsed = text === undefined ? '' : collapseWhitespace(text);
  return collapsed === '' ? undefined : collapsed;
}

interface Parsed {
  drafts: BlockDraft[];
  meta: ArticleMetadata;
  titleCandidate?: string;
}

function parse(format: Article['format'], text: string, readHtml: HtmlReader | undefined): Parsed {
  if (format === 'html' && readHtml) {
    const html = readHtml(text);
    const meta = { ...html.meta };
    // A line of its own that states the date ("Datum: …", "2. August 2025") is no paragraph, and
    // dates a page without date metadata.
    const drafts = withDateLine(html.blocks, meta);
    return { drafts, meta, titleCandidate: html.documentTitle ?? html.firstHeading };
  }
  if (format === 'md') {
    const md = readMarkdown(text);
    let drafts = md.blocks;
    const meta = md.meta;
    if (!meta.date && drafts[0]?.kind === 'paragraph') {
      drafts = withLeadingMetadata(drafts, meta);
    }
    drafts = withDateLine(drafts, meta);
    const first = drafts[0];
    const titleCandidate = md.firstH1 ?? (first?.kind === 'heading' ? first.text : undefined);
    return titleCandidate === undefined ? { drafts, meta } : { drafts, meta, titleCandidate };
  }
  const prefix = extractLeadingMetadata(text);
  const meta: ArticleMetadata = { tags: [] };
  if (prefix.date) meta.date = prefix.date;
  if (prefix.url) meta.url = prefix.url;
  const drafts = withDateLine(plainTextBlocks(prefix.rest, text.length - prefix.rest.length), meta, false);
  const first = drafts[0];
  return first?.kind === 'heading' ? { drafts, meta, titleCandidate: first.text } : { drafts, meta };
}

/** How far into an article a line stating its date is looked for (a heading, a subtitle, the line). */
const DATE_LINE_REACH = 3;

/**
 * A line that only states a date among the first blocks ("Datum: 15. September 2024" or "2. August
 * 2025" under the heading) is metadata, not paragraph 1: it dates the article when no other source
 * did (a page's `article:published_time` comes first).
 */
function withDateLine(drafts: BlockDraft[], meta: ArticleMetadata, markedUpHeadings = true): BlockDraft[] {
  // A heading marked up as one (HTML, Markdown) that is only a date heads that day's entries (a
  // live blog, a chronicle): it stays. Plain text has no such headings, only guessed ones.
  const stated = (draft: BlockDraft) =>
    dateLine(draft.text, { bare: !markedUpHeadings || draft.kind !== 'heading' });
  const index = drafts.slice(0, DATE_LINE_REACH).findIndex((draft) => stated(draft) !== undefined);
  if (index < 0) return drafts;
  meta.date ??= stated(drafts[index]!);
  return [...drafts.slice(0, index), ...drafts.slice(index + 1)];
}

/** Applies an inline metadata prefix found at the start of the first paragraph of a markdown body. */
function withLeadingMetadata(drafts: BlockDraft[], meta: ArticleMetadata): BlockDraft[] {
  const first = drafts[0]!;
  const prefix = extractLeadingMetadata(first.text);
  if (!prefix.date && !prefix.url) return drafts;
  if (prefix.date) meta.date = prefix.date;
  if (prefix.url && !meta.url) meta.url = prefix.url;
  return [{ kind: first.kind, text: prefix.rest }, ...drafts.slice(1)];
}
