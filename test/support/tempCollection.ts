import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type AppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger, type Logger } from '../../src/core/logger';

import { copySamples } from './samples';

export { SAMPLE_DOCS } from './samples';

/** A temp folder with a copy of the sample articles and an empty index folder. */
export async function tempCollection(): Promise<{
  root: string;
  docs: string;
  index: string;
  cleanup: () => Promise<void>;
}> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'quellen-'));
  const docs = path.join(root, 'docs');
  await copySamples(docs);
  return {
    root,
    docs,
    index: path.join(root, 'embeddings'),
    // Services write their lexical cache in the background: they are closed before the folder goes.
    cleanup: async () => {
      await closeTempApps();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The real application (built-in embedder, no dictionary, no network) over a temp collection. */
export async function tempApp(
  collection: { root: string; docs: string; index: string },
  env: Record<string, string> = {},
  logger: Logger = silentLogger,
): Promise<AppContext> {
  const config = loadConfig(
    {
      EMBEDDINGS: 'builtin',
      DOCS_DIR: collection.docs,
      INDEX_DIR: collection.index,
      MODELS_DIR: path.join(collection.root, 'models'),
      DICTIONARY_PATH: path.join(collection.root, 'no-dictionary'),
      THESAURUS_PATH: path.join(collection.root, 'no-thesaurus'),
      FEEDBACK_LOG: path.join(collection.root, 'feedback.jsonl'),
      LOG_LEVEL: 'silent',
      ...env,
    },
    collection.root,
  );
  const app = await createApp(config, logger);
  opened.add(app);
  return app;
}

/** Apps {@link tempApp} made that are not closed yet. */
const opened = new Set<AppContext>();

/** Closes every app {@link tempApp} made (waiting for their background writes); call before removing folders. */
export async function closeTempApps(): Promise<void> {
  const apps = [...opened];
  opened.clear();
  await Promise.all(apps.map((app) => app.service.close()));
}
