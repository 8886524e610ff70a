/**
 * File metadata of many files at once, read on a worker thread.
 *
 * Checking a large article folder for changes means one `stat` per file. Asked one by one
 * through the asynchronous API, each costs a request, a trip through the thread pool and a
 * callback on the main thread, which together outweigh the system call many times over; asked
 * synchronously they would block the event loop of a running bot for as long as the file system
 * takes. A worker asks synchronously, in one pass, and answers with one message.
 */

import { Worker } from 'node:worker_threads';

/** What quellen reads of a file's metadata (the fields of `fs.Stats` it uses). */
export interface FileStats {
  isFile: boolean;
  size: number;
  dev: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** A file's metadata, or why it could not be read (`code` as in Node's file-system errors). */
export type StatResult = FileStats | { error: { code?: string; message: string } };

/**
 * Source of the worker: plain JavaScript, so it runs the same from `dist/` and from the
 * TypeScript sources.
 */
const STAT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const results = workerData.paths.map((path) => {
  try {
    const s = statSync(path);
    return { isFile: s.isFile(), size: s.size, dev: s.dev, ino: s.ino, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs };
  } catch (error) {
    return { error: { code: error && error.code, message: String(error && error.message) } };
  }
});
parentPort.postMessage(results);
`;

/**
 * The metadata of each path (following symbolic links, as `fs.stat`), in the order given. A
 * path that cannot be read gets its error; the promise rejects only when the worker itself fails.
 */
export function statFiles(paths: readonly string[]): Promise<StatResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(STAT_WORKER, { eval: true, workerData: { paths } });
    worker.once('message', (results: StatResult[]) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once('error', reject);
    // A worker that ends without an answer (terminated, out of resources) must not leave the caller waiting.
    worker.once('exit', (code) => reject(new Error(`file metadata: worker exited (${code})`)));
  });
}

/** Whether a {@link statFiles} result is an error. */
export function isStatError(result: StatResult): result is Extract<StatResult, { error: unknown }> {
  return 'error' in result;
}
