import { toLocale } from '../../ui/messages';
import { rateLimited } from '../answering';
import type { Precondition } from './types';

/** Commands that answer from the collection take from the user's question budget. */
export const QuestionLimit: Precondition = async (interaction, ctx) => {
  const limited = await rateLimited(ctx, 'questions', interaction.user.id, toLocale(interaction.locale));
  return limited ? { text: limited.text } : undefined;
};
