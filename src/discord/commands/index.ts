import { addArticle } from './addArticle';
import { articles } from './articles';
import { help } from './help';
import { ask } from './ask';
import { reindex } from './reindex';
import { status } from './status';
import { summary } from './summary';
import type { Command } from './types';

/** Every slash command, in the order they are registered. */
export const commands: readonly Command[] = [ask, summary, articles, status, help, reindex, addArticle];

/** Commands by name, for dispatching. */
export function commandsByName(list: readonly Command[] = commands): Map<string, Command> {
  return new Map(list.map((command) => [command.data.name, command]));
}

/** The registration payloads (what `deploy-commands` sends). */
export function commandPayloads(list: readonly Command[] = commands) {
  return list.map((command) => command.data.toJSON());
}

export type { Command } from './types';
