import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { isUserError } from '../../core/errors';
import { reindexDoneText, startedBy, t, toLocale, type Locale } from '../../ui/messages';
import { textReply } from '../format/reply';
import { neutralize } from '../format/text';
import { discordTime, reindexProgressText, reindexSummaryText } from '../format/views';
import { postToChannel } from '../respond';
import type { Command } from './types';

/**
 * How long Discord accepts edits of an interaction's reply (15 minutes), less a margin for the
 * request itself. A reindex that runs longer posts its result as a channel message instead.
 */
export const INTERACTION_EDIT_WINDOW_MS = 15 * 60_000 - 30_000;

/**
 * `/reindex` (moderators): brings the index up to date with the article folder, editing its
 * private reply with throttled progress and ending with the summary. With `MOD_LOG_CHANNEL_ID`
 * the summary is also posted there for every moderator to see. A run that outlives the
 * interaction (15 minutes) posts its summary to that channel, or else to the channel the command
 * came from. Questions keep being answered from the current index meanwhile.
 */
export const reindex = {
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setNameLocalizations({ de: 'neu-indexieren' })
    .setDescription('Update the index from the article folder (moderators)')
    .setDescriptionLocalizations({ de: 'Den Index aus dem Artikelordner aktualisieren (Moderation)' })
    // Only the default: server admins can change it, so execute() checks again.
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),
  preconditions: ['ModeratorOnly'],
  async execute(interaction, ctx) {
    const locale = toLocale(interaction.locale);
    await interaction.deferReply({ flags: 'Ephemeral' });
    const running = ctx.service.status().reindexing;
    if (running) {
      await interaction.editReply(textReply(runningMessage(running.by, running.startedAt, locale)));
      return;
    }
    // "@name": a person, never taken for one of the product's own starters ("watcher").
    const by = `@${interaction.user.username}`;
    const editable = (): boolean =>
      ctx.now().getTime() - interaction.createdTimestamp < INTERACTION_EDIT_WINDOW_MS;
    let lastEdit = ctx.now().getTime();
    // Progress edits run one after another and never fail the run; the final edit waits for them.
    let edits: Promise<unknown> = interaction.editReply(textReply(t(locale, 'reindexStarted')));
    const edit = (content: string): void => {
      if (!editable()) return;
      edits = edits
        .catch(() => undefined)
        .then(() => interaction.editReply(textReply(content)))
        .catch((error: unknown) => ctx.logger.warn({ err: error }, 'progress edit failed'));
    };
    try {
      const summary = await ctx.service.reindex({
        by,
        onProgress: (event) => {
          const now = ctx.now().getTime();
          if (now - lastEdit < ctx.progressIntervalMs) return;
          lastEdit = now;
          edit(reindexProgressText(event, locale));
        },
      });
      await edits.catch(() => undefined);
      ctx.logger.info(
        { by: interaction.user.id, added: summary.added, changed: summary.changed, removed: summary.removed },
        'reindex by command',
      );
      const logged = t(locale, 'reindexLogged', {
        summary: reindexDoneText(summary, locale),
        started: neutralize(startedBy(by, locale)),
      });
      const logChannel = ctx.config.MOD_LOG_CHANNEL_ID;
      let delivered = false;
      if (editable()) {
        delivered = await interaction
          .editReply(textReply(reindexSummaryText(summary, locale)))
          .then(() => true)
          .catch((error: unknown) => {
            ctx.logger.warn({ err: error }, 'reindex summary edit failed; posting it to a channel');
            return false;
          });
      }
      // The moderators' channel gets every summary; the command's channel only one that could
      // not reach the moderator otherwise.
      if (logChannel) await postToChannel(interaction.client, logChannel, logged, ctx, 'the reindex summary');
      else if (!delivered && interaction.channelId)
        await postToChannel(interaction.client, interaction.channelId, logged, ctx, 'the reindex summary');
    } catch (error) {
      await edits.catch(() => undefined);
      if (isUserError(error) && error.code === 'REINDEX_RUNNING') {
        // Lost the race against another run that started after the check above.
        const message = runningMessage(
          String(error.details.by ?? '?'),
          String(error.details.startedAt ?? ''),
          locale,
        );
        await interaction.editReply(textReply(message));
        return;
      }
      // The moderator's reply can no longer say it: the log channel, or the command's, does.
      if (!editable() || ctx.config.MOD_LOG_CHANNEL_ID) {
        const channelId = ctx.config.MOD_LOG_CHANNEL_ID ?? interaction.channelId;
        if (channelId)
          await postToChannel(
            interaction.client,
            channelId,
            t(locale, 'reindexFailed', { started: neutralize(startedBy(by, locale)) }),
            ctx,
            'the reindex failure',
          );
      }
      throw error;
    }
  },
} satisfies Command;

/** "A reindex is already running (started by … at …)", with a Discord timestamp. */
function runningMessage(by: string, startedAt: string, locale: Locale): string {
  return t(locale, 'reindexRunning', {
    started: neutralize(startedBy(by, locale)),
    at: discordTime(startedAt, 'T'),
  });
}
