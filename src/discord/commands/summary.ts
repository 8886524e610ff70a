import { SlashCommandBuilder } from 'discord.js';
import { toLocale } from '../../ui/messages';
import { summaryToReply } from '../format/views';
import { respondWithArticles } from './articleOption';
import type { Command } from './types';

/** `/summary article [length]`: the article's key sentences with citations. */
export const summary = {
  data: new SlashCommandBuilder()
    .setName('summary')
    .setNameLocalizations({ de: 'zusammenfassung' })
    .setDescription('Summarise an article')
    .setDescriptionLocalizations({ de: 'Einen Artikel zusammenfassen' })
    .addStringOption((option) =>
      option
        .setName('article')
        .setNameLocalizations({ de: 'artikel' })
        .setDescription('The article (start typing its title)')
        .setDescriptionLocalizations({ de: 'Der Artikel (Titel eintippen)' })
        .setRequired(true)
        .setAutocomplete(true),
    )
    .addIntegerOption((option) =>
      option
        .setName('length')
        .setNameLocalizations({ de: 'länge' })
        .setDescription('Number of sentences (3–6)')
        .setDescriptionLocalizations({ de: 'Anzahl der Sätze (3–6)' })
        .setMinValue(3)
        .setMaxValue(6),
    ),
  preconditions: ['QuestionLimit'],
  async execute(interaction, ctx) {
    const locale = toLocale(interaction.locale);
    // An unknown article is refused before the public defer, so only the asker sees the error.
    const article = await ctx.service.findArticle(interaction.options.getString('article', true));
    await interaction.deferReply();
    const result = await ctx.service.summarize(article.id, {
      sentences: interaction.options.getInteger('length') ?? undefined,
    });
    await interaction.editReply(summaryToReply(result, locale));
  },
  autocomplete: respondWithArticles,
} satisfies Command;
