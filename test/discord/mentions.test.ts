import { ChannelType, type Message } from 'discord.js';
import { channelAllowed, stripBotMention, threadNameFor } from '../../src/discord/events/messageCreate';

/** Just the channel fields channelAllowed reads. */
function messageIn(type: ChannelType, id: string, parentId: string | null = null): Message {
  const thread = type === ChannelType.PublicThread;
  return { channel: { type, id, parentId, isThread: () => thread } } as unknown as Message;
}

describe('mention helpers', () => {
  it('strips the bot mention (both forms) from the question', () => {
    expect(stripBotMention('<@42> Wer  war\n<@!42> das?', '42')).toBe('Wer war das?');
    expect(stripBotMention('<@43> hallo', '42')).toBe('<@43> hallo');
  });

  it('names a thread after the question without mentions, at most 100 characters', () => {
    expect(threadNameFor('@everyone <@&1> Wer eroberte Palmyra?')).toBe('everyone Wer eroberte Palmyra?');
    expect(threadNameFor('x'.repeat(300))).toHaveLength(100);
    expect(threadNameFor('<@1>')).toBe('quellen');
  });

  it('answers everywhere without ALLOWED_CHANNEL_IDS; with it, only there (threads by parent) and not in DMs', () => {
    expect(channelAllowed(messageIn(ChannelType.DM, '9'), [])).toBe(true);
    expect(channelAllowed(messageIn(ChannelType.GuildText, '1'), ['1'])).toBe(true);
    expect(channelAllowed(messageIn(ChannelType.GuildText, '2'), ['1'])).toBe(false);
    expect(channelAllowed(messageIn(ChannelType.PublicThread, '5', '1'), ['1'])).toBe(true);
    expect(channelAllowed(messageIn(ChannelType.PublicThread, '5', '2'), ['1'])).toBe(false);
    expect(channelAllowed(messageIn(ChannelType.DM, '9'), ['1'])).toBe(false);
  });
});
