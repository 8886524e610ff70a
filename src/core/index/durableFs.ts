import { createHash } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';

/**
 * Checksum algorithms of data files. CRC-32 since index schema 6: it catches accidental damage
 * (a torn write, a flipped bit, a truncated copy) as sha256 does, at a fraction of the cost of
 * reading a gigabyte-sized vector file on every start. Neither protects against deliberate
 * changes: the checksums sit in the manifest beside the files, so whoever can rewrite one can
 * rewrite the other. sha256 is still verified in generations written before.
 */
export type ChecksumAlgorithm = 'crc32' | 'sha256';

/** Size and checksum of a data file, as recorded in the manifest (one algorithm per file). */
export type FileDigest = { bytes: number } & ({ crc32: string } | { sha256: string });

/** The algorithm a recorded digest was computed with. */
export function algorithmOf(digest: FileDigest): ChecksumAlgorithm {
  return 'crc32' in digest ? 'crc32' : 'sha256';
}

/** Size and checksum of an in-memory buffer (CRC-32 unless told otherwise). */
export function digestOf(data: Uint8Array, algorithm: ChecksumAlgorithm = 'crc32'): FileDigest {
  if (algorithm === 'sha256')
    return { bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') };
  return { bytes: data.byteLength, crc32: crc32Hex(crc32Of(data)) };
}

/**
 * CRC-32 of `data`, continuing from `initial` (the CRC of what came before).
 * @throws Error on a Node.js without `zlib.crc32` (before 20.15), saying so
 */
export function crc32Of(data: string | Uint8Array, initial = 0): number {
  if (typeof crc32 !== 'function') {
    throw new Error(`quellen needs Node.js 20.15 or newer (zlib.crc32); this is ${process.version}`);
  }
  return crc32(data, initial);
}

/** A CRC-32 as the manifest writes it: eight lower-case hex digits. */
export function crc32Hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/**
 * Source of the worker that {@link digestFile} runs: plain JavaScript, so it runs the same from
 * `dist/` and from the TypeScript sources.
 */
const DIGEST_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { crc32 } = require('node:zlib');
const { closeSync, openSync, readSync } = require('node:fs');
function digest(path, algorithm) {
  const hash = algorithm === 'sha256' ? createHash('sha256') : undefined;
  if (!hash && typeof crc32 !== 'function') throw new Error('quellen needs Node.js 20.15 or newer (zlib.crc32); this is ' + process.version);
  // One buffer, reused: a read stream would allocate a new one per chunk, work that competes
  // with opening the rest of the index for the processor.
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  let crc = 0;
  let bytes = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      const chunk = read === buffer.length ? buffer : buffer.subarray(0, read);
      bytes += read;
      if (hash) hash.update(chunk);
      else crc = crc32(chunk, crc);
    }
  } finally {
    // A failure to close must not hide the read error.
    try { closeSync(fd); } catch {}
  }
  return hash ? { bytes, sha256: hash.digest('hex') } : { bytes, crc32: (crc >>> 0).toString(16).padStart(8, '0') };
}
try {
  parentPort.postMessage(digest(workerData.path, workerData.algorithm));
} catch (error) {
  parentPort.postMessage({ error: String(error && error.message), code: error && error.code });
}
`;

/**
 * Reads a file through the checksum in 1 MiB pieces on a worker thread: memory stays flat for the
 * large vector file, and the main thread stays free (opening an index parses its other files meanwhile).
 */
export function digestFile(path: string, algorithm: ChecksumAlgorithm = 'crc32'): Promise<FileDigest> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DIGEST_WORKER, { eval: true, workerData: { path, algorithm } });
    worker.once('message', (message: FileDigest | { error: string; code?: string }) => {
      if ('error' in message) reject(Object.assign(new Error(message.error), { code: message.code }));
      else resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    // A worker that ends without an answer (terminated, out of resources) must not leave the caller waiting.
    worker.once('exit', (code) => reject(new Error(`checksum of ${path}: worker exited (${code})`)));
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
