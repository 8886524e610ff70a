#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { fetchModel } from '../core/embedding/fetch';
import { answerBatch } from './batch';
import { runAppChat } from './chat';
import {
  answerToJson,
  formatAnswer,
  formatArticles,
  formatFetchedModel,
  formatIndexSummary,
  formatStatus,
  formatSummary,
} from './format';
import { createProgressReporter } from './progress';
import { openApp, processLogger, readConfig, runCommand } from '../bootstrap';
import { migrateDatabase } from '../app';
import { ConfigError } from '../config';
import { languageWithoutWords, terminalLocale } from './locale';
import { usageErrorLine } from './usageErrors';
import { formatOutbound, outboundConnections } from '../ui/outbound';
import { formatFeedbackSummary, readFeedbackSummary } from '../feedback';
import { isUserError, UserError } from '../core/errors';
import { t } from '../ui/messages';
import { indexProblemText } from '../ui/reasons';

/** The number of key sentences a summary may have (the summariser's range). */
function sentenceCount(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 3 || parsed > 6)
    throw new InvalidArgumentError(t(terminalLocale(), 'sentenceCountRange'));
  return parsed;
}

/** Prints a line; once the reader has gone (a closed pipe), output is dropped and the command runs on. */
const print = (text: string): void => {
  if (process.stdout.writable) process.stdout.write(`${text}\n`);
};

/** The `quellen` command line; each action parses options, calls the service, and prints. */
export function buildProgram(): Command {
  const program = new Command('quellen')
    .description('Answers questions about your articles with verifiable citations.')
    .version(packageVersion(), '-V, --version', 'print the version of quellen');

  program
    .command('index')
    .description(
      'bring the index up to date with the article collection (only new or changed articles are embedded)',
    )
    .option('--docs <dir>', 'article folder (default: DOCS_DIR or docs/)')
    .option('--full', 'rebuild everything from scratch')
    .option('--allow-empty', 'let a folder without articles empty the index')
    .action((options: { docs?: string; full?: boolean; allowEmpty?: boolean }) =>
      runCommand(async () => {
        const app = await openApp(options.docs ? { DOCS_DIR: options.docs } : {}, { answers: false });
        const progress = createProgressReporter();
        // Ctrl-C aborts cleanly: the lock is released and the previous index stays live.
        const abort = new AbortController();
        const stop = (): void => abort.abort();
        process.once('SIGINT', stop).once('SIGTERM', stop);
        try {
          const summary = await app.service.reindex({
            full: options.full,
            allowEmpty: options.allowEmpty,
            by: 'cli',
            onProgress: (e) => progress.update(e),
            signal: abort.signal,
            // The summary below lists them.
            skippedShown: true,
          });
          progress.stop();
          print(formatIndexSummary(summary, terminalLocale(), { fullRequested: options.full === true }));
        } finally {
          progress.stop();
          process.off('SIGINT', stop).off('SIGTERM', stop);
        }
      }),
    );

  program
    .command('migrate')
    .description('create or update the index tables in PostgreSQL (INDEX_BACKEND=postgres)')
    .action(() =>
      runCommand(async () => {
        const result = await migrateDatabase(readConfig());
        const locale = terminalLocale();
        print(
          result.applied.length === 0
            ? t(locale, 'migrateCurrent', { version: result.to })
            : t(locale, 'migrateDone', { from: result.from, to: result.to }),
        );
      }),
    );

  program
    .command('status')
    .description('show what is indexed')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) =>
      runCommand(async () => {
        const { service, config } = await openApp({}, { answers: false });
        const outbound = outboundConnections(config);
        // An index that cannot be used is reported with its reason; anything else is an error.
        let indexProblem: string | undefined;
        // A database that cannot be reached is no index to rebuild.
        let unreachable = false;
        // Only an index that quellen index can rebuild gets that hint.
        let rebuildable = false;
        await service.open({ rebuild: false }).catch((error: unknown) => {
          if (!isUserError(error) || error.code !== 'INDEX_UNUSABLE') throw error;
          indexProblem = error.message.replace(/\.$/, '');
          unreachable = 'where' in error.details;
          // A shared index built with other settings is rebuilt only on purpose (--full).
          rebuildable =
            'reason' in error.details &&
            !(config.INDEX_BACKEND === 'postgres' && error.details.reason === 'mismatch');
        });
        const status = service.status();
        if (options.json) {
          const { articles, passages, embedder, dims, backend, generation, vectorIndex, builtAt, skipped } =
            status;
          print(
            JSON.stringify({
              articles,
              passages,
              embedder,
              dims,
              backend,
              generation: generation ?? null,
              vectorIndex: vectorIndex ?? null,
              builtAt: builtAt ?? null,
              skipped,
              indexProblem: indexProblem ?? null,
              reranker: config.RERANK_MODEL ?? null,
              outbound,
            }),
          );
        } else {
          const locale = terminalLocale();
          print(
            formatStatus(status, locale, new Date(), {
              session: false,
              ...(indexProblem !== undefined ? { usable: false } : {}),
            }),
          );
          // The setting takes effect with the next update: say so, instead of showing the old kind silently.
          if (
            status.backend.kind === 'embedded' &&
            status.vectorIndex &&
            status.vectorIndex !== config.VECTOR_INDEX
          )
            print(
              t(locale, 'statusVectorIndexPending', {
                kind: config.VECTOR_INDEX,
                current: status.vectorIndex === 'flat' ? 'flat' : 'HNSW',
              }),
            );
          if (config.RERANK_MODEL) print(t(locale, 'statusReranker', { model: config.RERANK_MODEL }));
          print(formatOutbound(outbound, config, locale));
          if (indexProblem) {
            const key = unreachable
              ? 'statusDatabaseProblem'
              : rebuildable
                ? 'statusIndexProblem'
                : 'statusIndexUnusable';
            print(t(locale, key, { reason: indexProblemText(indexProblem, locale) }));
          }
        }
        // An index that cannot answer, or a database that cannot be reached, is no success: a
        // health check sees it in the exit code, the output says why.
        if (indexProblem !== undefined) process.exitCode = 1;
      }),
    );

  program
    .command('articles')
    .description('list the indexed articles')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) =>
      runCommand(async () => {
        const { service } = await openApp({}, { answers: false });
        await service.open();
        const articles = await service.articles();
        print(options.json ? JSON.stringify(articles) : formatArticles(articles, terminalLocale()));
      }),
    );

  program
    .command('ask')
    .description('answer a question (or a JSONL batch of questions) with citations')
    .argument('[question...]', 'the question (quotes optional)')
    .option('--article <id>', 'only search this article')
    .option('--since <date>', 'only articles dated on or after this (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--until <date>', 'only articles dated on or before this')
    .option(
      '--batch <file>',
      'JSONL file of {"id","question"} lines ("-" for stdin); prints one JSON line each and exits with 1 if a line failed',
    )
    .option('--json', 'machine-readable output')
    .action(
      (
        words: string[],
        options: { article?: string; since?: string; until?: string; batch?: string; json?: boolean },
        command: Command,
      ) => {
        // Unquoted words are one question: `quellen ask Wie viele Soldaten starben?`.
        const question = words.join(' ').trim();
        // A usage mistake, said like commander's own (one line, with the --help to read).
        if (question && options.batch) command.error(t(terminalLocale(), 'questionOrBatch'));
        return runCommand(async () => {
          if (!question && !options.batch) throw new UserError('EMPTY_QUESTION', 'Please ask a question.');
          // A German question never waits for the dictionary's first preparation.
          const app = await openApp({}, { dictionary: 'when-needed' });
          const { service } = app;
          // A re-ranker that cannot load stops here with its fix, not once per question.
          await app.reranker?.ready();
          await service.open();
          const filters = {
            ...(options.article ? { articleId: options.article } : {}),
            ...(options.since ? { dateFrom: options.since } : {}),
            ...(options.until ? { dateTo: options.until } : {}),
          };
          if (options.batch) {
            const { failed } = await answerBatch(service, options.batch, print, filters);
            // The answers are printed; the exit code says that some lines were not answered.
            if (failed > 0) process.exitCode = 1;
            return;
          }
          const { answer } = await service.ask(question, {
            ...filters,
            ...languageWithoutWords(question, terminalLocale(), app.config.ANSWER_LANGUAGE),
          });
          if (options.json) {
            print(JSON.stringify(answerToJson(answer)));
            return;
          }
          // The scope note names the article as the collection does, not as typed ("001").
          const article = options.article ? (await service.findArticle(options.article)).title : undefined;
          print(formatAnswer(answer, { ...options, ...(article !== undefined ? { article } : {}) }));
        });
      },
    );

  program
    .command('summary')
    .description('summarise an article (by id or title) in a few cited key sentences')
    .argument('<article...>', 'article id, title or a unique part of either (quotes optional)')
    .option('--sentences <n>', 'number of key sentences (3–6)', sentenceCount)
    .option('--json', 'machine-readable output')
    .action((words: string[], options: { sentences?: number; json?: boolean }) =>
      runCommand(async () => {
        // A summary translates nothing: the dictionary is prepared only if a question needs it.
        const { service } = await openApp({}, { dictionary: 'when-needed' });
        await service.open();
        const summary = await service.summarize(words.join(' '), { sentences: options.sentences });
        print(options.json ? JSON.stringify(summary) : formatSummary(summary, terminalLocale()));
      }),
    );

  program
    .command('chat')
    .description('interactive terminal chat with the same commands as the Discord bot')
    .action(() =>
      runCommand(async () => {
        const app = await openApp({}, { dictionary: 'when-needed' });
        await app.reranker?.ready();
        await app.service.open({ follow: true, onProgress: createProgressReporter().update });
        await runAppChat(app, terminalLocale());
      }),
    );

  program
    .command('feedback')
    .description(
      "sum up the 👍/👎 votes in FEEDBACK_LOG: each person's last vote per answer, and the answers voted down",
    )
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) =>
      runCommand(async () => {
        const config = readConfig();
        const summary = await readFeedbackSummary(config.FEEDBACK_LOG);
        print(options.json ? JSON.stringify(summary) : formatFeedbackSummary(summary, terminalLocale()));
      }),
    );

  const model = program.command('model').description('manage the embedding and re-ranking models');
  model
    .command('fetch')
    .description(
      'download the embedding model (with --rerank: RERANK_MODEL) into MODELS_DIR (then copy that folder to offline hosts); an explicit download, so ALLOW_REMOTE_MODELS=false, which stops automatic ones, does not stop it',
    )
    .option('--rerank', 'download the re-ranking model named by RERANK_MODEL instead')
    .option('--json', 'machine-readable output: the folder and every file with its size')
    .action((options: { rerank?: boolean; json?: boolean }) =>
      runCommand(async () => {
        const config = readConfig();
        if (options.rerank && !config.RERANK_MODEL)
          throw new ConfigError([
            'RERANK_MODEL: required by --rerank (a cross-encoder, e.g. Xenova/bge-reranker-base)',
          ]);
        const modelId = options.rerank ? config.RERANK_MODEL! : config.EMBEDDING_MODEL;
        const fetched = await fetchModel({ modelId, modelsDir: config.MODELS_DIR });
        print(
          options.json ? JSON.stringify(fetched, null, 2) : formatFetchedModel(fetched, terminalLocale()),
        );
      }),
    );

  program
    .command('deploy-commands')
    .description(
      'register the slash commands with Discord: in each server of GUILD_IDS (takes effect at once), or globally when GUILD_IDS is unset',
    )
    .option('--guild <id>', 'register in this server only, whatever GUILD_IDS says')
    .action((options: { guild?: string }) =>
      runCommand(async () => {
        const config = readConfig();
        const logger = processLogger(config);
        // discord.js takes half a second to load: only the command that talks to Discord loads it.
        const { deployCommands } = await import('../discord/deploy.js');
        const result = await deployCommands(config, { guildId: options.guild }, logger);
        print(`Registered ${result.count} commands (${result.scope}).`);
      }),
    );

  localiseUsageErrors(program, 'quellen');
  return program;
}

/** A mistyped command line is reported in one line, in the terminal's language (see usageErrors.ts). */
function localiseUsageErrors(command: Command, name: string): void {
  command.configureOutput({
    outputError: (str, write) => write(usageErrorLine(str, terminalLocale(), name)),
  });
  for (const sub of command.commands) localiseUsageErrors(sub, `${name} ${sub.name()}`);
}

if (require.main === module) {
  // A reader that stops early (`quellen articles | head`, `2>&1 | head`) closes the pipe: that ends
  // the output, not the command. It finishes its work (an index write, its cache, its lock) and
  // exits with its own code; only what it would have printed is lost.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
  void buildProgram().parseAsync(process.argv);
}

/** The version in package.json (two folders above the compiled or source file). */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}
