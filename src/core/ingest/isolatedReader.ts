/**
 * Reads articles in a worker thread with a time and memory budget, so that no file (however
 * deeply nested, however many brackets) can stall the process that answers questions.
 */

import path from 'node:path';
import { Worker } from 'node:worker_threads';

import type { ArticleReader } from './articleReader';
import type { ReadResult } from './readArticle';

/** Options of {@link IsolatedReader}; see {@link DEFAULT_READ_BUDGET}. */
export interface ReadBudget {
  /** Longest time one file may take to read. */
  timeoutMs: number;
  /** Heap one read may use (the worker's old-generation limit). */
  maxMemoryMb: number;
  /** Longest time a new worker may take to load before the file it was started for fails. */
  startupMs: number;
}

/** A budget no real article comes near: a 5 MB article reads in well under a second. */
export const DEFAULT_READ_BUDGET: ReadBudget = { timeoutMs: 15_000, maxMemoryMb: 768, startupMs: 30_000 };

interface Pending {
  id: number;
  relPath: string;
  bytes: Uint8Array;
  resolve: (result: ReadResult) => void;
}

/**
 * An {@link ArticleReader} that reads one file at a time in a worker thread. A file that takes
 * longer than the budget, or needs more memory, is skipped with a reason; the worker is then
 * replaced, and the next file is read as usual. The worker is started on first use and does not
 * keep the process alive while idle.
 */
export class IsolatedReader implements ArticleReader {
  private readonly budget: ReadBudget;
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private current: { job: Pending; timer: NodeJS.Timeout | undefined } | undefined;
  /** Whether the current worker has loaded (its start-up does not count against a file's budget). */
  private ready = false;
  private nextId = 1;

  constructor(
    private readonly maxBytes: number,
    budget: Partial<ReadBudget> = {},
  ) {
    this.budget = { ...DEFAULT_READ_BUDGET, ...budget };
  }

  read(relPath: string, bytes: Uint8Array): Promise<ReadResult> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, relPath, bytes, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (this.current) this.finish({ ok: false, reason: 'reading was stopped' });
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, reason: 'reading was stopped' });
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) {
      this.worker?.unref();
      return;
    }
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      // No worker could be started (out of file handles, say): this file fails, the next tries again.
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      job.resolve({ ok: false, reason: `unreadable: the reader could not start (${message})` });
      this.pump();
      return;
    }
    worker.ref();
    this.current = { job, timer: undefined };
    this.startClock();
    worker.postMessage({ id: job.id, relPath: job.relPath, bytes: job.bytes, maxBytes: this.maxBytes });
  }

  /**
   * Starts the current file's time budget. Until the worker has loaded, `startupMs` bounds its
   * start-up (so a worker that never starts cannot hold a read forever); once it reports ready,
   * the file gets its full budget.
   */
  private startClock(): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    const starting = !this.ready;
    const limitMs = starting ? this.budget.startupMs : this.budget.timeoutMs;
    current.timer = setTimeout(() => {
      const seconds = Math.round(limitMs / 100) / 10;
      const reason = starting
        ? `unreadable: the reader did not start within ${seconds} s`
        : `took longer than ${seconds} s to read (skipped)`;
      this.replaceWorker({ ok: false, reason });
    }, limitMs);
  }

  private finish(result: ReadResult): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = undefined;
    current.job.resolve(result);
  }

  /** Ends the current read with `result`, throws the worker away, and goes on with a new one. */
  private replaceWorker(result: ReadResult): void {
    const worker = this.worker;
    this.worker = undefined;
    worker?.removeAllListeners();
    void worker?.terminate();
    this.finish(result);
    this.pump();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnReadWorker(this.budget.maxMemoryMb);
    this.ready = false;
    worker.on('message', (message: { id: number; result: ReadResult } | { ready: true }) => {
      if ('ready' in message) {
        this.ready = true;
        this.startClock();
        return;
      }
      if (this.current?.job.id !== message.id) return;
      this.finish(message.result);
      this.pump();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `needs more than ${this.budget.maxMemoryMb} MB to read (skipped)`
          : `unreadable: ${error.message.split('\n')[0]}`;
      this.replaceWorker({ ok: false, reason });
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.replaceWorker({ ok: false, reason: 'the reader stopped (skipped)' });
    });
    this.worker = worker;
    return worker;
  }
}

/**
 * Starts `readWorker` beside this file: the compiled `.js` in `dist/`, or the `.ts` source under
 * a TypeScript runner (tests, `tsx`), which the worker then loads through tsx's require hook.
 */
function spawnReadWorker(maxMemoryMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxMemoryMb };
  const file = path.join(__dirname, `readWorker${path.extname(__filename)}`);
  if (file.endsWith('.js')) return new Worker(file, { resourceLimits });
  const register = require.resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(register)}).register(); require(${JSON.stringify(file)});`;
  return new Worker(code, { eval: true, resourceLimits });
}
