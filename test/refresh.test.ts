import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../src/core/logger';
import type { QuellenService } from '../src/core/service';
import {
  backgroundReindex,
  scheduleReindex,
  startBackgroundJobs,
  watchDocs,
  type Stoppable,
} from '../src/refresh';
import { tempApp, tempCollection } from './support/tempCollection';
import { waitUntil } from './discord/bot/harness';

/** A logger that keeps `level message` lines. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void =>
      void lines.push(`${level} ${typeof obj === 'string' ? obj : (msg ?? '')}`);
  const logger = {
    lines,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: () => logger,
  };
  return logger;
}

const ARTICLE = '# Aleppo\n\nDie Zitadelle von Aleppo ist eine Burg im Norden Syriens.\n';

/** Scheduled refresh (REINDEX_INTERVAL) and the docs/ watcher (WATCH_DOCS) over a real service. */
describe('background refresh of the index', () => {
  let collection: Awaited<ReturnType<typeof tempCollection>>;
  let service: QuellenService;
  let running: Stoppable | undefined;
  const logger = recordingLogger();

  beforeEach(async () => {
    logger.lines.length = 0;
    collection = await tempCollection();
    ({ service } = await tempApp(collection));
    await service.open();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await service.idle();
    await collection.cleanup();
  });

  const articleCount = (): number => service.status().articles;

  it('reindexes on schedule, picking up a new article, and stops when asked', async () => {
    running = scheduleReindex(service, 150, logger);
    await writeFile(path.join(collection.docs, 'aleppo.md'), ARTICLE);
    await waitUntil(() => articleCount() === 3, 10_000, 'scheduled reindex');
    expect(service.status().lastReindex?.by).toBe('schedule');
    expect(logger.lines).toContain('info index refreshed');
    await running.stop();
    const after = service.status().lastReindex?.at;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(service.status().lastReindex?.at).toBe(after);
  });

  it('stop() resolves only once a scheduled run in progress has finished', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const reindex = jest.spyOn(service, 'reindex').mockImplementation(async () => {
      started += 1;
      await gate;
      throw new Error('stopped on purpose');
    });
    running = scheduleReindex(service, 20, logger);
    await waitUntil(() => started === 1, 5_000, 'a scheduled run');
    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    const startedBeforeStop = started;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 60));
    // No run started after stop().
    expect(started).toBe(startedBeforeStop);
    reindex.mockRestore();
  });

  it('reindexes once after a burst of changes has been quiet, ignoring hidden files', async () => {
    running = watchDocs(service, collection.docs, logger, { debounceMs: 300 });
    const before = service.status().lastReindex?.at;
    await writeFile(path.join(collection.docs, '.upload.tmp'), 'temporär');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(service.status().lastReindex?.at).toBe(before);

    for (let i = 0; i < 5; i += 1) {
      await writeFile(path.join(collection.docs, `aleppo-${i}.md`), ARTICLE.replace('Aleppo', `Aleppo ${i}`));
    }
    await waitUntil(() => articleCount() === 7, 10_000, 'watcher reindex');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(service.status().lastReindex?.by).toBe('watcher');
    expect(logger.lines.filter((line) => line === 'info index refreshed')).toHaveLength(1);
  });

  it('skips quietly while another reindex runs, and logs a failure without throwing', async () => {
    await writeFile(path.join(collection.docs, 'aleppo.md'), ARTICLE);
    const first = service.reindex({ by: 'moderator' });
    await backgroundReindex(service, 'schedule', logger);
    await first;
    expect(logger.lines).toContain('debug refresh skipped: a reindex is already running');
    expect(logger.lines.some((line) => line.startsWith('error'))).toBe(false);

    const broken = { reindex: () => Promise.reject(new Error('disk full')) } as unknown as QuellenService;
    await expect(backgroundReindex(broken, 'schedule', logger)).resolves.toBeUndefined();
    expect(logger.lines).toContain('error background reindex failed');
  });

  it('keeps running without a watcher when the folder cannot be watched', () => {
    running = watchDocs(service, path.join(collection.root, 'does-not-exist'), logger);
    expect(logger.lines).toContain('warn cannot watch the article folder; changes need /reindex');
  });

  it('starts what the configuration asks for, whatever the front end', async () => {
    const none = startBackgroundJobs({
      service,
      logger,
      config: { REINDEX_INTERVAL: undefined, WATCH_DOCS: false, DOCS_DIR: collection.docs },
    });
    await none.stop();
    expect(logger.lines.filter((line) => /scheduled reindex on|watching/.test(line))).toEqual([]);

    running = startBackgroundJobs(
      { service, logger, config: { REINDEX_INTERVAL: 100, WATCH_DOCS: true, DOCS_DIR: collection.docs } },
      { watchDebounceMs: 50 },
    );
    expect(logger.lines).toEqual(
      expect.arrayContaining(['info scheduled reindex on', 'info watching the article folder']),
    );
    await writeFile(path.join(collection.docs, 'aleppo.md'), ARTICLE);
    await waitUntil(() => articleCount() === 3, 10_000, 'a background reindex');
  });
});
