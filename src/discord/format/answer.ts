import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type { Answer } from '../../core/types';
import { t, type Locale } from '../../ui/messages';
import { joinLines, quoteEmbeds, sourcesEmbed } from './sources';
import { customIds } from './ids';
import { LIMITS, NO_MENTIONS, type ReplyPayload } from './reply';
import { fitText, linkLabel, neutralize, quoteUserText } from './text';

/**
 * The public reply to a question: the answer text with its `[n]` markers, a compact sources
 * block, and (when the answer is kept for buttons under `answerId`) the buttons "Sources",
 * 👍 and 👎. Everything fits Discord's limits; nothing in it can ping anyone.
 */
export function answerToReply(
  answer: Answer,
  locale: Locale,
  answerId?: string,
  options: { showQuestion?: boolean; threadButton?: boolean } = {},
): ReplyPayload {
  const question = options.showQuestion
    ? `${t(locale, 'questionLine', { question: quoteUserText(answer.question) })}\n`
    : '';
  const content = question + fitText(neutralize(answer.text), LIMITS.content - question.length);
  const embeds: APIEmbed[] = [];
  const sources = sourcesEmbed(answer.citations, locale);
  if (sources) embeds.push(sources);
  else if (answer.nearestArticles.length > 0) {
    embeds.push({
      title: t(locale, 'nearestArticles'),
      description: joinLines(answer.nearestArticles.map((article) => `• ${linkLabel(article.title)}`)),
    });
  }
  const buttons = answerId
    ? [
        ...(answer.citations.length > 0
          ? [
              {
                type: ComponentType.Button as const,
                style: ButtonStyle.Secondary as const,
                custom_id: customIds.sources(answerId),
                label: t(locale, 'sources'),
              },
            ]
          : []),
        {
          type: ComponentType.Button as const,
          style: ButtonStyle.Secondary as const,
          custom_id: customIds.feedback(answerId, 'up'),
          emoji: { name: '👍' },
        },
        {
          type: ComponentType.Button as const,
          style: ButtonStyle.Secondary as const,
          custom_id: customIds.feedback(answerId, 'down'),
          emoji: { name: '👎' },
        },
        ...(options.threadButton
          ? [
              {
                type: ComponentType.Button as const,
                style: ButtonStyle.Secondary as const,
                custom_id: customIds.thread(answerId),
                label: t(locale, 'continueInThread'),
              },
            ]
          : []),
      ]
    : [];
  return {
    content,
    embeds,
    components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
    allowedMentions: NO_MENTIONS,
  };
}

/** The ephemeral reply of the "Sources" button: every citation with its verbatim quote. */
export function sourcesToReply(answer: Answer, locale: Locale): ReplyPayload {
  if (answer.citations.length === 0) {
    return { content: t(locale, 'noQuotes'), embeds: [], components: [], allowedMentions: NO_MENTIONS };
  }
  return {
    content: '',
    embeds: quoteEmbeds(answer.citations, locale),
    components: [],
    allowedMentions: NO_MENTIONS,
  };
}
