import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { isUserError } from '../../core/errors';
import { t, toLocale, type Locale } from '../../ui/messages';
import { textReply } from '../format/reply';
import { neutralize } from '../format/text';
import { discordTime, reindexProgressText, reindexSummaryText } from '../format/views';
import type { Command } from './types';

/**
 * `/reindex` (moderators): brings the index up to date with the article folder, editing its
 * reply with throttled progress and ending with the summary. Questions keep being answered
 * from the current index meanwhile.
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
    await interaction.deferReply();
    const running = ctx.service.status().reindexing;
    if (running) {
      await interaction.editReply(textReply(runningMessage(running.by, running.startedAt, locale)));
      return;
    }
    const by = interaction.user.username;
    let lastEdit = ctx.now().getTime();
    // Progress edits run one after another and never fail the run; the final edit waits for them.
    let edits: Promise<unknown> = interaction.editReply(textReply(t(locale, 'reindexStarted')));
    const edit = (content: string): void => {
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
      await interaction.editReply(textReply(reindexSummaryText(summary, locale)));
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
      throw error;
    }
  },
} satisfies Command;

/** "A reindex is already running (started by … at …)", with a Discord timestamp. */
function runningMessage(by: string, startedAt: string, locale: Locale): string {
  return t(locale, 'reindexRunning', { by: neutralize(by), at: discordTime(startedAt, 'T') });
}
