import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../context';

/** Longest choice name and value Discord accepts. */
const CHOICE_MAX = 100;

/**
 * Autocomplete over article titles: up to 25 choices showing the title (and date), whose
 * value is the article id (or the title when the id is too long for a choice value).
 */
export async function respondWithArticles(
  interaction: AutocompleteInteraction,
  ctx: BotContext,
): Promise<void> {
  const typed = String(interaction.options.getFocused());
  const found = ctx.service.ready ? await ctx.service.searchArticles(typed, 25) : [];
  const choices = found.map((article) => {
    const label = article.date ? `${article.title} (${article.date})` : article.title;
    const name = label.length > CHOICE_MAX ? `${label.slice(0, CHOICE_MAX - 1)}…` : label;
    const value = article.id.length <= CHOICE_MAX ? article.id : article.title.slice(0, CHOICE_MAX);
    return { name: name.trim() || article.id.slice(0, CHOICE_MAX), value };
  });
  await interaction.respond(choices);
}
