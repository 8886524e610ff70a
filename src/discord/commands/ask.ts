import { ChannelType, SlashCommandBuilder } from 'discord.js';
import { assertDateBounds } from '../../core/retrieval/dateRange';
import { MAX_QUESTION_CHARS } from '../../core/service';
import { toLocale } from '../../ui/messages';
import { answerQuestion } from '../answering';
import { respondWithArticles } from './articleOption';
import type { Command } from './types';

/** `/ask question [article] [since] [until]`: an answer with `[n]` citations, a sources block and buttons. */
export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setNameLocalizations({ de: 'frage' })
    .setDescription('Ask a question about the articles')
    .setDescriptionLocalizations({ de: 'Stell eine Frage zu den Artikeln' })
    .addStringOption((option) =>
      option
        .setName('question')
        .setNameLocalizations({ de: 'frage' })
        .setDescription('Your question')
        .setDescriptionLocalizations({ de: 'Deine Frage' })
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_CHARS),
    )
    .addStringOption((option) =>
      option
        .setName('article')
        .setNameLocalizations({ de: 'artikel' })
        .setDescription('Only search this article')
        .setDescriptionLocalizations({ de: 'Nur in diesem Artikel suchen' })
        .setAutocomplete(true),
    )
    .addStringOption((option) =>
      option
        .setName('since')
        .setNameLocalizations({ de: 'seit' })
        .setDescription('Only articles dated on or after this (YYYY, YYYY-MM or YYYY-MM-DD)')
        .setDescriptionLocalizations({ de: 'Nur Artikel ab diesem Datum (JJJJ, JJJJ-MM oder JJJJ-MM-TT)' })
        .setMaxLength(10),
    )
    .addStringOption((option) =>
      option
        .setName('until')
        .setNameLocalizations({ de: 'bis' })
        .setDescription('Only articles dated on or before this (YYYY, YYYY-MM or YYYY-MM-DD)')
        .setDescriptionLocalizations({
          de: 'Nur Artikel bis zu diesem Datum (JJJJ, JJJJ-MM oder JJJJ-MM-TT)',
        })
        .setMaxLength(10),
    ),
  preconditions: ['QuestionLimit'],
  async execute(interaction, ctx) {
    const locale = toLocale(interaction.locale);
    // An unknown article is refused before the public defer, so only the asker sees the error.
    const articleRef = interaction.options.getString('article');
    const article = articleRef ? await ctx.service.findArticle(articleRef) : undefined;
    assertDateBounds(
      interaction.options.getString('since') ?? undefined,
      interaction.options.getString('until') ?? undefined,
    );
    // Retrieval can take longer than Discord's 3 s window: acknowledge first.
    await interaction.deferReply();
    const { reply } = await answerQuestion(ctx, {
      question: interaction.options.getString('question', true),
      articleRef: article?.id,
      ...dateOptions(interaction.options.getString('since'), interaction.options.getString('until')),
      guildId: interaction.guildId,
      locale,
      via: 'slash',
      // Follow-ups go on in a thread of the answer, where a text channel allows one.
      threadButton:
        interaction.channel?.type === ChannelType.GuildText ||
        interaction.channel?.type === ChannelType.GuildAnnouncement,
    });
    await interaction.editReply(reply);
  },
  autocomplete: respondWithArticles,
} satisfies Command;

function dateOptions(since: string | null, until: string | null): { dateFrom?: string; dateTo?: string } {
  return { ...(since ? { dateFrom: since } : {}), ...(until ? { dateTo: until } : {}) };
}
