import { stripBotMention, threadNameFor } from '../../src/discord/mentions';

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
});
