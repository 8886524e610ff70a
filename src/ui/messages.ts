/**
 * The bot's own words (labels, errors, confirmations) in German and English, shared by the
 * terminal and Discord adapters. Answer texts themselves come from core in the question's
 * language; quotes stay in the article's language.
 */

import type { IndexSummary } from '../core/index/indexer';
export type Locale = 'de' | 'en';

const MESSAGES = {
  sources: { de: 'Quellen', en: 'Sources' },
  paragraph: { de: 'Abs.', en: '¶' },
  caption: { de: 'Bildunterschrift', en: 'caption' },
  noArticles: { de: 'Es sind noch keine Artikel indexiert.', en: 'No articles are indexed yet.' },
  articlesHeader: { de: 'Artikel', en: 'Articles' },
  passages: { de: 'Passagen', en: 'passages' },
  passage: { de: 'Passage', en: 'passage' },
  statusArticles: { de: 'Artikel', en: 'Articles' },
  statusPassages: { de: 'Passagen', en: 'Passages' },
  statusEmbedder: { de: 'Embedder', en: 'Embedder' },
  embedderBuiltin: {
    de: 'eingebaut (gehashte Wortmerkmale, {dims} Dimensionen, ohne Modelldateien)',
    en: 'built-in (hashed word features, {dims} dimensions, no model files)',
  },
  embedderModel: { de: '{model} ({dims} Dimensionen)', en: '{model} ({dims} dimensions)' },
  statusVectorIndex: { de: 'Vektorindex', en: 'Vector index' },
  vectorIndexHnsw: { de: 'HNSW (angenähert)', en: 'HNSW (approximate)' },
  vectorIndexFlat: { de: 'flach (exakt)', en: 'flat (exact)' },
  vectorIndexPgvector: { de: 'pgvector HNSW (angenähert)', en: 'pgvector HNSW (approximate)' },
  statusBackend: { de: 'Index liegt', en: 'Index stored' },
  migrateDone: {
    de: 'Datenbankschema auf Version {to} gebracht (vorher {from}).',
    en: 'Database schema brought to version {to} (was {from}).',
  },
  migrateCurrent: {
    de: 'Datenbankschema ist aktuell (Version {version}).',
    en: 'Database schema is current (version {version}).',
  },
  backendEmbedded: { de: 'in Dateien', en: 'in files' },
  backendPostgres: { de: 'in PostgreSQL', en: 'in PostgreSQL' },
  statusVectorIndexPending: {
    de: 'VECTOR_INDEX={kind}: Der Index ist noch {current}; „quellen index“ stellt ihn um (ohne neu einzubetten).',
    en: 'VECTOR_INDEX={kind}: the index is still {current}; "quellen index" converts it (no re-embedding).',
  },
  statusBuilt: { de: 'Index gebaut', en: 'Index built' },
  statusLastReindex: { de: 'Letzte Aktualisierung', en: 'Last reindex' },
  statusUptime: { de: 'Laufzeit', en: 'Uptime' },
  statusSkipped: { de: 'Übersprungene Dateien', en: 'Skipped files' },
  statusIndexProblem: {
    de: 'Index nicht nutzbar: {reason}. „quellen index“ baut ihn neu.',
    en: 'Index not usable: {reason}. "quellen index" rebuilds it.',
  },
  statusDatabaseProblem: { de: 'Index nicht erreichbar: {reason}', en: 'Index not reachable: {reason}' },
  statusIndexUnusable: { de: 'Index nicht nutzbar: {reason}', en: 'Index not usable: {reason}' },
  statusReindexing: {
    de: 'Aktualisierung läuft ({started} um {at})',
    en: 'Reindex running ({started} at {at})',
  },
  outboundTitle: { de: 'Verlässt diesen Rechner', en: 'Leaves this host' },
  statusReranker: {
    de: 'Neu-Bewertung: {model} (wird mit der ersten Frage geladen)',
    en: 'Re-ranking: {model} (loaded with the first question)',
  },
  modelFetched: {
    de: 'Modell {model} liegt in {dir} ({files} Dateien, {size}); kopiere den Ordner nach MODELS_DIR eines Rechners ohne Internet.',
    en: 'Model {model} is in {dir} ({files} files, {size}); copy the folder into MODELS_DIR of a host without internet.',
  },
  outboundNothing: { de: 'nichts', en: 'nothing' },
  outboundModel: {
    de: 'einmaliger Download des Modells {model}, wenn {dir} es nicht enthält (aus: ALLOW_REMOTE_MODELS=false, oder EMBEDDINGS=builtin ohne RERANK_MODEL)',
    en: 'a one-time download of the model {model} when {dir} lacks it (off: ALLOW_REMOTE_MODELS=false, or EMBEDDINGS=builtin without RERANK_MODEL)',
  },
  outboundLlm: {
    de: 'jede Frage und jede Zusammenfassung mit den gefundenen Passagen (aus: LLM_BASE_URL leeren)',
    en: 'every question and summary with the passages found (off: unset LLM_BASE_URL)',
  },
  outboundDatabase: {
    de: 'der Index: die Artikel, ihre Passagen und die Suchwörter jeder Frage (aus: INDEX_BACKEND=embedded)',
    en: 'the index: the articles, their passages and every question’s search terms (off: INDEX_BACKEND=embedded)',
  },
  outboundDiscord: {
    de: 'der Bot: Fragen, Antworten und Befehle der Server (aus: DISCORD_TOKEN leeren)',
    en: 'the bot: the servers’ questions, answers and commands (off: unset DISCORD_TOKEN)',
  },
  never: { de: 'noch nie', en: 'never' },
  reindexDone: {
    de: 'Index aktualisiert: {added} neu, {changed} geändert, {removed} entfernt, {unchanged} unverändert, {skipped} übersprungen; {passages} Passagen in {seconds} s.',
    en: 'Index updated: {added} added, {changed} changed, {removed} removed, {unchanged} unchanged, {skipped} skipped; {passages} passages in {seconds} s.',
  },
  reindexBuilt: {
    de: 'Index aufgebaut: {articles} Artikel, {skipped} übersprungen; {passages} Passagen in {seconds} s.',
    en: 'Index built: {articles} articles, {skipped} skipped; {passages} passages in {seconds} s.',
  },
  rebuiltBecause: { de: 'Grund für den Neuaufbau: {reason}', en: 'Why it was rebuilt: {reason}' },
  reindexRebuilt: {
    de: 'Index neu aufgebaut: {articles} Artikel, {skipped} übersprungen; {passages} Passagen in {seconds} s.',
    en: 'Index rebuilt: {articles} articles, {skipped} skipped; {passages} passages in {seconds} s.',
  },
  reindexProgress: {
    de: 'Aktualisiere den Index … {phase} {done}/{total}',
    en: 'Updating the index … {phase} {done}/{total}',
  },
  feedbackVotes: {
    de: 'Stimmen: {votes} (👍 {up}, 👎 {down}; je Person und Antwort zählt die letzte)',
    en: "Votes: {votes} (👍 {up}, 👎 {down}; each person's last vote per answer)",
  },
  feedbackUnreadable: { de: 'Unlesbare Zeilen: {lines}', en: 'Unreadable lines: {lines}' },
  feedbackDisliked: { de: 'Antworten mit mehr 👎 als 👍:', en: 'Answers with more 👎 than 👍:' },
  dislikeTitle: { de: 'Was war falsch?', en: 'What was wrong?' },
  dislikeLabel: {
    de: 'Was hat gefehlt oder gestimmt nicht? (freiwillig)',
    en: 'What was missing or wrong? (optional)',
  },
  dislikeReason: { de: 'Was falsch war: {reason}', en: 'What was wrong: {reason}' },
  searchedOnly: { de: '(Nur durchsucht: {what}.)', en: '(Searched only: {what}.)' },
  filterArticle: { de: 'der Artikel „{article}“', en: 'the article "{article}"' },
  filterSince: { de: 'Artikel ab {date}', en: 'articles from {date}' },
  filterUntil: { de: 'Artikel bis {date}', en: 'articles until {date}' },
  continueInThread: { de: 'Im Thread weiterfragen', en: 'Continue in a thread' },
  threadOpened: {
    de: 'Hier geht es weiter: {thread}. Folgefragen dort brauchen keine Erwähnung.',
    en: 'Continue here: {thread}. Follow-up questions there need no mention.',
  },
  threadWelcome: {
    de: 'Folgefragen zu „{question}“ hier, ohne Erwähnung.',
    en: 'Follow-up questions about “{question}” here, no mention needed.',
  },
  threadUnavailable: {
    de: 'Hier kann ich keinen Thread öffnen (fehlende Berechtigung?). Erwähne mich mit deiner Folgefrage.',
    en: 'I cannot open a thread here (missing permission?). Mention me with your follow-up question.',
  },
  reindexStarted: { de: 'Aktualisiere den Index …', en: 'Updating the index …' },
  reindexFailed: {
    de: 'Die Aktualisierung des Index ({started}) ist fehlgeschlagen; der bisherige Index bleibt in Gebrauch. Details stehen im Log des Bots.',
    en: 'The index update ({started}) failed; the previous index stays in use. The bot’s log has the details.',
  },
  reindexLogged: { de: '{summary} ({started})', en: '{summary} ({started})' },
  reindexRunning: {
    de: 'Eine Aktualisierung läuft bereits ({started} um {at}).',
    en: 'A reindex is already running ({started} at {at}).',
  },
  notModerator: {
    de: 'Das dürfen nur Moderatorinnen und Moderatoren (Server verwalten oder Moderationsrolle).',
    en: 'Only moderators may do this (Manage Server or a moderator role).',
  },
  discordHelp: {
    de: [
      '**quellen** beantwortet Fragen zu den Artikeln dieses Servers und zeigt zu jeder Antwort das Zitat, aus dem sie stammt.',
      '• `/frage` – eine Frage stellen (optional: nur in einem Artikel, nur seit/bis zu einem Datum)',
      '• Erwähne mich mit deiner Frage: ich antworte in einem Thread, Rückfragen dort brauchen keine Erwähnung; Direktnachrichten gehen auch.',
      '• `/summary` – einen Artikel zusammenfassen · `/artikel` – die Artikel auflisten · `/status` – Zustand des Index',
      '• Moderation: `/neu-indexieren`, `/artikel-hinzufügen`',
      'Steht etwas nicht in den Artikeln, sage ich das und nenne die Artikel, die am nächsten kommen.',
    ].join('\n'),
    en: [
      "**quellen** answers questions about this server's articles and shows, for every answer, the quote it comes from.",
      '• `/ask` – ask a question (optionally within one article, or since/until a date)',
      '• Mention me with your question: I answer in a thread, where follow-ups need no mention; direct messages work too.',
      '• `/summary` – summarise an article · `/articles` – list the articles · `/status` – state of the index',
      '• Moderators: `/reindex`, `/add-article`',
      "When the articles don't say, I tell you so and name the articles that come closest.",
    ].join('\n'),
  },
  emptyQuestion: { de: 'Bitte stell eine Frage.', en: 'Please ask a question.' },
  questionTooLong: {
    de: 'Die Frage ist zu lang (höchstens {max} Zeichen).',
    en: 'The question is too long (at most {max} characters).',
  },
  invalidDate: {
    de: 'Das Datum „{date}“ verstehe ich nicht: bitte JJJJ, JJJJ-MM oder JJJJ-MM-TT.',
    en: 'I don\'t understand the date "{date}": use YYYY, YYYY-MM or YYYY-MM-DD.',
  },
  invalidDateRange: {
    de: 'Das Anfangsdatum {from} liegt nach dem Enddatum {to}.',
    en: 'The start date {from} lies after the end date {to}.',
  },
  articleAmbiguous: {
    de: '„{article}“ passt auf mehrere Artikel: {candidates}. Welchen meinst du?',
    en: '"{article}" fits several articles: {candidates}. Which one do you mean?',
  },
  articleNotFound: {
    de: 'Den Artikel „{article}“ kenne ich nicht.',
    en: 'I don\'t know the article "{article}".',
  },
  articleReferenceTooShort: {
    de: 'Den Artikel „{article}“ kenne ich nicht: Ein Teil einer Kennung oder eines Titels braucht mindestens {min} Zeichen.',
    en: 'I don\'t know the article "{article}": a part of an id or title needs at least {min} characters.',
  },
  indexEmpty: {
    de: 'Der Index ist noch nicht geladen. Bitte später noch einmal.',
    en: 'The index is not loaded yet. Please try again later.',
  },
  noArticlesToAsk: {
    de: 'Es sind noch keine Artikel indexiert, also kann ich nichts beantworten.',
    en: 'No articles are indexed yet, so there is nothing to answer from.',
  },
  collectionEmpty: {
    de: 'Im Artikelordner liegen keine Artikel; der Index behält seine {indexed} Artikel.',
    en: 'The article folder holds no articles; the index keeps its {indexed} articles.',
  },
  indexUnusable: {
    de: 'Der Index auf der Festplatte ist nicht nutzbar; eine Aktualisierung baut ihn neu auf.',
    en: 'The index on disk cannot be used; a refresh rebuilds it.',
  },
  invalidConfig: {
    de: 'Die Einstellungen sind ungültig; das Protokoll nennt, was zu ändern ist.',
    en: 'The settings are invalid; the log says what to change.',
  },
  indexLocked: {
    de: 'Der Index wird gerade von einem anderen Prozess aktualisiert.',
    en: 'Another process is updating the index right now.',
  },
  sentenceCountRange: { de: 'erlaubt sind 3, 4, 5 oder 6', en: 'must be 3, 4, 5 or 6' },
  questionOrBatch: {
    de: 'entweder eine Frage oder --batch <Datei>, nicht beides',
    en: 'give a question or --batch <file>, not both',
  },
  skippedFile: { de: '{path} übersprungen: {reason}', en: 'skipped {path}: {reason}' },
  skippedWasIndexed: {
    de: '{reason}; der Artikel war im Index und fehlt darin, bis die Datei wieder gelesen werden kann',
    en: '{reason}; the article was indexed and is left out until the file can be read again',
  },
  uploadRejected: { de: 'Upload abgelehnt: {reason}', en: 'Upload rejected: {reason}' },
  uploadSaved: { de: 'Artikel „{title}“ gespeichert ({id}).', en: 'Saved article "{title}" ({id}).' },
  uploadUnchanged: {
    de: 'Artikel „{title}“ ist bereits vorhanden ({id}).',
    en: 'Article "{title}" is already there ({id}).',
  },
  uploadPending: {
    de: 'Er wird bei der laufenden Aktualisierung nicht mehr erfasst, aber bei der nächsten.',
    en: 'It will be indexed by the next reindex.',
  },
  modelUnavailable: { de: 'Das Sprachmodell ist nicht verfügbar.', en: 'The model is not available.' },
  rateLimited: {
    de: 'Langsam bitte: höchstens {limit} Fragen pro Minute. Versuch es in {seconds} s wieder.',
    en: 'Easy there: at most {limit} questions a minute. Try again in {seconds} s.',
  },
  tooManyInteractions: {
    de: 'Zu viele Klicks und Befehle in kurzer Zeit. Versuch es in {seconds} s wieder.',
    en: 'Too many clicks and commands in a short time. Try again in {seconds} s.',
  },
  unknownCommand: {
    de: 'Diesen Befehl kenne ich (noch) nicht. Vielleicht wurde der Bot gerade aktualisiert; versuch es gleich noch einmal.',
    en: "I don't know this command (yet). The bot may have just been updated; please try again shortly.",
  },
  questionLine: { de: '**Frage:** {question}', en: '**Question:** {question}' },
  genericError: {
    de: 'Da ist etwas schiefgegangen. Bitte versuch es noch einmal.',
    en: 'Something went wrong. Please try again.',
  },
  feedbackThanks: { de: 'Danke für die Rückmeldung!', en: 'Thanks for the feedback!' },
  noQuotes: { de: 'Zu dieser Antwort gibt es keine Zitate.', en: 'This answer has no quotes.' },
  page: { de: 'Seite {page} von {pages}', en: 'Page {page} of {pages}' },
  previous: { de: 'Zurück', en: 'Previous' },
  next: { de: 'Weiter', en: 'Next' },
  chatWelcome: {
    de: 'quellen: Stell eine Frage zu den Artikeln. Befehle: /summary <Artikel>, /articles, /status, /reindex, /help, /quit',
    en: 'quellen: ask a question about the articles. Commands: /summary <article>, /articles, /status, /reindex, /help, /quit',
  },
  chatChatter: {
    de: 'Alles klar. Frag mich gern etwas zu den Artikeln.',
    en: 'All right. Ask me anything about the articles.',
  },
  chatSummaryUsage: {
    de: 'Welcher Artikel? /summary <Artikel> (Name, Titel oder ein Teil davon; /articles listet sie).',
    en: 'Which article? /summary <article> (its name, title or a part of either; /articles lists them).',
  },
  chatArticlesHint: {
    de: '/articles listet sie auf.',
    en: '/articles lists them.',
  },
  chatUnknownCommand: {
    de: 'Unbekannter Befehl {command}. /help zeigt alle Befehle.',
    en: 'Unknown command {command}. /help lists the commands.',
  },
  summaryOf: { de: 'Zusammenfassung: {title}', en: 'Summary: {title}' },
  nearestArticles: { de: 'Am ehesten passen diese Artikel', en: 'These articles come closest' },
  answerExpired: {
    de: 'Diese Antwort ist nicht mehr gespeichert. Bitte stell die Frage noch einmal.',
    en: 'This answer is no longer stored. Please ask the question again.',
  },
  uploadTooLarge: {
    de: 'Upload abgelehnt: die Datei ist größer als {max}.',
    en: 'Upload rejected: the file is larger than {max}.',
  },
  uploadDownloadFailed: {
    de: 'Die Datei konnte nicht von Discord geladen werden. Bitte versuch es noch einmal.',
    en: 'The file could not be downloaded from Discord. Please try again.',
  },
  guildNotServed: {
    de: 'Dieser Server gehört nicht zu denen, für die dieser Bot Fragen beantwortet.',
    en: 'This bot does not answer questions on this server.',
  },
  moderationNeedsGuildIds: {
    de: 'Moderationsbefehle sind aus: Wer den Bot betreibt, muss zuerst GUILD_IDS setzen (die Server, denen die Sammlung gehört).',
    en: 'Moderator commands are off: whoever runs the bot must first set GUILD_IDS (the servers that own the collection).',
  },
  notInGuild: { de: 'Das geht nur auf einem Server.', en: 'This only works on a server.' },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** A message in the given locale with `{name}` placeholders filled in. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * The embedder as people read it: the built-in one described, a model by its name. The full id
 * (every setting a vector depends on) stays in `status --json` and the index manifest.
 */
export function embedderLabel(id: string, dims: number, locale: Locale): string {
  if (id === 'builtin' || id.startsWith('builtin:')) return t(locale, 'embedderBuiltin', { dims });
  // "transformers:<model>:<precision>[:<settings>…]" → the model's name (which has no colon).
  const model = /^transformers:([^:]+)/.exec(id)?.[1] ?? id;
  return t(locale, 'embedderModel', { model, dims });
}

/** Maps a Discord locale ("de", "en-US", …) or a POSIX LANG ("de_DE.UTF-8") to a supported locale. */
export function toLocale(value: string | undefined, fallback: Locale = 'en'): Locale {
  if (!value) return fallback;
  const lower = value.toLowerCase();
  if (lower.startsWith('de')) return 'de';
  if (lower.startsWith('en')) return 'en';
  return fallback;
}

/**
 * "Index updated: n new, n changed, …" for an index run, as the CLI and Discord both report it. A
 * rebuild (asked for, or forced by a missing or unusable index or other settings) counts no
 * articles as new or unchanged: it says how many it holds.
 */
export function reindexDoneText(summary: IndexSummary, locale: Locale): string {
  const seconds = decimal(summary.durationMs / 1000, locale);
  if (summary.rebuildReason !== undefined || summary.firstBuild) {
    return t(locale, summary.firstBuild ? 'reindexBuilt' : 'reindexRebuilt', {
      articles: summary.added + summary.changed + summary.unchanged,
      skipped: summary.skipped.length,
      passages: summary.passages,
      seconds,
    });
  }
  return t(locale, 'reindexDone', {
    added: summary.added,
    changed: summary.changed,
    removed: summary.removed,
    unchanged: summary.unchanged,
    skipped: summary.skipped.length,
    passages: summary.passages,
    seconds,
  });
}

/** A number with one decimal in the locale's way of writing it ("0,4" in German, "0.4" in English). */
function decimal(value: number, locale: Locale): string {
  const text = value.toFixed(1);
  return locale === 'de' ? text.replace('.', ',') : text;
}

/**
 * Who started an index run: a person's name as given (Discord passes `@name`), or one of the
 * product's own starters (`start-up`, `cli`, `terminal`, `schedule`, `watcher`, `another
 * process`), named in the locale's words. {@link actorLabel} is the short form for "(…)", and
 * {@link startedBy} the phrase "gestartet von …" / "started by …" with its preposition.
 */
export function actorLabel(by: string, locale: Locale): string {
  return Object.hasOwn(ACTORS, by) ? ACTORS[by]!.label[locale] : by;
}

/** "gestartet von anna", "gestartet beim Programmstart", "started on schedule", … */
export function startedBy(by: string, locale: Locale): string {
  if (Object.hasOwn(ACTORS, by)) return ACTORS[by]!.started[locale];
  return locale === 'de' ? `gestartet von ${by}` : `started by ${by}`;
}

const ACTORS: Readonly<Record<string, { label: Record<Locale, string>; started: Record<Locale, string> }>> = {
  'start-up': {
    label: { de: 'Programmstart', en: 'start-up' },
    started: { de: 'gestartet beim Programmstart', en: 'started at start-up' },
  },
  cli: {
    label: { de: 'Kommandozeile', en: 'command line' },
    started: { de: 'gestartet über die Kommandozeile', en: 'started from the command line' },
  },
  terminal: {
    label: { de: 'Terminal-Chat', en: 'terminal chat' },
    started: { de: 'gestartet im Terminal-Chat', en: 'started in the terminal chat' },
  },
  schedule: {
    label: { de: 'Zeitplan', en: 'schedule' },
    started: { de: 'gestartet nach Zeitplan', en: 'started on schedule' },
  },
  watcher: {
    label: { de: 'Ordnerüberwachung', en: 'folder watcher' },
    started: { de: 'gestartet von der Ordnerüberwachung', en: 'started by the folder watcher' },
  },
  'another process': {
    label: { de: 'anderer Prozess', en: 'another process' },
    started: { de: 'gestartet von einem anderen Prozess', en: 'started by another process' },
  },
};

/** The message naming a vector index kind (`hnsw`, `flat` or `pgvector`). */
export function vectorIndexMessage(kind: string): MessageKey {
  return kind === 'flat'
    ? 'vectorIndexFlat'
    : kind === 'pgvector'
      ? 'vectorIndexPgvector'
      : 'vectorIndexHnsw';
}
