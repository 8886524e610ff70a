import fc from 'fast-check';

import { chunkArticle } from '../../../src/core/chunking/chunker';
import { loadHtmlReader, type HtmlReader } from '../../../src/core/ingest/html';
import { readArticle, type ReadResult } from '../../../src/core/ingest/readArticle';
import type { Article } from '../../../src/core/types';
import { checkPassages } from '../chunking/passageInvariants';

let html: HtmlReader;
beforeAll(async () => {
  html = await loadHtmlReader();
});

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Checks the structural invariants of an article; plain throws keep property runs fast. */
function checkArticle(article: Article): void {
  const fail = (message: string): never => {
    throw new Error(`${message}: ${JSON.stringify(article).slice(0, 500)}`);
  };
  const { text, blocks } = article;
  if (blocks.length === 0) fail('no blocks');
  // Plain text keeps the file's text and points blocks into it; other formats join rendered blocks.
  const placed = article.format === 'txt';
  if (!placed && text !== blocks.map((b) => text.slice(b.start, b.end)).join('\n\n'))
    fail('text is not the blocks joined');
  let previousEnd = placed ? 0 : -2;
  let paragraph = 0;
  for (const block of blocks) {
    const inOrder = placed ? block.start >= previousEnd : block.start === previousEnd + 2;
    if (!inOrder || block.end <= block.start || block.end > text.length) fail('bad offsets');
    const content = text.slice(block.start, block.end);
    if (content !== content.trim()) fail('block not trimmed');
    if (placed ? /\n[ \t]*\n/.test(content) : /\s\s|\n/.test(content)) fail('whitespace not collapsed');
    if (block.kind === 'heading') {
      if (block.paragraph !== paragraph + 1) fail('heading number');
    } else if (block.paragraph !== ++paragraph) {
      fail('paragraph number');
    }
    previousEnd = block.end;
  }
  if (article.title.trim() === '' || article.title.includes('\n')) fail('bad title');
  if (!/^[0-9a-f]{64}$/.test(article.contentHash)) fail('bad hash');
}

function checkResult(result: ReadResult): void {
  if (!result.ok) {
    if (result.reason.trim() === '' || result.reason.includes('\n'))
      throw new Error(`bad reason ${result.reason}`);
    return;
  }
  checkArticle(result.article);
  checkPassages(result.article, chunkArticle(result.article, { maxChars: 120, overlapSentences: 1 }), 120);
}

/** Text pieces that stress the readers: invisible and bidi characters, markup, odd whitespace. */
const tricky = fc.constantFrom(
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u2067',
  '\u0301',
  '\u00a0',
  '\u3000',
  '\t',
  '\r\n',
  '\n\n',
  '\r',
  '\u2028',
  'ß',
  'שלום',
  'مرحبا',
  '😀',
  '👩‍👩‍👧',
  '# ',
  '**',
  '_',
  '`',
  '```',
  '---',
  '> ',
  '- ',
  '1. ',
  '[a](b)',
  '<b>',
  '</p>',
  '&amp;',
  'date 2017-01 ',
  'REUTERS ',
  'Am 6. Mai',
  'Dr. ',
  'z. B. ',
  '.',
  '…',
  '"',
);
const textArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 12 })), { maxLength: 150 })
    .map((p) => p.join('')),
  fc.string({ unit: 'grapheme-ascii', minLength: 5000, maxLength: 30000 }).map((s) => s.replace(/\n/g, ' ')),
);
const extension = fc.constantFrom('txt', 'md', 'markdown', 'html', 'htm');

describe('readArticle properties', () => {
  it('never throws on random bytes and returns either a valid article or a one-line reason', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), extension, (bytes, ext) => {
        checkResult(readArticle(`random.${ext}`, bytes, { maxBytes: 1500, html }));
      }),
      { numRuns: 300 },
    );
  });

  it('reads any unicode text into well-formed articles whose passages are verbatim slices', () => {
    fc.assert(
      fc.property(textArb, extension, (text, ext) => {
        checkResult(readArticle(`random.${ext}`, encode(text), { maxBytes: 1024 * 1024, html }));
      }),
      { numRuns: 300 },
    );
  });

  it('reads randomly nested HTML without throwing', () => {
    const tags = [
      'div',
      'p',
      'span',
      'li',
      'ul',
      'h2',
      'figure',
      'figcaption',
      'blockquote',
      'script',
      'nav',
      'b',
      'table',
      'td',
    ];
    const node: fc.Memo<string> = fc.memo((depth) =>
      depth <= 1
        ? fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), tricky)
        : fc
            .tuple(fc.constantFrom(...tags), fc.array(node(depth - 1), { maxLength: 4 }), fc.boolean())
            .map(([tag, children, close]) => `<${tag}>${children.join('')}${close ? `</${tag}>` : ''}`),
    );
    fc.assert(
      fc.property(node(6), fc.integer({ min: 0, max: 3000 }), (body, depth) => {
        const source = `<html><body>${'<div>'.repeat(depth)}${body}${'</div>'.repeat(depth)}</body></html>`;
        checkResult(readArticle('random.html', encode(source), { maxBytes: 1024 * 1024, html }));
      }),
      { numRuns: 60 },
    );
  });
});
