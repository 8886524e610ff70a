import { createInterface } from 'node:readline';
import type { AppContext } from '../app';
import type { QuellenService } from '../core/service';
import { startBackgroundJobs } from '../refresh';
import { describeError } from '../ui/describeError';
import { isUserError } from '../core/errors';
import { formatOutbound, outboundConnections } from '../ui/outbound';
import { t, type Locale } from '../ui/messages';
import {
  isChatter,
  lastQuestion,
  leansOnPrevious,
  ownSubjects,
  rememberedTurn,
  resolveFollowUp,
  speaksOf,
} from '../ui/conversation';
import { formatAnswer, formatArticles, formatIndexSummary, formatStatus, formatSummary } from './format';
import { languageWithoutWords } from './locale';
import { resolveAnswerLanguage } from '../core/answer/language';

/** What the chat shows beyond the service: what may leave this host, in `/status`. */
export interface ChatExtras {
  outbound?: (locale: Locale) => string;
  /** The `ANSWER_LANGUAGE` setting: a fixed one is kept for a question without words too. */
  answerLanguage?: 'auto' | Locale;
}

/** The reply to one chat line, and whether the chat should end. */
export interface ChatReply {
  text: string;
  quit?: boolean;
  /** The language the person wrote in, when a question or summary showed it: the chat answers in it from now on. */
  language?: Locale;
  /** The question the line asked, with the one before it when it was read as a follow-up. */
  asked?: string;
}

/** Questions the chat remembers for follow-ups ("und wann war das?"), as Discord threads do. */
const REMEMBERED_QUESTIONS = 6;

/**
 * Handles one line of the terminal chat: a slash command or a question. Never throws: errors
 * become the same short messages Discord users see.
 */
export async function handleChatLine(
  service: QuellenService,
  line: string,
  locale: Locale,
  onError: (error: unknown) => void = () => undefined,
  extras: ChatExtras = {},
  /** Earlier questions of this chat, oldest first. */
  previous: readonly string[] = [],
): Promise<ChatReply | undefined> {
  const input = line.trim();
  if (input === '') return undefined;
  // People type the words as often as the commands; neither is a question.
  if (/^(quit|exit|bye|tschüss|tschuess)$/i.test(input)) return { text: '', quit: true };
  try {
    if (!input.startsWith('/')) {
      // Thanks and "ok" ask nothing: no search, no "the articles say nothing about that".
      if (isChatter(input)) return { text: t(locale, 'chatChatter') };
      return await ask(service, input, previous, locale, extras.answerLanguage);
    }
    const [command = '', ...rest] = input.split(/\s+/);
    const argument = rest.join(' ');
    switch (command.toLowerCase()) {
      case '/quit':
      case '/exit':
        return { text: '', quit: true };
      case '/help':
        return { text: t(locale, 'chatWelcome') };
      case '/articles':
        return { text: formatArticles(await service.articles(), locale) };
      case '/status': {
        const status = formatStatus(service.status(), locale);
        return { text: extras.outbound ? `${status}\n${extras.outbound(locale)}` : status };
      }
      case '/reindex':
        return {
          text: formatIndexSummary(await service.reindex({ by: 'terminal', skippedShown: true }), locale),
        };
      case '/summary': {
        if (argument === '') return { text: t(locale, 'chatSummaryUsage') };
        const summary = await service.summarize(argument);
        return { text: formatSummary(summary, locale) };
      }
      case '/ask':
        return await ask(service, argument, previous, locale, extras.answerLanguage);
      default:
        return { text: t(locale, 'chatUnknownCommand', { command }) };
    }
  } catch (error) {
    const described = describeError(error, locale);
    if (!described.expected) onError(error);
    // An article that is not found is named among the others: the chat command lists them.
    const hint =
      isUserError(error) && error.code === 'ARTICLE_NOT_FOUND' ? ` ${t(locale, 'chatArticlesHint')}` : '';
    return { text: `${described.message}${hint}` };
  }
}

/**
 * Answers a question in a chat. A follow-up that only refers back ("Und wer leitet es?", see
 * `leansOnPrevious`) is asked together with the question before it first. Any other question is
 * asked on its own; one the articles do not answer alone, and that reads as a follow-up ("Und
 * wann war das?"), is asked again together with the question before. A chat changes topic more
 * often than a Discord thread does, so a question that is answered on its own ("Wo spielte das
 * Mariinski-Orchester?" after one about Deir al-Sor) is not joined to another, and the joined
 * answer counts only when it speaks of the follow-up's own subjects (see `speaksOf`: "Wer leitet
 * die Grabung?" after a question about a concert is not answered from the concert's passages).
 * A joined question is answered in the follow-up's language, not the one before.
 */
async function ask(
  service: QuellenService,
  question: string,
  previous: readonly string[],
  locale: Locale,
  answerLanguage?: 'auto' | Locale,
): Promise<ChatReply> {
  const options = languageWithoutWords(question, locale, answerLanguage);
  const joined = resolveFollowUp(question, previous);
  const canJoin = joined !== question.trim();
  const joinedOptions = { language: resolveAnswerLanguage(question, answerLanguage ?? 'auto') };
  const before = lastQuestion(previous) ?? '';
  // A follow-up that only refers back is asked with the question before first: alone it would be
  // answered about whatever else matches its one or two words.
  const leaning = canJoin && leansOnPrevious(question, before);
  if (leaning) {
    const { answer: together } = await service.ask(joined, joinedOptions);
    if (!together.abstained)
      return { text: formatAnswer(together), language: together.language, asked: joined };
  }
  let { answer } = await service.ask(question, options);
  let answeredJoined = false;
  if (answer.abstained && canJoin && !leaning) {
    const { answer: together } = await service.ask(joined, joinedOptions);
    const subjects = ownSubjects(question, before);
    if (together.abstained || speaksOf(together, subjects)) {
      answer = together;
      answeredJoined = true;
    }
  }
  const asked = rememberedTurn({ question, joined, before, answer, answeredJoined });
  return { text: formatAnswer(answer), language: answer.language, asked };
}

/** The interactive terminal chat; resolves when the user quits or input ends. */
export async function runChat(
  service: QuellenService,
  options: {
    input?: NodeJS.ReadableStream;
    output?: NodeJS.WritableStream;
    locale: Locale;
    onError?: (error: unknown) => void;
    extras?: ChatExtras;
  },
): Promise<void> {
  const output = options.output ?? process.stdout;
  const rl = createInterface({
    input: options.input ?? process.stdin,
    output,
    terminal: Boolean((output as NodeJS.WriteStream).isTTY),
  });
  output.write(`${t(options.locale, 'chatWelcome')}\n`);
  rl.setPrompt('> ');
  rl.prompt();
  // The chat's own messages follow the language of the last question, as its answers do.
  let locale = options.locale;
  const previous: string[] = [];
  for await (const line of rl) {
    const reply = await handleChatLine(service, line, locale, options.onError, options.extras, previous);
    if (reply?.quit) break;
    if (reply?.language) locale = reply.language;
    if (reply?.asked) {
      previous.push(reply.asked);
      if (previous.length > REMEMBERED_QUESTIONS) previous.shift();
    }
    if (reply) output.write(`${reply.text}\n\n`);
    rl.prompt();
  }
  rl.close();
}

/**
 * The terminal chat of an opened app, with what the configuration starts in the background
 * (REINDEX_INTERVAL, WATCH_DOCS) running as long as the chat does, as in the bot.
 */
export async function runAppChat(app: AppContext, locale: Locale): Promise<void> {
  const jobs = startBackgroundJobs(app);
  try {
    const outbound = outboundConnections(app.config);
    await runChat(app.service, {
      locale,
      onError: (error) => app.logger.error({ err: error }, 'chat error'),
      extras: {
        outbound: (chatLocale) => formatOutbound(outbound, app.config, chatLocale),
        answerLanguage: app.config.ANSWER_LANGUAGE,
      },
    });
  } finally {
    await jobs.stop();
    // Stops following a shared index and ends its connections, so the process can exit.
    await app.service.close();
  }
}
