import { Events, type Interaction } from 'discord.js';
import type { Command } from '../commands';
import { t, toLocale } from '../../ui/messages';
import { handleButton, handleDislikeReason } from '../components';
import type { BotContext } from '../context';
import { textReply } from '../format/reply';
import { servesGuild } from '../permissions';
import { rateLimited } from '../answering';
import { firstRefusal, refusalText } from '../preconditions/index';
import { ephemeral, isGoneInteraction, reportError } from '../respond';
import type { Event } from './types';

/**
 * The one listener for INTERACTION_CREATE: dispatches to commands, autocompletes and buttons,
 * and is the error boundary for all of them (it never throws).
 */
export function createInteractionHandler(
  ctx: BotContext,
  commands: ReadonlyMap<string, Command>,
): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      if (!servesGuild(interaction.guildId, ctx.config.GUILD_IDS)) {
        ctx.logger.info({ guildId: interaction.guildId, userId: interaction.user.id }, 'server not served');
        if (interaction.isAutocomplete()) await interaction.respond([]);
        else if (interaction.isRepliable()) {
          const text = t(toLocale(interaction.locale), 'guildNotServed');
          await interaction.reply(ephemeral(textReply(text)));
        }
        return;
      }
      // Every interaction takes from a budget of the user's: autocomplete (one per keystroke) from
      // its own, so typing an article name never uses up the clicks and commands.
      const limited = await rateLimited(
        ctx,
        interaction.isAutocomplete() ? 'autocomplete' : 'interactions',
        interaction.user.id,
        toLocale(interaction.locale),
      );
      if (limited) {
        if (interaction.isAutocomplete()) await interaction.respond([]);
        else if (interaction.isRepliable()) await interaction.reply(ephemeral(textReply(limited.text)));
        return;
      }
      if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        if (command?.autocomplete) await command.autocomplete(interaction, ctx);
        else await interaction.respond([]);
        return;
      }
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) {
          ctx.logger.warn(
            { command: interaction.commandName },
            'unknown command (run deploy-commands again?)',
          );
          // Discord would show "The application did not respond"; say what happened instead.
          await interaction.reply(ephemeral(textReply(t(toLocale(interaction.locale), 'unknownCommand'))));
          return;
        }
        const refusal = await firstRefusal(command.preconditions ?? [], interaction, ctx);
        if (refusal) {
          await interaction.reply(ephemeral(textReply(refusalText(refusal, toLocale(interaction.locale)))));
          return;
        }
        await command.execute(interaction, ctx);
        return;
      }
      if (interaction.isButton()) await handleButton(interaction, ctx);
      else if (interaction.isModalSubmit()) await handleDislikeReason(interaction, ctx);
    } catch (error) {
      if (interaction.isRepliable()) {
        await reportError(interaction, error, ctx);
        return;
      }
      // Autocomplete: an empty list is the only thing the user could get, and late ones are gone anyway.
      const level = isGoneInteraction(error) ? 'debug' : 'warn';
      ctx.logger[level]({ err: error, interactionId: interaction.id }, 'autocomplete failed');
      if (interaction.isAutocomplete() && !interaction.responded)
        await interaction.respond([]).catch(() => undefined);
    }
  };
}

/** INTERACTION_CREATE: commands, autocomplete and buttons. */
export const interactionCreate = {
  name: Events.InteractionCreate,
  execute: ({ ctx, commands }, interaction) => createInteractionHandler(ctx, commands)(interaction),
} satisfies Event<Events.InteractionCreate>;
