import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';

/** Mentions the bot allows in anything it sends: none, not even the replied-to user. */
export const NO_MENTIONS = { parse: [] as [], repliedUser: false } as const;

/** Discord's message and embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  embedTotal: 6000,
  fields: 25,
  embeds: 10,
  footer: 2048,
} as const;

/** A message body the handlers pass to `reply`/`editReply`/`send` unchanged. */
export interface ReplyPayload {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: typeof NO_MENTIONS;
}

/** A reply with text only. */
export function textReply(content: string): ReplyPayload {
  return { content, embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

/** Characters an embed counts against the 6000 total (title, description, fields, footer, author). */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}
