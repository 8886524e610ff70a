import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { UserError } from '../../core/errors';
import { uploadNameProblem } from '../../core/ingest/upload';
import { t, toLocale } from '../../ui/messages';
import { attachmentPolicy, DownloadError, downloadLimited, formatBytes } from '../download';
import { textReply } from '../format/reply';
import { neutralize } from '../format/text';
import { reindexSummaryText } from '../format/views';
import { ephemeral } from '../respond';
import type { Command } from './types';
import { reasonText, uploadRefusalText } from '../../ui/reasons';

/**
 * `/add-article file` (moderators): stores an uploaded .txt/.md/.html article in the collection
 * and indexes it. Name and size are checked before downloading; the service validates the
 * name, encoding and path again and never overwrites a different article.
 */
export const addArticle = {
  data: new SlashCommandBuilder()
    .setName('add-article')
    .setNameLocalizations({ de: 'artikel-hinzufügen' })
    .setDescription('Add an article (.txt, .md or .html) to the collection (moderators)')
    .setDescriptionLocalizations({ de: 'Einen Artikel (.txt, .md oder .html) hinzufügen (Moderation)' })
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addAttachmentOption((option) =>
      option
        .setName('file')
        .setNameLocalizations({ de: 'datei' })
        .setDescription('The article file')
        .setDescriptionLocalizations({ de: 'Die Artikeldatei' })
        .setRequired(true),
    ),
  preconditions: ['ModeratorOnly'],
  async execute(interaction, ctx) {
    const locale = toLocale(interaction.locale);
    const attachment = interaction.options.getAttachment('file', true);
    const maxBytes = ctx.config.MAX_ARTICLE_BYTES;
    const nameProblem = uploadNameProblem(attachment.name.normalize('NFC'));
    if (nameProblem) {
      const reason = `${neutralize(attachment.name)}: ${neutralize(reasonText(nameProblem, locale))}.`;
      await interaction.reply(ephemeral(textReply(t(locale, 'uploadRejected', { reason }))));
      return;
    }
    if (attachment.size > maxBytes) {
      await interaction.reply(
        ephemeral(textReply(t(locale, 'uploadTooLarge', { max: formatBytes(maxBytes) }))),
      );
      return;
    }
    await interaction.deferReply({ flags: 'Ephemeral' });
    let bytes: Uint8Array;
    try {
      bytes = await downloadLimited(attachment.url, {
        maxBytes,
        timeoutMs: ctx.downloadTimeoutMs,
        fetch: ctx.fetch,
        allowed: attachmentPolicy(ctx.config.DISCORD_API_URL),
      });
    } catch (error) {
      if (!(error instanceof DownloadError)) throw error;
      ctx.logger.warn(
        { file: attachment.name, reason: error.reason, err: error },
        'attachment download failed',
      );
      const message =
        error.reason === 'too-large'
          ? t(locale, 'uploadTooLarge', { max: formatBytes(maxBytes) })
          : t(locale, 'uploadDownloadFailed');
      await interaction.editReply(textReply(message));
      return;
    }
    // "@name": a person, never taken for one of the product's own starters ("watcher").
    const by = `@${interaction.user.username}`;
    const result = await ctx.service.addArticle(attachment.name, bytes, by).catch((error: unknown) => {
      // Refusals carry a one-line reason, said in the user's language with the file name as given.
      if (error instanceof UserError && error.code === 'UPLOAD_REJECTED') {
        const file = error.details.file;
        return {
          rejected: neutralize(
            uploadRefusalText(error.message, file === undefined ? undefined : String(file), locale),
          ),
        } as const;
      }
      throw error;
    });
    if ('rejected' in result) {
      await interaction.editReply(textReply(t(locale, 'uploadRejected', { reason: result.rejected })));
      return;
    }
    const params = { title: neutralize(result.title), id: neutralize(result.articleId) };
    const head = t(locale, result.status === 'saved' ? 'uploadSaved' : 'uploadUnchanged', params);
    const tail = result.summary ? reindexSummaryText(result.summary, locale) : t(locale, 'uploadPending');
    await interaction.editReply(textReply(`${head}\n${tail}`));
  },
} satisfies Command;
