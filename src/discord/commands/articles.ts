import { SlashCommandBuilder } from 'discord.js';
import { toLocale } from '../../ui/messages';
import { articlesPage } from '../format/views';
import type { Command } from './types';

/** `/articles [page]`: the indexed articles, ten per page, with Previous/Next buttons. */
export const articles = {
  data: new SlashCommandBuilder()
    .setName('articles')
    .setNameLocalizations({ de: 'artikel' })
    .setDescription('List the indexed articles')
    .setDescriptionLocalizations({ de: 'Die indexierten Artikel auflisten' })
    .addIntegerOption((option) =>
      option
        .setName('page')
        .setNameLocalizations({ de: 'seite' })
        .setDescription('Page number')
        .setDescriptionLocalizations({ de: 'Seitennummer' })
        .setMinValue(1),
    ),
  async execute(interaction, ctx) {
    const page = interaction.options.getInteger('page') ?? 1;
    await interaction.reply(articlesPage(await ctx.service.articles(), page, toLocale(interaction.locale)));
  },
} satisfies Command;
