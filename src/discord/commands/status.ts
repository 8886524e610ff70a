import { SlashCommandBuilder } from 'discord.js';
import { toLocale } from '../../ui/messages';
import { statusToReply } from '../format/views';
import { ephemeral } from '../respond';
import type { Command } from './types';

/** `/status`: articles, passages, embedder, last reindex, uptime; only the asker sees it. */
export const status = {
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('Show the state of the index')
    .setDescriptionLocalizations({ de: 'Den Zustand des Index anzeigen' }),
  async execute(interaction, ctx) {
    // Private: skipped files name paths on the host, which are nobody else's business.
    await interaction.reply(
      ephemeral(statusToReply(ctx.service.status(), toLocale(interaction.locale), ctx.now())),
    );
  },
} satisfies Command;
