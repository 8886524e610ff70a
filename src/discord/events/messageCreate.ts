import {
  ChannelType,
  Events,
  ThreadAutoArchiveDuration,
  type AnyThreadChannel,
  type Client,
  type Message,
} from 'discord.js';
import { detectLanguage } from '../../core/answer/language';
import { describeError } from '../../ui/describeError';
import { t, toLocale, type Locale } from '../../ui/messages';
import { answerQuestion, rateLimited } from '../answering';
import type { BotContext } from '../context';
import { isChatter } from '../../ui/conversation';
import { textReply } from '../format/reply';
import { helpText } from '../format/views';
import { quoteUserText, threadNameFor } from '../format/text';
import { servesGuild } from '../permissions';
import type { Event } from './types';

/** The question of a mention: the text without the bot's `<@id>`/`<@!id>` mentions. */
export function stripBotMention(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Whether the bot may answer in this channel (`ALLOWED_CHANNEL_IDS`, threads by their parent;
 * empty = all). Ask channels are always allowed.
 */
export function channelAllowed(
  message: Message,
  allowed: readonly string[],
  ask: readonly string[] = [],
): boolean {
  if (allowed.length === 0) return true;
  const channel = message.channel;
  if (channel.type === ChannelType.DM) return false;
  const id = channel.isThread() ? channel.parentId : channel.id;
  return id !== null && (allowed.includes(id) || ask.includes(id));
}

/** How much of a message language detection reads. */
const LOCALE_SAMPLE_CHARS = 300;

/**
 * The language a message is answered in: the one it is written in, as members read what they
 * write (Discord reports `en-US` as the locale of every server that is not a Community server,
 * and a direct message has none). A bare mention, too short to tell, takes the server's locale.
 * A fixed `ANSWER_LANGUAGE` wins.
 */
export function messageLocale(
  text: string,
  setting: 'auto' | 'de' | 'en',
  guildLocale: string | undefined,
): Locale {
  if (setting !== 'auto') return setting;
  const words = text.match(/\p{L}{2,}/gu) ?? [];
  if (words.length >= 2) return detectLanguage(text);
  return toLocale(guildLocale, 'de');
}

/**
 * The listener for MESSAGE_CREATE. "@quellen <question>" in an allowed channel opens a thread
 * from the message and answers there (or replies in place where threads are impossible);
 * follow-ups in a thread the bot started, and direct messages, need no mention. It never throws.
 */
export function createMessageHandler(ctx: BotContext, client: Client): (message: Message) => Promise<void> {
  return async (message) => {
    // Every message in a readable channel passes here: bots are not read, and a few hundred
    // characters tell the language.
    // A forum post's title is part of what it says.
    const channel = message.channel;
    const title = channel.isThread() && message.id === channel.id ? `${channel.name}\n` : '';
    const text = message.author.bot ? '' : `${title}${message.content}`.slice(0, LOCALE_SAMPLE_CHARS);
    const locale = messageLocale(
      client.user ? stripBotMention(text, client.user.id) : text,
      ctx.config.ANSWER_LANGUAGE,
      message.guild?.preferredLocale,
    );
    try {
      await handleMessage(message, ctx, client, locale);
    } catch (error) {
      const { message: text, expected } = describeError(error, locale, quoteUserText);
      if (expected) ctx.logger.debug({ err: error, messageId: message.id }, 'user error');
      else
        ctx.logger.error(
          { err: error, messageId: message.id, channelId: message.channelId },
          'message handler failed',
        );
      await message
        .reply(textReply(text))
        .catch((replyError: unknown) =>
          ctx.logger.warn(
            { err: replyError, messageId: message.id },
            'could not tell the user about an error',
          ),
        );
    }
  };
}

async function handleMessage(
  message: Message,
  ctx: BotContext,
  client: Client,
  locale: Locale,
): Promise<void> {
  const bot = client.user;
  if (!bot || message.author.bot || message.system || message.webhookId) return;
  const channel = message.channel;
  // A post in a forum that is an ask channel: the post is a question, its thread the conversation.
  const askPost = channel.isThread() && (await isAskForumPost(channel, ctx.config.ASK_CHANNEL_IDS));
  const postStarter = askPost && message.id === channel.id;
  // A post's title belongs to its question ("Konzert in Palmyra" / "Wer hat dirigiert?").
  const content = postStarter ? withTitle(channel.name, message.content.trim()) : message.content.trim();
  if (content.length === 0) return;
  const ownThread = channel.isThread() && channel.ownerId === bot.id;
  const mentioned = message.mentions.users.has(bot.id);
  // In a direct message every message is addressed to the bot; nobody types a mention there.
  const direct = channel.type === ChannelType.DM;
  // In an ask channel every new message is a question (as in kapa's auto-answer channels).
  const askChannel = !channel.isThread() && ctx.config.ASK_CHANNEL_IDS.includes(channel.id);
  const conversation = ownThread || askPost;
  if (!conversation && !mentioned && !direct && !askChannel) return;
  if (!servesGuild(message.guildId, ctx.config.GUILD_IDS)) {
    ctx.logger.info({ guildId: message.guildId, userId: message.author.id }, 'server not served');
    if (mentioned && !(await rateLimited(ctx, 'questions', message.author.id, locale))) {
      await message.reply(textReply(t(locale, 'guildNotServed')));
    }
    return;
  }
  if (!channelAllowed(message, ctx.config.ALLOWED_CHANNEL_IDS, ctx.config.ASK_CHANNEL_IDS)) return;
  // Members talk in an ask channel too: thanks and "ok" are no questions there either.
  if ((askChannel || postStarter) && !mentioned && isChatter(content)) return;
  if (conversation && !postStarter) {
    // In its threads and in ask-forum posts the bot answers the person who asked without a
    // mention, others when they mention it; thanks and "ok" are no questions. Neither takes
    // from anyone's budget. A post's author is its thread's owner.
    const opener = askPost ? channel.ownerId : await threadOpener(channel, ctx);
    if (!mentioned && opener !== message.author.id) return;
    const said = stripBotMention(content, bot.id);
    if (said.length > 0 && isChatter(said)) return;
  }

  // Every message addressed to the bot takes from the budget, empty mentions too; the public
  // notice is posted once per window, further messages in it are ignored.
  const limited = await rateLimited(ctx, 'questions', message.author.id, locale);
  if (limited) {
    if (limited.firstRefusal) await message.reply(textReply(limited.text));
    return;
  }
  const question = stripBotMention(content, bot.id);
  if (question.length === 0) {
    // A bare mention is someone asking what the bot does.
    await message.reply(textReply(helpText(locale)));
    return;
  }

  if (postStarter) {
    ctx.conversations.add(channel.id, question);
    await channel.sendTyping().catch(() => undefined);
    const { reply } = await answerQuestion(ctx, {
      question,
      guildId: message.guildId,
      locale,
      via: 'thread',
    });
    await channel.send(reply);
    return;
  }

  if (conversation) {
    const previous = await previousQuestions(channel, message, ctx, bot.id);
    ctx.conversations.add(channel.id, question);
    await channel.sendTyping().catch(() => undefined);
    const { reply, asked } = await answerQuestion(ctx, {
      question,
      previous,
      guildId: message.guildId,
      locale,
      via: 'thread',
    });
    ctx.conversations.replace(channel.id, question, asked);
    await channel.send(reply);
    return;
  }

  if (direct) {
    // A direct message is one conversation: a follow-up is read against the questions before it.
    const previous = ctx.conversations.turns(channel.id) ?? [];
    ctx.conversations.add(channel.id, question);
    await channel.sendTyping().catch(() => undefined);
    const { reply, asked } = await answerQuestion(ctx, {
      question,
      previous,
      guildId: message.guildId,
      locale,
      via: 'mention',
    });
    ctx.conversations.replace(channel.id, question, asked);
    await message.reply(reply);
    return;
  }

  const thread = await openThread(message, question, ctx);
  if (thread) {
    ctx.conversations.setOpener(thread.id, message.author.id);
    ctx.conversations.add(thread.id, question);
    await thread.sendTyping().catch(() => undefined);
  } else if ('sendTyping' in channel) {
    await channel.sendTyping().catch(() => undefined);
  }
  const { reply } = await answerQuestion(ctx, {
    question,
    guildId: message.guildId,
    locale,
    via: 'mention',
  });
  if (thread) await thread.send(reply);
  else await message.reply(reply);
}

/**
 * Whether a thread is a post in a forum (or media) channel listed in `ASK_CHANNEL_IDS`. The
 * forum is fetched when it is not cached yet.
 */
async function isAskForumPost(thread: AnyThreadChannel, askChannels: readonly string[]): Promise<boolean> {
  if (thread.parentId === null || !askChannels.includes(thread.parentId)) return false;
  const parent = thread.parent ?? (await thread.client.channels.fetch(thread.parentId).catch(() => null));
  return parent?.type === ChannelType.GuildForum || parent?.type === ChannelType.GuildMedia;
}

/** A forum post's question: its title, then its text unless the text repeats the title. */
export function withTitle(title: string, text: string): string {
  const name = title.trim();
  if (name === '' || text.toLowerCase().includes(name.toLowerCase())) return text;
  if (text === '') return name;
  return `${name}${/[.?!:…]$/u.test(name) ? '' : ':'} ${text}`;
}

/** Starts a thread from the message where possible; undefined in DMs, threads, or when Discord refuses. */
async function openThread(
  message: Message,
  question: string,
  ctx: BotContext,
): Promise<AnyThreadChannel | undefined> {
  const type = message.channel.type;
  if (!message.inGuild() || (type !== ChannelType.GuildText && type !== ChannelType.GuildAnnouncement)) {
    return undefined;
  }
  try {
    return await message.startThread({
      name: threadNameFor(question),
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
  } catch (error) {
    ctx.logger.info({ err: error, channelId: message.channelId }, 'cannot start a thread; replying in place');
    return undefined;
  }
}

/** Who opened one of the bot's threads: remembered, or after a restart the starter message's author. */
async function threadOpener(thread: AnyThreadChannel, ctx: BotContext): Promise<string | undefined> {
  const remembered = ctx.conversations.openerOf(thread.id);
  if (remembered !== undefined) return remembered ?? undefined;
  const starter = await thread.fetchStarterMessage().catch(() => null);
  // A starter that is gone is remembered too: no lookup for every later message.
  const opener = starter && !starter.author.bot ? starter.author.id : null;
  ctx.conversations.setOpener(thread.id, opener);
  return opener ?? undefined;
}

/**
 * Earlier questions in a thread, oldest first: from memory, or after a restart from the
 * thread's starter message and recent non-bot messages.
 */
async function previousQuestions(
  thread: AnyThreadChannel,
  current: Message,
  ctx: BotContext,
  botId: string,
): Promise<string[]> {
  const remembered = ctx.conversations.turns(thread.id);
  if (remembered) return [...remembered];
  const found: string[] = [];
  try {
    const starter = await thread.fetchStarterMessage().catch(() => null);
    // A forum post's starter stands in the thread itself, and its title belongs to the question.
    const inThread = starter?.channelId === thread.id;
    if (starter && !starter.author.bot) {
      const said = stripBotMention(starter.content, botId);
      found.push(inThread ? withTitle(thread.name, said) : said);
    }
    const recent = await thread.messages.fetch({ limit: 20, before: current.id });
    const turns = [...recent.values()]
      .filter((m) => m.id !== starter?.id && !m.author.bot && m.content.trim().length > 0)
      .sort((a, b) => a.createdTimestamp - b.createdTimestamp)
      .map((m) => stripBotMention(m.content, botId));
    found.push(...turns);
  } catch (error) {
    ctx.logger.debug({ err: error, threadId: thread.id }, 'could not read the thread history');
  }
  for (const turn of found) ctx.conversations.add(thread.id, turn);
  return found.filter((turn) => turn.length > 0);
}

/** MESSAGE_CREATE: mentions, follow-ups in the bot's threads, ask channels and forum posts, and direct messages. */
export const messageCreate = {
  name: Events.MessageCreate,
  execute: ({ ctx, client }, message) => createMessageHandler(ctx, client)(message),
} satisfies Event<Events.MessageCreate>;
