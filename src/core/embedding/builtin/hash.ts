/**
 * 32-bit string hashing for the built-in embedder's feature hashing.
 *
 * FNV-1a is computed incrementally over UTF-16 code units, so callers can hash
 * substrings and word pairs without building new strings; a murmur3 finaliser then
 * spreads the bits, because raw FNV-1a has weak low bits for short inputs and the
 * bucket is taken modulo a small dimension count.
 */

/** FNV-1a offset basis. */
export const FNV_OFFSET = 0x811c9dc5;

const FNV_PRIME = 0x01000193;

/**
 * One FNV-1a step: mixes a single code unit into a running hash.
 *
 * @example
 * let h = FNV_OFFSET;
 * for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i));
 */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** FNV-1a of a whole string, continuing from `seed` (default: the offset basis). */
export function fnvString(text: string, seed: number = FNV_OFFSET): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** murmur3 32-bit finaliser: full avalanche, so every output bit depends on every input bit. Unsigned result. */
export function fmix32(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
