/**
 * `npm run eval [-- --json] [-- --shared DIR] [-- --distractors N]`: retrieval and answer quality on the evaluation
 * data that is present (reader questions first). A tool for developers, not part of `quellen`.
 */
import { Command } from 'commander';
import { runCommand } from '../../src/bootstrap';
import { runEval } from './run';

const program = new Command('eval')
  .description('measure retrieval and answer quality on the evaluation data that is present')
  .option('--json', 'machine-readable output')
  .option('--shared <dir>', 'folder with data/, articles/ and eval/ (default ../shared)')
  .option(
    '--distractors <n>',
    'add this many unrelated 10kGNAD articles to the reader questions’ collection (default 0)',
  )
  .action((options: { json?: boolean; shared?: string; distractors?: string }) =>
    runCommand(() =>
      runEval({
        json: Boolean(options.json),
        sharedDir: options.shared,
        distractors: parseDistractors(options.distractors),
        out: (line) => void process.stdout.write(`${line}\n`),
      }),
    ),
  );

function parseDistractors(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--distractors must be a whole number, got "${value}"`);
  return n;
}

void program.parseAsync(process.argv);
