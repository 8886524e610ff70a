import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { isUserError } from './core/errors';
import type { Logger } from './core/logger';
import type { QuellenService } from './core/service';
import type { Config } from './config';

/** Something that can be stopped at shutdown. */
export interface Stoppable {
  /** Stops further runs; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/** Runs one background reindex and logs its summary; a run already in progress is skipped quietly. */
export async function backgroundReindex(service: QuellenService, by: string, logger: Logger): Promise<void> {
  try {
    const summary = await service.reindex({ by });
    logger.info(
      {
        by,
        added: summary.added,
        changed: summary.changed,
        removed: summary.removed,
        skipped: summary.skipped.length,
      },
      'index refreshed',
    );
  } catch (error) {
    if (isUserError(error) && (error.code === 'REINDEX_RUNNING' || error.code === 'INDEX_LOCKED')) {
      logger.debug({ by, code: error.code }, 'refresh skipped: a reindex is already running');
      return;
    }
    if (isUserError(error) && error.code === 'COLLECTION_EMPTY') {
      logger.warn({ by, code: error.code }, `refresh skipped: ${error.message}`);
      return;
    }
    logger.error({ err: error, by }, 'background reindex failed');
  }
}

/** Reindexes every `intervalMs` (REINDEX_INTERVAL). */
export function scheduleReindex(service: QuellenService, intervalMs: number, logger: Logger): Stoppable {
  const runs = new InFlight();
  const timer = setInterval(() => runs.track(backgroundReindex(service, 'schedule', logger)), intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await runs.settled();
    },
  };
}

/** The runs a job started that have not finished yet. */
class InFlight {
  private readonly runs = new Set<Promise<void>>();

  track(run: Promise<void>): void {
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
  }

  async settled(): Promise<void> {
    while (this.runs.size > 0) await Promise.allSettled([...this.runs]);
  }
}

/**
 * Watches the collection folder (WATCH_DOCS) and reindexes once changes have been quiet for
 * `debounceMs`, so copying many files triggers one run. Hidden files (the upload's temp
 * files, editor swap files) are ignored. Node's recursive `fs.watch` works on Linux since 20.
 */
export function watchDocs(
  service: QuellenService,
  docsDir: string,
  logger: Logger,
  options: { debounceMs?: number } = {},
): Stoppable {
  const debounceMs = options.debounceMs ?? 3000;
  const runs = new InFlight();
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(docsDir, { recursive: true }, (_event, fileName) => {
      const name = fileName ? path.basename(String(fileName)) : '';
      if (name.startsWith('.')) return;
      clearTimeout(timer);
      timer = setTimeout(() => runs.track(backgroundReindex(service, 'watcher', logger)), debounceMs);
    });
    watcher.on('error', (error) => logger.warn({ err: error }, 'watching the article folder failed'));
  } catch (error) {
    logger.warn({ err: error, dir: docsDir }, 'cannot watch the article folder; changes need /reindex');
  }
  return {
    stop: async () => {
      clearTimeout(timer);
      watcher?.close();
      await runs.settled();
    },
  };
}

/**
 * Starts what the configuration asks for, the same in the bot and in the terminal chat: a
 * scheduled refresh (`REINDEX_INTERVAL`) and the folder watcher (`WATCH_DOCS`).
 */
export function startBackgroundJobs(
  app: {
    service: QuellenService;
    config: Pick<Config, 'REINDEX_INTERVAL' | 'WATCH_DOCS' | 'DOCS_DIR'>;
    logger: Logger;
  },
  options: { watchDebounceMs?: number } = {},
): Stoppable {
  const { service, config, logger } = app;
  const jobs: Stoppable[] = [];
  if (config.REINDEX_INTERVAL !== undefined) {
    jobs.push(scheduleReindex(service, config.REINDEX_INTERVAL, logger));
    logger.info({ everyMs: config.REINDEX_INTERVAL }, 'scheduled reindex on');
  }
  if (config.WATCH_DOCS) {
    jobs.push(watchDocs(service, config.DOCS_DIR, logger, { debounceMs: options.watchDebounceMs }));
    logger.info({ dir: config.DOCS_DIR }, 'watching the article folder');
  }
  return { stop: async () => void (await Promise.all(jobs.map((job) => job.stop()))) };
}
