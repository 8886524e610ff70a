/**
 * HTML articles: Readability extracts the article body (dropping scripts, navigation and other
 * page furniture) from a linkedom document; its block elements become blocks.
 */

import { Readability } from '@mozilla/readability';

import type { BlockKind } from '../types';
import { collapseWhitespace, type BlockDraft } from './blocks';
import { normalizeDate } from './articleDates';
import { isCaption } from './heuristics';
import type { ArticleMetadata } from './markdown';

/** What the HTML reader found. */
export interface HtmlContent {
  meta: ArticleMetadata;
  blocks: BlockDraft[];
  /** `<title>` (or Readability's cleaned title) and the first heading, as title candidates. */
  documentTitle?: string;
  firstHeading?: string;
}

/** Structural DOM nodes as linkedom provides them; only what is used here. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}
interface DomDocument {
  title: string;
  body: DomNode | null;
  querySelector(selector: string): (DomNode & { getAttribute(name: string): string | null }) | null;
  querySelectorAll(selector: string): ArrayLike<DomNode & { getAttribute(name: string): string | null }>;
}

/** linkedom's `parseHTML`, as far as it is used here. */
export type ParseHtml = (html: string) => { document: unknown };

/** Reads an HTML document into metadata and blocks; see {@link loadHtmlReader}. */
export type HtmlReader = (source: string) => HtmlContent;

/**
 * Loads the HTML reader. linkedom depends on ESM-only packages, so it is loaded with a dynamic
 * `import()` (a plain `require` fails under jest on Node 20); that makes loading asynchronous
 * while reading stays synchronous.
 */
export async function loadHtmlReader(): Promise<HtmlReader> {
  const { parseHTML } = await import('linkedom');
  return (source) => readHtml(source, parseHTML as unknown as ParseHtml);
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
/** Deeper documents skip Readability; see {@link readHtml}. */
const MAX_READABILITY_DEPTH = 120;

/** Never text a reader sees. */
const SKIPPED = new Set(
  (
    'SCRIPT STYLE NOSCRIPT TEMPLATE IFRAME SVG CANVAS OBJECT EMBED BUTTON SELECT TEXTAREA INPUT FORM NAV ' +
    'HEAD TITLE MATH AUDIO VIDEO MAP'
  ).split(' '),
);
/** Page furniture, dropped when Readability could not isolate the article. */
const FURNITURE = new Set('HEADER FOOTER ASIDE MENU DIALOG'.split(' '));
/** Elements that end the current block. */
const BLOCK_LEVEL = new Set(
  (
    'P DIV SECTION ARTICLE MAIN H1 H2 H3 H4 H5 H6 LI UL OL BLOCKQUOTE FIGURE FIGCAPTION PRE TABLE THEAD TBODY ' +
    'TFOOT TR TD TH CAPTION DL DT DD HEADER FOOTER ASIDE ADDRESS HR DETAILS SUMMARY BODY HTML CENTER HGROUP'
  ).split(' '),
);

/**
 * Reads an HTML article. Metadata comes from `<meta>` tags (Open Graph, `date`,
 * `article:published_time`, `author`, `keywords`) and `<link rel="canonical">`.
 * If Readability fails or finds nothing, or the document is nested too deeply for it, the whole
 * body is walked instead, minus headers, footers and asides.
 */
export function readHtml(source: string, parseHTML: ParseHtml): HtmlContent {
  const depth = nestingDepth(source);
  // The DOM parser's cost grows faster than linearly with depth; real pages stay far below.
  if (depth > MAX_NESTING_DEPTH) throw new Error(`HTML nested deeper than ${MAX_NESTING_DEPTH} elements`);
  const parseDocument = (html: string): DomDocument => parseHTML(html).document as DomDocument;
  source = withDocumentStructure(source);
  const document = parseDocument(source);
  const meta = readMetadata(document);
  const documentTitle = collapseWhitespace(document.title ?? '');

  let root: DomNode | null = null;
  let readabilityTitle = '';
  // Readability's cost grows steeply with nesting depth (seconds at a few hundred levels, a stack
  // overflow further down); real articles are far shallower.
  const tooDeep = document.body !== null && depthOf(document.body) > MAX_READABILITY_DEPTH;
  if (!tooDeep) {
    try {
      // Readability changes the document it reads; metadata was taken above.
      const result = new Readability(document as never).parse();
      if (result?.content) {
        root = parseDocument(`<!doctype html><html><body>${result.content}</body></html>`).body;
        readabilityTitle = collapseWhitespace(result.title ?? '');
        if (!meta.author && result.byline) meta.author = collapseWhitespace(result.byline);
      }
    } catch {
      root = null;
    }
  }
  const fallback = !root || collapseWhitespace(root.textContent ?? '') === '';
  if (fallback) root = tooDeep ? document.body : parseDocument(source).body;

  const blocks = root ? blocksOf(root, fallback) : [];
  const content: HtmlContent = { meta, blocks };
  const title = readabilityTitle || documentTitle;
  if (title) content.documentTitle = title;
  const firstHeading = blocks.find((b) => b.kind === 'heading');
  if (firstHeading) content.firstHeading = collapseWhitespace(firstHeading.text);
  return content;
}

/** Deeper documents are refused before parsing; see {@link nestingDepth}. */
export const MAX_NESTING_DEPTH = 20_000;

/** Elements that have no end tag, or whose end tag a parser implies: they never deepen nesting. */
const NOT_NESTING = new Set(
  (
    'area base br col embed hr img input link meta source track wbr p li dt dd tr td th option optgroup ' +
    'thead tbody tfoot colgroup rb rt rtc rp'
  ).split(' '),
);
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]{0,40})[^<>]{0,2000}?(\/?)>/g;

/**
 * The deepest element nesting of an HTML source, found in one linear scan of its tags (elements
 * with implied end tags, void and self-closed elements do not count): how deep a parser's tree
 * will get, known before parsing.
 */
export function nestingDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (const match of source.matchAll(TAG)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing || NOT_NESTING.has(name!.toLowerCase())) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

// Attribute and title lengths are bounded so that hostile input (thousands of unclosed tags)
// cannot make these patterns scan quadratically.
const HAS_BODY = /<body[\s>]/i;
const HEAD_OPEN = /<head(?:\s[^>]{0,2000})?>/i;
const HEAD_CLOSE = /<\/head\s*>/gi;
const HEAD_TAGS = /<title(?:\s[^>]{0,2000})?>[^<]{0,2000}<\/title\s*>|<(?:meta|link|base)\b[^>]{0,2000}>/gi;
const DOCUMENT_TAGS = /<!doctype[^>]{0,2000}>|<\/?html(?:\s[^>]{0,2000})?>/gi;

/**
 * linkedom, unlike a browser, does not imply `<body>`: a saved fragment such as `<p>…</p>` (or a
 * page without a body tag) would parse into an empty body. Such sources are rebuilt as a full
 * document, the head's title, meta and link tags in the head and everything else in the body.
 */
function withDocumentStructure(source: string): string {
  if (HAS_BODY.test(source)) return source;
  let rest = source.replace(DOCUMENT_TAGS, '');
  let head = '';
  const open = HEAD_OPEN.exec(rest);
  if (open) {
    HEAD_CLOSE.lastIndex = open.index + open[0].length;
    const close = HEAD_CLOSE.exec(rest);
    const end = close ? close.index + close[0].length : open.index + open[0].length;
    head = close ? rest.slice(open.index + open[0].length, close.index) : '';
    rest = rest.slice(0, open.index) + rest.slice(end);
  }
  rest = rest.replace(HEAD_TAGS, (tag) => {
    head += tag;
    return '';
  });
  return `<!doctype html><html><head>${head}</head><body>${rest}</body></html>`;
}

/** Maximum element nesting below `root`, computed without recursion. */
function depthOf(root: DomNode): number {
  let max = 0;
  const stack: Array<[DomNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.nodeType === ELEMENT_NODE) stack.push([child, depth + 1]);
    }
  }
  return max;
}

function readMetadata(document: DomDocument): ArticleMetadata {
  const content = (selector: string): string | undefined => {
    const value = document.querySelector(selector)?.getAttribute('content');
    const text = value ? collapseWhitespace(value) : '';
    return text === '' ? undefined : text;
  };
  const meta: ArticleMetadata = { tags: [] };
  const title = content('meta[property="og:title"]') ?? content('meta[name="twitter:title"]');
  if (title) meta.title = title;
  const date = normalizeDate(
    content('meta[name="date"]') ??
      content('meta[property="article:published_time"]') ??
      content('meta[name="article:published_time"]') ??
      content('meta[itemprop="datePublished"]') ??
      content('meta[name="dc.date"]') ??
      document.querySelector('time[datetime]')?.getAttribute('datetime'),
  );
  if (date) meta.date = date;
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim();
  const url = canonical || content('meta[property="og:url"]');
  if (url) meta.url = url;
  const author = content('meta[name="author"]') ?? content('meta[property="article:author"]');
  if (author) meta.author = author;
  const tags = new Set<string>();
  for (const keyword of (content('meta[name="keywords"]') ?? '').split(',')) {
    const tag = collapseWhitespace(keyword);
    if (tag) tags.add(tag);
  }
  const tagNodes = document.querySelectorAll('meta[property="article:tag"]');
  for (let i = 0; i < tagNodes.length; i++) {
    const tag = collapseWhitespace(tagNodes[i]!.getAttribute('content') ?? '');
    if (tag) tags.add(tag);
  }
  meta.tags = [...tags];
  return meta;
}

function kindOf(tag: string, parent: BlockKind): BlockKind {
  if (/^H[1-6]$/.test(tag)) return 'heading';
  if (tag === 'FIGCAPTION' || tag === 'CAPTION') return 'caption';
  return parent;
}

/**
 * Walks the DOM without recursion (documents can be nested thousands deep) and cuts the text into
 * blocks at block-level elements; `<br><br>` also separates paragraphs.
 */
function blocksOf(root: DomNode, dropFurniture: boolean): BlockDraft[] {
  const blocks: BlockDraft[] = [];
  let buffer = '';
  const kinds: BlockKind[] = ['paragraph'];
  const flush = (): void => {
    const kind = kinds[kinds.length - 1]!;
    for (const part of buffer.split(/\n\s*\n/)) {
      const text = collapseWhitespace(part);
      if (text === '') continue;
      blocks.push({ kind: kind === 'paragraph' && isCaption(text) ? 'caption' : kind, text });
    }
    buffer = '';
  };

  type Step = { node: DomNode } | { leave: true };
  const stack: Step[] = [];
  const pushChildren = (node: DomNode): void => {
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]! });
  };
  pushChildren(root);
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('leave' in step) {
      flush();
      kinds.pop();
      continue;
    }
    const node = step.node;
    if (node.nodeType === TEXT_NODE) {
      buffer += (node.textContent ?? '').replace(/\s+/g, ' ');
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = node.nodeName.toUpperCase();
    if (SKIPPED.has(tag) || (dropFurniture && FURNITURE.has(tag))) continue;
    if (node.getAttribute?.('hidden') !== null && node.getAttribute?.('hidden') !== undefined) continue;
    if (node.getAttribute?.('aria-hidden') === 'true') continue;
    if (tag === 'BR') {
      buffer += '\n';
      continue;
    }
    if (BLOCK_LEVEL.has(tag)) {
      flush();
      kinds.push(kindOf(tag, kinds[kinds.length - 1]!));
      stack.push({ leave: true });
    }
    pushChildren(node);
  }
  flush();
  return blocks;
}
