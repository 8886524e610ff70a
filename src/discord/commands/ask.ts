import { SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../core/service';
import { toLocale } from '../../ui/messages';
import { answerQuestion } from '../answering';
import { respondWithArticles } from './articleOption';
import type { Command } from './types';

/** `/ask question [article]`: an answer with `[n]` citations, a sources block and buttons. */
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
    ),
  preconditions: ['QuestionLimit'],
  async execute(interaction, ctx) {
    const locale = toLocale(interaction.locale);
    // An unknown article is refused before the public defer, so only the asker sees the error.
    const articleRef = interaction.options.getString('article');
    const article = articleRef ? ctx.service.findArticle(articleRef) : undefined;
    // Retrieval can take longer than Discord's 3 s window: acknowledge first.
    await interaction.deferReply();
    const reply = await answerQuestion(ctx, {
      question: interaction.options.getString('question', true),
      articleRef: article?.id,
      guildId: interaction.guildId,
      locale,
      via: 'slash',
    });
    await interaction.editReply(reply);
  },
  autocomplete: respondWithArticles,
} satisfies Command;
