import { ConversationStore } from '../../src/discord/state/conversation';
import {
  isChatter,
  isFollowUp,
  ownSubjects,
  rememberedTurn,
  resolveFollowUp,
  speaksOf,
} from '../../src/ui/conversation';
import type { Answer, Citation } from '../../src/core/types';

describe('resolveFollowUp', () => {
  it('puts the previous question in front of a short or pronoun-led follow-up', () => {
    expect(resolveFollowUp('und wann war das?', ['Wer eroberte Palmyra?'])).toBe(
      'Wer eroberte Palmyra? und wann war das?',
    );
    expect(
      resolveFollowUp('Welche Rolle spielte er bei der Rückeroberung der antiken Stadt?', [
        'Wer ist Gergijew?',
      ]),
    ).toBe('Wer ist Gergijew? Welche Rolle spielte er bei der Rückeroberung der antiken Stadt?');
  });

  it('keeps a long self-contained question, and a first question, as they are', () => {
    const question = 'Welche Brigade ist am Rande von Deir al-Sor stationiert?';
    expect(isFollowUp(question)).toBe(false);
    expect(resolveFollowUp(question, ['Wer eroberte Palmyra?'])).toBe(question);
    expect(resolveFollowUp('und wann?', [])).toBe('und wann?');
  });

  it('cuts the carried-over question so the whole stays within the question limit', () => {
    const long = `Wer ${'eroberte die antike Stadt Palmyra '.repeat(40).trim()}?`;
    const followUp = 'und wann?';
    const combined = resolveFollowUp(followUp, [long], 1000);
    expect(combined.length).toBeLessThanOrEqual(1000);
    expect(combined.endsWith(' und wann?')).toBe(true);
    expect(combined.startsWith('Wer eroberte die antike Stadt Palmyra')).toBe(true);
    const ownLong = `und ${'x'.repeat(995)}?`;
    expect(resolveFollowUp(ownLong, [long], 1000)).toBe(ownLong);
  });
});

describe('ownSubjects and speaksOf', () => {
  const concert = 'Wer dirigierte das Konzert in Palmyra?';
  const answerQuoting = (...passages: string[]): Answer =>
    ({
      citations: passages.map((passage) => ({ passage }) as Citation),
    }) as Answer;

  it('finds the capitalised words a follow-up brings that the question before lacks', () => {
    expect(ownSubjects('Wer leitet die Grabung?', concert)).toEqual([
      { word: 'grabung', terms: ['grabung'] },
    ]);
    expect(ownSubjects('Und wann war das?', concert)).toEqual([]);
    expect(ownSubjects('Und wann war das Konzert?', concert)).toEqual([]);
    // Words that frame the question or open a sentence are no subjects.
    expect(ownSubjects('Und die Kosten?', 'Wie teuer war der Bau der Elbphilharmonie?')).toEqual([]);
    expect(ownSubjects('Danke! Noch eine Frage: Wann war das?', concert)).toEqual([]);
    expect(ownSubjects('I see. And Why?', concert)).toEqual([]);
    // Nor the kind of answer asked for: the answer gives it by name.
    for (const followUp of [
      'Und in welcher Stadt?',
      'Wer war der Gegner?',
      'Und die Folgen?',
      'Und im Vorjahr?',
    ])
      expect([followUp, ownSubjects(followUp, concert)]).toEqual([followUp, []]);
    // The first word is capitalised in any sentence; English names count too.
    expect(ownSubjects('Who leads Nordwerk?', 'Who won the match?')).toEqual([
      { word: 'nordwerk', terms: ['nordwerk'] },
    ]);
  });

  it('takes a joined answer for the follow-up only when a quoted passage holds one of them', () => {
    const subjects = ownSubjects('Wer leitet die Grabung?', concert);
    expect(
      speaksOf(answerQuoting('Das Konzert fand unter Leitung von Dirigent Gergijew statt.'), subjects),
    ).toBe(false);
    // Inside a compound, or in another form.
    expect(speaksOf(answerQuoting('Die Ausgrabung leitet Chef-Archäologe Müller.'), subjects)).toBe(true);
    expect(speaksOf(answerQuoting('Müller leitet die Grabungen.'), subjects)).toBe(true);
    expect(speaksOf(answerQuoting('Irgendein Satz.'), [])).toBe(true);
    // A short subject is not found inside another word ("Rat" in "Kuratorin").
    const council = ownSubjects('Und der Rat?', concert);
    expect(council).toEqual([{ word: 'rat', terms: ['rat'] }]);
    expect(speaksOf(answerQuoting('Die Kuratorin sprach.'), council)).toBe(false);
    expect(speaksOf(answerQuoting('Der Rat tagte.'), council)).toBe(true);
  });

  it('keeps a turn joined when it was answered joined, or answered alone about the subject before', () => {
    const question = 'Welche Stücke hat er dort gespielt?';
    const joined = `${concert} ${question}`;
    const turn = { question, joined, before: concert };
    const answered = answerQuoting('Das Orchester spielte in Palmyra Stücke von Bach.');
    const elsewhere = answerQuoting('Lokale Kräfte spielten nur eine Nebenrolle.');
    const refused = { ...answered, abstained: true };
    expect(rememberedTurn({ ...turn, answer: answered, answeredJoined: true })).toBe(joined);
    expect(rememberedTurn({ ...turn, answer: answered, answeredJoined: false })).toBe(joined);
    // Answered alone about something else, refused, or no follow-up at all: kept as typed.
    expect(rememberedTurn({ ...turn, answer: elsewhere, answeredJoined: false })).toBe(question);
    expect(rememberedTurn({ ...turn, answer: refused, answeredJoined: true })).toBe(question);
    expect(
      rememberedTurn({
        question: concert,
        joined: concert,
        before: '',
        answer: answered,
        answeredJoined: true,
      }),
    ).toBe(concert);
    // Answered alone without referring back ("er", "dort"): a question of its own.
    const own = 'Welche Stücke spielte Gergijew in Palmyra?';
    expect(
      rememberedTurn({
        question: own,
        joined: `${concert} ${own}`,
        before: concert,
        answer: answered,
        answeredJoined: false,
      }),
    ).toBe(own);
  });
});

describe('ConversationStore', () => {
  it('keeps the last turns per thread and forgets the least recently used threads', () => {
    const store = new ConversationStore(2, 2);
    store.add('t1', 'a');
    store.add('t1', 'b');
    store.add('t1', 'c');
    expect(store.turns('t1')).toEqual(['b', 'c']);
    store.add('t2', 'x');
    store.add('t3', 'y');
    expect(store.turns('t1')).toBeUndefined();
    expect(store.turns('t3')).toEqual(['y']);
  });

  it('keeps a joined follow-up in place of its latest typed turn, leaving arrays handed out alone', () => {
    const store = new ConversationStore();
    store.add('t1', 'Wo?');
    store.add('t1', 'Wer dirigierte?');
    store.add('t1', 'Wo?');
    const before = store.turns('t1');
    store.replace('t1', 'Wo?', 'Wer dirigierte? Wo?');
    expect(store.turns('t1')).toEqual(['Wo?', 'Wer dirigierte?', 'Wer dirigierte? Wo?']);
    expect(before).toEqual(['Wo?', 'Wer dirigierte?', 'Wo?']);
    // A turn no longer remembered, or a thread forgotten, changes nothing.
    store.replace('t1', 'Wann?', 'x');
    store.replace('t9', 'Wo?', 'x');
    expect(store.turns('t1')).toEqual(['Wo?', 'Wer dirigierte?', 'Wer dirigierte? Wo?']);
    expect(store.turns('t9')).toBeUndefined();
  });
});

describe('isChatter', () => {
  it.each(['Danke!', 'vielen Dank 🙏', 'ok', 'Thanks, got it.', '👍', 'Super, danke'])(
    '%s is no question',
    (text) => {
      expect(isChatter(text)).toBe(true);
    },
  );

  it.each(['Danke, und wer hat dirigiert?', 'und wer hat dirigiert', 'Wie viele?', 'ok, and when?'])(
    '%s is a question',
    (text) => {
      expect(isChatter(text)).toBe(false);
    },
  );
});

describe('ConversationStore openers', () => {
  it('remembers who opened a thread, the oldest forgotten first', () => {
    const store = new ConversationStore(2);
    store.setOpener('t1', 'u1');
    store.setOpener('t2', 'u2');
    store.setOpener('t3', 'u3');
    expect(store.openerOf('t1')).toBeUndefined();
    expect(store.openerOf('t3')).toBe('u3');
    // Known to have no opener (its starter message is gone): not looked up again.
    store.setOpener('t4', null);
    expect(store.openerOf('t4')).toBeNull();
  });
});
