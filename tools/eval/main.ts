/**
 * `npm run eval [-- --json] [-- --shared DIR]`: retrieval and answer quality on the evaluation
 * data that is present (reader questions first). A tool for developers, not part of `quellen`.
 */
import { Command } from 'commander';
import { runCommand } from '../../src/bootstrap';
import { runEval } from './run';

const program = new Command('eval')
  .description('measure retrieval and answer quality on the evaluation data that is present')
  .option('--json', 'machine-readable output')
  .option('--shared <dir>', 'folder with data/, articles/ and eval/ (default ../shared)')
  .action((options: { json?: boolean; shared?: string }) =>
    runCommand(() =>
      runEval({
        json: Boolean(options.json),
        sharedDir: options.shared,
        out: (line) => void process.stdout.write(`${line}\n`),
      }),
    ),
  );

void program.parseAsync(process.argv);
