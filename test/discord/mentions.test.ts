import { ChannelType, type Message } from 'discord.js';
import { threadNameFor } from '../../src/discord/format/text';
import {
  channelAllowed,
  messageLocale,
  stripBotMention,
  withTitle,
} from '../../src/discord/events/messageCreate';

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
    // An ask channel is allowed whatever ALLOWED_CHANNEL_IDS lists, its threads too.
    expect(channelAllowed(messageIn(ChannelType.GuildText, '3'), ['1'], ['3'])).toBe(true);
    expect(channelAllowed(messageIn(ChannelType.PublicThread, '5', '3'), ['1'], ['3'])).toBe(true);
  });
});

describe('messageLocale', () => {
  it('answers in the language the message is written in, whatever the server reports', () => {
    expect(messageLocale('Wer dirigierte das Konzert in Palmyra?', 'auto', 'en-US')).toBe('de');
    expect(messageLocale('Who conducted the concert in Palmyra?', 'auto', 'de')).toBe('en');
    // Direct messages have no server.
    expect(messageLocale('Wie viele Menschen sind eingeschlossen?', 'auto', undefined)).toBe('de');
  });

  it("takes the server's locale for a message too short to tell, and a fixed setting over both", () => {
    expect(messageLocale('', 'auto', 'en-US')).toBe('en');
    expect(messageLocale('danke', 'auto', 'de')).toBe('de');
    expect(messageLocale('', 'auto', undefined)).toBe('de');
    expect(messageLocale('Who conducted the concert?', 'de', 'en-US')).toBe('de');
  });
});

describe('withTitle', () => {
  it("puts a forum post's title before its text unless the text repeats it", () => {
    expect(withTitle('Konzert in Palmyra', 'Wer hat dirigiert?')).toBe(
      'Konzert in Palmyra: Wer hat dirigiert?',
    );
    expect(withTitle('Wer dirigierte?', 'Ich finde es nicht.')).toBe('Wer dirigierte? Ich finde es nicht.');
    expect(withTitle('Palmyra', 'Was geschah in palmyra 2016?')).toBe('Was geschah in palmyra 2016?');
    expect(withTitle('Wer kontrolliert Deir al-Sor?', '')).toBe('Wer kontrolliert Deir al-Sor?');
    expect(withTitle('  ', 'Frage?')).toBe('Frage?');
  });
});
