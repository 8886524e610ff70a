import type { Answer, Citation } from '../../../src/core/types';
import { answerToReply, sourcesToReply } from '../../../src/discord/format/answer';
import { inContext, quoteLink } from '../../../src/discord/format/sources';
import { parseCustomId } from '../../../src/discord/format/ids';
import { embedLength, LIMITS } from '../../../src/discord/format/reply';

function citation(n: number, overrides: Partial<Citation> = {}): Citation {
  return {
    n,
    articleId: `a${n}.txt`,
    title: `Artikel ${n}`,
    date: '2017-01',
    paragraph: n + 1,
    quote: `Zitat Nummer ${n} aus dem Artikel.`,
    quoteStart: 0,
    quoteEnd: 10,
    passage: 'Passage',
    passageId: `a${n}.txt#0`,
    score: 1,
    ...overrides,
  };
}

function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    question: 'Frage?',
    text: 'Die Antwort steht hier [1] und dort [2].',
    abstained: false,
    language: 'de',
    citations: [citation(1, { url: 'https://example.org/a (1)' }), citation(2)],
    nearestArticles: [],
    mode: 'extractive',
    ...overrides,
  };
}

describe('answerToReply: what members see', () => {
  it('GIVEN a slash answer THEN its first line repeats the question, inert; a mention answer does not', () => {
    const asked = answer({ question: 'Wer spielte @everyone in <@123> Palmyra?' });
    const slash = answerToReply(asked, 'en', 'abc', { showQuestion: true });
    expect(slash.content.split('\n')[0]).toBe(
      '**Question:** Wer spielte @\u200beveryone in <@\u200b123> Palmyra?',
    );
    expect(slash.content.split('\n')[1]).toBe('Die Antwort steht hier [1] und dort [2].');
    expect(answerToReply(asked, 'de', 'abc').content).toBe('Die Antwort steht hier [1] und dort [2].');
  });

  it('GIVEN two quotes of one paragraph THEN they share one source line', () => {
    const reply = answerToReply(
      answer({
        text: 'A [1]. B [2]. C [3].',
        citations: [
          citation(1),
          citation(2, { articleId: 'a1.txt', title: 'Artikel 1', paragraph: 2 }),
          citation(3),
        ],
      }),
      'de',
    );
    expect(reply.embeds[0]?.description).toBe(
      '[1][2] **Artikel 1** · 2017-01 · Abs. 2\n[3] **Artikel 3** · 2017-01 · Abs. 4',
    );
  });

  it('GIVEN a long quote THEN the link names its first and last words, with commas and hyphens encoded', () => {
    const quote =
      'Die Musiker unter Leitung von Dirigent Waleri Gergijew spielten Stücke von Bach und Prokofjew - genau dort, wo.';
    const reply = answerToReply(
      answer({ citations: [citation(1, { url: 'https://example.org/a#top', quote })] }),
      'de',
    );
    expect(reply.embeds[0]?.description).toContain(
      '(https://example.org/a#:~:text=Die%20Musiker%20unter%20Leitung%20von,Prokofjew%20%2D%20genau%20dort%2C%20wo.)',
    );
  });
});

describe('answerToReply', () => {
  it('GIVEN an answer THEN content keeps [n], sources list title/date/paragraph with a masked link, and three buttons', () => {
    const reply = answerToReply(answer(), 'de', 'abc');
    expect(reply.content).toBe('Die Antwort steht hier [1] und dort [2].');
    expect(reply.embeds[0]?.title).toBe('Quellen');
    expect(reply.embeds[0]?.description).toBe(
      // The title links to the quoted sentence (a text fragment) when the article has a URL.
      '[1] [Artikel 1](https://example.org/a%20%281%29#:~:text=Zitat%20Nummer%201%20aus%20dem%20Artikel.) · 2017-01 · Abs. 2\n[2] **Artikel 2** · 2017-01 · Abs. 3',
    );
    const ids = reply.components[0]!.components.map((c) => ('custom_id' in c ? c.custom_id : ''));
    expect(ids.map((id) => parseCustomId(id))).toEqual([
      { kind: 'sources', answerId: 'abc' },
      { kind: 'feedback', answerId: 'abc', vote: 'up' },
      { kind: 'feedback', answerId: 'abc', vote: 'down' },
    ]);
    expect(reply.allowedMentions).toEqual({ parse: [], repliedUser: false });
  });

  it('GIVEN an English locale THEN the bot words are English', () => {
    const reply = answerToReply(answer(), 'en', 'abc');
    expect(reply.embeds[0]?.title).toBe('Sources');
    expect(reply.embeds[0]?.description).toContain('¶ 2');
  });

  it('GIVEN a very long answer and 60 citations THEN every Discord limit holds', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      citation(i + 1, { title: 'T'.repeat(300), quote: 'Wort '.repeat(400) }),
    );
    const reply = answerToReply(
      answer({ text: 'Ein langer Satz mit Inhalt [1]. '.repeat(200), citations: many }),
      'de',
      'x',
    );
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).toMatch(/\[1\]\.…$/);
    for (const embed of reply.embeds)
      expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    const sources = sourcesToReply(answer({ citations: many }), 'de');
    expect(sources.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
    expect(sources.embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
    for (const embed of sources.embeds)
      expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
  });

  it('GIVEN an abstention without citations THEN it lists the nearest articles and has no Sources button', () => {
    const reply = answerToReply(
      answer({
        text: 'Dazu finde ich nichts.',
        abstained: true,
        citations: [],
        nearestArticles: [{ articleId: 'a', title: 'Palmyra' }],
      }),
      'de',
      'id',
    );
    expect(reply.embeds[0]?.description).toBe('• Palmyra');
    expect(reply.components[0]!.components).toHaveLength(2);
  });

  it('GIVEN quotes with mentions and markdown THEN the ephemeral sources quote them inert, on one line', () => {
    const reply = sourcesToReply(
      answer({ citations: [citation(1, { quote: '@everyone **laut**\nzweite Zeile' })] }),
      'de',
    );
    expect(reply.embeds[0]?.description).toBe(
      '[1] **Artikel 1** · 2017-01 · Abs. 2\n> @\u200beveryone \\*\\*laut\\*\\* zweite Zeile',
    );
    expect(sourcesToReply(answer({ citations: [] }), 'en').content).toBe('This answer has no quotes.');
  });
});

describe('quoteLink', () => {
  it('links the bare page when the fragment would be too long', () => {
    const quote = Array.from({ length: 8 }, () => 'ä'.repeat(150)).join(' ');
    expect(quoteLink('https://example.org/a#x', quote)).toBe('https://example.org/a');
  });
});

describe('inContext', () => {
  it('shows a quote in bold inside its passage, cut at words, inert and on one line', () => {
    const before = 'Wort '.repeat(80);
    const passage = `${before}Der **Dirigent** war @everyone.\nDanach ${'mehr '.repeat(80)}Ende.`;
    const shown = inContext({ quote: 'Der **Dirigent** war @everyone.', passage });
    expect(shown).toMatch(/^…Wort Wort/);
    expect(shown).toContain('**Der \\*\\*Dirigent\\*\\* war @\u200beveryone.**');
    expect(shown).toMatch(/Danach mehr .*mehr…$/);
    expect(shown).not.toContain('\n');
    expect(shown.length).toBeLessThan(700);
    expect(inContext({ quote: 'Nicht da.', passage: 'Etwas anderes.' })).toBe('Nicht da.');
  });
});
