#!/usr/bin/env node
import { runAppChat } from './cli/chat';
import { formatStatus } from './cli/format';
import { formatOutbound, outboundConnections } from './ui/outbound';
import { createProgressReporter } from './cli/progress';
import { openApp, runCommand } from './bootstrap';
import { terminalLocale } from './cli/locale';

/**
 * `npm start`: brings the index up to date, then starts the Discord bot when DISCORD_TOKEN is
 * set, or the terminal chat otherwise (on a non-interactive stdin the chat reads questions
 * from it and ends with it).
 */
async function main(): Promise<void> {
  // The bot prepares the dictionary before it answers anything (preparing blocks the process);
  // the terminal chat only at its first English question.
  const app = await openApp({}, (config) => ({
    dictionary: config.DISCORD_TOKEN ? 'at-start' : 'when-needed',
  }));
  const { service, config, logger } = app;
  // Loaded before the index build, so a re-ranker that cannot load stops the start at once with
  // its fix. Shards load their own; the sharding manager answers no question.
  if (config.SHARDS === undefined) await app.reranker?.ready();
  const progress = createProgressReporter();
  try {
    // An index just built at open is up to date: no second run, no second summary.
    const built = await service.open({ follow: true, onProgress: (event) => progress.update(event) });
    // A shared index is brought up to date by whoever indexes it (`quellen index`, /reindex, a
    // schedule), not by every process that starts: they would queue for the one writer's lock.
    const summary =
      built ??
      (service.shared
        ? undefined
        : await service.reindex({ by: 'start-up', onProgress: (event) => progress.update(event) }));
    if (summary) {
      // The counts people read; timings and generation are for a debug log.
      const { added, changed, removed, unchanged, passages } = summary;
      logger.info(
        { added, changed, removed, unchanged, skipped: summary.skipped.length, passages },
        'index up to date',
      );
      logger.debug({ ...summary, skipped: summary.skipped.length }, 'index build details');
    } else {
      const { generation, articles, passages } = service.status();
      logger.info({ generation, articles, passages }, 'serving the shared index');
    }
  } finally {
    progress.stop();
  }
  if (config.DISCORD_TOKEN) {
    // discord.js loads only when the bot starts, not for the terminal chat.
    const { startBot } = await import('./discord/lifecycle/start.js');
    await startBot(app);
    return;
  }
  // The same block as `/status` in the chat and `quellen status`, with what leaves this host.
  const locale = terminalLocale();
  const outbound = formatOutbound(outboundConnections(config), config, locale);
  process.stdout.write(`${formatStatus(service.status(), locale)}\n${outbound}\n\n`);
  await runAppChat(app, locale);
}

void runCommand(main);
