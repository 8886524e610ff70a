import { lastQuestion, ownSubjects, rememberedTurn, resolveFollowUp, speaksOf } from '../ui/conversation';
import { t, type Locale } from '../ui/messages';
import type { BotContext } from './context';
import type { RateBucket } from './state/rateLimit';
import { answerToReply } from './format/answer';
import type { ReplyPayload } from './format/reply';

/**
 * Takes one event from a user's budget. Undefined when it may go ahead; otherwise the notice to
 * give and whether this is the window's first refusal (public notices are posted only then).
 */
export async function rateLimited(
  ctx: BotContext,
  bucket: RateBucket,
  userId: string,
  locale: Locale,
): Promise<{ text: string; firstRefusal: boolean } | undefined> {
  const decision = await ctx.limits.take(bucket, userId);
  if (decision.ok) return undefined;
  const seconds = Math.ceil(decision.retryAfterMs / 1000);
  const text =
    bucket === 'questions'
      ? t(locale, 'rateLimited', { limit: ctx.limits.questionsPerMinute, seconds })
      : t(locale, 'tooManyInteractions', { seconds });
  return { text, firstRefusal: decision.firstRefusal };
}

/** An answered question: the reply, and what the conversation keeps of the turn. */
export interface AnsweredQuestion {
  reply: ReplyPayload;
  /** What the conversation keeps of the turn for the next follow-up (see `rememberedTurn`). */
  asked: string;
}

/**
 * Answers a question for Discord (slash command or mention): optional article filter, the
 * answer kept for its buttons, the reply built by the pure formatter. In a conversation
 * (`previous`, oldest first) a follow-up is asked together with the question before it (see
 * `resolveFollowUp`); that answer counts only when it speaks of the follow-up's own subjects
 * (`speaksOf`), else the question is asked on its own.
 */
export async function answerQuestion(
  ctx: BotContext,
  input: {
    question: string;
    /** The questions before it in the conversation, oldest first. */
    previous?: readonly string[];
    articleRef?: string | null;
    /** Only articles dated in this range (partial ISO dates). */
    dateFrom?: string;
    dateTo?: string;
    guildId: string | null;
    locale: Locale;
    via: 'slash' | 'mention' | 'thread';
    /** Offer a button that continues the conversation in a thread (a slash answer in a text channel). */
    threadButton?: boolean;
  },
): Promise<AnsweredQuestion> {
  const articleId = input.articleRef ? (await ctx.service.findArticle(input.articleRef)).id : undefined;
  const options = {
    articleId,
    ...(input.dateFrom ? { dateFrom: input.dateFrom } : {}),
    ...(input.dateTo ? { dateTo: input.dateTo } : {}),
  };
  const previous = input.previous ?? [];
  const search = resolveFollowUp(input.question, previous);
  let { answer, timings } = await ctx.service.ask(search, options);
  // A joined answer that does not speak of what the follow-up names is asked again on its own.
  const retried =
    search !== input.question.trim() &&
    !answer.abstained &&
    !speaksOf(answer, ownSubjects(input.question, lastQuestion(previous) ?? ''));
  let totalMs = timings.totalMs;
  if (retried) {
    ({ answer, timings } = await ctx.service.ask(input.question, options));
    totalMs += timings.totalMs;
  }
  // The stored and shown question is what the user typed, not the expanded search text.
  const shown = { ...answer, question: input.question };
  const answerId = await ctx.answers.put({ answer: shown, question: input.question, guildId: input.guildId });
  ctx.logger.info(
    {
      via: input.via,
      citations: answer.citations.length,
      abstained: answer.abstained,
      mode: answer.mode,
      totalMs: Math.round(totalMs),
      ...(retried ? { retried } : {}),
    },
    'question answered',
  );
  // Discord shows others only "X used /ask": the slash answer repeats the question; a mention's
  // answer sits under the question already.
  const reply = answerToReply(shown, input.locale, answerId, {
    showQuestion: input.via === 'slash',
    threadButton: input.threadButton === true,
  });
  const asked = rememberedTurn({
    question: input.question,
    joined: search,
    before: lastQuestion(previous) ?? '',
    answer,
    answeredJoined: !retried,
  });
  return { reply, asked };
}
