import { SlashCommandBuilder } from 'discord.js';
import { toLocale } from '../../ui/messages';
import { statusToReply } from '../format/views';
import type { Command } from './types';

/** `/status`: articles, passages, embedder, last reindex, uptime. */
export const status = {
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('Show the state of the index')
    .setDescriptionLocalizations({ de: 'Den Zustand des Index anzeigen' }),
  async execute(interaction, ctx) {
    await interaction.reply(statusToReply(ctx.service.status(), toLocale(interaction.locale), ctx.now()));
  },
} satisfies Command;
