/**
 * Worker-thread entry of the isolated article reader: reads each `{ id, relPath, bytes, maxBytes }`
 * it is sent and answers `{ id, result }`. Runs under the budget the parent set.
 */

import { parentPort } from 'node:worker_threads';

import { InProcessReader } from './articleReader';

interface Job {
  id: number;
  relPath: string;
  bytes: Uint8Array;
  maxBytes: number;
}

const readers = new Map<number, InProcessReader>();

parentPort?.on('message', (job: Job) => {
  let reader = readers.get(job.maxBytes);
  if (!reader) {
    reader = new InProcessReader({ maxBytes: job.maxBytes });
    readers.set(job.maxBytes, reader);
  }
  void reader.read(job.relPath, job.bytes).then((result) => parentPort?.postMessage({ id: job.id, result }));
});

// Tells the parent that loading is done, so start-up does not count against a file's budget.
parentPort?.postMessage({ ready: true });
