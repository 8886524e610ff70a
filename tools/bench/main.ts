/**
 * `npm run bench [-- --quick | --large] [-- --json] [-- --readme]`: indexing, query latency,
 * memory and start-up from 1k to 100k passages (1M with `--large`). Prints the results; writes
 * README.md's Performance section only when asked. `--backend postgres` compares the postgres
 * backend with the embedded one instead. A tool for developers, not part of `quellen`.
 */
import { Command } from 'commander';
import { runCommand } from '../../src/bootstrap';
import { runPostgresBench } from './postgresRun';
import { runBench } from './run';

const program = new Command('bench')
  .description('measure indexing, query latency, memory and start-up from 1k to 100k passages')
  .option('--quick', 'stop at 10k passages')
  .option('--large', 'go on to 1M passages (about an hour, several GiB of memory; peers up to 100k)')
  .option('--json', 'machine-readable output')
  .option('--readme', 'also write the Performance section of README.md')
  .option(
    '--no-lancedb',
    'leave LanceDB out (otherwise its package, about 215 MB, is installed on first use)',
  )
  .option('--data <dir>', 'evaluation data for R@1 (default ../shared/data)')
  .option('--backend <backend>', 'embedded (default), or postgres: both backends side by side', 'embedded')
  .option(
    '--database <url>',
    'with --backend postgres: a role that may create databases on a server with pgvector (default: QUELLEN_BENCH_DATABASE_URL)',
  )
  .action(
    (options: {
      quick?: boolean;
      large?: boolean;
      json?: boolean;
      readme?: boolean;
      data?: string;
      backend: string;
      database?: string;
      lancedb: boolean;
    }) =>
      runCommand(() => {
        if (options.backend === 'postgres') {
          const adminUrl = options.database ?? process.env.QUELLEN_BENCH_DATABASE_URL;
          if (!adminUrl)
            throw new Error('--backend postgres needs --database <url> or QUELLEN_BENCH_DATABASE_URL');
          return runPostgresBench({
            quick: Boolean(options.quick),
            large: Boolean(options.large),
            json: Boolean(options.json),
            adminUrl,
            ...(options.data ? { dataDir: options.data } : {}),
            out: (line) => void process.stdout.write(`${line}\n`),
          });
        }
        if (options.backend !== 'embedded') throw new Error('--backend must be embedded or postgres');
        return runBench({
          quick: Boolean(options.quick),
          large: Boolean(options.large),
          json: Boolean(options.json),
          readmePath: options.readme ? 'README.md' : undefined,
          lancedb: options.lancedb,
          ...(options.data ? { dataDir: options.data } : {}),
          out: (line) => void process.stdout.write(`${line}\n`),
        });
      }),
  );

void program.parseAsync(process.argv);
