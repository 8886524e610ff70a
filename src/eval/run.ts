/** Options of `quellen eval`. */
export interface EvalOptions {
  json: boolean;
  /** The folder holding `data/` and `eval/` (default: ../shared next to the working directory). */
  sharedDir?: string;
  out: (line: string) => void;
}

/** Runs the evaluation suites (placeholder until the evaluation command lands). */
export async function runEval(_options: EvalOptions): Promise<void> {
  throw new Error('the evaluation command is not part of this build yet');
}
