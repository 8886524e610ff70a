/**
 * Original German sample sentences (news-like, written for quellen) used to derive a realistic
 * subword vocabulary and synthetic passages for benchmarks. No external text is needed.
 */
export const GERMAN_SAMPLE_SENTENCES: readonly string[] = [
  'Die Bundesregierung hat am Mittwoch einen Gesetzentwurf zur Förderung erneuerbarer Energien beschlossen.',
  'Nach Angaben des Statistischen Bundesamtes stieg die Zahl der Beschäftigten im vergangenen Jahr um 1,4 Prozent.',
  'In der Hauptstadt demonstrierten am Wochenende rund 110.000 Menschen für bessere Arbeitsbedingungen in der Pflege.',
  'Der Vorsitzende der Kommission erklärte, die Verhandlungen seien schwierig, aber keineswegs gescheitert.',
  'Wissenschaftler der Universität Heidelberg untersuchen seit drei Jahren, wie sich Hitzewellen auf Stadtbäume auswirken.',
  'Die Stadtverwaltung kündigte an, die Sanierung der Brücke werde voraussichtlich bis Ende des Jahres dauern.',
  'Viele Landwirte klagen über die Trockenheit, die Ernte fällt in manchen Regionen deutlich geringer aus.',
  'Das Gericht wies die Klage ab und begründete seine Entscheidung mit fehlenden Beweisen.',
  'Im Museum ist ab Freitag eine Ausstellung über die Geschichte der Eisenbahn im Ruhrgebiet zu sehen.',
  'Die Gewerkschaft fordert eine Lohnerhöhung von sechs Prozent und droht mit weiteren Warnstreiks.',
  'Experten warnen, dass die Preise für Lebensmittel und Energie auch in den kommenden Monaten hoch bleiben könnten.',
  'Der Bürgermeister eröffnete die neue Grundschule, in der künftig mehr als dreihundert Kinder lernen sollen.',
  'Laut einer Umfrage wünscht sich die Mehrheit der Befragten einen besseren Ausbau des öffentlichen Nahverkehrs.',
  'Die Polizei sucht Zeugen, die am Dienstagabend in der Nähe des Bahnhofs verdächtige Personen beobachtet haben.',
  'Mit einem knappen Sieg gegen den Tabellenführer hat sich die Mannschaft zurück an die Spitze gekämpft.',
  'Die Ärztin betonte, dass regelmäßige Bewegung das Risiko für Herz-Kreislauf-Erkrankungen erheblich senke.',
  'Unternehmen aus der Region investieren zunehmend in Digitalisierung und die Weiterbildung ihrer Mitarbeiter.',
  'Der Haushaltsausschuss des Bundestages billigte zusätzliche Mittel für den Ausbau der Schieneninfrastruktur.',
  'Bei dem Unwetter wurden zahlreiche Keller überflutet, die Feuerwehr war die ganze Nacht im Einsatz.',
  'Die Verbraucherzentrale rät, Verträge vor der Unterschrift sorgfältig zu prüfen und Angebote zu vergleichen.',
  'Am 6. Mai wählen die Bürgerinnen und Bürger in Schleswig-Holstein einen neuen Landtag.',
  'Die Forscherinnen veröffentlichten ihre Ergebnisse in einer renommierten Fachzeitschrift für Meeresbiologie.',
  'Wegen Bauarbeiten fallen zwischen Hamburg und Berlin in den nächsten zwei Wochen mehrere Züge aus.',
  'Der Konzern meldete für das dritte Quartal einen Gewinnrückgang und kündigte einen Stellenabbau an.',
  'Nach monatelangen Gesprächen einigten sich die Parteien auf einen gemeinsamen Koalitionsvertrag.',
  'Die Bibliothek verlängert ihre Öffnungszeiten, damit Studierende auch abends ungestört lernen können.',
  'Fachleute sehen in der Wasserstofftechnologie eine wichtige Säule für die klimaneutrale Industrie.',
  'Der Autor las aus seinem neuen Roman, der von einer Familie im Schwarzwald nach dem Krieg erzählt.',
  'Die Zahl der Verkehrstoten ist im ersten Halbjahr leicht gesunken, teilte das Innenministerium mit.',
  'Anwohner beschweren sich über Lärm und fordern eine Geschwindigkeitsbegrenzung auf der Umgehungsstraße.',
  'Das Krankenhaus erhält eine moderne Notaufnahme, die Bauarbeiten sollen im Frühjahr beginnen.',
  'Die Europäische Zentralbank hält an ihrem Kurs fest und lässt den Leitzins vorerst unverändert.',
];

/** German syllables and morphemes used to fill a vocabulary up to a requested size. */
export const GERMAN_SYLLABLES: readonly string[] = (
  'ab an auf aus be bei da de dem den der des di die ein el em en end er ers es ge hal hei her hin ' +
  'ich ig in is ka keit ken kom kon lich li lung ma men mit na ne nen ner nis no ob ra re rei ren ri ' +
  'sch schaft se sei sen sich sie so st ste stel ta te ten ter ti to tung über um un und ung ur ver ' +
  'vor wa we wei wer wie zu zeit zent zer ar al at au bar bau berg burg chen dorf dung ent fahr fall ' +
  'feld fest frei gang gen halt haus heit hof kehr kraft land lei los mann markt ort rat recht reich ' +
  'ruf sam satz schutz spiel stadt stand stein teil tig ung weg welt werk wirt zahl zug bund amt'
).split(' ');
