import { createHash } from 'node:crypto';
import type { Embedder } from '../../src/core/types';

/**
 * Deterministic fake {@link Embedder}: each lower-cased word is hashed to a dimension and a
 * sign, so texts sharing words get similar unit vectors. Counts what it was asked to embed.
 */
export class HashEmbedder implements Embedder {
  readonly id: string;
  /** Calls of {@link embedPassages}. */
  passageCalls = 0;
  /** Texts embedded through {@link embedPassages}, in order. */
  readonly embeddedTexts: string[] = [];

  constructor(
    readonly dimensions = 64,
    id?: string,
  ) {
    this.id = id ?? `fake:hash:d${dimensions}`;
  }

  async embedPassages(texts: readonly string[]): Promise<Float32Array[]> {
    this.passageCalls += 1;
    this.embeddedTexts.push(...texts);
    return texts.map((text) => this.vectorOf(text));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.vectorOf(text);
  }

  /** The vector a text maps to (synchronous, for building expectations). */
  vectorOf(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const word of words) {
      const digest = createHash('sha256').update(word).digest();
      vector[digest.readUInt32LE(0) % this.dimensions]! += digest[4]! & 1 ? 1 : -1;
    }
    // Texts without words still need a unit vector.
    if (words.length === 0) vector[0] = 1;
    let norm = 0;
    for (const value of vector) norm += value * value;
    const scale = 1 / Math.sqrt(norm || 1);
    for (let i = 0; i < vector.length; i += 1) vector[i]! *= scale;
    if (norm === 0) vector[0] = 1;
    return vector;
  }
}
