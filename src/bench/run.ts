/** Options of `quellen bench`. */
export interface BenchOptions {
  /** Stop at 10k passages (for CI). */
  quick: boolean;
  /** Print JSON instead of the table. */
  json: boolean;
  /** Where the README lives, to update its Performance section (undefined: don't touch it). */
  readmePath?: string;
  out: (line: string) => void;
}

/** Runs the benchmarks (placeholder until the benchmark suite lands). */
export async function runBench(_options: BenchOptions): Promise<void> {
  throw new Error('benchmarks are not part of this build yet');
}
