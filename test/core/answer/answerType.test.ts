import {
  asksForLeader,
  asksYesOrNo,
  lastAsked,
  asksForReason,
  givesReason,
  statesReason,
  asksForPerson,
  asksForPlace,
  namesLeader,
  namesPerson,
  showsPlace,
  placeWords,
  countedTerms,
  countedWords,
  countsTerms,
  asksForLength,
  datedByDayOnly,
  takesDayAsDate,
  expectedAnswerType,
  articleMayCoverPeriods,
  articleMayCoverYears,
  questionPeriods,
  degreeQuestion,
  expectedMeasure,
  mentionsMoneySubject,
  moneySubjects,
  measureRequired,
  questionYears,
  showsAnswerType,
  showsAskedType,
  showsMeasure,
} from '../../../src/core/answer/answerType';
import { makeArticle } from './fixtures';

describe('expectedAnswerType', () => {
  it.each([
    ['Wie viele Menschen wurden getötet?', 'number'],
    ['wieviele Tote gab es', 'number'],
    ['How many sides did IS advance from?', 'number'],
    ['Wie groß ist die Stadt?', 'number'],
    ['Wann fand das Konzert statt?', 'time'],
    ['Seit wann wirft das Welternährungsprogramm Hilfsgüter ab?', 'time'],
    ['In welchem Jahr wurde es gegründet?', 'time'],
    ['When was the photo taken?', 'time'],
    ['Do you know when the photo was taken?', 'time'],
    ['The concert in Palmyra: when?', 'time'],
    ['What happens when the immune system is less active than normal?', 'other'],
    ['What did Merkel say when asked about the refugees?', 'other'],
    ['When the wall fell, who was chancellor?', 'other'],
    ['Before beating Belarus, when had Hungary last won a game?', 'time'],
    ['When exactly did it start?', 'time'],
    ['Welches Jahr war das?', 'time'],
    ['Zu welcher Uhrzeit beginnt das Konzert?', 'time'],
    ['Um wie viel Uhr beginnt das Konzert?', 'time'],
    ['Seit welchem Jahr gibt es das Festival?', 'time'],
    ['How soon will the plant open?', 'time'],
    ['What year did it happen?', 'time'],
    ['Wie lange liegt das Konzert zurück?', 'duration'],
    ['How long has IS held the area?', 'duration'],
    ['Wie lang ist der neue Zaun?', 'duration'],
    // "lang" as a word, not the start of "langsam".
    ['Wie langsam fuhr der Zug?', 'other'],
    ['Wer dirigierte das Konzert?', 'other'],
    ['Where did the orchestra play?', 'other'],
    ['Warum zog Russland seine Berater ab?', 'other'],
  ] as const)('%s → %s', (question, type) => {
    expect(expectedAnswerType(question)).toBe(type);
  });
});

describe('asksYesOrNo', () => {
  it.each([
    ['Wurde jemand verletzt?', true],
    ['Gibt es in der Bibliothek ein Café?', true],
    ['Können Kinder kostenlos rein?', true],
    ['gabs bei den demos irgendwelche festnahmen?', true],
    ['Is it actually illegal to use a shell company, according to experts?', true],
    ['Was anyone hurt when the barn burned down?', true],
    ['Did the orchestra play Bach?', true],
    ['Was kostet der Eintritt?', false],
    ['Wer wurde verletzt?', false],
    ['Wurde jemand festgenommen, und wer?', false],
    ['Hat die Polizei jemanden geschnappt? Wer wurde festgenommen?', false],
    ['Is he the one who conducted it?', true],
    ['Did anyone see it, and when?', false],
    ["Isn't the library open on Sundays?", true],
    ['Kannst du mir sagen, ob die Bibliothek offen hat?', true],
    ['Hallo! Wurde jemand verletzt?', true],
    ['Und gibt es ein Café?', true],
    // German "was" asks what, even where a language guess reads English.
    ['Was fordert Greenpeace?', false],
    ['Was plant Tesla?', false],
    ['Was spielte Gergijew?', false],
    ['Was dirigierte Gergijew in Palmyra?', false],
    // Indirect wh-questions.
    ['Can you tell me when the library opens?', false],
    ['Do you know who the mayor of Heilbronn is?', false],
    ['Does anyone know what happened?', false],
    ['Is there any information on who won?', false],
    ['Weißt du wer gewonnen hat?', false],
    ['Ist bekannt wie viele verletzt wurden?', false],
    ['Warum brannte die Scheune?', false],
    ['Orchester in Palmyra?', false],
    ['', false],
  ])('%j → %s', (question, expected) => {
    expect(asksYesOrNo(question)).toBe(expected);
  });
});

describe('showsAskedType', () => {
  it('wants a year, a decade or a century for when someone was born or something founded', () => {
    const born = 'Wann wurde Katrin Albers geboren?';
    expect(showsAskedType('Seit Januar leitet Katrin Albers das Unternehmen.', 'time', born)).toBe(false);
    expect(showsAskedType('Am Dienstag stellte Albers die Zahlen vor.', 'time', born)).toBe(false);
    expect(showsAskedType('Albers, 1972 in Cottbus geboren, studierte Physik.', 'time', born)).toBe(true);
    const founded = 'When was Rome founded?';
    expect(showsAskedType('Rom entstand im 8. Jahrhundert vor Christus.', 'time', founded)).toBe(true);
    expect(
      showsAskedType('Die Firma wurde in den 1980ern gegründet.', 'time', 'Wann wurde die Firma gegründet?'),
    ).toBe(true);
    // Other when questions still take a weekday.
    expect(
      showsAskedType(
        'Am Dienstag stellte Albers die Zahlen vor.',
        'time',
        'Wann stellte Albers die Zahlen vor?',
      ),
    ).toBe(true);
    // A sentence telling of the birth or the founding itself may date it any way.
    const bear = 'Wann wurde das Eisbärbaby geboren?';
    expect(showsAskedType('Das Eisbärbaby kam am 3. Dezember zur Welt.', 'time', bear)).toBe(true);
    const club = 'Wann wurde der Verein gegründet?';
    expect(showsAskedType('Der Verein wurde vor 50 Jahren gegründet.', 'time', club)).toBe(true);
    // A question for the day or the month takes one.
    const day = 'An welchem Tag wurde das Eisbärbaby geboren?';
    expect(showsAskedType('Das Baby ist wohlauf, teilte der Zoo am Montag mit.', 'time', day)).toBe(true);
    // Decades as news writes them; a count or a "Leipziger" is no year.
    for (const decade of ['in den 90ern', 'in den achtziger Jahren', 'Ende der 80er', 'in the eighties'])
      expect([decade, showsAskedType(`Der Klub entstand ${decade}.`, 'time', club)]).toEqual([decade, true]);
    expect(showsAskedType('Der Verein hat 250 Mitglieder.', 'time', club)).toBe(false);
    expect(showsAskedType('Der Leipziger Verein feierte.', 'time', club)).toBe(false);
  });

  it('does not count a number the question names itself', () => {
    const question = 'Wie viele der 123 Gesetze waren Regierungsvorlagen?';
    expect(showsAskedType('Das Parlament beschloss 123 Gesetze.', 'number', question)).toBe(false);
    expect(showsAskedType('Davon waren 98 Regierungsvorlagen.', 'number', question)).toBe(true);
    expect(showsAskedType('Das Parlament beschloss 123 Gesetze.', 'number', 'Wie viele Gesetze?')).toBe(true);
  });

  it('counts a multiple as a count', () => {
    expect(
      showsAskedType('Sie fressen das Zehnfache ihres Gewichts.', 'number', 'Wie viel fressen sie?'),
    ).toBe(true);
    expect(showsAskedType('Sie fressen ihr Gewicht.', 'number', 'Wie viel fressen sie?')).toBe(false);
  });

  it('takes out only as many of a number as the question names', () => {
    const question = 'Wie viele Menschen leben in den 2 Städten?';
    expect(showsAskedType('In den 2 Städten leben 2 Menschen.', 'number', question)).toBe(true);
    expect(showsAskedType('In den 2 Städten leben viele Menschen.', 'number', question)).toBe(false);
  });

  it('counts a count told in words', () => {
    const question = 'Wie viele Fahrgäste überlebten?';
    for (const sentence of [
      'Das Unglück überlebte nur ein Fahrgast.',
      'Niemand wurde verletzt.',
      'Beide Fahrgäste überlebten.',
      'Die Hälfte der Fahrgäste überlebte.',
      'Sixty passengers survived.',
      'Thirteen passengers survived.',
    ])
      expect([sentence, showsAskedType(sentence, 'number', question)]).toEqual([sentence, true]);
    expect(showsAskedType('Die Fahrgäste überlebten.', 'number', question)).toBe(false);
  });

  it('does not take a date for a count', () => {
    const question = 'Wie viele Mitarbeiter hat die Bibliothek?';
    expect(showsAskedType('Am 14. September 2024 hat die Bibliothek geöffnet.', 'number', question)).toBe(
      false,
    );
    expect(showsAskedType('Im Jahr 2014 wurde sie gebaut.', 'number', question)).toBe(false);
    expect(showsAskedType('Seit 1.1.2017 ist sie offen.', 'number', question)).toBe(false);
    // A year after a word of time stays a year when a noun follows it.
    expect(showsAskedType('Sie ist erstmals seit 2012 zur Halbzeit offen.', 'number', question)).toBe(false);
    expect(showsAskedType('It has been open since 1999 without a break.', 'number', question)).toBe(false);
    // An amount of a unit or a count after "bis" or "ab" stays an amount.
    expect(showsAskedType('In die Halle passen bis 2000 Zuschauer.', 'number', question)).toBe(true);
    expect(showsAskedType('Tickets gibt es ab 1990 Euro.', 'number', question)).toBe(true);
    // A number a noun follows is a count, whatever its digits; so is a share inside a word.
    expect(showsAskedType('Rund 2000 Mitarbeiter arbeiten dort.', 'number', question)).toBe(true);
    expect(showsAskedType('2014 arbeiteten dort 45 Menschen.', 'number', question)).toBe(true);
    expect(showsAskedType('Es braucht eine Zweidrittelmehrheit.', 'number', question)).toBe(true);
  });

  it('keeps a number a noun follows within three words, and leaves shares inside other words out', () => {
    const question = 'Wie viele Flüchtlinge nahm die Stadt auf?';
    expect(showsAskedType('Die Stadt nahm rund 1800 neue Flüchtlinge auf.', 'number', question)).toBe(true);
    expect(showsAskedType('Die Stadt nahm ein Drittel der Flüchtlinge auf.', 'number', question)).toBe(true);
    expect(showsAskedType('Das Heim liegt im Bahnhofsviertel.', 'number', question)).toBe(false);
    expect(showsAskedType('The shelter opened on September 14, 2024.', 'number', question)).toBe(false);
    expect(showsAskedType('The shelter opened on 14 September 2024.', 'number', question)).toBe(false);
  });

  it('wants a date, not an event, for a question about a day or a year', () => {
    const day = 'An welchem Tag wurde Khaled Asaad getötet?';
    const during = 'Während ihrer Herrschaft haben sie Khaled Asaad enthauptet.';
    expect(showsAskedType(during, 'time', day)).toBe(false);
    expect(showsAskedType('Asaad wurde am 18. August 2015 getötet.', 'time', day)).toBe(true);
    expect(showsAskedType('Asaad wurde im August getötet.', 'time', day)).toBe(true);
    // "Wann" is answered by an event as well.
    expect(showsAskedType(during, 'time', 'Wann wurde Khaled Asaad getötet?')).toBe(true);
  });

  it('counts German words and phrases for a time', () => {
    const question = 'Wann wurde die Kirche wieder aufgebaut?';
    for (const sentence of [
      'Nach dem Zweiten Weltkrieg wurde die Kirche wieder aufgebaut.',
      'Vor der Wahl wurde sie aufgebaut.',
      'Nach Kriegsende wurde sie aufgebaut.',
      'Sie wird in diesem Jahr aufgebaut.',
      'Damals wurde sie aufgebaut.',
      'Sie wird bald aufgebaut.',
      'Kurz vor Weihnachten war sie fertig.',
      'Im Mittelalter stand sie schon.',
      'In den Sechzigerjahren wurde sie aufgebaut.',
    ])
      expect([sentence, showsAskedType(sentence, 'time', question)]).toEqual([sentence, true]);
  });

  it('counts any number and a clause naming an event as a time', () => {
    const question = 'Wann geschah es?';
    expect(showsAskedType('904 plünderte Leon die Stadt.', 'time', question)).toBe(true);
    expect(showsAskedType('Sie tritt auf, wenn das Immunsystem schwach ist.', 'time', question)).toBe(true);
    expect(
      showsAskedType('Am Ende des Ersten Weltkriegs fiel das Rheinland an Frankreich.', 'time', question),
    ).toBe(true);
    expect(showsAskedType('It ended after the war.', 'time', 'When did it end?')).toBe(true);
    expect(showsAskedType('Die Anlage soll einmal Strom liefern.', 'time', question)).toBe(false);
  });
});

describe('showsAnswerType', () => {
  it('sees counts in digits and in German and English number words, but not in the article "ein"', () => {
    expect(showsAnswerType('Rund 110.000 Menschen werden belagert.', 'number')).toBe(true);
    expect(showsAnswerType('Von drei Seiten sind Kämpfer vorgerückt.', 'number')).toBe(true);
    expect(showsAnswerType('mehr als hundert Zivilisten', 'number')).toBe(true);
    expect(showsAnswerType('Dutzende Gefangene', 'number')).toBe(true);
    expect(showsAnswerType('three hundred soldiers', 'number')).toBe(true);
    expect(showsAnswerType('Ein Video zeigt gefangene Soldaten.', 'number')).toBe(false);
  });

  it('sees a number word grown into an adjective or adverb, but not a word that only begins like one', () => {
    expect(showsAnswerType('Nun kann sie nach neunjähriger Bauzeit ihre Arbeit aufnehmen.', 'number')).toBe(
      true,
    );
    expect(showsAnswerType('Der dreifache Sieger trat wieder an.', 'number')).toBe(true);
    expect(showsAnswerType('Er hat zweimal gewonnen.', 'number')).toBe(true);
    expect(showsAnswerType('nach zweitägigen Verhandlungen', 'number')).toBe(true);
    expect(showsAnswerType('Der Achtzigjährige lebt in Wien.', 'number')).toBe(true);
    expect(showsAnswerType('die siebzehnjährige Schülerin', 'number')).toBe(true);
    expect(showsAnswerType('Die Nachfrage stieg tausendfach.', 'number')).toBe(true);
    expect(showsAnswerType('Es gibt Zweifel an der Achtung der Regeln.', 'number')).toBe(false);
    expect(showsAnswerType('Das Vierteljahr war ruhig.', 'number')).toBe(false);
  });

  it('sees points in time: years, months, weekdays', () => {
    expect(showsAnswerType('Konzert in Palmyra am 6. Mai', 'time')).toBe(true);
    expect(showsAnswerType('in den späten 1980ern', 'time')).toBe(true);
    expect(showsAnswerType('die 80er Jahre', 'time')).toBe(true);
    expect(showsAnswerType('ein 50er-Schein', 'time')).toBe(false);
    expect(showsAnswerType('eine Tempo-30er-Zone', 'time')).toBe(false);
    expect(showsAnswerType('people in their 30s', 'time')).toBe(false);
    expect(showsAnswerType('the 1990s', 'time')).toBe(true);
    expect(showsAnswerType('Im selben Jahr erschien das Buch.', 'time')).toBe(true);
    expect(showsAnswerType('Seit April 2016 hat das Programm Hilfsgüter abgeworfen.', 'time')).toBe(true);
    expect(showsAnswerType('Am Montag gelang es dem IS, die Exklave zu spalten.', 'time')).toBe(true);
    expect(showsAnswerType('Der Kreml hatte das Orchester einfliegen lassen.', 'time')).toBe(false);
  });

  it('sees times of day, but not a German "am" after a number', () => {
    expect(showsAnswerType('Wachleute entdeckten den Sprengsatz gegen 1.15 Uhr.', 'time')).toBe(true);
    expect(showsAnswerType('Anpfiff ist um 20:15 Uhr.', 'time')).toBe(true);
    expect(showsAnswerType('The doors open at 10 a.m. sharp.', 'time')).toBe(true);
    expect(showsAnswerType('It ends at 9 pm.', 'time')).toBe(true);
    expect(showsAnswerType('Die Sitzung dauerte bis Mitternacht.', 'time')).toBe(true);
    expect(showsAnswerType('Zwei Spieler wurden 5 am Kopf getroffen.', 'time')).toBe(false);
    expect(showsAnswerType('Die Uhr tickt.', 'time')).toBe(false);
    // A weekday with its time of day, or as an adverb; not inside another noun.
    expect(showsAnswerType('Der Stadtrat beschloss am Donnerstagabend den Neubau.', 'time')).toBe(true);
    expect(showsAnswerType('Er kam am Montagmorgen.', 'time')).toBe(true);
    expect(showsAnswerType('Sonntags bleibt das Bad zu.', 'time')).toBe(true);
    expect(showsAnswerType('Die Sonntagszeitung berichtete.', 'time')).toBe(false);
  });

  it('sees spans of time: a count with a unit, or "seit"/"since"', () => {
    expect(showsAnswerType('Das war vor sieben Monaten.', 'duration')).toBe(true);
    expect(showsAnswerType('während ihrer zehnmonatigen Herrschaft', 'duration')).toBe(false);
    expect(showsAnswerType('Seit mehr als drei Jahren kontrollieren sie das Umland.', 'duration')).toBe(true);
    expect(showsAnswerType('for several weeks', 'duration')).toBe(true);
    expect(showsAnswerType('Die Entladung dauerte 90 Sekunden.', 'duration')).toBe(true);
    // Points in time news writes relative to the date.
    expect(showsAnswerType('Die Rückeroberung Anfang des Jahres war wichtig.', 'time')).toBe(true);
    expect(showsAnswerType('Im Frühjahr begann die Offensive.', 'time')).toBe(true);
    expect(showsAnswerType('It was retaken last year.', 'time')).toBe(true);
    expect(showsAnswerType('Der Winterdienst räumte die Straße.', 'time')).toBe(false);
    expect(showsAnswerType('It lasted ten seconds.', 'duration')).toBe(true);
    expect(showsAnswerType('Die Stadt liegt am Euphrat.', 'duration')).toBe(false);
  });

  it('takes a length for "how long is …", a span of time for other "how long" questions', () => {
    const fence = 'How long will the new fence be in total?';
    expect(
      showsAnswerType(
        'Die Grenzbarriere wird insgesamt 3,7 Kilometer lang sein.',
        'duration',
        asksForLength(fence),
      ),
    ).toBe(true);
    expect(showsAnswerType('The fence will be 3.7  km long.', 'duration', asksForLength(fence))).toBe(true);
    expect(showsAnswerType('Der Zaun wird lang sein.', 'duration', asksForLength(fence))).toBe(false);
    expect(
      showsAnswerType(
        'Die Mauer ist 3,7 Kilometer lang.',
        'duration',
        asksForLength('Wie lange dauerte die Belagerung?'),
      ),
    ).toBe(false);
    expect(showsAnswerType('Die Mauer ist 3,7 Kilometer lang.', 'duration')).toBe(false);
    // A length is no point in time.
    expect(showsAnswerType('Die Grenzbarriere wird 3,7 Kilometer lang sein.', 'time')).toBe(false);
  });

  it('accepts every sentence for questions of no particular type', () => {
    expect(showsAnswerType('Die Stadt liegt am Euphrat.', 'other')).toBe(true);
  });
});

describe('countedWords', () => {
  it.each([
    ['Wie viele Regierungssoldaten sind bei den Kämpfen gefallen?', 'Regierungssoldaten'],
    ['Wie viele syrische Soldaten starben?', 'Soldaten'],
    ['Wieviele Menschen werden belagert?', 'Menschen'],
    // The first nouns only, not a name further on; a compound's last part.
    ['Wie viele Einwohner hat Deir al-Sor?', 'Einwohner'],
    ['Wie viele der 123 Gesetze beschloss das Parlament?', 'Gesetze'],
    ['Wie viele IS-Kämpfer rückten vor?', 'Kämpfer'],
    ['Wie viele Öl- und Gasfelder hat der IS eingenommen?', 'Gasfelder'],
    // A capitalised word after a preposition or a verb is a name, not what is counted.
    ['Und wie viele in Deir al-Sor?', ''],
    ['wie viele soldaten hat Assad verloren?', 'soldaten'],
    ['wie viele leute sind in deir al-sor eingekesselt', 'leute'],
    ['How many Russian soldiers have been killed?', 'Russian soldiers'],
    ['how many sides did IS advance from?', 'sides'],
    ['Wie groß ist die Stadt?', ''],
    ['Wo spielte das Orchester?', ''],
  ] as const)('%s → "%s"', (question, words) => {
    expect(countedWords(question)).toBe(words);
  });
});

describe('countedTerms', () => {
  it('stems the counted words, keeping words the stop-word list holds ("Menschen")', () => {
    expect(countedTerms('Wie viele Menschen werden belagert?')).toEqual(['mensch']);
  });

  it('adds the translation of the counted words when a translator is given', () => {
    expect(countedTerms('How many soldiers died?')).not.toContain('soldat');
    expect(countedTerms('How many soldiers died?', 'Soldaten')).toContain('soldat');
    // The translation's stop words are left out, the question's counted words never.
    expect(countedTerms('How many dead?', 'viele Tote')).toEqual(['dead', 'tot']);
  });
});

describe('countsTerms', () => {
  const soldiers = countedTerms('Wie viele Soldaten wurden getötet?');

  it('sees a number right before the counted word, also with an adjective between them', () => {
    expect(countsTerms('Rund 30 syrische Soldaten wurden bei den Gefechten getötet.', soldiers)).toBe(true);
    expect(countsTerms('Dabei starben dreißig Soldaten.', soldiers)).toBe(true);
    expect(countsTerms('mehr als hundert Zivilisten, Regierungssoldaten und Kämpfer', soldiers)).toBe(true);
  });

  it('does not count a number next to another word, or too far from the counted word', () => {
    expect(countsTerms('Drei Dörfer wurden von den Soldaten eingenommen.', soldiers)).toBe(false);
    expect(countsTerms('Im Jahr 2016 sind in der ganzen Region Soldaten gefallen.', soldiers)).toBe(false);
    expect(countsTerms('Rund 30 Soldaten wurden getötet.', [])).toBe(false);
  });

  it('does not take a number grown into a word for a count of what follows it', () => {
    const champions = countedTerms('Wie viele Weltmeister traten an?');
    expect(countsTerms('Der dreifache Weltmeister trat an.', champions)).toBe(false);
    expect(countsTerms('Drei Weltmeister traten an.', champions)).toBe(true);
  });
});

describe('questionYears and articleMayCoverYears', () => {
  it('reads standalone years from a question, not counts', () => {
    expect(questionYears('Wer dirigierte das Neujahrskonzert 2016?')).toEqual(['2016']);
    expect(questionYears('Wie viele Gesetze beschloss der Nationalrat 2014/15?')).toEqual(['2014']);
    expect(questionYears('Was geschah von 1995 bis 2000?')).toEqual(['1995', '2000']);
    // Parts of longer numbers, decimals and codes are no years.
    expect(questionYears('Wer verlor 20165 Stimmen, wer 2,2016 Prozent?')).toEqual([]);
    expect(questionYears('Was ist die A2016?')).toEqual([]);
    // A number before a noun or a currency counts something.
    expect(questionYears('Wohin verlegte die Bundeswehr 2000 Soldaten?')).toEqual([]);
    expect(questionYears('Was bekommt man für 1999 Euro?')).toEqual([]);
    expect(questionYears('Where did the army send 2000 soldiers?')).toEqual([]);
    // In English a capitalised word after a year is a name.
    expect(questionYears('Who won the 2016 US presidential election?')).toEqual(['2016']);
  });

  it('lets an article cover a year its text or title names, or any year when it names none', () => {
    const text = (t: string, date?: string) =>
      makeArticle('a.txt', 'A', [['paragraph', t]], date === undefined ? {} : { date });
    expect(articleMayCoverYears(text('Das Konzert am 1.1.2017 in Wien.'), ['2017'])).toBe(true);
    expect(articleMayCoverYears(text('Das Konzert 2017 in Wien.'), ['2016'])).toBe(false);
    expect(articleMayCoverYears(text('Das Konzert 2017 in Wien.'), ['2016', '2017'])).toBe(true);
    expect(articleMayCoverYears(text('Das Konzert in Wien.'), ['2016'])).toBe(true);
    // The date is not counted: a text dated 2017-01-01 may tell of New Year's Eve 2016.
    expect(articleMayCoverYears(text('In der Silvesternacht feierten viele.', '2017-01-01'), ['2016'])).toBe(
      true,
    );
    // A season names both its years; a range covers the years between.
    expect(articleMayCoverYears(text('In der Saison 2015/16 wurde Leicester Meister.'), ['2016'])).toBe(true);
    expect(articleMayCoverYears(text('Im Jahr 2015 fiel die Entscheidung.'), ['2014', '2016'])).toBe(true);
    expect(articleMayCoverYears(text('Im Jahr 2019 fiel die Entscheidung.'), ['2014', '2016'])).toBe(false);
  });
});

describe('expectedMeasure', () => {
  it.each([
    ['Was kostet die HTC Vive?', 'money'],
    ['How much did Google pay for the company?', 'money'],
    ['How much more will tickets booked via the distribution systems cost?', 'money'],
    ['Um wie viel teurer werden die Tickets?', 'money'],
    ['Wie viel Preisgeld gibt es für den Sieg?', 'money'],
    ['Wie hoch war der Umsatz von Nordwerk im dritten Quartal?', 'money'],
    ['Wie viel Gewinn hat Nordwerk gemacht?', 'money'],
    ["What was Nordwerk's revenue in the third quarter?", 'money'],
    ['How much profit did the airline make?', 'money'],
    ['Wie hoch war der Umsatz der Drogeriekette?', 'money'],
    ['Wie hoch war der Gewinn des Konzerns in Deutschland?', 'money'],
    // A modal before the verb that ends the question: "Was soll … kosten?", "Was muss man … zahlen?".
    ['Was soll die neue Umgehungsstraße kosten?', 'money'],
    ['Was muss man für das Spiel im Handel zahlen?', 'money'],
    ['Wie viel wird der Umbau des Bahnhofs kosten?', 'money'],
    ['Wie viel Miete muss man zahlen?', 'money'],
    ['Was darf das Ticket kosten?', 'money'],
    ['Was soll das kosten?', 'money'],
    ['Wieviel wird das kosten?', 'money'],
    ['Was soll die Sanierung an der Schule kosten?', 'money'],
    ['Was soll eine Fahrt mit dem Bus kosten?', 'money'],
    ['Was muss man an Gebühren zahlen?', 'money'],
    ['was soll der neue roller kosten?', 'money'],
    // A noun of money after "what is/was the": a budget, a price, a fee, a fine.
    ['What was the production budget of the film?', 'money'],
    ["What's the price tag on the new camera?", 'money'],
    ['What is the fee for the visa?', 'money'],
    ["What is the club's budget?", 'money'],
    ['What’s the ticket price for the final?', 'money'],
    ['Wie alt ist der Blogger?', 'age'],
    ['How old is Nadal?', 'age'],
    ['Wie schwer ist die Brille?', 'weight'],
    ['Wie viele Quadratmeter hat die neue Bibliothek?', 'area'],
    ['What is the floor area of the library?', 'area'],
    ['Wie groß ist die Fläche des Geländes?', 'area'],
    ['What is the total area of the park?', 'area'],
    ['What was the area hit hardest by the storm?', undefined],
    ['Wie schnell war der Zug unterwegs?', 'speed'],
    ['Wie breit ist der Fluss?', 'length'],
    ['How far from Palmyra are the hills?', 'length'],
    ['Wie viel Prozent der Gesetze wurden einstimmig beschlossen?', 'percent'],
    ['Wie oft hat Kanada den Titel geholt?', 'frequency'],
    ['How many times did the opposition try?', 'frequency'],
    ['Um wie viel Prozent stieg der Preis für Brot?', 'percent'],
    ['How much did the payload weigh?', 'weight'],
    ['Wie heiß wurde das erste Plasma?', 'temperature'],
    ['How cold does it get in winter?', 'temperature'],
    ['Wie ist Ungarn gegen Weißrussland ausgegangen?', 'score'],
    ['Wie lautete der Spielstand zur Halbzeit?', 'score'],
    ['Wie ging das Finale aus?', 'score'],
    ['Mit welchem Ergebnis gewann Denver?', 'score'],
    ['What was the final score?', 'score'],
    ['How did the match end?', 'score'],
    ['Wie weit oben war Mardy Fish in der Weltrangliste?', 'rank'],
    ['Auf welchem Platz landete Österreich?', 'rank'],
    ['What place did Austria finish in?', 'rank'],
  ] as const)('%s → %s', (question, measure) => {
    expect(expectedMeasure(question)).toBe(measure);
  });

  it.each([
    'Wie viele Soldaten wurden getötet?',
    // "wie hoch" asks for rates, counts and fees as often as for heights: no unit is assumed.
    'Wie hoch ist die Zulassungsquote?',
    'Wie lange dauerte das Konzert?',
    'Wer dirigierte das Konzert?',
    // A span of time as often as a length.
    'Wie lang ist die Amtszeit des Präsidenten?',
    'How long will the ceasefire be in effect?',
    // "aus" alone is a preposition far more often than the particle of "ausgehen".
    'Wie ist die Lage aus Sicht der UNO?',
    'Wie war das Wetter?',
    // A win, points, a deficit in percent, a rise: no sum of money asked for.
    'Wie hoch war der Gewinn an Punkten?',
    'Wie hoch ist die Chance auf einen Gewinn der Meisterschaft?',
    'Wie hoch ist das Defizit Italiens?',
    'Um wie viel stieg der Umsatz von Nordwerk?',
    'Wie hoch waren die Verluste der Armee?',
    'What was the profit margin?',
    'What was the reason for the drop in revenue at Nordwerk?',
    'How much did sales grow?',
    // "Zahlen" as a noun, and paying with something, ask for no amount.
    'Was sollen die Zahlen der Studie zeigen?',
    'Was kann man mit der App bezahlen?',
    'Was soll man künftig mit dem Handy bezahlen?',
    'Was müssen Autofahrer tun, die die Maut nicht zahlen?',
    'Was wird die Fusion an Arbeitsplätzen kosten?',
    'Was sollen die Zahlen?',
    'Was wurde aus den Kosten?',
    'Was können Kunden künftig bargeldlos bezahlen?',
    'Was kann man im Laden bezahlen?',
    // A money noun that names no sum: a cost of living, a budget deficit, a price rise.
    'What is the cost of living in Vienna?',
    'What was the budget deficit?',
    'What was the price rise in March?',
    'What was the human cost of the earthquake?',
    'What was the cost of the war in lives?',
    'What are the costs and benefits of nuclear power?',
    'What is the price of fame?',
    "What's the fee structure?",
    'What is the budget used for?',
    'What is the fine print?',
    'What was the fine dining restaurant called?',
  ])('%s → no unit', (question) => {
    expect(expectedMeasure(question)).toBeUndefined();
  });
});

describe('moneySubjects', () => {
  it('names the stems of the sum a money question asks for, in German or English', () => {
    expect(moneySubjects('Wie hoch war der Umsatz?')).toEqual(['umsatz', 'erlos']);
    expect(moneySubjects("What was Nordwerk's revenue?")).toEqual(['umsatz', 'erlos']);
    expect(moneySubjects('How much profit did they make?')).toEqual(['gewinn', 'uberschuss']);
    expect(moneySubjects('Was kostet die HTC Vive?')).toEqual([]);
  });

  it('finds the sum inside compounds and inflected forms', () => {
    const revenue = moneySubjects('Wie hoch war der Umsatz?');
    expect(mentionsMoneySubject('Der Jahresumsatz lag bei 3,2 Milliarden Euro.', revenue)).toBe(true);
    expect(mentionsMoneySubject('Die Umsätze stiegen auf 842 Millionen Euro.', revenue)).toBe(true);
    expect(mentionsMoneySubject('Das Gericht verhängte eine Geldbuße von 562.500 Euro.', revenue)).toBe(
      false,
    );
    // Not inside another word, nor a verb or adjective: "verlost", "fehlerlos", "gewinnen".
    expect(mentionsMoneySubject('Unter allen Gästen werden 500 Euro verlost.', revenue)).toBe(false);
    expect(mentionsMoneySubject('Die fehlerlose Kür brachte 500 Euro.', revenue)).toBe(false);
    const profit = moneySubjects('Wie viel Gewinn hat Nordwerk gemacht?');
    expect(mentionsMoneySubject('Wer 500 Euro gewinnen will, muss Glück haben.', profit)).toBe(false);
    expect(mentionsMoneySubject('Der Nettogewinn lag bei 41 Millionen Euro.', profit)).toBe(true);
    expect(mentionsMoneySubject('Der Verkaufserlös lag bei 3 Millionen Euro.', revenue)).toBe(true);
  });

  it('takes a profit told by its verb, for a profit only', () => {
    const profit = moneySubjects('Wie hoch war der Gewinn von Nordwind?');
    expect(mentionsMoneySubject('Unter dem Strich verdiente Nordwind 18,7 Millionen Euro.', profit)).toBe(
      true,
    );
    expect(mentionsMoneySubject('Nordwind verdiente 18,7 Millionen Euro.', profit)).toBe(true);
    const revenue = moneySubjects('Wie hoch war der Umsatz von Nordwind?');
    expect(mentionsMoneySubject('Nordwind verdiente 18,7 Millionen Euro.', revenue)).toBe(false);
  });
});

describe('showsMeasure', () => {
  it.each([
    ['Die Brille wird für 799 Dollar verkauft.', 'money'],
    ['In der eine Milliarde Euro teuren Anlage', 'money'],
    ['Stehen wird der 1,5 bis 3 Millionen teure Neubau erst im Herbst.', 'money'],
    ['Geplant ist eine 500 Millionen teure Anlage.', 'money'],
    ['Der rund 2 Millionen teure Zaun steht.', 'money'],
    ['Im 500 Millionen teuren Stadion spielt niemand.', 'money'],
    ['Seine eine Million teure Villa brannte ab.', 'money'],
    ['Die Kosten werden sich im siebenstelligen Bereich abspielen.', 'money'],
    ['Der 31-jährige Blogger war verurteilt worden.', 'age'],
    ['Dudamel, 1981 in Barquisimeto geboren, war selbst ein Produkt von El Sistema.', 'age'],
    ['Die Drohne wiegt 1,5 Kilogramm.', 'weight'],
    ['2,2 Meter hohe Grenzbarriere', 'length'],
    ['Die Bibliothek hat 5.000 Quadratmeter Fläche.', 'area'],
    ['ein 3.000 m² großes Gelände', 'area'],
    ['auf 12 Hektar', 'area'],
    ['Das Gelände misst 3,5 Mio. Quadratmeter.', 'area'],
    ['Der Zug fuhr mit 80 km/h.', 'speed'],
    ['30,9 Prozent der Beschlüsse fielen einstimmig.', 'percent'],
    ['sechs bis neun Prozent', 'percent'],
    ['Der 25-fache Weltmeister Kanada', 'frequency'],
    ['Die Pest brach 22-mal aus.', 'frequency'],
    ['It will sell for 799 dollars.', 'money'],
    ['Der Eintritt kostet EUR 25.', 'money'],
    ['The 45-year-old mayor said so.', 'age'],
    ['He died at the age of 87.', 'age'],
    ['Die Kirche wurde 1890 erbaut.', 'age'],
    ['The wall is 3 metres high.', 'length'],
    ['It weighed 5 kilograms.', 'weight'],
    ['Das Plasma erreichte rund eine Million Grad Celsius.', 'temperature'],
    ['It was minus 5 °C.', 'temperature'],
    ['Der Aufsteiger gewann mit 5:2 (2:1,2:1,1:0).', 'score'],
    ['Denver ging mit einer 13:7-Führung in die Pause.', 'score'],
    ['The Broncos won 24 : 10.', 'score'],
    ['Fish stieß im Ranking bis auf Platz 7 (2011) vor.', 'rank'],
    ['Der Weltranglisten-Neunte besiegte den Russen.', 'rank'],
    ['Österreich landete auf dem 3. Platz.', 'rank'],
    ['He is ranked 12th in the world.', 'rank'],
    ['Österreich landete auf Platz zwei.', 'rank'],
    ['She finished in second place.', 'rank'],
    ['Mit 17 Jahren war Becker der jüngste Sieger.', 'age'],
    ['Der 80 Jahre alte Papst reiste nach Ägypten.', 'age'],
    ['He was 25 years of age.', 'age'],
    ['Nächster Gegner ist der US-Amerikaner Jack Sock (21).', 'age'],
  ] as const)('%s shows %s', (sentence, measure) => {
    expect(showsMeasure(sentence, measure)).toBe(true);
  });

  it.each([
    ['Käufer der Brille erhalten zwei Spiele.', 'money'],
    // Millions of expensive phones are a count, not a price.
    ['Apple verkaufte zwei Millionen teure iPhones.', 'money'],
    ['Rund 30 syrische Soldaten wurden getötet.', 'age'],
    ['Die Brille kommt im April in den Handel.', 'weight'],
    ['Von drei Seiten sind Kämpfer vorgerückt.', 'length'],
    ['Der Zug fuhr schnell.', 'speed'],
    ['Das Parlament beschloss 123 Gesetze.', 'percent'],
    ['Die Strecke ist 5 Kilometer lang.', 'weight'],
    ['Das 5G-Netz wird ausgebaut.', 'weight'],
    ['Das ist eine einfache Frage.', 'frequency'],
    // A term of ten years is a duration, not an age.
    ['Er wurde zu zehn Jahren Haft verurteilt.', 'age'],
    ['Das Spiel beginnt um 20:15 Uhr.', 'score'],
    ['Das Spiel beginnt um 20:15.', 'score'],
    ['Die Partie endete um 22.30 Uhr.', 'score'],
    ['Der Zug fuhr 80 km/h.', 'temperature'],
    ['Er erlitt eine Platzwunde am Kopf.', 'rank'],
    ['Sieben Spieler standen auf dem Platz.', 'rank'],
    // A tie-break in a tennis score is no age.
    ['Nadal hatte sich gegen Lorenzi 7:6(3),6:2 durchgesetzt.', 'age'],
    ['Thiem siegte 7:6 (4), 7:6 (3).', 'age'],
    ['Thiem siegte 7:6 (4)(3).', 'age'],
  ] as const)('%s does not show %s', (sentence, measure) => {
    expect(showsMeasure(sentence, measure)).toBe(false);
  });

  it('requires every unit but those told in words or asked figuratively ("selten", "schnell", "siegte knapp", "Spitzenreiter", "Wie warm ist das Verhältnis …?")', () => {
    expect(measureRequired('money')).toBe(true);
    expect(measureRequired('age')).toBe(true);
    expect(measureRequired('temperature')).toBe(false);
    expect(measureRequired('frequency')).toBe(false);
    expect(measureRequired('speed')).toBe(false);
    expect(measureRequired('score')).toBe(false);
    expect(measureRequired('rank')).toBe(false);
  });

  it('reads a hostile sentence in linear time (long digit, word and whitespace runs)', () => {
    const hostile = [
      `${'1'.repeat(20_000)}${'\t'.repeat(20_000)}x`,
      'a'.repeat(40_000),
      '1-'.repeat(20_000),
      `${'1.'.repeat(20_000)}x`,
    ];
    const started = performance.now();
    for (const sentence of hostile) {
      for (const measure of [
        'money',
        'percent',
        'age',
        'weight',
        'length',
        'speed',
        'frequency',
        'temperature',
        'score',
        'rank',
      ] as const)
        showsMeasure(sentence, measure);
    }
    // Linear patterns take milliseconds here; the quadratic ones they replace took seconds.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('degreeQuestion', () => {
  it('tells a degree asked with a number word from an amount', () => {
    expect(degreeQuestion('Wie hoch ist das Risiko eines Blackouts in Deutschland?')).toBe(true);
    expect(degreeQuestion('Wie groß ist die Gefahr?')).toBe(true);
    expect(degreeQuestion('How big is the risk of a blackout?')).toBe(true);
    expect(degreeQuestion('Wie hoch ist die Auflage der Zeitung?')).toBe(false);
    expect(degreeQuestion('Wie groß sind die vermuteten Kammern?')).toBe(false);
  });
});

describe('asksForPlace and showsPlace', () => {
  it.each([
    ['Wo lebt die Frau von Raif Badawi inzwischen?', true],
    ['Wohin wollte die Bahn die Züge schleppen?', true],
    ['In welcher Stadt kam Dudamel zur Welt?', true],
    ['An welchem Fluss liegt Deir al-Sor?', true],
    ['Where were the games played?', true],
    ['At which border crossing is the fence going up?', true],
    ['Which city hosts the final?', true],
    ['Wer dirigierte das Konzert?', false],
    ['Wie viele Menschen leben in Palmyra?', false],
    ['When was the fence built?', false],
    ['Welche Stadt richtet das Finale aus?', true],
    ['Was geschah in der Stadt, wo der Anschlag war?', false],
    ['Tell me about the town where the attack happened.', false],
  ])('%s → %s', (question, expected) => {
    expect(asksForPlace(question)).toBe(expected);
  });

  it('sees a place after a bare preposition, not a noun after an article nor one of manner or time', () => {
    const inText = { atArticleStart: false };
    expect(showsPlace('Das Programm besiegte am Samstag in Seoul den Südkoreaner.', inText)).toBe(true);
    expect(showsPlace('Seine Frau ist nach Kanada geflüchtet.', inText)).toBe(true);
    expect(showsPlace('In Seoul wurde gespielt.', inText)).toBe(true);
    expect(showsPlace('The games were played in Seoul.', inText)).toBe(true);
    expect(showsPlace('Der Sieger lebt in LA.', inText)).toBe(true);
    expect(showsPlace('AlphaGo sicherte sich auch das dritte Spiel.', inText)).toBe(false);
    expect(showsPlace('Die Mannschaft ging mit einer Führung in die Pause.', inText)).toBe(false);
    expect(showsPlace('Das Gesetz tritt nach Angaben der Regierung in Kraft.', inText)).toBe(false);
    expect(showsPlace('The games were played in March, from Monday on.', inText)).toBe(false);
  });

  it('counts a dateline only where the article opens', () => {
    const lead = 'Greifswald – In der Versuchsanlage haben Forscher ein Plasma erzeugt.';
    expect(showsPlace(lead, { atArticleStart: true })).toBe(true);
    expect(showsPlace('Berlin (dpa) – Die Regierung tagt.', { atArticleStart: true })).toBe(true);
    expect(showsPlace('St. Petersburg/Moskau – Gastgeber Russland gewinnt.', { atArticleStart: true })).toBe(
      true,
    );
    expect(showsPlace(lead, { atArticleStart: false })).toBe(false);
    expect(showsPlace('Das ist klar – sagt der Minister.', { atArticleStart: true })).toBe(false);
  });

  it('sees a place after "am" and a region of a place, not a time after "am"', () => {
    const inText = { atArticleStart: false };
    expect(showsPlace('Die Regierung kontrolliert Teile der Stadt am Euphrat.', inText)).toBe(true);
    expect(showsPlace('Die Partei präsentierte sich am Rathausplatz.', inText)).toBe(true);
    expect(showsPlace('Diese im Nordosten Brasiliens beheimateten Affen lernen.', inText)).toBe(true);
    expect(showsPlace('Clashes went on in the north of the country.', inText)).toBe(true);
    expect(showsPlace('Die Abgeordneten trafen sich am Reichstag.', inText)).toBe(true);
    expect(showsPlace('In the North, fighting went on.', inText)).toBe(true);
    for (const time of ['am Montag', 'am Freitagabend', 'am Vortag', 'am Wochenende', 'am Ende', 'am Rande'])
      expect([time, showsPlace(`Er sprach ${time} mit der Presse.`, inText)]).toEqual([time, false]);
    for (const idiom of ['am Telefon', 'am Steuer', 'am Ersten Mai', 'am Zug'])
      expect([idiom, showsPlace(`Er war ${idiom} sehr ruhig.`, inText)]).toEqual([idiom, false]);
    expect(showsPlace('Der Konflikt im Ost-West-Verhältnis dauert an.', inText)).toBe(false);
    expect(showsPlace('The polls close at 9 am Eastern time.', inText)).toBe(false);
  });

  it('does not count the place the question names itself', () => {
    const question = 'An welchem Fluss liegt Deir al-Sor?';
    const besieged = 'Rund 110.000 Menschen werden in Deir al-Sor belagert.';
    expect(showsPlace(besieged, { atArticleStart: false })).toBe(true);
    const named = placeWords(question);
    expect(showsPlace(besieged, { atArticleStart: false, named })).toBe(false);
    expect(showsPlace('Die Stadt am Euphrat ist belagert.', { atArticleStart: false, named })).toBe(true);
    // A dateline the question does not name; the places a translated question names, by its translation.
    const lead = 'Washington – Xi will seinen ersten Besuch in Amerika nutzen.';
    expect(showsPlace(lead, { atArticleStart: true, named: placeWords('Where in America was Xi?') })).toBe(
      true,
    );
    const translated = placeWords('Where in America was Xi?\nWashington Amerika');
    expect(showsPlace(lead, { atArticleStart: true, named: translated })).toBe(false);
    // Hyphenated names, a dateline with its agency, a region of the place asked about.
    const nrw = placeWords('Wo in Nordrhein-Westfalen steht das Werk?');
    expect(showsPlace('Das Werk steht in Nordrhein-Westfalen.', { atArticleStart: false, named: nrw })).toBe(
      false,
    );
    const berlin = placeWords('Wo in Berlin tagt die Regierung?');
    expect(showsPlace('Berlin (dpa) – Die Regierung tagt.', { atArticleStart: true, named: berlin })).toBe(
      false,
    );
    const syria = placeWords('Wo im Norden Syriens wird gekämpft?');
    expect(showsPlace('Gekämpft wird im Norden Syriens.', { atArticleStart: false, named: syria })).toBe(
      false,
    );
    expect(showsPlace('Gekämpft wird im Norden Syriens.', { atArticleStart: false })).toBe(true);
  });
});

describe('asksForPerson and namesPerson', () => {
  it.each([
    ['Wer dirigierte das Konzert in Palmyra?', true],
    ['Von wem stammt der Vorschlag?', true],
    ['Wie heißt der Trainer der Knights?', true],
    ['Weiß jemand, wer das Team leitet?', true],
    ["Who's the director of the series?", true],
    ["What's the name of the radical preacher they caught?", true],
    ['And who won?', true],
    ['Wie alt ist er? Wer ist sein Trainer?', true],
    ['Tell me who conducted.', true],
    ['Whose idea was the concert?', true],
    ['Wie heißen die Moderatoren?', true],
    ['Why is school a good place for kids who fled a war?', false],
    ['What did Obama, who visited Berlin, say?', false],
    ['Can you name the cities on the route?', false],
    ['Wo spielte AlphaGo?', false],
    ['Wie viele Menschen wurden verhaftet?', false],
  ])('%s → %s', (question, expected) => {
    expect(asksForPerson(question)).toBe(expected);
  });

  it('sees a name after its role, not a noun after a genitive, a stop word or a point in time', () => {
    const question = 'Wer ist der Trainer von Serena Williams?';
    expect(namesPerson('Ihr Trainer Patrick Mouratoglu sagte ihr ein paar Dinge.', question)).toBe(true);
    expect(namesPerson('So der 42-jährige TV-Moderator Mazza.', question)).toBe(true);
    expect(namesPerson('Geleitet wurde es vom Präsidenten Ludwig Adamovich.', question)).toBe(true);
    // Only names the question already has.
    expect(namesPerson('Serena Williams gewann in zwei Sätzen.', question)).toBe(false);
    expect(namesPerson('Danach gewann Serena Williams in zwei Sätzen.', question)).toBe(false);
    expect(namesPerson('Das traf Österreichs Basketballmeister hart.', question)).toBe(false);
    expect(namesPerson('Sie sollten von Angriffen in anderen Gegenden Syriens ablenken.', question)).toBe(
      false,
    );
    expect(namesPerson('Sie war Präsident Frankreichs.', question)).toBe(false);
    // Names ending in -s are names: alone, or a first name before the surname.
    for (const named of [
      'Das sagte Präsident François Hollande.',
      'Das sagte Premier Alexis Tsipras.',
      'Das sagte Papst Franziskus.',
      'Das sagte Präsident Morales.',
    ])
      expect([named, namesPerson(named, question)]).toEqual([named, true]);
    // Common words of the stop-word lists are no names, though they are search terms.
    for (const unnamed of [
      'Zwei Menschen starben.',
      'Sie regiert in der Großen Koalition.',
      'Das schrieb Zeit Online.',
    ])
      expect([unnamed, namesPerson(unnamed, question)]).toEqual([unnamed, false]);
    expect(namesPerson('Sie spielt Anfang April wieder, am Montag Abend.', question)).toBe(false);
    expect(namesPerson('Er sagte: Die Mannschaft spielte gut.', question)).toBe(false);
    expect(namesPerson('Der Trainer war zufrieden mit dem Spiel.', question)).toBe(false);
    // A name may open the sentence, and first names may end like a genitive.
    expect(namesPerson('Waleri Gergijew leitete das Orchester.', question)).toBe(true);
    expect(namesPerson('Das sagte Thomas Müller nach dem Spiel.', question)).toBe(true);
    // A name of the question is a whole word of it, not a part of another ("Li" in "Williams").
    expect(namesPerson('Sie trainiert mit Trainer Li.', question)).toBe(true);
    expect(namesPerson('In der Wüstenstadt Palmyra spielte ein Orchester.', 'Wer spielte in Palmyra?')).toBe(
      false,
    );
  });
});

describe('lastAsked', () => {
  it.each([
    ['Wie hoch war das Budget des Festivals? Und wer leitet es?', 'Und wer leitet es?'],
    ['What was the budget? und wer leitet es', 'und wer leitet es'],
    ['Did more ballots arrive? by how many did it change?', 'by how many did it change?'],
    ['Wer dirigierte das Konzert in Palmyra?', 'Wer dirigierte das Konzert in Palmyra?'],
    ['Wie viele Menschen?  ', 'Wie viele Menschen?  '],
    // A statement or thanks after the question asks nothing of its own.
    ['Wann wurde das Festival gegründet? Danke!', 'Wann wurde das Festival gegründet? Danke!'],
    [
      'Wie viele Besucher kamen? Ich finde die Zahl nirgends.',
      'Wie viele Besucher kamen? Ich finde die Zahl nirgends.',
    ],
    // A quoted title with its own question mark.
    [
      'Wann lief „Wer wird Millionär? Prominentenspecial“?',
      'Wann lief „Wer wird Millionär? Prominentenspecial“?',
    ],
    ['Wer leitet es? Danke! Und wann war das?', 'Danke! Und wann war das?'],
  ])('%s → %s', (text, expected) => {
    expect(lastAsked(text)).toBe(expected);
  });
});

describe('asksForLeader and namesLeader', () => {
  it.each([
    ['Wer leitet die Ausgrabung?', true],
    ['Wer ist der Chef von Volvo?', true],
    ['Weiß jemand, wer das Forscherteam geleitet hat?', true],
    ['Wer ist Direktor der steirischen Caritas?', true],
    ['Wer ist der rumänische Staatschef?', true],
    ['wer ist die präsidentin der uniko?', true],
    ['Wer ist CEO von Volvo?', true],
    ['Wer führt die Partei an?', true],
    ['Wer hat die Partei angeführt?', true],
    ['Who heads the Egyptian Museum in Berlin?', true],
    ['who runs the state holding company?', true],
    ["Who's the boss of the French airline?", true],
    ['Who’s the boss of the French airline?', true],
    ['Who led the British team?', true],
    ["Who is the institute's scientific director?", true],
    ['Who is the CEO of Volvo?', true],
    // English, though its names read as German.
    ["who's running Van der Bellen's campaign?", true],
    ['Who heads the Verein für Konsumenteninformation?', true],
    // Whoever organises an event leads it.
    ['Wer organisiert das Festival in Kranichfeld?', true],
    ['Wer veranstaltet den Lauf?', true],
    ['Who organised the jazz festival?', true],
    ['Who will organise the next festival?', true],
    // Organised crime is no event anyone leads.
    ['Wer ermittelt gegen die organisierte Kriminalität?', false],
    ['Who was arrested for organized crime?', false],
    // Whoever conducts leads the orchestra.
    ['Wer dirigierte das Konzert in Palmyra?', true],
    ['Who conducted the concert in Palmyra?', true],
    ['Who conducted the Vienna Philharmonic orchestra?', true],
    // Conducting a survey, an inquiry or a raid leads no orchestra.
    ['Who conducted the survey?', false],
    ['Who conducted the airstrikes on the hospital?', false],
    ['Who conducted the interview with the minister?', false],
    ['Who won the game?', false],
    // Not a who question.
    ['Wohin führt die Straße?', false],
    ['What does the team lead to?', false],
    // Words for leading that mean something else here.
    ['gegen wen muss Thiem in Indian Wells als nächstes ran?', false],
    ['Wer führte den Anschlag aus?', false],
    ['Wer leitete die Ermittlungen ein?', false],
    ['Who is running for the Bundestag?', false],
    ['Who is running for mayor?', false],
    ['Who is running against Fischer?', false],
    ['Who led 2:0 at half-time?', false],
    ['Who installed the LED lights?', false],
    // A role acted on, not asked about.
    ['Who shot the president?', false],
    ['who did the director team up with?', false],
    ['Wer schlug den Präsidenten?', false],
    ['wer hat den rumänischen regierungschef zum Rücktritt aufgefordert?', false],
  ])('%s → %s', (question, expected) => {
    expect(asksForLeader(question)).toBe(expected);
  });

  it('sees a leading role beside a name: a role noun, a compound ending in one, a team around someone', () => {
    const question = 'Wer leitet die Ausgrabung?';
    for (const named of [
      'Das sagte die Ausgrabungsleiterin Mirella Serlorenzi.',
      'Dazu gab GPA-djp-Chef Wolfgang Katzian zu bedenken.',
      'Sie können weit fliegen, sagt Institutsdirektor Christian Drosten.',
      'Dann nahm das Team um Daniel Takahashi die Laute auf.',
      'Das betonte die Chefin der Staatsholding, Martha Oberndorfer.',
      'Das sagte Wladimir Putin, dem Präsidenten Russlands, niemand.',
      'Die Grabung entstand unter der Leitung von Anna Rossi.',
      'Geleitet wird die Arbeitsgruppe von der Glaziologin Miriam Hochreiter.',
      'Seit Januar leitet Katrin Albers das Unternehmen.',
      // A team as a compound's head.
      'Ein Forscherteam um Robert Losey hat die Gräber untersucht.',
      'Die Arbeitsgruppe um Anna Rossi fand Münzen.',
      'Festivalleiter Thomas Grube führte den Erfolg auf das Wetter zurück.',
      'Das sagte Organisatorin Anna Rossi.',
      'Die Musiker spielten unter Chefdirigent Waleri Gergijew.',
      'Damals dirigierte Karl Böhm, den Florestan gab Anton Dermota.',
    ])
      expect([named, namesLeader(named, question)]).toEqual([named, true]);
    for (const unnamed of [
      // A role without a name, a name without a role.
      'Die Leiterin der Grabung war zufrieden.',
      'Das sagte Mirella Serlorenzi am Montag.',
      // Words that end like a role and lead nothing.
      'Ihr Begleiter Thomas Huber wartete.',
      'Der Halbleiter Intel Core wird heiß.',
      'Auf der Karriereleiter stieg Anna Rossi schnell.',
      // A team asking for something is no team around someone.
      'Dann bat das Team um Hilfe, sagte Anna Rossi.',
      'Dann bat das Team um Hilfe von Anna Rossi.',
      // A road that leads somewhere, an anvil.
      'Die Straße führt durch Wien, sagte Anna Rossi.',
      'Auf dem Amboss schmiedete Anna Rossi ein Schwert.',
    ])
      expect([unnamed, namesLeader(unnamed, question)]).toEqual([unnamed, false]);
  });
});

describe('asksForReason and givesReason', () => {
  it.each([
    ['Warum musste das Feld umgeleitet werden?', true],
    ['weshalb zog er vor Gericht', true],
    ['Wozu hat der Prediger eine Moschee gebaut?', true],
    ['Aus welchem Grund wurde das Spiel abgesagt?', true],
    ['Mit welcher Begründung wollte die Gemeinde das Lager nicht erlauben?', true],
    ['Was war der Grund für die Absage?', true],
    ['Why were the lashes postponed?', true],
    ['how come the bus was late?', true],
    ["What's the reason for the delay?", true],
    ['What’s the reason for the delay?', true],
    ['What was the main cause of the crash?', true],
    ['Wie kam es zu dem Unfall?', true],
    ['Woran lag es, dass der Zug entgleiste?', true],
    ['Was war der Auslöser der Proteste?', true],
    ['Wie begründete die Regierung den Schritt?', true],
    ['What caused the crash?', true],
    ['What led to the protests?', true],
    ['Wer leitet die Grabung?', false],
    ['Wie viele Hiebe erhielt Badawi?', false],
    // The word without the question: a ground, a cause named.
    ['Wann wurde der Grundstein gelegt?', false],
    ['Which cause did she support?', false],
    ['What did the crash cause?', false],
  ])('%s → %s', (question, expected) => {
    expect(asksForReason(question)).toBe(expected);
  });

  it('sees a reason or a purpose: a causal clause, preposition or noun, a purpose clause', () => {
    for (const reason of [
      'Traglufthallen hält er für problematisch, weil wir kleine Einheiten haben.',
      'Die Affen bieten sich an, da die Jungtiere schon nach wenigen Wochen entwöhnt sind.',
      'Weitere Hiebe wurden aus medizinischen Gründen verschoben.',
      'Kayode wurde wegen unsportlichen Verhaltens belangt.',
      'Hauptgrund für den Rückgang ist die Beliebtheit mediterraner Ziele.',
      'Die meisten Unfälle resultierten aus Ablenkung der Fahrer.',
      'Er habe eine Moschee errichtet, um seine Regeln durchzusetzen.',
      'Die Daten wurden geroutet, damit die Audiofunktion ohne Aussetzer funktioniert.',
      'Das kann daran liegen, dass zu viele Geräte senden.',
      'Sie erklärte das Scheitern damit, dass der Nachbar darum gebeten habe.',
      'Ponta lehnte mit dem Argument ab, dass allein das Parlament ihn entheben könne.',
      'The match was called off because of the storm.',
      'Die Truppen waren so weit vorgerückt, dass die Stadt fiel.',
      '„Da die Preise steigen, kaufen wir weniger.',
      'Er gewann dank seiner Ausdauer.',
      'Um die Kosten zu senken, wurde gespart.',
      'Der Grund dafür ist einfach.',
      'Als Grund nannte der Bäckermeister, dass er keinen Nachfolger gefunden habe.',
      'Den Grund vermuten die Forscher in den Bakterien auf der Haut der Tiere.',
      'Ausschlaggebend seien die gut ausgebildeten Fachkräfte gewesen.',
      'Als Gründe nannte die Firma die hohen Kosten.',
      'Der ausschlaggebende Punkt waren die Kosten.',
    ])
      expect([reason, givesReason(reason)]).toEqual([reason, true]);
    for (const none of [
      'Bisher musste Badawi Anfang Jänner 50 Hiebe erdulden.',
      // "um" without "zu": a time, an amount, a prize.
      'Das Spiel beginnt, um acht Uhr.',
      'Es kamen Menschen, um die 300 laut Polizei.',
      'Um den Titel spielen Bayern und Dortmund.',
      // "Da" before a verb, "denn" as a particle, "Grund" and "Dank" in idioms.
      'Da ist noch viel zu tun.',
      'Es sei denn, es regnet.',
      'Im Grunde hat sich nichts geändert.',
      'Das Haus wurde von Grund auf saniert.',
      'Vielen Dank an alle Fans!',
      'Soweit bekannt, gab es keine Verletzten.',
      'Der Regierung liegt viel daran, die Wahl zu gewinnen.',
      'Das ist kein Argument.',
      // The consequence, whose reason the sentence before gives.
      'Deshalb wurde das Spiel abgesagt.',
      'Damit steigt die Zahl der Toten auf 42.',
    ])
      expect([none, givesReason(none)]).toEqual([none, false]);
  });

  it('tells a stated reason from a noun of cause that may only name one', () => {
    for (const stated of [
      'Als Grund nannte der Bäckermeister, dass er keinen Nachfolger gefunden habe.',
      'Den Grund vermuten die Forscher in den Bakterien auf der Haut der Tiere.',
      'Das Spiel wurde wegen des Sturms abgesagt.',
      'Er kam nicht, weil er krank war.',
    ])
      expect([stated, statesReason(stated)]).toEqual([stated, true]);
    for (const named of [
      'Die Ursache des Brandes im Nachbarhaus wird noch ermittelt.',
      'Den Grund nannte der Inhaber nicht.',
      'Über die Gründe wurde nichts bekannt.',
    ]) {
      expect([named, statesReason(named)]).toEqual([named, false]);
    }
    // A noun of cause still earns the reason bonus of scoring.
    expect(givesReason('Die Ursache des Brandes im Nachbarhaus wird noch ermittelt.')).toBe(true);
  });
});

describe('questionPeriods and articleMayCoverPeriods', () => {
  const article = (text: string) => makeArticle('a.txt', 'A', [['paragraph', text]]);

  it('reads numbered quarters and halves in German and English', () => {
    expect(questionPeriods('Wie hoch war der Umsatz im zweiten Quartal?')).toEqual([
      { ordinal: 2, part: 'quarter' },
    ]);
    expect(questionPeriods('Wie stand es im 3. Quartal?')).toEqual([{ ordinal: 3, part: 'quarter' }]);
    expect(questionPeriods('Wie hoch war der Gewinn im ersten Halbjahr?')).toEqual([
      { ordinal: 1, part: 'half' },
    ]);
    // A list names each of its periods.
    expect(questionPeriods('Wie stieg der Umsatz im 2. und 3. Quartal?')).toEqual([
      { ordinal: 2, part: 'quarter' },
      { ordinal: 3, part: 'quarter' },
    ]);
    expect(questionPeriods('How did sales do in the second and third quarters?')).toHaveLength(2);
    // Halves of a game are told as often by "nach der Pause": not read.
    expect(questionPeriods('Wer traf in der zweiten Halbzeit?')).toEqual([]);
    expect(questionPeriods('What was the revenue in the fourth quarter?')).toEqual([
      { ordinal: 4, part: 'quarter' },
    ]);
    expect(questionPeriods('Wie viele Räder will die Firma im zweiten Jahr bauen?')).toEqual([
      { ordinal: 2, part: 'year' },
    ]);
    expect(questionPeriods('Was geschah im ersten Jahrhundert?')).toEqual([]);
    expect(questionPeriods('Was kostet der Audi Q3?')).toEqual([]);
    expect(questionPeriods('Wie hoch war der Umsatz?')).toEqual([]);
  });

  it('lets an article cover a period it names, or any when it names none of that kind', () => {
    const third = article('Der Umsatz stieg im dritten Quartal auf 312 Millionen Euro.');
    expect(articleMayCoverPeriods(third, questionPeriods('Umsatz im zweiten Quartal?'))).toBe(false);
    expect(articleMayCoverPeriods(third, questionPeriods('Revenue in the third quarter?'))).toBe(true);
    const plan = article('Im ersten Jahr plant Velo 2.500 Räder.');
    expect(articleMayCoverPeriods(plan, questionPeriods('Wie viele Räder im zweiten Jahr?'))).toBe(false);
    expect(articleMayCoverPeriods(plan, questionPeriods('How many bikes in the first year?'))).toBe(true);
    // A half-year is another kind of period: the article says nothing of halves either way.
    expect(articleMayCoverPeriods(third, questionPeriods('Gewinn im zweiten Halbjahr?'))).toBe(true);
    // An article naming two quarters in one breath names each.
    const both = article('Im zweiten und dritten Quartal stieg der Umsatz jeweils um fünf Prozent.');
    expect(articleMayCoverPeriods(both, questionPeriods('Umsatz im zweiten Quartal?'))).toBe(true);
    // A question asking of two is answered by an article naming one of them.
    expect(articleMayCoverPeriods(third, questionPeriods('Umsatz im zweiten und dritten Quartal?'))).toBe(
      true,
    );
    expect(
      articleMayCoverPeriods(
        article('Der Umsatz stieg auf 312 Millionen Euro.'),
        questionPeriods('Umsatz im zweiten Quartal?'),
      ),
    ).toBe(true);
    expect(
      articleMayCoverPeriods(
        article('Im zweiten Quartal fiel er, im dritten Quartal stieg er.'),
        questionPeriods('Umsatz im zweiten Quartal?'),
      ),
    ).toBe(true);
  });
});

describe('asksForLength', () => {
  it.each([
    ['How long will the new fence be in total?', true],
    ['How long is the new bridge?', true],
    ['Wie lang ist die Strecke?', true],
    ['Wie lang soll der Tunnel werden?', true],
    ['How long is the flight?', false],
    ['How long was he in prison?', false],
    ['Wie lange ist das her?', false],
    ['Wie lange dauerte die Belagerung?', false],
    ['How long did the siege last?', false],
  ] as const)('%s → %s', (question, expected) => {
    expect(asksForLength(question)).toBe(expected);
  });
});

/** Whether a sentence's date counts for less in answer to the question (as scoring reads them). */
const datesByDayOnly = (sentence: string, question: string): boolean =>
  !takesDayAsDate(question) && datedByDayOnly(sentence);

describe('datedByDayOnly and takesDayAsDate', () => {
  it('tells a day named alone from a date, a month or a year', () => {
    const question = 'Wann wurde Badawi verhaftet?';
    expect(datesByDayOnly('Auch am Sonntag zeigten sich die Grünen entsetzt.', question)).toBe(true);
    expect(datesByDayOnly('Heute wurde das Urteil bestätigt.', question)).toBe(true);
    expect(datesByDayOnly('Er wurde am Donnerstagabend verhaftet.', question)).toBe(true);
    expect(datesByDayOnly('He was arrested on Monday.', 'When was he arrested?')).toBe(true);
    expect(datesByDayOnly('Badawi war im Juni 2012 festgenommen worden.', question)).toBe(false);
    expect(datesByDayOnly('Am Sonntag, dem 12. Juni, wurde er festgenommen.', question)).toBe(false);
    expect(datesByDayOnly('Seit Sonntag sitzt er in Haft.', question)).toBe(false);
    // No point in time at all is not "by its day".
    expect(datesByDayOnly('Die Grünen zeigten sich entsetzt.', question)).toBe(false);
  });

  it('lets a question for the day, or for something planned, take the day', () => {
    const sentence = 'Xi war bereits am Dienstag eingetroffen.';
    expect(datesByDayOnly(sentence, 'An welchem Tag ist Xi angekommen?')).toBe(false);
    expect(datesByDayOnly(sentence, 'An welchen Tagen war Xi in Seattle?')).toBe(false);
    expect(datesByDayOnly('He arrived on Tuesday.', 'On which weekday did he arrive?')).toBe(false);
    expect(
      datesByDayOnly(
        'Der nächste Versuch soll am Mittwoch stattfinden.',
        'Wann ist der nächste Versuch geplant?',
      ),
    ).toBe(false);
    expect(datesByDayOnly('The vote is on Wednesday.', 'When will parliament vote?')).toBe(false);
  });
});
