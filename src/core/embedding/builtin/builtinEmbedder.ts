import type { Embedder } from '../../types';
import { FeatureHasher, type HashingSettings } from './features';
import { fmix32, fnvString } from './hash';
import { ANALYSIS_VERSION } from '../../text/analysis';

/**
 * The built-in embedder: deterministic dense vectors from hashed German-aware features, in pure
 * TypeScript, with no model files. It is what quellen uses on hosts without a neural model.
 *
 * Vectors are stateless: a text's vector depends on that text and the settings only, never on
 * other texts, so re-indexing one article never changes another's vectors. Corpus IDF would break
 * that; instead stop words are dropped, capitalised words (German nouns, names) weigh more, and
 * every feature's total within the text is damped (total^0.7), which also tames the n-grams all
 * German words share. Measurements: `npx tsx tools/eval/measureBuiltin.ts [--sweep|--speed]`.
 */

/**
 * Algorithm version; bump it whenever a change (including to defaults) alters any vector. The text
 * analysis it stems words with has a version of its own, which the id carries too (`a6`).
 */
export const BUILTIN_ALGORITHM = 'hash-v4';

/** Options of {@link BuiltinEmbedder}; all optional, defaults chosen by measurement on XQuAD de. */
export type BuiltinEmbedderOptions = Partial<HashingSettings>;

/** Defaults chosen on the first half of XQuAD de questions (see `tools/eval/measureBuiltin.ts`). */
export const DEFAULT_BUILTIN_SETTINGS: Readonly<HashingSettings> = Object.freeze({
  dimensions: 256,
  unigramWeight: 0.5,
  bigramWeight: 0,
  charWeight: 1,
  charNgramMin: 3,
  charNgramMax: 4,
  charLengthExponent: 0.5,
  numberCharNgrams: false,
  fullWeightLength: 4,
  tfExponent: 0.7,
  capitalWeight: 2.5,
  stemUnigrams: true,
});

/**
 * Deterministic hashed-feature embedder.
 *
 * @example
 * const embedder = new BuiltinEmbedder(); // 256 dimensions
 * const [passage] = await embedder.embedPassages(['Das Welternährungsprogramm hilft …']);
 * const query = await embedder.embedQuery('Was macht das Ernährungsprogramm?');
 */
export class BuiltinEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly settings: Readonly<HashingSettings>;
  private readonly hasher: FeatureHasher;
  /** Reused accumulator; embedding is synchronous, so no two calls share it at once. */
  private readonly scratch: Float64Array;

  constructor(options: BuiltinEmbedderOptions = {}) {
    const settings: HashingSettings = { ...DEFAULT_BUILTIN_SETTINGS, ...options };
    validate(settings);
    this.settings = Object.freeze(settings);
    this.dimensions = settings.dimensions;
    this.id = builtinEmbedderId(settings);
    this.hasher = new FeatureHasher(settings);
    this.scratch = new Float64Array(settings.dimensions);
  }

  /** Embeds passages; identical to {@link embedQuery} per text (the model is symmetric). */
  async embedPassages(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedSync(text));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embedSync(text);
  }

  /**
   * Synchronous form of {@link embedQuery}, for batch jobs and measurements.
   *
   * A text without any word (empty, only punctuation) gets a fixed one-hot vector: finite and unit
   * length like every other vector (a zero vector would give NaN cosines in hnswlib), identical for
   * all such texts, and nearly orthogonal to real text.
   */
  embedSync(text: string): Float32Array {
    const sums = this.scratch;
    sums.fill(0);
    this.hasher.accumulate(text, sums);
    let squared = 0;
    for (let i = 0; i < sums.length; i++) squared += sums[i]! * sums[i]!;
    const vector = new Float32Array(sums.length);
    // Features can cancel exactly (signed hashing), so test the norm, not the feature count.
    if (!(squared > 0) || !Number.isFinite(squared)) {
      vector[emptyTextBucket(sums.length)] = 1;
      return vector;
    }
    const scale = 1 / Math.sqrt(squared);
    for (let i = 0; i < sums.length; i++) vector[i] = sums[i]! * scale;
    return vector;
  }
}

/** What every built-in embedder id starts with (then `:`). */
export const BUILTIN_EMBEDDER_PREFIX = 'builtin';

/** The embedder id for given settings, e.g. `builtin:hash-v4-a8:d256:u0.5:b0:c1:g3-4:…:stem`. */
export function builtinEmbedderId(settings: HashingSettings): string {
  const s = settings;
  return [
    BUILTIN_EMBEDDER_PREFIX,
    `${BUILTIN_ALGORITHM}-a${ANALYSIS_VERSION}`,
    `d${s.dimensions}`,
    `u${s.unigramWeight}`,
    `b${s.bigramWeight}`,
    `c${s.charWeight}`,
    `g${s.charNgramMin}-${s.charNgramMax}`,
    `x${s.charLengthExponent}`,
    `n${s.numberCharNgrams ? 1 : 0}`,
    `l${s.fullWeightLength}`,
    `t${s.tfExponent}`,
    `p${s.capitalWeight}`,
    s.stemUnigrams ? 'stem' : 'word',
  ].join(':');
}

function emptyTextBucket(dimensions: number): number {
  return fmix32(fnvString('\u0000empty')) % dimensions;
}

function validate(s: HashingSettings): void {
  if (!Number.isInteger(s.dimensions) || s.dimensions < 1) {
    throw new RangeError(`builtin embedder: dimensions must be a positive integer, got ${s.dimensions}`);
  }
  if (
    !Number.isInteger(s.charNgramMin) ||
    !Number.isInteger(s.charNgramMax) ||
    s.charNgramMin < 1 ||
    s.charNgramMax < s.charNgramMin
  ) {
    throw new RangeError(`builtin embedder: bad character n-gram range ${s.charNgramMin}-${s.charNgramMax}`);
  }
  for (const [name, value] of Object.entries({
    unigramWeight: s.unigramWeight,
    bigramWeight: s.bigramWeight,
    charWeight: s.charWeight,
    fullWeightLength: s.fullWeightLength,
    charLengthExponent: s.charLengthExponent,
    tfExponent: s.tfExponent,
    capitalWeight: s.capitalWeight,
  })) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`builtin embedder: ${name} must be a finite number ≥ 0, got ${value}`);
    }
  }
  if (s.unigramWeight === 0 && s.charWeight === 0 && s.bigramWeight === 0) {
    throw new RangeError('builtin embedder: at least one feature weight must be positive');
  }
}
