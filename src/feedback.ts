import { readFile } from 'node:fs/promises';
import { t, type Locale } from './ui/messages';

/** What `quellen feedback` reads of one line of the feedback log (`FEEDBACK_LOG`). */
interface Vote {
  at: string;
  answerId?: string;
  question: string;
  answer: string;
  citations?: Array<{ articleId: string; paragraph: number }>;
  user: string;
  vote: 'up' | 'down';
}

/** The feedback log summed up for moderators: each user's last vote per answer counts. */
export interface FeedbackSummary {
  /** Votes counted (one per user and answer). */
  votes: number;
  up: number;
  down: number;
  /** Lines that were not votes (a torn last line, hand edits). */
  unreadable: number;
  /** Answers with more 👎 than 👍, most 👎 first (at most 10). */
  disliked: Array<{ question: string; answer: string; up: number; down: number; sources: string[] }>;
}

const MAX_DISLIKED = 10;

/** Sums up the log's lines (pure, for tests). A user who changed their mind counts once, as last voted. */
export function summarizeFeedback(lines: readonly string[]): FeedbackSummary {
  const last = new Map<string, Vote>();
  let unreadable = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let vote: Vote;
    try {
      vote = JSON.parse(line) as Vote;
    } catch {
      unreadable += 1;
      continue;
    }
    if ((vote.vote !== 'up' && vote.vote !== 'down') || typeof vote.question !== 'string') {
      unreadable += 1;
      continue;
    }
    // Older lines have no answer id: the question and answer text stand for the answer.
    const answerKey = vote.answerId ?? `${vote.question}\u0000${vote.answer}`;
    last.set(`${answerKey}\u0000${vote.user}`, vote);
  }
  const byAnswer = new Map<string, FeedbackSummary['disliked'][number]>();
  let up = 0;
  let down = 0;
  for (const vote of last.values()) {
    if (vote.vote === 'up') up += 1;
    else down += 1;
    const key = vote.answerId ?? `${vote.question}\u0000${vote.answer}`;
    const entry = byAnswer.get(key) ?? {
      question: vote.question,
      answer: vote.answer,
      up: 0,
      down: 0,
      sources: (vote.citations ?? []).map((c) => `${c.articleId} ¶ ${c.paragraph}`),
    };
    entry[vote.vote] += 1;
    byAnswer.set(key, entry);
  }
  const disliked = [...byAnswer.values()]
    .filter((entry) => entry.down > entry.up)
    .sort((a, b) => b.down - a.down || a.up - b.up)
    .slice(0, MAX_DISLIKED);
  return { votes: last.size, up, down, unreadable, disliked };
}

/** Reads and sums up a feedback log; a log that does not exist yet has no votes. */
export async function readFeedbackSummary(file: string): Promise<FeedbackSummary> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw new Error(`${file}: ${error.message}`);
  });
  return summarizeFeedback(text.split('\n'));
}

/** The summary as text for a terminal. */
export function formatFeedbackSummary(summary: FeedbackSummary, locale: Locale): string {
  const lines = [t(locale, 'feedbackVotes', { votes: summary.votes, up: summary.up, down: summary.down })];
  if (summary.unreadable > 0) lines.push(t(locale, 'feedbackUnreadable', { lines: summary.unreadable }));
  if (summary.disliked.length > 0) {
    lines.push('', t(locale, 'feedbackDisliked'));
    for (const entry of summary.disliked) {
      lines.push(`  👎 ${entry.down} 👍 ${entry.up}  ${entry.question}`);
      lines.push(`      ${entry.answer.replace(/\s+/g, ' ').slice(0, 200)}`);
      if (entry.sources.length > 0) lines.push(`      ${entry.sources.join(', ')}`);
    }
  }
  return lines.join('\n');
}
