import type { Logger } from '../../core/logger';

/**
 * Process-level safety nets for a long-running bot: unhandled rejections are logged (not
 * fatal), and SIGINT/SIGTERM run `shutdown` once, then exit. Returns a function that removes
 * the handlers again.
 */
export function installProcessHandlers(logger: Logger, shutdown: () => Promise<void>): () => void {
  const onRejection = (reason: unknown): void => logger.error({ err: reason }, 'unhandled promise rejection');
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    shutdown()
      .catch((error: unknown) => logger.error({ err: error }, 'shutdown failed'))
      .finally(() => process.exit(0));
  };
  process.on('unhandledRejection', onRejection);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
