import fs from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import { chunkArticle, DEFAULT_CHUNKING } from '../../../src/core/chunking/chunker';
import { assembleBlocks, type BlockDraft } from '../../../src/core/ingest/blocks';
import { readArticle } from '../../../src/core/ingest/readArticle';
import type { Article, BlockKind } from '../../../src/core/types';
import { checkPassages, LONE_SURROGATE } from './passageInvariants';

const DOCS = path.resolve(__dirname, '../../../docs');
const SAMPLE = '001_b7a14c772971f96e.txt';

function articleOf(drafts: BlockDraft[], id = 'test.txt'): Article {
  const { text, blocks } = assembleBlocks(drafts);
  return { id, title: 'Test', tags: [], text, blocks, contentHash: '0', format: 'txt' };
}

const paragraph = (text: string): BlockDraft => ({ kind: 'paragraph', text });
const heading = (text: string): BlockDraft => ({ kind: 'heading', text });
const caption = (text: string): BlockDraft => ({ kind: 'caption', text });

/** A sentence of exactly `length` characters ending in a period. */
const sentenceOf = (word: string, length: number): string =>
  `${`${word} `.repeat(length).slice(0, length - 1)}.`;

describe('chunkArticle', () => {
  it('cuts the sample article into passages that follow its sections and captions', () => {
    const file = path.join(DOCS, SAMPLE);
    if (!fs.existsSync(file)) {
      console.log(`skipped: sample article ${file} not found`);
      return;
    }
    const result = readArticle(SAMPLE, fs.readFileSync(file), { maxBytes: 5 * 1024 * 1024 });
    if (!result.ok) throw new Error(result.reason);
    const passages = chunkArticle(result.article, DEFAULT_CHUNKING);

    const captionPassage = passages.find((p) => p.text.startsWith('DPA Russischer Jet'));
    expect(captionPassage).toMatchObject({
      kind: 'caption',
      text: 'DPA Russischer Jet über Deir al-Sor (im August 2016)',
      section: 'IS soll Elitekämpfer aus dem Irak abgezogen haben',
    });
    const underHeading = passages.find((p) => p.text.startsWith('Es ist der bislang am besten vorbereitete'));
    expect(underHeading?.section).toBe('Mehr als hundert Tote bei Kämpfen in Deir al-Sor');
    expect(passages[0]!.section).toBeUndefined();
    for (const passage of passages) {
      expect(passage.text).not.toContain('Mehr als hundert Tote bei Kämpfen');
      expect(passage.text).not.toContain('IS soll Elitekämpfer aus dem Irak abgezogen haben');
      expect(passage.text).toBe(result.article.text.slice(passage.start, passage.end));
    }
    expect(passages.map((p) => p.id)).toEqual(passages.map((_, i) => `${SAMPLE}#${i}`));
  });

  it('merges consecutive short paragraphs of one section up to maxChars', () => {
    const article = articleOf([
      paragraph('Erster kurzer Absatz.'),
      paragraph('Zweiter kurzer Absatz.'),
      paragraph('Dritter kurzer Absatz.'),
      heading('Neuer Abschnitt'),
      paragraph('Vierter kurzer Absatz.'),
    ]);
    const passages = chunkArticle(article, { maxChars: 50, overlapSentences: 1 });
    expect(passages.map((p) => [p.text, p.paragraphStart, p.paragraphEnd, p.section])).toEqual([
      ['Erster kurzer Absatz.\n\nZweiter kurzer Absatz.', 1, 2, undefined],
      ['Dritter kurzer Absatz.', 3, 3, undefined],
      ['Vierter kurzer Absatz.', 4, 4, 'Neuer Abschnitt'],
    ]);
  });

  it('never merges a caption with paragraphs and marks it as a caption passage', () => {
    const article = articleOf([
      paragraph('Vorher.'),
      caption('REUTERS Konzert in Palmyra am 6. Mai'),
      paragraph('Nachher.'),
    ]);
    const passages = chunkArticle(article, { maxChars: 500, overlapSentences: 1 });
    expect(passages.map((p) => [p.kind, p.text, p.paragraphStart])).toEqual([
      ['text', 'Vorher.', 1],
      ['caption', 'REUTERS Konzert in Palmyra am 6. Mai', 2],
      ['text', 'Nachher.', 3],
    ]);
  });

  it('splits a long paragraph at sentence boundaries, repeating one sentence as overlap', () => {
    const sentences = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'].map((w) => sentenceOf(w, 40));
    const article = articleOf([paragraph(sentences.join(' '))]);
    const passages = chunkArticle(article, { maxChars: 100, overlapSentences: 1 });
    // Two 40-character sentences and a space fit into 100; the third would not.
    expect(passages.map((p) => p.text)).toEqual([
      `${sentences[0]} ${sentences[1]}`,
      `${sentences[1]} ${sentences[2]}`,
      `${sentences[2]} ${sentences[3]}`,
      `${sentences[3]} ${sentences[4]}`,
    ]);
    expect(passages.every((p) => p.paragraphStart === 1 && p.paragraphEnd === 1)).toBe(true);
  });

  it('splits a long paragraph without repetition when overlap is zero', () => {
    const sentences = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'].map((w) => sentenceOf(w, 40));
    const article = articleOf([paragraph(sentences.join(' '))]);
    const passages = chunkArticle(article, { maxChars: 100, overlapSentences: 0 });
    expect(passages.map((p) => p.text)).toEqual([
      `${sentences[0]} ${sentences[1]}`,
      `${sentences[2]} ${sentences[3]}`,
      sentences[4],
    ]);
  });

  it('splits a sentence longer than maxChars at whitespace', () => {
    const long = `${'Wort '.repeat(60)}Ende.`;
    const article = articleOf([paragraph(long)]);
    const passages = chunkArticle(article, { maxChars: 50, overlapSentences: 1 });
    expect(passages.length).toBeGreaterThan(5);
    for (const passage of passages) {
      expect(passage.text.length).toBeLessThanOrEqual(50);
      expect(passage.text).toMatch(/^(Wort|Ende\.)/);
      expect(passage.text).toMatch(/(Wort|Ende\.)$/);
    }
    expect(passages.map((p) => p.text).join(' ')).toBe(long);
  });

  it('hard-cuts text without any whitespace, never splitting a surrogate pair', () => {
    const article = articleOf([paragraph('x😀'.repeat(30))]);
    const passages = chunkArticle(article, { maxChars: 7, overlapSentences: 1 });
    expect(passages.map((p) => p.text).join('')).toBe('x😀'.repeat(30));
    for (const passage of passages) {
      expect(passage.text.length).toBeLessThanOrEqual(7);
      expect(passage.text).not.toMatch(LONE_SURROGATE);
    }
  });

  it('produces no passages for an article with only headings', () => {
    expect(chunkArticle(articleOf([heading('Nur eine Überschrift')]), DEFAULT_CHUNKING)).toEqual([]);
  });

  it('keeps every passage a verbatim, bounded slice that covers all paragraph and caption text', () => {
    const blockArb = fc.record({
      kind: fc.constantFrom<BlockKind>('paragraph', 'paragraph', 'heading', 'caption'),
      text: fc.oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 }),
        fc
          .array(
            fc.constantFrom('Am 6. Mai.', 'Dr. Müller kam.', 'x', '\u200b', '\u202e', 'Wort', 'لا', '😀'),
            {
              minLength: 1,
              maxLength: 120,
            },
          )
          .map((parts) => parts.join(' ')),
        fc.string({ unit: 'grapheme-ascii', minLength: 300, maxLength: 3000 }),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(blockArb, { maxLength: 12 }),
        fc.integer({ min: 2, max: 600 }),
        fc.integer({ min: 0, max: 3 }),
        (drafts, maxChars, overlapSentences) => {
          const article = articleOf(drafts);
          const passages = chunkArticle(article, { maxChars, overlapSentences });
          checkPassages(article, passages, maxChars);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('chunkArticle over a plain-text file', () => {
  it('never merges what lies between two blocks (a date line read as metadata) into a passage', () => {
    const source = 'Titel\n\nUntertitel als Absatz\n\nDatum: 15. September 2024\n\nErster Absatz mit Text.\n';
    const result = readArticle('a.txt', new TextEncoder().encode(source), { maxBytes: 1 << 20 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.article.date).toBe('2024-09-15');
    const passages = chunkArticle(result.article, { maxChars: 500, overlapSentences: 1 });
    expect(passages.map((p) => p.text).join(' | ')).not.toContain('Datum');
    expect(passages.map((p) => p.text).at(-1)).toBe('Erster Absatz mit Text.');
    expect(passages[0]!.text).toContain('Untertitel als Absatz');
  });
});
