import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { silentLogger, type Logger } from '../src/core/logger';
import { SYNONYM_CACHE_FILE } from '../src/core/text/synonyms';
import { tempCollection } from './support/tempCollection';

type Collection = Awaited<ReturnType<typeof tempCollection>>;

/** The configuration of an app over a temporary collection, with the built-in embedder. */
function configOf(collection: Collection, settings: Record<string, string>) {
  return loadConfig(
    { EMBEDDINGS: 'builtin', DOCS_DIR: collection.docs, INDEX_DIR: collection.index, ...settings },
    collection.root,
  );
}

/** A logger that keeps the messages of one level. */
function recording(level: 'warn' | 'info', messages: string[]): Logger {
  const logger: Logger = {
    ...silentLogger,
    [level]: (_: object | string, message?: string) => void messages.push(message ?? ''),
    child: () => logger,
  };
  return logger;
}

describe('createApp for commands that answer no question', () => {
  it('leaves out the dictionary and the re-ranker, and says nothing about them', async () => {
    const collection = await tempCollection();
    try {
      const config = configOf(collection, {
        DICTIONARY_PATH: path.join(collection.root, 'no-dictionary'),
        THESAURUS_PATH: path.join(collection.root, 'no-thesaurus'),
        RERANK_MODEL: 'test/absent',
      });
      const warnings: string[] = [];
      const logger = recording('warn', warnings);
      const listing = await createApp(config, logger, { answers: false });
      expect(listing.reranker).toBeUndefined();
      expect(warnings.filter((w) => w.includes('dictionary'))).toEqual([]);
      await listing.service.close();

      const answering = await createApp(config, logger);
      expect(answering.reranker?.id).toBe('transformers:test/absent');
      expect(warnings.filter((w) => w.includes('no German–English dictionary'))).toHaveLength(1);
      await answering.service.close();
    } finally {
      await collection.cleanup();
    }
  });
});

describe('createApp: when the dictionary is prepared', () => {
  const DING = [
    'Luftwaffe {f} [mil.] :: air force',
    'fliegen {vi} | fliegend | geflogen :: to fly | flying | flown',
  ].join('\n');

  it.each([
    ['at-start', 1],
    ['when-needed', 0],
  ] as const)('%s: announced %i times before the first English question', async (dictionary, atStart) => {
    const collection = await tempCollection();
    try {
      const file = path.join(collection.root, 'de-en');
      writeFileSync(file, DING);
      const config = configOf(collection, { DICTIONARY_PATH: file });
      const infos: string[] = [];
      const logger = recording('info', infos);
      const preparing = () =>
        infos.filter((line) => line.startsWith('preparing the German–English dictionary'));
      const app = await createApp(config, logger, { dictionary });
      await app.service.open();
      await app.service.ask('Wo fliegt die Luftwaffe?');
      // A German count question whose counted noun reads as English on its own.
      await app.service.ask('Wie viele Tickets wurden verkauft?');
      expect(preparing()).toHaveLength(atStart);
      const { answer } = await app.service.ask('Where does the air force fly?');
      // Translated: the quotes are about the Luftwaffe.
      expect(answer.citations.some((citation) => citation.quote.includes('Luftwaffe'))).toBe(true);
      expect(preparing()).toHaveLength(1);
      await app.service.close();
    } finally {
      await collection.cleanup();
    }
  });
});

describe('createApp: the German thesaurus', () => {
  it('prepares it once into the index folder; without it says so once', async () => {
    const collection = await tempCollection();
    try {
      const file = path.join(collection.root, 'openthesaurus.txt');
      writeFileSync(file, '# OpenThesaurus\nFerien;Urlaub\n');
      const infos: string[] = [];
      const logger = recording('info', infos);
      const preparing = () => infos.filter((line) => line.startsWith('preparing the German thesaurus'));
      const noDictionary = path.join(collection.root, 'no-dictionary');
      const settings = { THESAURUS_PATH: file, DICTIONARY_PATH: noDictionary };
      // A command that answers no question does not read it.
      const listing = await createApp(configOf(collection, settings), logger, { answers: false });
      await listing.service.close();
      expect(infos.filter((line) => line.includes('thesaurus'))).toEqual([]);
      expect(existsSync(path.join(collection.index, SYNONYM_CACHE_FILE))).toBe(false);
      const first = await createApp(configOf(collection, settings), logger);
      await first.service.close();
      const second = await createApp(configOf(collection, settings), logger);
      await second.service.close();
      expect(preparing()).toHaveLength(1);
      expect(existsSync(path.join(collection.index, SYNONYM_CACHE_FILE))).toBe(true);
      expect(infos.filter((line) => line.startsWith('no German thesaurus'))).toEqual([]);

      const without = await createApp(
        configOf(collection, {
          THESAURUS_PATH: path.join(collection.root, 'no-thesaurus'),
          DICTIONARY_PATH: noDictionary,
        }),
        logger,
      );
      await without.service.close();
      expect(infos.filter((line) => line.startsWith('no German thesaurus'))).toHaveLength(1);
    } finally {
      await collection.cleanup();
    }
  });
});
