import { ThreadAutoArchiveDuration, type ButtonInteraction } from 'discord.js';
import { t, toLocale, type Locale } from '../ui/messages';
import { threadNameFor } from './events/messageCreate';
import { quoteUserText } from './format/text';
import type { BotContext } from './context';
import { sourcesToReply } from './format/answer';
import { parseCustomId } from './format/ids';
import { textReply } from './format/reply';
import { articlesPage } from './format/views';
import { ephemeral } from './respond';

/**
 * Opens a thread on the answer (or finds the one already opened) for follow-up questions: the
 * person who clicked is its opener, answered there without a mention, and the question is the
 * conversation's first turn, so "und wer hat dirigiert?" is read against it.
 */
async function continueInThread(
  interaction: ButtonInteraction,
  ctx: BotContext,
  question: string,
  locale: Locale,
): Promise<void> {
  const message = interaction.message;
  let thread = message.thread ?? undefined;
  if (!thread) {
    try {
      thread = await message.startThread({
        name: threadNameFor(question),
        autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
      });
      ctx.conversations.setOpener(thread.id, interaction.user.id);
      ctx.conversations.add(thread.id, question);
      await thread.send(textReply(t(locale, 'threadWelcome', { question: quoteUserText(question) })));
    } catch (error) {
      ctx.logger.info({ err: error, channelId: interaction.channelId }, 'cannot open a thread on an answer');
      await interaction.reply(ephemeral(textReply(t(locale, 'threadUnavailable'))));
      return;
    }
  }
  // A channel mention links the thread; it pings nobody.
  await interaction.reply(ephemeral(textReply(t(locale, 'threadOpened', { thread: `<#${thread.id}>` }))));
}

/** Handles a click on one of the bot's buttons (sources, feedback, article pages). */
export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const locale = toLocale(interaction.locale);
  const parsed = parseCustomId(interaction.customId);
  if (!parsed) {
    ctx.logger.debug({ customId: interaction.customId }, 'unknown button');
    await interaction.reply(ephemeral(textReply(t(locale, 'answerExpired'))));
    return;
  }
  if (parsed.kind === 'articlesPage') {
    await interaction.update(articlesPage(ctx.service.articles(), parsed.page, locale));
    return;
  }
  const stored = ctx.answers.get(parsed.answerId);
  if (!stored) {
    await interaction.reply(ephemeral(textReply(t(locale, 'answerExpired'))));
    return;
  }
  if (parsed.kind === 'sources') {
    await interaction.reply(ephemeral(sourcesToReply(stored.answer, locale)));
    return;
  }
  if (parsed.kind === 'thread') {
    await continueInThread(interaction, ctx, stored.question, locale);
    return;
  }
  await ctx.feedback.record({
    answerId: parsed.answerId,
    answer: stored.answer,
    question: stored.question,
    userId: interaction.user.id,
    vote: parsed.vote,
    guildId: stored.guildId,
  });
  await interaction.reply(ephemeral(textReply(t(locale, 'feedbackThanks'))));
}
