import { SlashCommandBuilder } from 'discord.js';
import { toLocale } from '../../ui/messages';
import { textReply } from '../format/reply';
import { helpText } from '../format/views';
import { ephemeral } from '../respond';
import type { Command } from './types';

/** `/help`: how to ask and what the commands do, in the user's language; only the asker sees it. */
export const help = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setNameLocalizations({ de: 'hilfe' })
    .setDescription('How to ask quellen and what its commands do')
    .setDescriptionLocalizations({ de: 'Wie du quellen fragst und was die Befehle tun' }),
  async execute(interaction) {
    await interaction.reply(ephemeral(textReply(helpText(toLocale(interaction.locale)))));
  },
} satisfies Command;
