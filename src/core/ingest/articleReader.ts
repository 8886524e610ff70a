/**
 * The seam between finding an article's bytes and reading them: in this process, or isolated in
 * a worker thread with a time and memory budget (see `isolatedReader.ts`).
 */

import { loadHtmlReader, type HtmlReader } from './html';
import { readArticle, type ReadResult } from './readArticle';

/**
 * Reads one article from its bytes. Never rejects: every problem, a file that exceeds a budget
 * included, is a `{ ok: false, reason }` with a one-line reason.
 */
export interface ArticleReader {
  read(relPath: string, bytes: Uint8Array): Promise<ReadResult>;
  /** Frees what the reader holds (a worker thread); reading afterwards starts afresh. */
  close(): Promise<void>;
}

/** Options of {@link InProcessReader}. */
export interface InProcessReaderOptions {
  maxBytes: number;
  /** Loads the HTML reader on first use (default {@link loadHtmlReader}). */
  loadHtml?: () => Promise<HtmlReader>;
}

/**
 * Reads on the calling thread, without a budget: for trusted input and tests. A hostile file can
 * block the event loop here; the app reads through the isolated reader.
 */
export class InProcessReader implements ArticleReader {
  private html: Promise<HtmlReader> | undefined;

  constructor(private readonly options: InProcessReaderOptions) {}

  async read(relPath: string, bytes: Uint8Array): Promise<ReadResult> {
    const { maxBytes } = this.options;
    const isHtml = /\.html?$/i.test(relPath);
    try {
      const html = isHtml ? await this.htmlReader() : undefined;
      return readArticle(relPath, bytes, html ? { maxBytes, html } : { maxBytes });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: `unreadable: ${message.split('\n')[0]}` };
    }
  }

  async close(): Promise<void> {}

  private htmlReader(): Promise<HtmlReader> {
    this.html ??= (this.options.loadHtml ?? loadHtmlReader)();
    return this.html;
  }
}
