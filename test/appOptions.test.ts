import path from 'node:path';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { silentLogger, type Logger } from '../src/core/logger';
import { tempCollection } from './support/tempCollection';

describe('createApp for commands that answer no question', () => {
  it('leaves out the dictionary and the re-ranker, and says nothing about them', async () => {
    const collection = await tempCollection();
    try {
      const config = loadConfig(
        {
          EMBEDDINGS: 'builtin',
          DOCS_DIR: collection.docs,
          INDEX_DIR: collection.index,
          DICTIONARY_PATH: path.join(collection.root, 'no-dictionary'),
          RERANK_MODEL: 'test/absent',
        },
        collection.root,
      );
      const warnings: string[] = [];
      const logger: Logger = {
        ...silentLogger,
        warn: (_: object | string, message?: string) => void warnings.push(message ?? ''),
        child: () => logger,
      };
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
