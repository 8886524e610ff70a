import { fetchFrom, type ArticleFetch } from '../../../src/core/answer/citations';
import { analyze } from '../../../src/core/text/analysis';
import type { Article, Block, BlockKind, Embedder, Passage, ScoredPassage } from '../../../src/core/types';
import { chunkByBlock } from '../../fakes/blockChunker';

/** Builds an article from blocks the way ingest does: blocks joined by a blank line, paragraphs numbered. */
export function makeArticle(
  id: string,
  title: string,
  blocks: ReadonlyArray<[BlockKind, string]>,
  extra: Partial<Article> = {},
): Article {
  const parts: string[] = [];
  const built: Block[] = [];
  let offset = 0;
  let paragraph = 0;
  blocks.forEach(([kind, text], i) => {
    if (i > 0) offset += 2;
    if (kind !== 'heading') paragraph += 1;
    // Headings carry the number of the paragraph that follows them.
    built.push({
      kind,
      start: offset,
      end: offset + text.length,
      paragraph: kind === 'heading' ? paragraph + 1 : paragraph,
    });
    parts.push(text);
    offset += text.length;
  });
  return {
    id,
    title,
    tags: [],
    text: parts.join('\n\n'),
    blocks: built,
    contentHash: `hash-${id}`,
    format: 'txt',
    ...extra,
  };
}

/** One passage per non-heading block, with the section of the heading above it. */
export const passagesOf = chunkByBlock;

/** Passages as retrieval would hand them over, best first, with descending fused scores. */
export function retrievedFrom(passages: readonly Passage[]): ScoredPassage[] {
  return passages.map((passage, i) => ({ passage, score: 1 / (i + 1) }));
}

/** Batch reads of a fixed list of articles, as answerers take them. */
export function articlesOf(...articles: Article[]): ArticleFetch {
  return fetchFrom(lookupOf(...articles));
}

/** Lookup over a fixed list of articles. */
export function lookupOf(...articles: Article[]): (id: string) => Article | undefined {
  const byId = new Map(articles.map((article) => [article.id, article]));
  return (id) => byId.get(id);
}

/**
 * A deterministic bag-of-stems embedder (feature hashing of analysed terms), standing in for a
 * real model: similar wording gives similar vectors, unrelated texts are near-orthogonal.
 */
export class TermHashEmbedder implements Embedder {
  readonly id = 'test-term-hash';
  readonly dimensions = 512;
  calls = 0;

  async embedPassages(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls += 1;
    return texts.map((text) => this.vector(text));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    this.calls += 1;
    return this.vector(text);
  }

  private vector(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    for (const term of analyze(text)) {
      let h = 2166136261;
      for (let i = 0; i < term.length; i += 1) h = Math.imul(h ^ term.charCodeAt(i), 16777619);
      vector[(h >>> 0) % this.dimensions]! += 1;
    }
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return vector.map((v) => v / norm);
  }
}

/** A German news-style article with a caption and a sub-heading. */
export const PALMYRA = makeArticle(
  'de/palmyra.md',
  'Konzert in Palmyra',
  [
    [
      'paragraph',
      'Andächtig lauschten die russischen Soldaten dem Mariinski-Orchester im Amphitheater von Palmyra. ' +
        'Die Musiker unter Leitung von Dirigent Waleri Gergijew spielten Stücke von Bach und Prokofjew. ' +
        'Der Kreml hatte Politiker und Journalisten extra einfliegen lassen.',
    ],
    ['caption', 'REUTERS Konzert in Palmyra am 6. Mai'],
    ['heading', 'Die neue Offensive'],
    [
      'paragraph',
      'Nun steht der IS wieder vor den Toren der Wüstenstadt. Von drei Seiten sind Kämpfer der Miliz auf Palmyra vorgerückt. ' +
        'Sie haben mehrere Dörfer sowie Öl- und Gasfelder eingenommen. Rund 30 syrische Soldaten wurden bei den Gefechten getötet.',
    ],
    [
      'paragraph',
      'Anwohner sollen aus der Stadt geflüchtet sein. Die syrische Armee ist geschwächt und ausgezehrt.',
    ],
  ],
  { date: '2016-12', url: 'https://example.org/palmyra' },
);

/** An English article. */
export const BEES = makeArticle('en/bees.md', 'How bees talk', [
  [
    'paragraph',
    'Honey bees communicate the location of flowers through a waggle dance. ' +
      'The angle of the dance tells other bees the direction of the food. ' +
      'A strong colony can hold 50,000 bees in summer.',
  ],
  ['paragraph', 'Beekeepers harvest honey in late summer. Winter bees live for several months.'],
]);

/** A German article on an unrelated topic. */
export const KAFFEE = makeArticle('de/kaffee.md', 'Die Geschichte des Kaffees', [
  [
    'paragraph',
    'Kaffee wurde vermutlich zuerst im Hochland von Äthiopien getrunken. ' +
      'Über den Jemen gelangte das Getränk im 16. Jahrhundert nach Europa.',
  ],
  ['paragraph', 'In Wien eröffnete 1685 eines der ersten Kaffeehäuser.'],
]);
