import type { ButtonInteraction } from 'discord.js';
import { t, toLocale } from '../ui/messages';
import type { BotContext } from './context';
import { sourcesToReply } from './format/answer';
import { parseCustomId } from './format/ids';
import { textReply } from './format/reply';
import { articlesPage } from './format/views';
import { ephemeral } from './respond';

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
  await ctx.feedback.record({
    answer: stored.answer,
    question: stored.question,
    userId: interaction.user.id,
    vote: parsed.vote,
    guildId: stored.guildId,
  });
  await interaction.reply(ephemeral(textReply(t(locale, 'feedbackThanks'))));
}
