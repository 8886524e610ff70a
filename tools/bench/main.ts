/**
 * `npm run bench [-- --quick | --large] [-- --json] [-- --readme]`: indexing, query latency,
 * memory and start-up from 1k to 100k passages (1M with `--large`). Prints the results; writes
 * README.md's Performance section only when asked. A tool for developers, not part of `quellen`.
 */
import { Command } from 'commander';
import { runCommand } from '../../src/bootstrap';
import { runBench } from './run';

const program = new Command('bench')
  .description('measure indexing, query latency, memory and start-up from 1k to 100k passages')
  .option('--quick', 'stop at 10k passages')
  .option('--large', 'go on to 1M passages (about an hour, several GiB of memory; peers up to 100k)')
  .option('--json', 'machine-readable output')
  .option('--readme', 'also write the Performance section of README.md')
  .option('--data <dir>', 'evaluation data for R@1 (default ../shared/data)')
  .action((options: { quick?: boolean; large?: boolean; json?: boolean; readme?: boolean; data?: string }) =>
    runCommand(() =>
      runBench({
        quick: Boolean(options.quick),
        large: Boolean(options.large),
        json: Boolean(options.json),
        readmePath: options.readme ? 'README.md' : undefined,
        ...(options.data ? { dataDir: options.data } : {}),
        out: (line) => void process.stdout.write(`${line}\n`),
      }),
    ),
  );

void program.parseAsync(process.argv);
