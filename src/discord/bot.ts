import { once } from 'node:events';
import { Events, Routes, type Client } from 'discord.js';
import type { AppContext } from '../app';
import { FileAnswerStore, type AnswerStore } from './state/answerStore';
import { createClient } from './lifecycle/discordClient';
import { failureReason, isNetworkError, retryWithBackoff } from './lifecycle/retry';
import { commandsByName, commands as allCommands, type Command } from './commands';
import type { BotContext } from './context';
import { events, type EventScope } from './events';
import { ConversationStore } from './state/conversation';
import { FeedbackLog } from './state/feedback';
import { LocalRateLimits, type RateLimits } from './state/rateLimit';
import { startBackgroundJobs, type Stoppable } from '../refresh';

/** Options of {@link QuellenBot}; all have production defaults. */
export interface BotOptions {
  /** Scheduled refresh and folder watcher (only one shard should run them). Default true. */
  backgroundJobs?: boolean;
  now?: () => Date;
  fetch?: typeof fetch;
  progressIntervalMs?: number;
  downloadTimeoutMs?: number;
  watchDebounceMs?: number;
  commands?: readonly Command[];
  /** Where answers are kept for their buttons (default: files in ANSWERS_DIR). */
  answers?: AnswerStore;
  /** Where user budgets are kept (default: in this process). */
  rateLimits?: RateLimits;
  client?: Client;
}

/**
 * The Discord adapter: a discord.js client wired to the service. Commands are never
 * registered here (see `deployCommands`). `stop()` destroys the client and stops the timers.
 */
export class QuellenBot {
  readonly client: Client;
  readonly context: BotContext;
  private readonly jobs: Stoppable[] = [];
  /** Ends a login that is still waiting for the network when the bot is stopped. */
  private readonly stopping = new AbortController();
  private readonly backgroundJobs: boolean;
  private readonly watchDebounceMs: number | undefined;

  constructor(
    private readonly app: AppContext,
    options: BotOptions = {},
  ) {
    const { config } = app;
    const logger = app.logger.child({ component: 'discord' });
    const now = options.now ?? (() => new Date());
    this.backgroundJobs = options.backgroundJobs ?? true;
    this.watchDebounceMs = options.watchDebounceMs;
    this.context = {
      service: app.service,
      config,
      logger,
      answers:
        options.answers ?? new FileAnswerStore(config.ANSWERS_DIR, logger, { now: () => now().getTime() }),
      limits:
        options.rateLimits ??
        new LocalRateLimits(config.RATE_LIMIT_PER_MINUTE, { now: () => now().getTime() }),
      feedback: new FeedbackLog(config.FEEDBACK_LOG, { now }),
      conversations: new ConversationStore(),
      now,
      fetch: options.fetch ?? fetch,
      progressIntervalMs: options.progressIntervalMs ?? 2000,
      downloadTimeoutMs: options.downloadTimeoutMs ?? 20_000,
    };
    this.client = options.client ?? createClient(config);
    this.wire(commandsByName(options.commands ?? allCommands));
  }

  private wire(commands: ReadonlyMap<string, Command>): void {
    const { client } = this;
    const { logger } = this.context;
    const scope: EventScope = { ctx: this.context, client, commands };
    for (const event of events) {
      const listener = (...args: unknown[]): void =>
        void (event.execute as (scope: EventScope, ...rest: unknown[]) => unknown)(scope, ...args);
      if (event.once) client.once(event.name, listener);
      else client.on(event.name, listener);
    }
    client.rest.on('rateLimited', (info) =>
      logger.warn(
        { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global },
        'discord rate limit hit; retrying',
      ),
    );
  }

  /** Logs in, waits until ready, and starts the scheduled refresh and folder watcher when configured. */
  async start(): Promise<void> {
    const { config, logger } = this.context;
    if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set.');
    await this.context.answers.open();
    const ready = once(this.client, Events.ClientReady);
    const token = config.DISCORD_TOKEN;
    // Started before the network is up (a reboot, a container), the bot waits for Discord: the
    // REST gateway lookup is retried, and login runs once Discord answers (a failed login leaves
    // the client destroyed for good, so it is not what is retried).
    this.client.rest.setToken(token);
    try {
      await retryWithBackoff(
        () =>
          this.client.rest.get(Routes.gatewayBot()).catch((error: unknown) => {
            // Reached, but refused (a wrong token): login reports that itself.
            if (!isNetworkError(error)) return undefined;
            throw error;
          }),
        {
          retryable: isNetworkError,
          onRetry: (error, delayMs, attempt) =>
            logger.warn(
              { attempt, retryInMs: delayMs },
              `cannot reach Discord (${failureReason(error)}); trying again in ${Math.round(delayMs / 1000)} s`,
            ),
          signal: this.stopping.signal,
        },
      );
    } catch (error) {
      // Stopped while waiting: a shutdown, not a failure.
      if (this.stopping.signal.aborted) return;
      throw error;
    }
    await this.client.login(token);
    await ready;
    logger.info(
      { user: this.client.user?.tag, guilds: this.client.guilds.cache.size, shards: this.client.shard?.ids },
      'discord bot ready',
    );
    if (this.backgroundJobs)
      this.jobs.push(startBackgroundJobs({ ...this.app, logger }, { watchDebounceMs: this.watchDebounceMs }));
  }

  /** Stops timers and watchers and disconnects. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.jobs.splice(0).map((job) => job.stop()));
    // Closing the gateway is no outage: no "reconnecting" or "disconnected" lines after "shutting down".
    this.client.removeAllListeners(Events.ShardReconnecting).removeAllListeners(Events.ShardDisconnect);
    await this.client.destroy();
  }
}
