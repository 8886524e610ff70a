import { fold, isCommonWord, isStopword, stem, tokenize } from '../text/analysis';
import type { Article } from '../types';
import { detectLanguage } from './language';
import { termMatch } from '../text/termMatch';
import { mentionsName, WORD } from './names';

/**
 * What kind of fact a question asks for, from its question words (German and English). Only the
 * kinds a sentence's surface can show are told apart: a count or amount, a point in time, a span
 * of time ("how long"; a length answers "How long is the fence?", see {@link asksForLength}).
 * Everything else is `other`.
 */
export type AnswerType = 'number' | 'time' | 'duration' | 'other';

// Folded text (lower case, umlauts and ß spelled out), so "Wie viele" and "wieviele" both match.
const QUESTION_PATTERNS: ReadonlyArray<[Exclude<AnswerType, 'other'>, RegExp]> = [
  ['duration', /\b(wie lange?|how long|seit wie vielen|for how many (years|months|weeks|days))\b/],
  // English "when" asks for a time only as the question word: before the verb it inverts ("When
  // was …", "…, when had Hungary …"), last ("… and when?"), or after "do you know" / "tell me".
  // Elsewhere it opens a clause ("What happens when the immune system is weak?", "When the wall
  // fell, who …?", "What did she say when asked …?").
  [
    'time',
    /\b(wann|seit wann|bis wann|ab wann|(in|seit|bis|ab) welchem (jahr|jahrzehnt|monat|jahrhundert)|welches jahr|an welchem (tag|datum)|zu welche(r|m) (zeit|uhrzeit|zeitpunkt)|um wie ?viel uhr|(what|which) (year|month|date|day|century|decade)|what time|since when|until when|by when|from when|how soon)\b|\bwhen (exactly )?(is|was|are|were|did|does|do|will|would|has|have|had|can|could|should|shall|might)\b|\bwhen\W*$|^\W*((do|does|did|can|could) (you|we|they|i) (know|tell me|say|remember)|(please )?tell me) when\b/,
  ],
  [
    'number',
    /\b(wie ?viele?n?|wie hoch|wie gross|wie weit|wie alt|wie oft|wie haufig|wie schwer|wie schnell|wie teuer|was kostet|how often|how heavy|how fast|how expensive|how many|how much|how high|how large|how big|how far|how old|what (percentage|number|share)|welche(r|n)? (zahl|anzahl|summe|hohe))\b/,
  ],
];

/**
 * The question a text asks last: of its parts between question marks, the last one holding a
 * question word ("Wie hoch war das Budget? Und wer leitet es?" → "Und wer leitet es?"), else the
 * whole text. A chat puts the question before in front of a follow-up, and the kind of fact wanted
 * is the follow-up's, while both parts are searched. A part without a question word asks nothing
 * of its own: a statement or thanks after the question ("… gegründet? Danke!"), or the rest of a
 * title quoted with its question mark („Wer wird Millionär? Prominentenspecial“).
 */
export function lastAsked(text: string): string {
  const parts = text.split(/[?？]\s+(?=\S)/u);
  for (let i = parts.length - 1; i > 0; i -= 1) {
    if (QUESTION_WORD.test(fold(parts[i]!))) return parts[i]!;
  }
  return text;
}

const QUESTION_WORD =
  /\b(wer|wen|wem|wessen|was|wann|wo|woher|wohin|wie|warum|weshalb|wieso|weswegen|welche[mnrs]?|wieviele?|who|whom|whose|what|when|where|why|how|which)\b/;

/** The kind of fact a question asks for. */
export function expectedAnswerType(question: string): AnswerType {
  const text = fold(question);
  for (const [type, pattern] of QUESTION_PATTERNS) if (pattern.test(text)) return type;
  return 'other';
}

// "ein"/"one" are left out: they are articles far more often than counts.
const NUMBER_WORDS =
  'zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|zwanzig|dreissig|vierzig|funfzig|sechzig|siebzig|achtzig|neunzig|hundert|tausend|dutzend|millionen?|milliarden?|hunderte|tausende|dutzende|' +
  'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|dozens?|millions?|billions?';
// A number that counts on its own: digits, a number word, a compound number ("dreizehn",
// "vierzig", "zweihundert").
const COUNT_NUMBER = new RegExp(`(\\d|\\b(${NUMBER_WORDS})\\b|\\w(zehn|zig|hundert|tausend)\\b)`);
// A number word grown into an adjective or adverb: "nach neunjähriger Bauzeit", "der dreifache
// Sieger", "zweimal", "ein zweitägiges Treffen", "der Achtzigjährige".
const FUSED_NUMBER = new RegExp(
  '\\b(zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|\\w*zehn|\\w*zig|\\w*hundert|\\w*tausend)' +
    '(jahrig|monatig|wochig|tagig|stundig|minutig|fach|mal|malig|teilig|kopfig|stellig)\\w*',
);
/** A sentence (folded) states a number: one that counts, or one grown into a word. */
const NUMBER = { test: (text: string): boolean => COUNT_NUMBER.test(text) || FUSED_NUMBER.test(text) };
const MONTHS =
  'januar|janner|februar|marz|april|mai|juni|juli|august|september|oktober|november|dezember|january|february|march|may|june|july|october|december';
const WEEKDAYS =
  'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday';
// A weekday as a word of its own: "Sonntag", "Donnerstagabend", "sonntags" (English "Monday
// morning" is two words).
const WEEKDAY_WORD = `(${WEEKDAYS})(abends?|morgens?|vormittags?|nachmittags?|mittags?|nachts?|fruh|s)?`;
// Relative points in time as news writes them: "Anfang des Jahres", "im Frühjahr", "vergangene Woche".
const RELATIVE_TIME =
  '(anfang|ende|mitte) (des|der|dieses|diesen|letzten|vergangenen) (jahres|monats|woche|jahrhunderts)|' +
  '(im|diesen|diesem|letzten|vergangenen|nachsten|kommenden) (fruhjahr|fruhling|sommer|herbst|winter)|' +
  '(vergangenen|vergangene|vergangenes|letzten|letzte|letztes|vorigen|vorige|voriges|kommenden|kommende|kommendes|nachsten|nachste|nachstes) (jahr|jahres|monat|monats|woche)|im vorjahr|' +
  '(last|next|this) (year|month|week|spring|summer|autumn|fall|winter)|(early|late|mid)-?(\\d{4}|year)|(beginning|end) of (the|this|last) (year|month)';
// A decade: "1980er", "in den späten 1980ern", "80er Jahre", "Sechzigerjahre", "the 1980s"; not
// a "50er-Schein" or "in their 30s".
const DECADE = '(1[0-9]|20)[0-9]0(er|ern|s)|[0-9]0er[- ]?jahre[n]?|\\w+zigerjahre[n]?';
// A time given relative to one just named: "im selben Jahr", "am Tag darauf", "the same year".
const SAME_TIME =
  '(im|am|in der|in dem) (selben|gleichen|darauffolgenden|folgenden) (jahr|monat|tag|woche)|(im|am) (jahr|tag) darauf|the (same|following|next) (year|month|day|week)';
// A time of day: "gegen 1.15 Uhr", "um 20:15 Uhr", "at 10 a.m.", "3pm", "um Mitternacht", "at noon".
// German "5 am Montag" is no time: "am" only written on ("10am") or with its points ("10 a.m.").
const CLOCK_TIME =
  '\\d{1,2}([.:]\\d{2})? ?uhr|\\d{1,2}(:\\d{2})?( ?p\\.?m|am| ?a\\.m)|mitternacht|midnight|noon';
const TIME = new RegExp(
  `\\b(1[0-9]{3}|20[0-9]{2}|${DECADE}|(${MONTHS})|${WEEKDAY_WORD}|jahrhunderts?|jahrzehnts?|century|decade|gestern|heute|morgen|yesterday|today|${RELATIVE_TIME}|${SAME_TIME}|${CLOCK_TIME})\\b`,
);
// A point in time named by its day alone: "am Sonntag", "heute", "yesterday". Global: used to
// take every one out of a text, never with `test`.
const EVERY_DAY_WORD = new RegExp(`\\b(${WEEKDAY_WORD}|gestern|heute|morgen|yesterday|today)\\b`, 'g');
// A question for the day itself ("An welchem Tag …", "On which weekday …").
const DAY_QUESTION =
  /\b((an|am|zu) welche(m|n) (wochen)?tag(en)?|welche(r|n) (wochen)?tag|(what|which) (week)?day)\b/;
// A question about what is planned or coming ("Wann ist der nächste Versuch geplant?"): news
// announces it by its weekday ("am Mittwoch").
const PLAN_QUESTION =
  /\b(nachste[nmrs]?|kommende[nmrs]?|geplant|soll|sollen|will|wollen|wird|werden|next|planned|scheduled|going to)\b/;

/**
 * Whether a when question takes a weekday as its answer as readily as a date: it asks for the day
 * itself, or about something planned or coming (announced by its weekday).
 */
export function takesDayAsDate(question: string): boolean {
  const asked = fold(question);
  return DAY_QUESTION.test(asked) || PLAN_QUESTION.test(asked);
}

/**
 * Whether a sentence dates something by its day alone ("am Sonntag", "heute"), as news dates
 * what it reports; for a when question about an event (not {@link takesDayAsDate}), a date, a
 * month or a year says more. False when the sentence names no point in time.
 */
export function datedByDayOnly(sentence: string): boolean {
  const text = fold(sentence);
  if (!TIME.test(text)) return false;
  const rest = text.replace(EVERY_DAY_WORD, ' ');
  return !TIME.test(rest) && !DURATION.test(rest);
}

const UNITS =
  'jahre?n?s?|monate?n?s?|wochen?|tage?n?s?|stunden?|minuten?|sekunden?|zehntelsekunden?|seconds?|jahrzehnte?n?|jahrhunderte?n?|years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries';
const DURATION = new RegExp(
  `((\\d+|\\b(${NUMBER_WORDS}|einem|einer|einen|ein|eine|a|an|one|mehreren|mehrere|several|wenigen|few))\\s+(${UNITS})\\b)|\\bseit\\b|\\bsince\\b`,
);

/**
 * Whether a sentence shows a fact of the given kind (`other` is always shown). A span of time is
 * shown by a length too when `lengthAsked` (the question asks how long something is, see
 * {@link asksForLength}).
 */
export function showsAnswerType(sentence: string, type: AnswerType, lengthAsked = false): boolean {
  if (type === 'other') return true;
  const text = fold(sentence);
  if (type === 'number') return NUMBER.test(text);
  if (type === 'time') return TIME.test(text) || DURATION.test(text);
  return DURATION.test(text) || (lengthAsked && showsMeasure(sentence, 'length'));
}

// "How long is the fence?", "How long will the tunnel be?", "Wie lang ist die Strecke?": "how
// long" with a form of "be" and nothing of time ("Wie lange ist das her?", "How long was he in
// prison?", "How long is the flight?").
const LENGTH_QUESTION =
  /\b(how long (is|are|was|were|will|would)\b|wie lange? (ist|sind|war|waren|wird|werden|soll|sollen)\b)/;
const TIME_WORDS =
  /\b(her|ago|dauer\w*|gedauert|last\w*|take|took|taken|flight|flug|haft|prison|jail|sentence|strafe|gefangnis|amtszeit|term|trip|reise|fahrt|spiel|match|game|partie|sitzung|meeting|pause|break|visit|besuch|stay|aufenthalt|war|krieg|belagerung|siege)\b/;

/** Whether a "how long" question asks how long something is, not for a span of time. */
export function asksForLength(question: string): boolean {
  const text = fold(question);
  const match = LENGTH_QUESTION.exec(text);
  if (!match) return false;
  return !TIME_WORDS.test(text.slice(match.index + match[0].length));
}

// A number as written: digits with their separators ("110.000", "2,5", "2014/15" is two).
const WRITTEN_NUMBER = /\d[\d.,]*/g;
const bareNumber = (written: string): string => written.replace(/[.,]+$/, '');
// "das Zehnfache", "dreifach": a count told as a multiple.
const MULTIPLE = new RegExp(`\\b(${NUMBER_WORDS})fach\\w*`);
// A count without a number: "nur ein Fahrgast", "niemand", "beide Städte", "die Hälfte", a share
// ("ein Drittel", "Zweidrittelmehrheit"; not "Bahnhofsviertel").
const COUNT_WORDS =
  /\b(niemand|niemanden|keine[mnrs]?|beide[mnrs]?|halfte|nur (ein|eine|einen|einem|einer)|einzige[mnrs]?|none|nobody|no one|both|half|only one|a single)\b|\b(ein|eine|einem|einen|einer|zwei|drei|vier|funf|sieben|neun|zehn) ?(drittel|viertel|funftel|siebtel|zehntel)|\b(thirds?|quarters?)\b/;
// A time told by an event or a word for one: "wenn das Immunsystem …", "am Ende des Ersten
// Weltkriegs", "nach dem Krieg", "vor der Wahl", "damals", "after the war".
const TIME_CLAUSE = new RegExp(
  [
    '\\b(wenn|sobald|nachdem|bevor|wahrend|seitdem|solange|when|once|after|before|during|while|until)\\b',
    '\\b(am|zu|bei|nach|vor|seit|bis) (beginn|ende|anfang|mitte|ausbruch)\\b',
    '\\b(nach|vor|bis|seit|kurz vor|kurz nach) (dem|der|den)\\b',
    '\\b(nach|vor|seit|bis) \\w+(ende|beginn)\\b',
    '\\b(in )?dies(em|es|er) (jahr|monat|woche|sommer|winter|herbst|fruhjahr)\\b',
    '\\b(damals|bald|kurzlich|neulich|jungst|demnachst|bisher|zuletzt|inzwischen|mittlerweile|fruher|spater|anschliessend|seither|zunachst|soon|recently|lately|formerly|later|earlier|then)\\b',
    '\\b(weihnachten|ostern|pfingsten|silvester|neujahr|wochenende|mittelalter|antike|christmas|easter|weekend)\\b',
  ].join('|'),
);

/**
 * The sentence with as many occurrences of each number the question names taken out as the
 * question has of it ("Wie viele der 123 Gesetze …" leaves "Parlament beschloss 123 Gesetze"
 * without a number, "in den 2 Städten … 2 Menschen" with one).
 */
function withoutNamedNumbers(sentence: string, question: string): string {
  const named = new Map<string, number>();
  for (const match of question.matchAll(WRITTEN_NUMBER)) {
    const number = bareNumber(match[0]);
    named.set(number, (named.get(number) ?? 0) + 1);
  }
  if (named.size === 0) return sentence;
  return sentence.replace(WRITTEN_NUMBER, (written) => {
    const left = named.get(bareNumber(written)) ?? 0;
    if (left === 0) return written;
    named.set(bareNumber(written), left - 1);
    return ' ';
  });
}

// A calendar date or a part of one: a year, a month, "6.5.".
const CALENDAR = new RegExp(`\\b(1[0-9]{3}|20[0-9]{2}|${MONTHS})\\b|\\b\\d{1,2}\\.\\d{1,2}\\.`);

/** Whether a text names a year, a month or a day as digits ("6.5."): a date, not only a time. */
export function statesCalendarDate(text: string): boolean {
  return CALENDAR.test(fold(text));
}

/**
 * Whether a sentence may state a fact of the asked kind, other than one the question names itself
 * ({@link withoutNamedNumbers}). More lenient than {@link showsAnswerType}, as refusing is what it
 * decides: for a count, a multiple ("das Zehnfache") or a count in words ("nur ein Fahrgast",
 * "niemand", "beide") count too; for a time, any number (a year like 904), a clause naming an event
 * ("wenn …", "nach dem Krieg", "am Ende des …") or a word for a time ("damals", "bald").
 */
export function showsAskedType(sentence: string, type: AnswerType, question: string): boolean {
  const rest = withoutNamedNumbers(sentence, question);
  if (type === 'number') {
    // A date is no count: "Am 14. September 2024 hat die Bibliothek geöffnet" does not say how
    // many people work there.
    const text = fold(withoutYears(rest)).replace(DATE, ' ');
    return NUMBER.test(text) || MULTIPLE.test(text) || COUNT_WORDS.test(text);
  }
  const text = fold(rest);
  // A question for a day, month or year ("An welchem Tag …", "In which year …") wants a date, not
  // an event ("während ihrer Herrschaft").
  if (type === 'time' && DATE_QUESTION.test(fold(question))) return TIME.test(text) || /\d/.test(text);
  // When someone was born or something founded: a sentence that does not itself tell of a birth
  // or a founding must give a year, a decade or a century, not a weekday or a month ("Wann wurde
  // Katrin Albers geboren?" is not answered by "Seit Januar leitet Katrin Albers …"); one that does
  // may date it any way ("kam am 3. Dezember zur Welt", "vor 50 Jahren gegründet").
  if (type === 'time' && ORIGIN_QUESTION.test(fold(question)) && !ORIGIN_QUESTION.test(text)) {
    return ORIGIN_TIME.test(text);
  }
  if (showsAnswerType(rest, type)) return true;
  if (type === 'time') return /\d/.test(text) || TIME_CLAUSE.test(text);
  return false;
}

// Folded words of a birth or a founding, in a question or a sentence.
const ORIGIN_QUESTION = /\b(geboren|gegrundet|grundung|zur welt|born|founded|founding|established)\b/;
// In folded text: a year ("1981", "753 v. Chr."), a decade ("in den 1980ern", "80er Jahre", "in
// den Neunzigern", "the eighties") or a century.
const ORIGIN_TIME = new RegExp(
  `\\b(1[0-9]{3}|20[0-9]{2})\\b|\\b\\d{1,4} ?(v|n)\\. ?chr|\\b(${DECADE})\\b|\\b[1-9]0ern?\\b|\\b(zwanzig|dreissig|vierzig|funfzig|sechzig|siebzig|achtzig|neunzig)er(n| jahre)?\\b|(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)|jahrhundert|jahrzehnt|century|decade`,
);
const DATE_QUESTION =
  /\b(an welchem (tag|datum)|welches datum|(in|seit|bis|ab) welchem (jahr|monat|jahrzehnt|jahrhundert)|welches jahr|(what|which) (date|day|year|month|decade|century)|on what (date|day))\b/;
// A date in folded text: "14. september 2024", "6. mai", "september 2024", "1.1.2017",
// "14 september 2024", "september 14, 2024".
const DATE = new RegExp(
  `\\b\\d{1,2}\\.? ?(${MONTHS})\\b(,? \\d{4})?|\\b(${MONTHS}) \\d{1,2}\\b(, \\d{4})?|\\b(${MONTHS}) \\d{4}\\b|\\b\\d{1,2}\\.\\d{1,2}\\.(\\d{2,4})?`,
  'g',
);

/**
 * The sentence without the years it names: a four-digit number from 1500 to 2099 that no unit
 * follows, and that stands after a word of time ("seit 2012", "im Jahr 2014") or before no noun
 * within three words. "2000 Soldaten" and "1800 neue Flüchtlinge" keep their numbers. (English
 * nouns are not capitalised: "1999 visitors" loses it.)
 */
function withoutYears(sentence: string): string {
  return sentence.replace(YEAR, (year, _digits, offset: number) => {
    const after = sentence.slice(offset + year.length, offset + year.length + 40);
    if (COUNTED_UNIT.test(after)) return year;
    if (YEAR_AFTER.test(sentence.slice(Math.max(0, offset - 12), offset))) return ' ';
    return COUNTED_WITHIN.test(after) ? year : ' ';
  });
}

// A year after a word of time is one whatever follows ("seit 2012 zur Halbzeit", "since 1999 a").
const YEAR_AFTER = /\b(seit|anno|jahr|jahre|jahres|jahren|since)\s+$/i;
// A noun within three words after a number: "1800 neue Flüchtlinge", "2000 syrische Soldaten".
const COUNTED_WITHIN = /^(\s+[\p{Ll}\d-]+[,]?){0,2}\s+\p{Lu}/u;

// A degree rather than an amount: "Wie hoch ist das Risiko?", "Wie groß ist die Gefahr?", "How
// big is the chance …?" are answered in words ("gering") as often as in numbers.
const DEGREE_QUESTION =
  /\b(wie (hoch|gross|weit|stark|viel)|how (high|big|large|great|much|strong))\b.*\b(risiko|risiken|gefahr|chancen?|wahrscheinlichkeit|einfluss|interesse|bedeutung|druck|vertrauen|unterstutzung|zustimmung|bereitschaft|hoffnung|angst|sorgen?|fortschritte?|verhandlungen|unterschied|rolle|risks?|danger|chances?|likelihood|probability|influence|interest|importance|pressure|trust|support|hope|fear|progress|difference|care)\b/;

// A question for a place: "Wo …", "Wohin …", "Von wo …", "In welcher Stadt …", "Welche Stadt …",
// "Where …", "Which city …". Folded text. A "where" further on opens a clause ("the town where
// the attack happened") more often than it asks.
const PLACE_QUESTION =
  /^\W*((von|bis|nach) )?(wo|wohin|woher|where)\b|\b((in|aus|an|auf|nach|bei) )?welche(r|m|s|n)? (stadt|land|ort|ortschaft|gemeinde|region|bundesland|fluss|see|insel|strasse|platz|gebaude|halle|stadion|grenzubergang|hafen|flughafen|gefangnis|krankenhaus)\b|\b(which|what) (city|town|country|place|region|river|lake|island|street|building|venue|stadium|border crossing|port|airport|prison|hospital)\b/;

/** Whether a question asks where: for a place (see {@link showsPlace}). */
export function asksForPlace(question: string): boolean {
  return PLACE_QUESTION.test(fold(question));
}

// A place as news writes it: a dateline opening the text ("Greifswald – In der …", "St.
// Petersburg/Moskau – …", "Berlin (dpa) – …"), or a capitalised word (or acronym) right after a
// bare preposition of place ("in Seoul", "nach Kanada", "In LA"); after an article a capitalised
// word is most often a common noun ("in der Pause"), and so are the words of PLACE_LIKE_NOUNS.
// Unfolded text: capitalisation tells.
const DATELINE = /^\p{Lu}[\p{L}.]*([ /]\p{Lu}[\p{L}.]*){0,3}( \([^()]{1,20}\))? [–-] /u;
const PLACE_AFTER_PREPOSITION =
  /(?<![\p{L}\p{N}])([Ii]n|[Nn]ach|[Aa]us|[Bb]ei|[Aa]t|[Ff]rom|[Nn]ear)\s+(\p{Lu}\p{Ll}{2,}|\p{Lu}{2,})(?![\p{L}\p{N}])/gu;
// Capitalised words after such a preposition that are no place: German nouns of manner and
// cause ("in Kraft", "nach Angaben", "aus Angst"), months and weekdays ("in March", "from Monday").
const PLACE_LIKE_NOUNS = new Set(
  (
    'kraft angaben angabe sicht angst zukunft folge folgen haft gefahr betrieb frage kauf anspruch ' +
    'erwartung hinsicht ordnung richtung zeiten zeit summe bezug form anbetracht temperaturen ' +
    'medienberichten berichten informationen schatzungen worten gedanken ruhe ende anfang mitte ' +
    'januar janner februar marz april mai juni juli august september oktober november dezember ' +
    'montag dienstag mittwoch donnerstag freitag samstag sonntag january february march may june ' +
    'july october december monday tuesday wednesday thursday friday saturday sunday the'
  ).split(' '),
);

// "am" before a place ("am Euphrat", "am Bahnhof", "am Grenzübergang Spielfeld") as often as
// before a time ("am Montag", "am Freitagabend", "am Vortag", "am Ende", "am Rande", "am Ersten
// Mai") or in an idiom ("am Telefon", "am Zug", "am Steuer"): times are told apart by how they
// begin or end, idioms by AM_IDIOMS. Not English "9 am".
const PLACE_AFTER_AM = /(?<![\p{L}\p{N}]|\d\s)[Aa]m\s+(\p{Lu}\p{Ll}{2,})(?![\p{L}\p{N}])/gu;
const TIME_AFTER_AM =
  /^(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)|((?<!reichs|land|bundes)tag|abend|morgen|mittag|vormittag|nachmittag|wochenende|ende|anfang|beginn|rande)$/;
const AM_IDIOMS = new Set(
  (
    'telefon zug herzen steuer start leben ball schluss pranger werk arbeitsmarkt kopf arm computer ' +
    'smartphone desktop stuck erfolg fliessband beispiel ersten zweiten dritten letzten nachsten ' +
    'selben gleichen folgenden heiligen'
  ).split(' '),
);

// A region of a place: "im Nordosten Brasiliens", "im Süden des Landes", "in the north of Syria";
// the place it belongs to, if named, in the last group. Not "im Ost-West-Konflikt".
const REGION =
  /(?<![\p{L}\p{N}])(im|in the) (nord|süd|ost|west|nordost|nordwest|südost|südwest|north|south|east|west|northeast|northwest|southeast|southwest)(en|ern)?(?![\p{L}\p{N}-])( (?:des |der |of (?:the )?)?(\p{L}+))?/iu;

/**
 * The stems of a text's words (folded, split at anything but letters and digits), as
 * {@link showsPlace} compares the places a question names.
 */
export function placeWords(text: string): ReadonlySet<string> {
  return new Set(
    fold(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word !== '')
      .map((word) => stem(word)),
  );
}

/**
 * Whether a sentence names a place (see {@link PLACE_AFTER_PREPOSITION}) or a region of one
 * ("im Nordosten Brasiliens"); with `atArticleStart` (the sentence opens its article, after the
 * title) a dateline counts too. A place the question names itself (`named`: {@link placeWords} of
 * the question, with its translation) is no answer to where: "An welchem Fluss liegt Deir
 * al-Sor?" is not answered by "in Deir al-Sor".
 */
export function showsPlace(
  sentence: string,
  options: { atArticleStart: boolean; named?: ReadonlySet<string> },
): boolean {
  const named = options.named;
  const isNamed = (word: string): boolean => named !== undefined && named.has(stem(fold(word)));
  if (options.atArticleStart) {
    const dateline = DATELINE.exec(sentence);
    // The places only, not the agency's name ("Berlin (dpa) –").
    const places = dateline?.[0]
      .replace(/\([^()]*\)/g, ' ')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word !== '');
    if (places && !places.every(isNamed)) return true;
  }
  for (const match of sentence.matchAll(PLACE_AFTER_PREPOSITION)) {
    if (!PLACE_LIKE_NOUNS.has(fold(match[2]!)) && !isNamed(match[2]!)) return true;
  }
  for (const match of sentence.matchAll(PLACE_AFTER_AM)) {
    const folded = fold(match[1]!);
    if (TIME_AFTER_AM.test(folded) || AM_IDIOMS.has(folded) || PLACE_LIKE_NOUNS.has(folded)) continue;
    if (!isNamed(match[1]!)) return true;
  }
  const region = REGION.exec(sentence);
  return region !== null && (region[5] === undefined || !isNamed(region[5]));
}

// A question for a person (or an organisation): "Wer …", "Von wem …", "Wie heißt der Trainer?",
// "Who …", "Whose …", "What's the name of …". Folded text. "wer" and "who" ask only where they open
// the question or a sentence of it ("Wie alt ist er? Wer ist sein Trainer?"), German "wer" also
// an indirect question after a comma ("Weiß jemand, wer …"): elsewhere "who" is relative ("kids
// who fled", "Obama, who visited Berlin, …").
const PERSON_QUESTION = new RegExp(
  [
    `(^|[.?!:;]\\s*)\\W*((von|mit|fur|gegen|an|bei|zu|und|aber|and|so|but|ok|tell me) )?(wer|wem|wen|who|whom|whose)\\b`,
    `,\\s*((von|mit|fur|gegen|an|bei|zu) )?(wer|wem|wen)\\b`,
    `\\b(by|with|for|against|to|from) whom\\b`,
    `\\bwie (heisst|heissen)\\b`,
    `\\b(what'?s|what is|what was|whats) (the|his|her|their|its) names?\\b`,
  ].join('|'),
);

/** Whether a question asks who: for a person or an organisation (see {@link namesPerson}). */
export function asksForPerson(question: string): boolean {
  return PERSON_QUESTION.test(fold(question));
}

// Capitalised words in a row that are no name: points in time ("Anfang April", "Ende Juli").
const NOT_NAME_WORDS = new Set(['anfang', 'ende', 'mitte', ...MONTHS.split('|'), ...WEEKDAYS.split('|')]);

// First names that end like a genitive ("Thomas Müller", not "Österreichs Basketballmeister").
const FIRST_NAMES_IN_S = new Set(
  (
    'andreas matthias mathias markus marcus thomas tobias lukas lucas niklas nikolaus klaus hans jonas ' +
    'elias julius linus matthaus boris dennis louis charles james nicolas carlos marcos jesus agnes doris ' +
    'iris frances lars jens mats nils janis'
  ).split(' '),
);

// How the genitive of a country or region ends: "Syriens", "Russlands", "Frankreichs", "Europas",
// "Irans", "Iraks", "Bayerns" (not "Morales", "Franziskus").
const PLACE_GENITIVE = /(ien|land|reich|ei|a|an|ak|ik|ern)s$/;

/**
 * Whether a sentence names someone the question does not: two capitalised words in a row, as
 * German writes a name after its role ("Trainer Patrick Mouratoglu", "TV-Moderator Mazza",
 * "Präsident Ludwig Adamovich") or a first name before a surname. Neither word is a common word
 * of the stop-word lists or a point in time; the first is no genitive ("Österreichs
 * Basketballmeister"; first names such as "Thomas" excepted), the second no place's genitive
 * ("Gegenden Syriens") and no word of the question ("Wüstenstadt Palmyra" names no one new when
 * the question asks about Palmyra). A heuristic: German capitalises every noun, so a noun before a
 * name is what tells it.
 */
export function namesPerson(sentence: string, question: string): boolean {
  const asked = fold(question);
  const words = Array.from(sentence.matchAll(WORD));
  for (let i = 0; i + 1 < words.length; i += 1) {
    const [first, second] = [words[i]!, words[i + 1]!];
    if (!/^\p{Lu}/u.test(first[0]) || !/^\p{Lu}/u.test(second[0])) continue;
    const between = sentence.slice(first.index! + first[0].length, second.index);
    if (between !== ' ') continue;
    const folded = [fold(first[0]), fold(second[0])];
    if (folded.some((word) => isCommonWord(word) || NOT_NAME_WORDS.has(word))) continue;
    if (/s$/.test(folded[0]!) && !FIRST_NAMES_IN_S.has(folded[0]!)) continue;
    // A place's genitive after a noun names whose it is, not who ("Gegenden Syriens", "Präsident
    // Russlands"); a first name such as "François" is followed by the surname.
    const third = words[i + 2];
    const nameFollows =
      third !== undefined &&
      /^\p{Lu}/u.test(third[0]) &&
      sentence.slice(second.index! + second[0].length, third.index) === ' ';
    if (PLACE_GENITIVE.test(folded[1]!) && !nameFollows) continue;
    const name = folded[1]!.replace(/['’]s$|s$/, '');
    if (!mentionsName(asked, name)) return true;
  }
  return false;
}

// Folded words of a who question that ask who leads something: German "Wer leitet …", "Wer führt
// die Partei an?", "Wer dirigierte …"; English "Who heads (runs, leads) …", "Who conducted the
// orchestra (concert, opera) …" (not a survey or a raid), "Who is the boss (director, CEO) of …".
// English words only in an English who question ("ran" is German for "an die Reihe"; a question
// opening with "who" is English even when its names read as German), and not where they mean
// something else: "running for" an office, "led 2:0", a German verb whose particle makes it
// another verb ("Wer führte den Anschlag aus?", "Wer leitete die Ermittlungen ein?").
const LEADER_QUESTION_DE =
  /\b(leite[nt]?|leitete[nt]?|geleitet|leitung|fuhrt|fuhrte|angefuhrt|anfuhrt|vorsitz\w*|dirigier(e|en|t|te|ten)|organisiert|veranstaltet|(organisierte|veranstaltete)(?= (der|die|das|den|dem|des|ein|eine|einen|einem)\b))\b/;
const OTHER_VERB_DE =
  /\b(fuhrt|fuhrte|fuhrten)\b.*\b(aus|ein|durch|vor|herbei|zuruck)\W*$|\b(leitet|leitete|leiteten)\b.*\bein\W*$/;
const NOT_LEADER_EN = /\b(run|runs|ran|running) (for|against)\b/;
const ENGLISH_WHO = /^\W*(who|whom|whose|who's|whos)\b/;
// A role noun asked about, not acted on: "Wer ist der Präsident …", not "Wer schlug den
// Präsidenten?"; English "Who is the director …", not "Who did the director team up with?".
const OBJECT_BEFORE_DE = /^(den|dem|einen|einem|ihren|ihrem|seinen|seinem)$/;
const COPULA_EN = /\bwho(\s+is|\s+was|\s+are|\s+were|['’]s|s)\b/;

/** Whether a who question asks who leads something (see {@link namesLeader}). */
export function asksForLeader(question: string): boolean {
  if (!asksForPerson(question)) return false;
  const folded = fold(question);
  const english = detectLanguage(question) === 'en' || ENGLISH_WHO.test(folded);
  if (english) {
    if (NOT_LEADER_EN.test(folded)) return false;
    // "Who installed the LED lights?"
    const text = /\bLED\b/.test(question) ? folded.replace(/\bled\b/g, ' ') : folded;
    if (LEADER_VERB_EN.test(text)) return true;
    const roleNoun =
      ROLE_NOUN_EN.test(text) || Array.from(text.matchAll(WORD), ([word]) => word).some(isLeaderNoun);
    return roleNoun && COPULA_EN.test(folded);
  }
  if (OTHER_VERB_DE.test(folded)) return false;
  if (LEADER_QUESTION_DE.test(folded)) return true;
  // A role noun in the nominative ("Wer ist der Staatschef?", "Wer ist Direktor der Caritas?").
  const words = Array.from(folded.matchAll(WORD), ([word]) => word);
  return words.some(
    (word, i) =>
      isLeaderNoun(word) &&
      !OBJECT_BEFORE_DE.test(words[i - 1] ?? '') &&
      // "den rumänischen Regierungschef"
      !OBJECT_BEFORE_DE.test(words[i - 2] ?? ''),
  );
}

// English verbs of leading, and role nouns, which count only after "who is" ("Who is the CEO of
// …?", not "Who shot the president?"); "led" not before a score ("Who led 2:0?").
const LEADER_VERB_EN =
  /\b(lead|leads|leading|led(?![-\s]?\d)|heads|headed|runs|ran|running|in charge|chairs|chaired)\b|\bconduct(s|ed|ing)?\b(?=(\s+\S+){0,4}\s+(orchestra|orchestras|concert|concerts|symphony|philharmonic|opera|choir|band|ensemble|premiere)\b)|^\W*who( (will|would|did|does|has|have|is going to))? organi[sz](e|es|ed)\b/;
const ROLE_NOUN_EN =
  /\b(chief|chairman|chairwoman|chairperson|leaders?|director|president|ceo|boss|mayor|head)\b/;

// Folded role nouns of whoever leads, inflected, alone or as a compound's head ("GPA-djp-Chef",
// "Ausgrabungsleiterin", "Institutsdirektor", "Fachverbandsobfrau", "dem Vorsitzenden").
const LEADER_NOUN =
  /(chef|chefin|chefinnen|chefs|leiter|leiterin|leiterinnen|leiters|direktor|direktorin|direktoren|direktors|prasident|prasidentin|prasidenten|vorsitzende|vorsitzender|vorsitzenden|obmann|obfrau|boss|geschaftsfuhrer|geschaftsfuhrerin|geschaftsfuhrers|rektor|rektorin|rektoren|intendant|intendantin|intendanten|ceo|burgermeister|burgermeisterin|burgermeisters|chefredakteur|chefredakteurin|organisator|organisatorin|organisatorinnen|organisatoren|organisators|veranstalter|veranstalterin|veranstalterinnen|veranstalters|organiser|organizer|dirigent|dirigentin|dirigenten|dirigentinnen|kapellmeister|kapellmeisterin)$/;
// Folded words ending like a role that lead nothing ("Begleiter", "Halbleiter", "Tonleiter",
// "Karriereleiter", "Korrektor", "Amboss").
const NOT_LEADER_NOUN =
  /(begleiter|begleiterin|halbleiter|supraleiter|ableiter|tonleiter|drehleiter|feuerleiter|karriereleiter|strickleiter|korrektor|korrektorin|amboss)$/;

// Folded verb forms that say who leads ("Seit Januar leitet Katrin Albers …", "Geleitet wird die
// Gruppe von …"; not "führt", which as often leads a road somewhere or a thing to another).
const LEADER_VERB = /^(leitet|leitete|leiteten|geleitet|angefuhrt|dirigiert|dirigierte|dirigierten)$/;

function isLeaderNoun(folded: string): boolean {
  return LEADER_NOUN.test(folded) && !NOT_LEADER_NOUN.test(folded);
}

// A group "um" its head, named by first name and surname ("das Team um Daniel Takahashi",
// "Forscher um Robert Losey"; not "bat das Team um Hilfe"), or "unter (der, seiner, ihrer)
// Leitung". On the text as written: German capitalises nouns and names alike.
const LEADER_PHRASE =
  /(\p{L}*(team|Team|gruppe|Gruppe)s?|[Ff]orscher(n|innen)?|[Ww]issenschaftl?er(n|innen)?|[Kk]ollegen) um \p{Lu}[\p{L}.'’-]* (\p{Lu}|(van|de|da|di|del|le|la|du|dos|al) \p{Lu})|\b[Uu]nter (der |seiner |ihrer )?Leitung\b/u;

/**
 * Whether a sentence names someone (see {@link namesPerson}) and has a word for leading: a role
 * noun, a verb of leading, or a group "um" someone. What a {@link asksForLeader} question wants;
 * whether the role is that person's is not checked.
 */
export function namesLeader(sentence: string, question: string): boolean {
  return namesPerson(sentence, question) && hasLeaderWord(sentence);
}

/** Whether a sentence has a word for leading (see {@link namesLeader}), whoever it names. */
export function hasLeaderWord(sentence: string): boolean {
  if (LEADER_PHRASE.test(sentence.replace(/\s+/g, ' '))) return true;
  for (const [word] of sentence.matchAll(WORD)) {
    const folded = fold(word);
    if (isLeaderNoun(folded) || LEADER_VERB.test(folded)) return true;
  }
  return false;
}

// Folded finite verbs a yes/no question opens with: German auxiliaries, modals and the verbs of
// being there ("Wurde jemand verletzt?", "Gibt es ein Café?", "Kannst du …"), and their English
// counterparts, negated ones ("Isn't …", folded to "isn") included.
const YES_NO_OPENING_DE = new Set(
  (
    'ist sind war waren wurde wurden wird werden hat haben hatte hatten hast bist ware ' +
    'gibt gab gabs gibts kann kannst konnen konnte konnten muss mussen musste mussten soll ' +
    'sollen sollte sollten darf durfen durfte will wollen wollte wollten weisst stimmt steht ' +
    'stand liegt lag kommt kam geht ging bleibt blieb'
  ).split(' '),
);
const YES_NO_OPENING_EN = new Set(
  (
    'is are was were did does do has have had can could will would should must ' +
    'isn aren wasn weren didn doesn don hasn haven hadn couldn won wouldn shouldn mustn'
  ).split(' '),
);

// English "was" opens a yes/no question before its subject ("Was anyone hurt?"); German "was"
// asks "what" ("Was fordert Greenpeace?", which a language guess may take for English).
const ENGLISH_SUBJECT_AFTER_WAS =
  /^(the|a|an|it|he|she|they|there|this|that|anyone|anybody|someone|somebody|any|his|her|their|its|i|you|we)\b/;

// What may stand before the opening verb: a greeting or a conjunction ("Hallo! Wurde …", "Und
// wurde …", "Hi, is …").
const YES_NO_LEAD = /^(?:(?:hallo|hi|hey|und|and|also|so|ok|okay|na)\b[\s,.!:;–-]*)+/;

/**
 * Whether a question asks yes or no: it opens with a finite verb (see the lists above) and asks
 * no wh-question besides: none after a break ("…? Wer wurde festgenommen?", ", und wer?") and no
 * indirect one ("Can you tell me when …?", "Weißt du wer …?"). A question word inside a clause is
 * a conjunction or a pronoun ("Was anyone hurt when …?", "Is he the one who …?"). Such a question
 * may be answered by a sentence in its own words ("Verletzt wurde niemand.").
 */
export function asksYesOrNo(question: string): boolean {
  return yesOrNoVerb(question) !== undefined;
}

/** The folded verb a yes/no question opens with ("wurde", "is"); `undefined` for any other question. */
export function yesOrNoVerb(question: string): string | undefined {
  const folded = fold(question).trim().replace(YES_NO_LEAD, '');
  const first = /^\p{L}+/u.exec(folded)?.[0];
  if (!first) return undefined;
  const rest = folded
    .slice(first.length)
    .replace(/^['’]t\b/, '')
    .trim();
  const english =
    detectLanguage(question) === 'en' && (first !== 'was' || ENGLISH_SUBJECT_AFTER_WAS.test(rest));
  if (!(english ? YES_NO_OPENING_EN : YES_NO_OPENING_DE).has(first)) return undefined;
  const further = english
    ? QUESTION_WORD_EN.test(rest) || INDIRECT_QUESTION_EN.test(folded)
    : QUESTION_WORD_DE.test(rest) || INDIRECT_QUESTION_DE.test(folded);
  return further ? undefined : first;
}

// A folded question word opening a further question.
const FURTHER_QUESTION = '(?:[?;,:]\\s*|\\b(?:und|oder|and|or)\\s+)';
const WH_DE =
  '(wer|wen|wem|wessen|was|wann|wo|wohin|woher|warum|weshalb|wieso|weswegen|wozu|wie|welche[rsmn]?)';
const WH_EN = '(who|whom|whose|what|when|where|why|how|which)';
const QUESTION_WORD_DE = new RegExp(`${FURTHER_QUESTION}${WH_DE}\\b`);
const QUESTION_WORD_EN = new RegExp(`${FURTHER_QUESTION}${WH_EN}\\b`);
// A question word after a verb of knowing or telling: an indirect wh-question.
const INDIRECT_QUESTION_DE = new RegExp(
  `\\b(weiss|weisst|wisst|wissen|bekannt|sagen|gesagt|informationen|daruber|klar|erklaren)\\b.*\\b${WH_DE}\\b`,
);
const INDIRECT_QUESTION_EN = new RegExp(
  `\\b(tell|told|know|knows|known|say|said|sure|idea|information|explain|remember|clear)\\b.*\\b${WH_EN}\\b`,
);

// Folded question words that ask for a reason or a purpose ("Warum …", "Wozu …", "Aus welchem
// Grund …", "Mit welcher Begründung …", "Why …", "How come …", "What was the reason …").
const REASON_QUESTION = new RegExp(
  [
    '\\b(warum|weshalb|wieso|weswegen|wozu|why|how come|wie kam es|woran (lag|liegt) es)\\b',
    '\\b(aus welchem grund|aus welchen grunden|mit welcher begrundung|welchen grund|wie begrundete|for what reason|for which reason|for what purpose)\\b',
    '\\b(was|welche[rs]?) (ist|war|sind|waren|sei|seien) (der|die|das)? ?(hauptgrund|grund|grunde|ursache|ursachen|anlass|ausloser|motiv)\\b',
    "\\bwhat(\\s+is|\\s+was|\\s+are|\\s+were|['’]s|s)? (the|his|her|their|its) (main )?(reasons?|causes?|motives?|purpose)\\b",
    '\\bwhat (caused|causes|led to|leads to|triggered)\\b',
  ].join('|'),
);

/** Whether a question asks why: for a reason or a purpose (see {@link givesReason}). */
export function asksForReason(question: string): boolean {
  return REASON_QUESTION.test(fold(question));
}

// Folded words and clauses that give a reason or a purpose: causal conjunctions ("weil", ", da",
// ", denn", "zumal"), prepositions ("wegen", "aufgrund", "angesichts", "infolge"), nouns of cause
// ("aus medizinischen Gründen", "Hauptgrund", "Ursache", "mit dem Argument", "Als Grund nannte
// er", "Den Grund vermuten die Forscher in", "ausschlaggebend"), verbs of cause
// ("liegt daran, dass", "zurückzuführen", "resultierten aus", "begründete", "erklärte es damit,
// dass"), consequences ("so weit vorgerückt, dass", "sodass"), purpose clauses (", um … zu", ",
// damit"), and their English counterparts. Not "deshalb", "daher", or "Damit" opening a sentence:
// they mark the consequence, whose reason stands in the sentence before. "Da" opening a sentence
// before a verb is a place or a time ("Da ist noch viel zu tun"), "um" without "zu" a time or an
// amount ("um 20 Uhr", "um die 300").
const CLAUSE_START = `(^["„“»«']?|[,;:–-] ?)`;
// Clauses, prepositions and verbs that state a reason ("weil …", "wegen …", ", um … zu",
// "zurückzuführen", "Als Grund nannte er, dass …").
const REASON_STATED = [
  '\\b(weil|zumal|wegen|aufgrund|angesichts|infolge|because|due to|owing to|thanks to|so that|in order to|as a result of)\\b',
  `${CLAUSE_START}(denn\\b|da (?!(ist|war|sind|waren|hat|hatte|haben|gibt|gab|kann|konnte|muss|musste|wird|wurde|bleibt|steht|stand|liegt|lag|sei|ware|kommt|kam|geht|ging)\\b))`,
  `[,;:–-] ?damit\\b`,
  `${CLAUSE_START}um [^,.;:!?]*\\b(zu \\w+|\\w+zu\\w*en)\\b`,
  '\\bals (grund|grunde|ursache|ursachen) (nannte|nannten|nennt|nennen|gab|gaben|gibt|geben|gilt|galt|wird|wurde)\\b|\\b(den|die) (grund|grunde|ursache|ursachen) (vermute\\w*|sieht|sehen|sah|sahen)\\b|\\bausschlaggebend\\w*',
  '\\b(begrundet|begrundete|begrundeten|argumentiert|argumentierte|argumentierten|zuruckzufuhren|zuruckgefuhrt|resultier\\w*|verursacht\\w*)\\b',
  '\\b(damit|dadurch), dass\\b|\\b(sodass|so dass)\\b|\\b(so ?weit|derart|dermassen)\\b[^.;!?]*, dass\\b',
  '\\b(liegt|lag|liege|liegen|lagen) (\\w+ )?daran, dass\\b|\\bdaran (\\w+ )?(liegt|lag|liege|liegen|lagen), dass\\b',
].join('|');
// Nouns of cause, which name a reason as often as they give one ("Die Ursache wird noch ermittelt").
const REASON_NOUNS = [
  '\\b(aus (\\w+ )?grunden|hauptgrund|beweggrund|ursachen?|begrundung|ausloser|mit dem argument|argumente?n?,? dass|reasons?|caused by)\\b',
  '\\b(der|den|dem|ein|einen|kein|keinen) grund (fur|dafur|ist|war|sei|sind|waren|liegt|lag)\\b',
].join('|');
const REASON = new RegExp(`${REASON_STATED}|${REASON_NOUNS}`);
const STATED_REASON = new RegExp(REASON_STATED);
// "dank" as a preposition, written in lower case ("dank seiner Hilfe"; not "Vielen Dank").
const DANK = /(?<![\p{L}\p{N}])dank(?![\p{L}\p{N}])/u;

/** Whether a sentence gives a reason or a purpose: what a {@link asksForReason} question wants. */
export function givesReason(sentence: string): boolean {
  return REASON.test(fold(sentence)) || DANK.test(sentence);
}

/**
 * Whether a sentence states a reason in a clause, a preposition or a verb of cause: stricter than
 * {@link givesReason}, which also takes a noun of cause that may only name one ("Die Ursache des
 * Brandes wird noch ermittelt").
 */
export function statesReason(sentence: string): boolean {
  return STATED_REASON.test(fold(sentence)) || DANK.test(sentence);
}

/** Whether a number question asks for a degree, not an amount (see {@link DEGREE_QUESTION}). */
export function degreeQuestion(question: string): boolean {
  return DEGREE_QUESTION.test(fold(question));
}

const COUNT_QUESTION = /\b(wie ?viele?n?|how many)\s+(.+)$/i;
const COUNTED_WORDS = 3;

/**
 * The words that name what a count question counts: "Wie viele syrische Soldaten sind …" →
 * "Soldaten" (German nouns are capitalised: the first of them, and those right after it; of a
 * hyphenated compound its last part, "IS-Kämpfer" → "Kämpfer"), "How many Russian soldiers have …"
 * → "Russian soldiers" (the words before the first stop word). Empty for other questions.
 */
export function countedWords(question: string): string {
  const match = COUNT_QUESTION.exec(question);
  if (!match?.[1] || !match[2]) return '';
  const words = (match[2].match(/[\p{L}\p{N}-]+/gu) ?? []).slice(0, COUNTED_WORDS);
  const german = /^wie/i.test(match[1]);
  const nouns = german ? leadingNouns(words) : [];
  // leadingNouns leaves out words cut short, so a hyphen is never last.
  if (nouns.length > 0) return nouns.map((noun) => noun.slice(noun.lastIndexOf('-') + 1)).join(' ');
  const counted: string[] = [];
  for (const word of words) {
    if (isStopword(fold(word))) break;
    counted.push(word);
  }
  return counted.join(' ');
}

const ARTICLES = new Set(['der', 'die', 'das', 'den', 'dem', 'des']);

/**
 * The first run of capitalised words ("der 123 Gesetze" → "Gesetze", "Einwohner hat Deir" →
 * "Einwohner"), reached only across articles, numbers and adjectives ("syrische"): after another
 * word ("in Deir al-Sor", "soldaten hat Assad") a capitalised word is no counted noun, and there is
 * none. A word cut short before "und" or "oder" carries the run on and is left out ("Öl- und
 * Gasfelder" → "Gasfelder").
 */
function leadingNouns(words: readonly string[]): string[] {
  const capitalised = (word: string) => /^\p{Lu}/u.test(word);
  let i = 0;
  while (i < words.length && !capitalised(words[i]!)) {
    const folded = fold(words[i]!);
    if (!ARTICLES.has(folded) && !/^\p{N}+$/u.test(folded) && isStopword(folded)) return [];
    i += 1;
  }
  const run: string[] = [];
  for (; i < words.length; i += 1) {
    const word = words[i]!;
    if (capitalised(word)) {
      run.push(word);
      continue;
    }
    const cutShort = run.at(-1)?.endsWith('-') === true;
    if (!(cutShort && /^(und|oder)$/.test(word))) break;
  }
  return run.filter((word) => !word.endsWith('-'));
}

/**
 * The stems of a count question's counted words, with their translation (of {@link countedWords})
 * when there is one (English questions about German articles). The counted words' stop words are
 * kept (a counted word is never dropped); the translation's are not ("viele Tote").
 */
export function countedTerms(question: string, translation?: string): string[] {
  const words = countedWords(question);
  if (words === '') return [];
  const termsOf = (text: string) => tokenize(text).map((token) => token.toLowerCase());
  const translated =
    translation !== undefined ? termsOf(translation).filter((token) => !isStopword(token)) : [];
  return [...new Set([...termsOf(words), ...translated].map(stem))];
}

/** How far after a number the counted word may stand ("30 syrische Soldaten", "hundert getötete Zivilisten"). */
const COUNT_REACH = 3;

/**
 * Whether a sentence puts a number right before one of the counted terms, as in "Rund 30 syrische
 * Soldaten wurden …" for "Wie viele Soldaten …": a number next to another noun ("von drei Seiten")
 * counts something else.
 */
export function countsTerms(sentence: string, countedTerms: readonly string[]): boolean {
  if (countedTerms.length === 0) return false;
  const tokens = tokenize(sentence).map((token) => token.toLowerCase());
  for (let i = 0; i < tokens.length; i += 1) {
    if (!COUNT_NUMBER.test(tokens[i]!)) continue;
    const following = new Set(tokens.slice(i + 1, i + 1 + COUNT_REACH).map(stem));
    if (countedTerms.some((term) => termMatch(term, following) > 0)) return true;
  }
  return false;
}

/**
 * The unit a number question asks about, when its words say so: "Was kostet …" wants an amount of
 * money, "Wie alt …" an age. A sentence with a bare number does not answer these; see
 * {@link showsMeasure}.
 */
export type Measure =
  | 'money'
  | 'percent'
  | 'age'
  | 'weight'
  | 'length'
  | 'speed'
  | 'frequency'
  | 'temperature'
  | 'score'
  | 'rank'
  | 'area';

// Folded question text; the first pattern that matches wins (percent before money: "Um wie viel
// Prozent stieg der Preis?" asks for a share). "wie lang(e)" and "how long" are left out: they ask
// for a span of time as often as for a length.
const MEASURE_QUESTIONS: ReadonlyArray<[Measure, RegExp]> = [
  ['age', /\b(wie alt|how old|in welchem alter|at what age|what age)\b/],
  ['speed', /\b(wie schnell|how fast|mit welcher geschwindigkeit|what speed|at what speed)\b/],
  ['temperature', /\b(wie (heiss|warm|kalt)|how (hot|warm|cold)|welche temperatur|what temperature)\b/],
  [
    'score',
    /\b(wie (ist|war|ging|endete|stand|steht|lautete?)\b.*\b(ausgegangen|spiel|partie|match|finale|duell|halbzeit|pause|endstand|spielstand|ergebnis|zwischenstand)|wie (endete|ging) .+ (aus|zu ende)|(mit )?welche(m|s|r)? (ergebnis|resultat|endstand|spielstand|zwischenstand|halbzeitstand)|(what|which) was the (final )?(score|result)|what('s| is) the (final )?(score|result)|how did .+ (end|finish)|half-?time score|at half-?time)\b/,
  ],
  [
    'rank',
    /\b((auf|an) welche(m|r) (platz|rang|position|stelle)|welche(n|r)? (platz|platzierung|rang|tabellenplatz|weltranglistenplatz)|wie weit (oben|vorne)|(what|which) (place|position|rank|ranking|seed)|how (high|highly) (is|was|were|are) .+ (ranked|seeded)|ranked how)\b/,
  ],
  ['frequency', /\b(wie oft|wie haufig|how often|how many times|wie viele male?)\b/],
  [
    'percent',
    /\b(wie viel prozent|wie viele prozent|um wie viel prozent|welche(n|r)? prozentsatz|what (percentage|proportion)|how many percent|by what percentage)\b/,
  ],
  [
    'weight',
    /\b(wie schwer|wie viel wieg\w*|how heavy|how much (does|did|do|will|would) .+ weigh|welches gewicht|what weight)\b/,
  ],
  [
    'money',
    /\b(was kostet|was kosten|was hat .+ gekostet|wie teuer|how expensive|how much (more |less |extra )?(does|did|do|will|would|is|was) .*\b(cost|costs|pay|paid|charge|charged|spend|spent|earn|earned)\b|how much (more|less|cheaper|dearer)\b.*\b(cost|costs|pay|charge)\b|um wie ?viel (euro |dollar |prozent )?(teurer|billiger|gunstiger)|wie ?viel (mehr|weniger) (kostet|kosten|zahlt|zahlen|bezahlen)|what (does|did|will|would) .+ cost|how much money|wie viel (geld|kostet|kosten)|wie viel .*(bezahlt|gezahlt|verdient|investiert|ausgegeben)|wie (viel|hoch) .*\b(preisgeld|gage|honorar|gehalt|budget|kosten|schaden|preis)|wie (viel|hoch) ((war|ist|lag|liegt|betrug|betragt|sind|waren|wird|werden|soll|sollen) )?((der|die|das|den|dem|ihr|ihre|sein|seine) )?\w*(umsatz|gewinn|erlos|uberschuss|dividende|einnahmen)(e|es|en|s|n)?\b(?! an\b)|how much .*\b(prize money|fee|salary|budget)|how much (revenue|profit|turnover|income|net income)\b|what (is|was|were|are|will be) (the |its |their |\w+'s )?(total |annual |net |quarterly |yearly )?(revenues?|profits?|turnover|earnings|net income|dividends?)(?! (margin|growth|rate|forecast|warning))|what(['’]s| is| was| were| are| will be) (the |its |their |(the )?[\w-]+['’]s )?((production|transfer|ticket|entry|admission|licen[cs]e|annual|total|estimated|overall|asking|purchase|sale|selling|retail|list|starting|monthly|yearly|weekly) )?(budget|price|price tag|cost|costs|fee|fine|salary)\b(?! (of living|of fame|structure|print|line|dining|debate|used|and\b|cutting|cuts?|overruns?|growth|increases?|rises?|hikes?|levels?|index|war|cap|deficit)\b)(?!.*\bin (lives|jobs|human terms)\b)|(preisgeld|prize money|price|preis|kosten|cost)\b.*\b(wie hoch|how much|how high))\b/,
  ],
  [
    'area',
    /\b(wie viele? (quadratmeter|qm|hektar|quadratkilometer)|wie gross (ist|war|sind|waren|wird) (die|das|der|ihre|seine) (\w+ )?(flache|wohnflache|nutzflache|grundflache|grundstuck|areal|gelande)|welche flache|how many (square (metres|meters|feet|miles|kilometres|kilometers)|acres|hectares)|what (is|was) the (total |floor |surface )?area of|what (is|was) the (\w+ )?(floor space|floor area|surface area)|how (big|large) is the (\w+ )?(floor space|floor area))\b/,
  ],
  [
    'length',
    /\b(wie (breit|tief) (ist|war|sind|waren|wird|werden|soll|sollen)\b|how (tall|wide|deep|far)\b)/,
  ],
];

/** The unit a question asks about, or undefined. */
export function expectedMeasure(question: string): Measure | undefined {
  const text = fold(question);
  for (const [measure, pattern] of MEASURE_QUESTIONS) if (pattern.test(text)) return measure;
  return asksWhatItCosts(question) ? 'money' : undefined;
}

// "Was soll der Umbau kosten?", "Wie viel Miete muss man zahlen?": a modal, then the verb that
// ends the question, in one clause (folded text).
const MODAL_COST =
  /\b(?:was|wie ?viel(?: \w+)?) (soll|sollen|sollte|sollten|wird|werden|wurde|wurden|muss|mussen|musste|mussten|darf|durfen|durfte|durften|kann|konnen|konnte|konnten)\b([^,]*)\b(kosten|zahlen|bezahlen)\W*$/;
// Costs that are no money: "Was wird die Fusion an Arbeitsplätzen kosten?"
const NOT_MONEY_COST =
  /\ban (arbeitsplatz\w*|stellen|jobs?|leben|zeit|nerven|substanz|vertrauen|glaubwurdigkeit|stimmen|punkten)\b/;

/**
 * Whether a question asks what something is to cost or be paid with a modal before the verb that
 * ends it. Not a noun ("Was sollen die Zahlen?", "Was wurde aus den Kosten?"), not paying with
 * something ("Was kann man mit der App bezahlen?"), not what can be paid at all ("Was kann man im
 * Laden bezahlen?": "kann" and "darf" ask for a price only with "kosten"), not a cost in jobs.
 */
function asksWhatItCosts(question: string): boolean {
  const match = MODAL_COST.exec(fold(question));
  if (!match) return false;
  const [, modal = '', between = '', verb = ''] = match;
  const written = /(kosten|zahlen|bezahlen)\W*$/i.exec(question.trim())?.[1] ?? '';
  if (/^\p{Lu}/u.test(written) || /\b(der|den|dem|des)\s*$/.test(between)) return false;
  if (
    verb !== 'kosten' &&
    (/^(kann|konnen|konnte|konnten|darf|durfen|durfte|durften)$/.test(modal) || /\bmit\b/.test(between))
  )
    return false;
  return !NOT_MONEY_COST.test(between);
}

// An amount: a number (matched from its first digit only, so a long run of digits is read once)
// or a number word. Sentences are matched with whitespace collapsed, so `\s?` sees one space.
const AMOUNT = `((?<![\\d.,])\\d[\\d.,]*|\\b(${NUMBER_WORDS}|ein|eine|einer|einem|one|a)\\b)`;
const CURRENCY =
  'euros?|eur|dollars?|usd|franken|francs?|chf|pfund|pounds?|cents?|yen|yuan|rubel|rubles?|lira|kronen|kronor';
// A price told as an attribute of what is named: "der 1,2 bis 2 Millionen teure Zaun", "im rund
// 500 Millionen teuren Stadion", "seine eine Million teure Villa". An article, a possessive or a
// demonstrative stands before it, at most two words away ("zwei Millionen teure iPhones" counts
// phones).
const PRICED = `\\b(der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|im|zum|vom|beim|am|sein|seine|seinen|seinem|seiner|ihr|ihre|ihren|ihrem|ihrer|unser|unsere|unseren|unserem|diese[mnrs]?|jene[mnrs]?)( [^\\s.]+){0,2}? ${AMOUNT} ?((mio|mrd)\\.?|millions?|millionen|milliarden?|tausend) teur\\w*`;
const MEASURE_SENTENCES: Record<Measure, RegExp> = {
  money: new RegExp(
    `${AMOUNT} ?((mio|mrd)\\.?|millionen?|milliarden?|millions?|billions?|tausend|thousand) ?(${CURRENCY})\\b|${PRICED}|${AMOUNT} ?(${CURRENCY})\\b|\\b(eur|usd|chf) ?\\d|[€$£] ?\\d|\\d ?[€$£]|(?<!\\w)\\w+stellig\\w*|\\b(gratis|kostenlos|free of charge)\\b`,
  ),
  percent: new RegExp(
    `(\\d|\\b(${NUMBER_WORDS}|eins?)\\b) ?(%|prozent|percent|per cent)|\\b(halfte|drittel|viertel|half|third|quarter)\\b`,
  ),
  // A person's age, or when something was made (an age question about a church or a fossil).
  age: new RegExp(
    `(?<!\\d)\\d+-jahrig\\w*|(?<!\\d)\\d+-years?-old|${AMOUNT} ?(millionen |milliarden |million |billion )?(jahre|years) (alt(e|er|en|em)?|old)\\b|\\bmit ${AMOUNT} jahren\\b|\\byears of age\\b|\\bim alter von\\b|\\b(at the )?age of\\b|\\byears? old\\b|\\baged \\d|\\bgeboren\\b|\\bborn\\b|(?<![\\d)] ?)\\(\\d{1,3}\\)|, \\d{2},|\\bjahrgang\\b|\\b(erbaut|gebaut|gegrundet|errichtet|built|founded)\\b|\\bjahrhunderts?\\b|\\bcentury\\b`,
  ),
  weight: new RegExp(
    `${AMOUNT} ?(kilo|kilos|kilogramm|kilogram|kilograms|kilogrammes?|kg|tonnen?|tonnes?|tons?|gramm|grams?|pfund|pounds?|lbs?)\\b|${AMOUNT} g\\b`,
  ),
  length: new RegExp(
    `${AMOUNT} ?(meter|metern|metres?|meters|m|kilometer\\w*|kilometres?|km|zentimeter|centimet(er|re)s?|cm|millimeter|mm|meilen|miles?|feet|foot|fuss|yards?|hektar)\\b|(?<!\\d)\\d+-(meter|kilometer)\\w*`,
  ),
  speed:
    /(km\/h|stundenkilometer|kilometer pro stunde|kilometres? per hour|kilometers? per hour|\bmph\b|miles per hour|knoten|knots)\b/,
  temperature: new RegExp(`${AMOUNT} ?(grad|degrees?|°)|°c\\b|\\b(celsius|fahrenheit|kelvin)\\b`),
  // A place in a ranking: "Platz 7", "auf Rang 3", "der Weltranglisten-Neunte", "ranked 12th".
  rank: new RegExp(
    `\\b(platz|rang|position|nummer|nr\\.|number|no\\.|seed) ?\\d|\\b(platz|rang) (eins|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn)\\b|(?<!\\d)\\d+\\. (platz|rang|stelle)\\b|\\b(first|second|third|fourth|fifth|last) (place|position)\\b|\\b(erste|zweite|dritte|vierte|funfte|sechste|siebte|achte|neunte|zehnte|letzte)(n|r|s)? (platz|rang|stelle)\\b|ranglisten-\\w+|\\b(?<!\\d)\\d+(st|nd|rd|th) (place|position|seed)\\b|\\branked (\\d|first|second|third|\\w+th\\b)|\\b(top|platz) (ten|\\d+)\\b`,
  ),
  area: new RegExp(
    `${AMOUNT} ?((mio|mrd)\\.?|millionen?|milliarden?|millions?|tausend|thousand)? ?(quadratmeter\\w*|qm|m2|hektar|ha|quadratkilometer\\w*|km2|square (metres|meters|feet|miles|kilometres|kilometers)|sq\\.? ?(ft|m)|acres?|hectares?)\\b`,
  ),
  // A game's score, "5:2" or "13:7-Führung"; a clock time ("20:15 Uhr") is not one.
  score: /(?<![\d:.]|\bum )\d{1,3} ?: ?\d{1,3}(?!\d|[:.,]\d| ?uhr\b)/,
  frequency: new RegExp(
    `((?<!\\d)\\d+|\\b(${NUMBER_WORDS}))( |-)?(mal|times)\\b|\\b(ein|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|mehr|viel)mals?\\b|(?<!\\d)\\d+-fach\\w*|\\b(zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|zwanzig|hundert|viel|mehr)fache[nmrs]?\\b|\\bzum \\w+ mal\\b|\\balle \\w+ (jahre|monate|wochen|tage)\\b|\\b(jahrlich|monatlich|wochentlich|taglich|once|twice|annually|yearly|daily|weekly)\\b`,
  ),
};

/** Whether a sentence states an amount of the given unit ("799 Dollar", "der 31-jährige", "2,2 Meter"). */
export function showsMeasure(sentence: string, measure: Measure): boolean {
  return MEASURE_SENTENCES[measure].test(fold(sentence).replace(/\s+/g, ' '));
}

// Sums of money a question asks for by name, each with the stems (folded, matched inside words:
// "Jahresumsatz", "Umsätze") an article states it by.
const MONEY_SUBJECTS: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/\b(\w*umsatz(e|es|en)?|\w*erlos(e|es)?|revenues?|turnover)\b/, ['umsatz', 'erlos']],
  [/\b(\w*gewinn(e|es|s)?|\w*uberschuss(e|es)?|profits?|earnings|net income)\b/, ['gewinn', 'uberschuss']],
  [/\b(dividende|dividends?)\b/, ['dividende']],
  [/\b(einnahmen|income)\b/, ['einnahme', 'erlos']],
];

/**
 * The stems by which an article states the sum a money question names ("Wie hoch war der Umsatz?",
 * "What was the profit?"), or none when it names no such sum. Such a question is answered by an
 * amount told of that sum, not by any amount of money (a fine, a share price).
 */
export function moneySubjects(question: string): string[] {
  const text = fold(question);
  return MONEY_SUBJECTS.filter(([asked]) => asked.test(text)).flatMap(([, stems]) => stems);
}

// Compiled once per stem: scoring asks this of every candidate sentence of a money question.
const SUM_PATTERNS = new Map<string, RegExp>();
function sumPattern(stem: string): RegExp {
  let pattern = SUM_PATTERNS.get(stem);
  if (!pattern) SUM_PATTERNS.set(stem, (pattern = new RegExp(`^\\w*${stem}(e|es|en|s|n)?$`)));
  return pattern;
}

// A profit told by its verb: "Unter dem Strich verdiente Nordwind 18,7 Millionen Euro".
const PROFIT_TOLD = /\b(verdient|verdiente|verdienten|unter dem strich)\b/;

/**
 * Whether a text speaks of one of the sums {@link moneySubjects} found: a noun (capitalised) that
 * is the stem or ends in it, with an inflection ("Umsätze", "Jahresumsatz", "Nettogewinns"; not
 * "verlost", "fehlerlos" or "gewinnen"); for a profit also the verb that tells one ("verdiente",
 * "unter dem Strich").
 */
export function mentionsMoneySubject(text: string, stems: readonly string[]): boolean {
  if (stems.includes('gewinn') && PROFIT_TOLD.test(fold(text))) return true;
  const patterns = stems.map(sumPattern);
  for (const [word] of text.matchAll(/\p{Lu}[\p{L}\p{N}]*/gu)) {
    const folded = fold(word);
    if (patterns.some((pattern) => pattern.test(folded))) return true;
  }
  return false;
}

// Told in words as often as in amounts ("selten", "schnell", "siegte knapp", "Spitzenreiter"), or
// asked figuratively ("Wie warm ist das Verhältnis …?").
const OPTIONAL_MEASURES: ReadonlySet<Measure> = new Set([
  'frequency',
  'speed',
  'score',
  'rank',
  'temperature',
]);

/**
 * Whether a question for this unit goes unanswered when no sentence states an amount of it. Not
 * for units told in words as often as in amounts, nor for those asked about figuratively.
 */
export function measureRequired(measure: Measure): boolean {
  return !OPTIONAL_MEASURES.has(measure);
}

// A year: four digits from 1500 to 2099 standing alone ("2016", "2014/15", "1.1.2017"); not
// part of a longer number or word, nor decimals ("2,2016").
const YEAR = /(?<![\p{L}\p{N}]|\d,)(1[5-9]\d\d|20\d\d)(?![\p{L}\p{N}]|[.,]\d)/gu;
// A season written "2015/16" names its second year too.
const SEASON = /(?<![\p{L}\p{N}])(1[5-9]|20)(\d\d)\/(\d\d)(?![\p{L}\p{N}])/gu;
// A number that counts something ("2000 Soldaten", "1999 Euro") is no year: a currency or, in a
// German question, a capitalised word (a noun) follows it. "Wer wurde 2016 Meister?" loses its
// year that way, which only makes the check below more lenient. In English a capitalised word
// after a year is a name ("the 2016 US election").
const COUNTED_NOUN = /^\s+\p{Lu}/u;
const COUNTED_UNIT = /^\s+(euro|dollar|franken|pfund|prozent|percent|people|workers|soldiers|troops)\b/i;

/** The years a question names ("Wer dirigierte das Neujahrskonzert 2016?" → ["2016"]). */
export function questionYears(question: string): string[] {
  const years: string[] = [];
  const german = detectLanguage(question) === 'de';
  for (const match of question.matchAll(YEAR)) {
    const after = question.slice(match.index + match[0].length, match.index + match[0].length + 20);
    if (COUNTED_UNIT.test(after) || (german && COUNTED_NOUN.test(after))) continue;
    years.push(match[1]!);
  }
  return [...new Set(years)];
}

/**
 * Whether an article may speak of the years a question names: its text or title names one of
 * them (or, for two or more, a year between the first and the last: "zwischen 2014 und 2016"), or
 * no year at all (then nothing tells; the article's date is not counted, as its text may speak of
 * the year before). An article that names other years but never the asked one does not answer
 * for it, however close the topic ("Wer dirigierte 2016?" over an article about the concert of 2017).
 */
export function articleMayCoverYears(article: Article, years: readonly string[]): boolean {
  if (years.length === 0) return true;
  const named = yearsOf(article);
  if (named.size === 0 || years.some((year) => named.has(year))) return true;
  if (years.length < 2) return false;
  const asked = years.map(Number);
  const [from, to] = [Math.min(...asked), Math.max(...asked)];
  return [...named].some((year) => Number(year) >= from && Number(year) <= to);
}

const articleYears = new WeakMap<Article, ReadonlySet<string>>();

function yearsOf(article: Article): ReadonlySet<string> {
  let years = articleYears.get(article);
  if (!years) {
    const text = `${article.title}\n${article.text}`;
    const found = new Set(Array.from(text.matchAll(YEAR), (match) => match[1]!));
    for (const [, century, first, second] of text.matchAll(SEASON)) {
      if (Number(second) === (Number(first) + 1) % 100) found.add(`${century}${second}`);
    }
    years = found;
    articleYears.set(article, years);
  }
  return years;
}

/** A numbered part of a year or a run of years: the second quarter, the first half-year, the first year. */
export interface Period {
  /** 1 for the first, 2 for the second, … */
  ordinal: number;
  /** Quarters of a year, halves of a year, years of a run. */
  part: 'quarter' | 'half' | 'year';
}

const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  erst: 1,
  zweit: 2,
  dritt: 3,
  viert: 4,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
};
const ORDINAL =
  '(?:(?:erst|zweit|dritt|viert)(?:e|en|er|em|es)?|first|second|third|fourth|1st|2nd|3rd|4th|[1-4]\\.)';
// "im zweiten Quartal", "im 2. und 3. Quartal", "ersten Halbjahr", "im ersten Jahr", "in the second
// and third quarters". Halves of a game are left out: a report tells them by "nach der Pause" as
// often as by "zweite Halbzeit"; so are "Hälfte" (of anything) and "Q3" (a car as often as a
// quarter). Folded text.
const PERIOD = new RegExp(
  `(?<![\\p{L}\\p{N}])(${ORDINAL}(?:(?:,| und| bis| oder| and| or| to|, and) ${ORDINAL})*) (?:(quartal|quartals|quartale|quartalen|quarters?)|(halbjahr|halbjahres|halbjahrs|halbjahre|half-year|half year)|(jahr|jahres|jahrs|years?))(?![\\p{L}\\p{N}])`,
  'gu',
);
const ORDINAL_IN_LIST = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(erst|zweit|dritt|viert)(?:e|en|er|em|es)?|(first|second|third|fourth|1st|2nd|3rd|4th)|([1-4])\\.)`,
  'gu',
);

/** The numbered periods a text names (see {@link Period}). */
function periodsIn(text: string): Period[] {
  const periods: Period[] = [];
  for (const match of fold(text).matchAll(PERIOD)) {
    const part = match[2] !== undefined ? 'quarter' : match[3] !== undefined ? 'half' : 'year';
    for (const ordinal of match[1]!.matchAll(ORDINAL_IN_LIST)) {
      periods.push({ ordinal: ORDINAL_WORDS[ordinal[1] ?? ordinal[2] ?? ''] ?? Number(ordinal[3]), part });
    }
  }
  return periods;
}

/** The numbered periods a question asks about ("Wie hoch war der Umsatz im zweiten Quartal?"). */
export function questionPeriods(question: string): Period[] {
  return periodsIn(question);
}

/**
 * Whether an article may tell of the periods a question names: of each kind it names one of
 * them, or none of that kind at all. An article about the third quarter that never names the second does not
 * answer a question about the second, however alike their sentences read.
 */
export function articleMayCoverPeriods(article: Article, periods: readonly Period[]): boolean {
  if (periods.length === 0) return true;
  const named = periodsIn(`${article.title}\n${article.text}`);
  // Of each kind asked about ("im zweiten und dritten Quartal"), one named is enough.
  return [...new Set(periods.map((period) => period.part))].every(
    (part) =>
      !named.some((period) => period.part === part) ||
      periods.some(
        (asked) =>
          asked.part === part &&
          named.some((period) => period.part === part && period.ordinal === asked.ordinal),
      ),
  );
}
