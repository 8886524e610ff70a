import { createHash } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

/** Size and sha256 of a data file, as recorded in the manifest. */
export interface FileDigest {
  bytes: number;
  sha256: string;
}

/** sha256 and size of an in-memory buffer. */
export function digestOf(data: Uint8Array): FileDigest {
  return { bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') };
}

/**
 * Source of the worker that {@link digestFile} runs: plain JavaScript, so it runs the same from
 * `dist/` and from the TypeScript sources.
 */
const DIGEST_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
(async () => {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(workerData, { highWaterMark: 1 << 20 })) {
    bytes += chunk.length;
    hash.update(chunk);
  }
  parentPort.postMessage({ bytes, sha256: hash.digest('hex') });
})().catch((error) => parentPort.postMessage({ error: String(error && error.message), code: error && error.code }));
`;

/**
 * Streams a file through sha256 on a worker thread: memory stays flat for the large vector
 * file, and the main thread stays free (opening an index parses its other files meanwhile).
 */
export function digestFile(path: string): Promise<FileDigest> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DIGEST_WORKER, { eval: true, workerData: path });
    worker.once('message', (message: FileDigest | { error: string; code?: string }) => {
      if ('error' in message) reject(Object.assign(new Error(message.error), { code: message.code }));
      else resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    // A worker that ends without an answer (terminated, out of resources) must not leave the caller waiting.
    worker.once('exit', (code) => reject(new Error(`sha256 of ${path}: worker exited (${code})`)));
  });
}

/** Writes a new file (fails if it exists) and fsyncs it before returning. */
export async function writeFileDurable(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs an existing file, e.g. one written by a native library. */
export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a directory so that the names created or renamed in it survive a power loss. */
export async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Atomically replaces `path` with `data`: write a temp file, fsync, rename, fsync the directory. */
export async function replaceFileAtomic(path: string, dir: string, data: string): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await fsyncDir(dir);
}
