/** Labels of the `k` vectors most similar to `query` by brute force (dot product; ties by label). */
export function exactTop(
  vectors: ReadonlyMap<number, Float32Array>,
  query: Float32Array,
  k: number,
): number[] {
  return [...vectors]
    .map(([label, vector]) => ({ label, dot: vector.reduce((sum, v, i) => sum + v * query[i]!, 0) }))
    .sort((a, b) => b.dot - a.dot || a.label - b.label)
    .slice(0, k)
    .map((hit) => hit.label);
}
