import cliProgress from 'cli-progress';

/** A progress event as core reports it while indexing. */
export interface ProgressEvent {
  phase: string;
  done: number;
  total: number;
}

/** Renders progress events; `stop` must be called when the run ends (successfully or not). */
export interface ProgressReporter {
  update(event: ProgressEvent): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; on a pipe or in CI, a plain line per phase change and at
 * most one line every `intervalMs`, so logs stay readable.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  options: { intervalMs?: number; now?: () => number } = {},
): ProgressReporter {
  if (stream.isTTY && !process.env.CI) return barReporter(stream);
  return lineReporter(
    (line) => stream.write(`${line}\n`),
    options.intervalMs ?? 2_000,
    options.now ?? Date.now,
  );
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{phase} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  return {
    update(event) {
      if (event.phase !== phase) {
        if (phase !== undefined) bar.stop();
        phase = event.phase;
        bar.start(event.total, event.done, { phase: event.phase.padEnd(9) });
      } else {
        bar.setTotal(event.total);
        bar.update(event.done);
      }
    },
    stop() {
      if (phase !== undefined) bar.stop();
    },
  };
}

/** Plain progress lines for non-interactive output. */
export function lineReporter(
  write: (line: string) => void,
  intervalMs: number,
  now: () => number,
): ProgressReporter {
  let phase: string | undefined;
  let lastAt = -Infinity;
  return {
    update(event) {
      const changed = event.phase !== phase;
      const finished = event.done >= event.total;
      if (!changed && !finished && now() - lastAt < intervalMs) return;
      phase = event.phase;
      lastAt = now();
      const percent = event.total > 0 ? Math.floor((event.done / event.total) * 100) : 100;
      write(`${event.phase}: ${event.done}/${event.total} (${percent}%)`);
    },
    stop() {
      phase = undefined;
    },
  };
}
