import type { Config } from '../config';
import type { Logger } from '../core/logger';
import type { QuellenService } from '../core/service';
import type { AnswerStore } from './state/answerStore';
import type { ConversationStore } from './state/conversation';
import type { FeedbackLog } from './state/feedback';
import type { RateLimits } from './state/rateLimit';

/** What every handler gets: the service and the bot's own bounded state. Built once per client. */
export interface BotContext {
  service: QuellenService;
  config: Config;
  logger: Logger;
  answers: AnswerStore;
  /** Per-user budgets of questions and of interactions (shared by all shards under SHARDS). */
  limits: RateLimits;
  feedback: FeedbackLog;
  conversations: ConversationStore;
  now: () => Date;
  /** Downloads attachments (replaceable in tests). */
  fetch: typeof fetch;
  /** Minimum time between two progress edits of `/reindex`. */
  progressIntervalMs: number;
  /** How long an attachment download may take. */
  downloadTimeoutMs: number;
}
