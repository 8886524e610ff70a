import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { unreadableReason } from '../core/ingest/fileSource';
import { createInterface } from 'node:readline';
import type { AskOptions, QuellenService } from '../core/service';
import { describeError } from '../ui/describeError';
import { answerToJson } from './format';

/**
 * Answers a JSONL file of `{ "id", "question" }` lines, writing one JSON line per input line,
 * with the model and index loaded once. A broken line yields an `{ id, error }` line instead
 * of stopping the run.
 */
export async function answerBatch(
  service: QuellenService,
  file: string,
  write: (line: string) => void,
  options: Pick<AskOptions, 'articleId' | 'dateFrom' | 'dateTo'> = {},
): Promise<{ answered: number; failed: number }> {
  if (file !== '-') {
    // A missing or unreadable file is one line naming it, not a raw ENOENT.
    await access(file, constants.R_OK).catch((error: unknown) => {
      throw new Error(`${file}: ${unreadableReason(error)}`);
    });
  }
  const lines = createInterface({
    input: file === '-' ? process.stdin : createReadStream(file, 'utf8'),
    crlfDelay: Infinity,
  });
  let answered = 0;
  let failed = 0;
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (raw.trim() === '') continue;
    let id: string = `line-${lineNumber}`;
    try {
      const input = JSON.parse(raw) as { id?: unknown; question?: unknown };
      if (input.id !== undefined) id = String(input.id);
      if (typeof input.question !== 'string') throw new Error('"question" must be a string');
      const { answer } = await service.ask(input.question, options);
      write(JSON.stringify(answerToJson(answer, id)));
      answered++;
    } catch (error) {
      failed++;
      const message =
        error instanceof SyntaxError ? `line ${lineNumber}: not valid JSON` : describeErrorText(error);
      write(JSON.stringify({ id, error: message }));
    }
  }
  return { answered, failed };
}

function describeErrorText(error: unknown): string {
  const described = describeError(error, 'en');
  return described.expected ? described.message : error instanceof Error ? error.message : String(error);
}
