import {
  ComponentType,
  TextInputStyle,
  ThreadAutoArchiveDuration,
  type APIModalInteractionResponseCallbackData,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { t, toLocale, type Locale } from '../ui/messages';

import { fitText, neutralize, quoteUserText, threadNameFor } from './format/text';
import type { BotContext } from './context';
import { sourcesToReply } from './format/answer';
import { customIds, DISLIKE_REASON_FIELD, parseCustomId } from './format/ids';
import { LIMITS, textReply } from './format/reply';
import { articlesPage } from './format/views';
import { ephemeral, postToChannel } from './respond';

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
    await interaction.update(articlesPage(await ctx.service.articles(), parsed.page, locale));
    return;
  }
  const stored = await ctx.answers.get(parsed.answerId);
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
  if (parsed.kind === 'dislikeModal') return;
  await ctx.feedback.record({
    answerId: parsed.answerId,
    answer: stored.answer,
    question: stored.question,
    userId: interaction.user.id,
    vote: parsed.vote,
    guildId: stored.guildId,
  });
  if (parsed.vote === 'down') {
    // The 👎 counts already; the form only asks what was wrong (closing it is fine).
    await interaction.showModal(dislikeModal(parsed.answerId, locale));
    return;
  }
  await interaction.reply(ephemeral(textReply(t(locale, 'feedbackThanks'))));
}

/** The 👎 form: one optional paragraph, "what was wrong?". */
function dislikeModal(answerId: string, locale: Locale): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customIds.dislikeModal(answerId),
    title: t(locale, 'dislikeTitle'),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: DISLIKE_REASON_FIELD,
            style: TextInputStyle.Paragraph,
            label: t(locale, 'dislikeLabel'),
            required: false,
            max_length: 500,
          },
        ],
      },
    ],
  };
}

/**
 * What was wrong with an answer, from the 👎 form: kept with the vote (the person's last vote on
 * the answer counts) and, with `FEEDBACK_CHANNEL_ID`, posted for the moderators with the question,
 * the answer and its sources.
 */
export async function handleDislikeReason(
  interaction: ModalSubmitInteraction,
  ctx: BotContext,
): Promise<void> {
  const locale = toLocale(interaction.locale);
  const parsed = parseCustomId(interaction.customId);
  const stored = parsed?.kind === 'dislikeModal' ? await ctx.answers.get(parsed.answerId) : undefined;
  if (!parsed || parsed.kind !== 'dislikeModal' || !stored) {
    await interaction.reply(ephemeral(textReply(t(locale, 'answerExpired'))));
    return;
  }
  const reason = interaction.fields.getTextInputValue(DISLIKE_REASON_FIELD).trim();
  await ctx.feedback.record({
    answerId: parsed.answerId,
    answer: stored.answer,
    question: stored.question,
    userId: interaction.user.id,
    vote: 'down',
    guildId: stored.guildId,
    ...(reason ? { reason } : {}),
  });
  const channelId = ctx.config.FEEDBACK_CHANNEL_ID;
  if (channelId) {
    const sources = stored.answer.citations.map((c) => `[${c.n}] ${c.articleId} ¶ ${c.paragraph}`).join(', ');
    const lines = [
      `👎 ${quoteUserText(stored.question)}`,
      `> ${quoteUserText(stored.answer.text)}`,
      ...(sources ? [neutralize(sources)] : []),
      ...(reason ? [t(locale, 'dislikeReason', { reason: quoteUserText(reason) })] : []),
    ];
    await postToChannel(
      interaction.client,
      channelId,
      fitText(lines.join('\n'), LIMITS.content),
      ctx,
      'feedback',
    );
  }
  await interaction.reply(ephemeral(textReply(t(locale, 'feedbackThanks'))));
}
