/**
 * Entries missing from the Ding dictionary (checked against trans-de-en 1.9, "devel 2023-01-30") that
 * news questions need: international organisations and institutions, whose German names are compounds
 * or fixed phrases that word-by-word translation cannot reach; and the plain verb of "die", which
 * Ding labels `[biol.] [med.]`, so that its unlabelled senses ("umkippen", "eingehen", "Gussform")
 * rank it out of the translations kept ("When did he die?" found no "sterben"). Same format as the
 * dictionary, merged into the lexicon when it is prepared.
 */
export const SUPPLEMENT_DING = `
Vereinte Nationen {pl}; UN {pl}; UNO {f} [pol.] :: United Nations /UN/; UN; UNO
Welternährungsprogramm {n} der Vereinten Nationen; Welternährungsprogramm {n}; WFP [pol.] :: World Food Programme; World Food Program; WFP
UN-Flüchtlingshilfswerk {n}; UNHCR {n}; Flüchtlingshilfswerk {n} [pol.] :: UN Refugee Agency; UNHCR; refugee agency
UN-Kinderhilfswerk {n}; Unicef {n}; Kinderhilfswerk {n} [pol.] :: UNICEF; UN Children's Fund
UN-Sicherheitsrat {m}; Sicherheitsrat {m} [pol.] :: UN Security Council; United Nations Security Council
UN-Generalsekretär {m} [pol.] :: UN Secretary-General; UN Secretary General
Roter Halbmond {m} :: Red Crescent
Nato {f}; NATO {f} [pol.] [mil.] :: NATO; North Atlantic Treaty Organization
Islamischer Staat {m}; IS {m} [pol.] :: Islamic State; IS; ISIS; ISIL; Daesh
al-Qaida {f}; Al-Kaida {f} [pol.] :: al-Qaeda; al Qaeda; al-Qaida; Al Qaeda
Human Rights Watch {f} :: Human Rights Watch
Weißes Haus {n} [pol.] :: White House
Kreml {m} [pol.] :: Kremlin
Bundestag {m} [pol.] :: Bundestag; German parliament
Bundesrat {m} [pol.] :: Bundesrat
Bundesverfassungsgericht {n} [jur.] :: Federal Constitutional Court
US-Notenbank {f}; Fed {f} [fin.] :: Federal Reserve; Fed
Regierungstruppen {pl} [mil.] :: government troops; government forces
Regierungsarmee {f} [mil.] :: government army
Verteidigungsminister {m}; Verteidigungsministerin {f} [pol.] :: defence minister; defense minister; minister of defence
Innenminister {m}; Innenministerin {f} [pol.] :: interior minister; home secretary
Luftangriff {m}; Luftschlag {m} [mil.] | Luftangriffe {pl} :: airstrike; air strike; air raid | airstrikes; air strikes; air raids
Hilfslieferung {f}; Hilfsgüter {pl} | Hilfslieferungen {pl} :: aid delivery; aid supplies; relief supplies | aid deliveries
Abwurf {m}; abwerfen {vt} :: airdrop; to airdrop
Oppositionelle {pl}; Rebellen {pl} [pol.] :: opposition fighters; rebel fighters
sterben {vi} :: to die
`;
