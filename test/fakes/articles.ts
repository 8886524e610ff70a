import { createHash } from 'node:crypto';
import type { Article, Block } from '../../src/core/types';

/**
 * Builds an {@link Article} from paragraphs (a leading "# " makes a heading), joined by a
 * blank line as the ingest stage does; the content hash is derived from the text.
 */
export function makeArticle(id: string, paragraphs: readonly string[], title = id): Article {
  const blocks: Block[] = [];
  let text = '';
  let paragraph = 0;
  for (const raw of paragraphs) {
    if (text.length > 0) text += '\n\n';
    const heading = raw.startsWith('# ');
    const body = heading ? raw.slice(2) : raw;
    if (!heading) paragraph += 1;
    blocks.push({
      kind: heading ? 'heading' : 'paragraph',
      start: text.length,
      end: text.length + body.length,
      paragraph: heading ? paragraph + 1 : paragraph,
    });
    text += body;
  }
  return {
    id,
    title,
    tags: [],
    text,
    blocks,
    contentHash: createHash('sha256').update(`${title}\n${text}`).digest('hex'),
    format: 'md',
  };
}

/** A small deterministic PRNG (mulberry32) for reproducible test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random unit vectors of `dimensions` from a seed. */
export function randomUnitVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const vectors: Float32Array[] = [];
  for (let n = 0; n < count; n += 1) {
    const vector = new Float32Array(dimensions);
    let norm = 0;
    for (let i = 0; i < dimensions; i += 1) {
      // Sum of uniforms is close enough to Gaussian for direction sampling here.
      const value = random() + random() + random() - 1.5;
      vector[i] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i += 1) vector[i]! *= scale;
    vectors.push(vector);
  }
  return vectors;
}

/** Words for generating article text that a hash embedder can tell apart. */
export const VOCABULARY = (
  'bundestag wahl kanzlerin regierung opposition haushalt steuer rente schule klima energie kohle wind ' +
  'solar bahn auto verkehr stadt land dorf fluss berg wald see meer insel hafen schiff flug reise hotel ' +
  'essen brot wein bier kaffee markt preis lohn arbeit firma bank geld euro dollar handel export import'
).split(' ');

/** A deterministic article with `paragraphs` paragraphs of random vocabulary words. */
export function randomArticle(id: string, paragraphs: number, seed: number): Article {
  const random = seededRandom(seed);
  const texts: string[] = [];
  for (let p = 0; p < paragraphs; p += 1) {
    const words: string[] = [];
    const length = 8 + Math.floor(random() * 12);
    for (let w = 0; w < length; w += 1) words.push(VOCABULARY[Math.floor(random() * VOCABULARY.length)]!);
    texts.push(`${words.join(' ')}.`);
  }
  return makeArticle(id, texts);
}
