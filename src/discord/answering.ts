import { t, type Locale } from '../ui/messages';
import type { BotContext } from './context';
import { answerToReply } from './format/answer';
import type { ReplyPayload } from './format/reply';

/** The rate-limit message for a user who asked too often, or undefined when the question may go ahead. */
export function rateLimitMessage(ctx: BotContext, userId: string, locale: Locale): string | undefined {
  const decision = ctx.limiter.take(userId);
  if (decision.ok) return undefined;
  return t(locale, 'rateLimited', {
    limit: ctx.limiter.limit,
    seconds: Math.ceil(decision.retryAfterMs / 1000),
  });
}

/**
 * Answers a question for Discord (slash command or mention): optional article filter, the
 * answer kept for its buttons, the reply built by the pure formatter.
 * @param search the text retrieval uses (a follow-up combined with the previous question)
 */
export async function answerQuestion(
  ctx: BotContext,
  input: {
    question: string;
    search?: string;
    articleRef?: string | null;
    guildId: string | null;
    locale: Locale;
    via: 'slash' | 'mention' | 'thread';
  },
): Promise<ReplyPayload> {
  const articleId = input.articleRef ? ctx.service.findArticle(input.articleRef).id : undefined;
  const { answer, timings } = await ctx.service.ask(input.search ?? input.question, { articleId });
  // The stored and shown question is what the user typed, not the expanded search text.
  const shown = { ...answer, question: input.question };
  const answerId = ctx.answers.put({ answer: shown, question: input.question, guildId: input.guildId });
  ctx.logger.info(
    {
      via: input.via,
      citations: answer.citations.length,
      abstained: answer.abstained,
      mode: answer.mode,
      totalMs: Math.round(timings.totalMs),
    },
    'question answered',
  );
  return answerToReply(shown, input.locale, answerId);
}
