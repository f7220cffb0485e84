// The demo agreement: a fictitious "Muster-Dienstvereinbarung KI", written for this app
// and labelled as an example. It follows the usual structure of such agreements
// (docs: DOMAIN-NOTES) but is no city's real text and no legal advice.
export const MUSTER_DIENSTVEREINBARUNG_TITLE = "Muster-Dienstvereinbarung KI";
export const BEISPIELTEXT_LABEL = "Beispieltext – keine echte Dienstvereinbarung";

export const MUSTER_DIENSTVEREINBARUNG_MARKDOWN = `# ${MUSTER_DIENSTVEREINBARUNG_TITLE}

**${BEISPIELTEXT_LABEL}.** Diese Vereinbarung zwischen der Stadtverwaltung Musterstadt und ihrem Personalrat ist frei erfunden. Sie zeigt, wie eine Dienstvereinbarung zum Einsatz künstlicher Intelligenz aufgebaut sein kann, und dient nur der Vorführung dieser Anwendung. Sie ist keine Rechtsauskunft.

## Präambel

Künstliche Intelligenz verändert die Arbeit in der Verwaltung. Die Stadt möchte die Chancen nutzen: Routinearbeit erleichtern, Texte verständlicher machen, Anliegen schneller bearbeiten.

Zugleich sollen die Beschäftigten geschützt werden – vor Überwachung, vor Überforderung und vor Nachteilen. KI unterstützt die Menschen in der Verwaltung; sie entscheidet nicht an ihrer Stelle.

Dienststelle und Personalrat schließen deshalb die folgende Vereinbarung.

## § 1 Gegenstand und Geltungsbereich

(1) Diese Vereinbarung regelt die Auswahl, die Einführung und die Nutzung von KI-Systemen in der gesamten Stadtverwaltung.

(2) Sie gilt für alle Beschäftigten einschließlich der Auszubildenden, Praktikantinnen und Praktikanten – am Arbeitsplatz ebenso wie im Homeoffice und unterwegs.

(3) Für Eigenbetriebe gilt sie, soweit deren Leitungen nichts anderes mit ihrer Personalvertretung vereinbaren.

## § 2 Begriffsbestimmungen

(1) Ein KI-System ist ein maschinengestütztes System, das aus Eingaben Ergebnisse wie Texte, Vorhersagen, Empfehlungen oder Entscheidungen ableitet; maßgeblich ist die Begriffsbestimmung in Art. 3 der europäischen KI-Verordnung.

(2) Generative KI erzeugt neue Inhalte, etwa Texte, Bilder, Audio oder Programmcode.

(3) Eingaben sind alle Inhalte, die Beschäftigte einem KI-System übergeben; Ausgaben sind die Ergebnisse des Systems; Protokolldaten sind die Daten, die ein System über seine Nutzung aufzeichnet.

(4) Eine freigegebene Anwendung ist ein KI-System, das in der Liste nach Anlage 1 steht.

## § 3 Ziele und Grundsätze

(1) KI unterstützt die Beschäftigten. Entscheidungen treffen Menschen.

(2) Wer eine Ausgabe eines KI-Systems verwendet, ist für das Ergebnis verantwortlich, als hätte sie oder er es selbst erstellt.

(3) Entscheidungen mit rechtlicher Wirkung für Bürgerinnen, Bürger oder Beschäftigte werden nicht ausschließlich automatisiert getroffen (Art. 22 DSGVO).

## § 4 Freigegebene Anwendungen und Freigabeverfahren

(1) Dienstlich genutzt werden dürfen nur die freigegebenen Anwendungen nach Anlage 1.

(2) Neue Anwendungen werden vor der Freigabe auf Informationssicherheit und Datenschutz geprüft; der Personalrat wird beteiligt. Anträge stellen die Fachbereiche beim Büro der Chief Digital Officer.

(3) Private Konten bei KI-Diensten dürfen dienstlich nicht verwendet werden.

## § 5 Zulässige und unzulässige Einsatzzwecke

(1) Zulässig ist insbesondere die Unterstützung bei Entwürfen, Zusammenfassungen, Übersetzungen und Recherchen.

(2) Unzulässig ist der Einsatz von KI

- bei der Auswahl von Bewerberinnen und Bewerbern,
- zur Beurteilung von Beschäftigten,
- für Entscheidungen ohne menschliche Prüfung.

(3) Bestehen Zweifel, ob ein Einsatzzweck zulässig ist, klärt die Ansprechstelle nach § 13 die Frage vor der Nutzung.

## § 6 Datenschutz, Vertraulichkeit, Informationssicherheit

(1) Personenbezogene Daten, Sozialdaten, besondere Kategorien personenbezogener Daten und als vertraulich eingestufte Unterlagen dürfen nur in Anwendungen eingegeben werden, die ausdrücklich dafür freigegeben sind.

(2) In allen anderen Anwendungen werden Inhalte vor der Eingabe anonymisiert. Das Schwärzen von Namen allein genügt nicht, wenn eine Person aus dem Zusammenhang erkennbar bleibt.

(3) Wer versehentlich geschützte Daten eingegeben hat, meldet dies unverzüglich nach § 13.

## § 7 Urheberrecht und Rechte Dritter

(1) Hochgeladen werden nur Inhalte, die die Stadt verwenden darf.

(2) Ausgaben werden vor der Verwendung darauf geprüft, ob sie fremde Texte oder Bilder übernehmen.

(3) Rein maschinell erzeugte Ausgaben sind in der Regel nicht urheberrechtlich geschützt; das ist bei ihrer Veröffentlichung zu bedenken.

## § 8 Qualitätssicherung, Transparenz und Kennzeichnung

(1) Ergebnisse von KI-Systemen werden vor ihrer Verwendung fachlich geprüft.

(2) Wo die KI-Verordnung (Art. 50) oder diese Vereinbarung es verlangt, wird der Einsatz von KI gegenüber Bürgerinnen und Bürgern offengelegt, etwa bei Chatbots oder bei erzeugten Bildern.

## § 9 Ausschluss von Leistungs- und Verhaltenskontrolle

(1) Nutzungs- und Protokolldaten werden nicht personenbezogen ausgewertet, um Leistung oder Verhalten von Beschäftigten zu kontrollieren.

(2) Ausnahmen sind nur bei einem konkreten, dokumentierten Verdacht auf Missbrauch und nur unter Beteiligung des Personalrats zulässig.

(3) Erkenntnisse, die unter Verstoß gegen diese Vereinbarung gewonnen wurden, werden nicht für arbeits- oder dienstrechtliche Maßnahmen verwendet.

## § 10 Qualifizierung und KI-Kompetenz

(1) Vor dem Zugang zu einer freigegebenen Anwendung erhalten die Beschäftigten eine Schulung (Art. 4 KI-Verordnung).

(2) Schulungen finden während der Arbeitszeit statt und sind für die Beschäftigten kostenfrei.

## § 11 Auswirkungen auf Beschäftigte und Arbeitsorganisation

(1) Der Einsatz von KI allein ist kein Grund für Kündigungen oder Herabgruppierungen.

(2) Verändern sich Aufgaben durch KI, begleitet die Dienststelle die Beschäftigten mit Qualifizierung und bezieht den Personalrat frühzeitig ein.

## § 12 Beteiligung des Personalrats, Steuerungsgruppe

(1) Der Personalrat wird frühzeitig und umfassend über geplante Anwendungen informiert.

(2) Eine gemeinsame Steuerungsgruppe aus Dienststelle und Personalrat begleitet die Umsetzung dieser Vereinbarung und pflegt die Liste nach Anlage 1.

(3) Die Mitbestimmungsrechte des Personalrats bleiben unberührt.

## § 13 Ansprechstellen, Meldewege, Rechte der Beschäftigten

(1) Zentrale Ansprechstelle für Fragen zum Einsatz von KI ist das Büro der Chief Digital Officer.

(2) Fehler, Auffälligkeiten und Datenschutzvorfälle können ohne Nachteile gemeldet werden; wer meldet, wird nicht sanktioniert.

(3) Das Recht, sich beim Personalrat oder bei der Dienststelle zu beschweren, bleibt unberührt.

## § 14 Evaluation, Inkrafttreten, Schlussbestimmungen

(1) Die Vereinbarung wird zwölf Monate nach ihrem Inkrafttreten gemeinsam überprüft.

(2) Die Anlagen können von der Steuerungsgruppe angepasst werden, ohne dass die Vereinbarung neu geschlossen werden muss.

(3) Die Vereinbarung kann mit einer Frist von drei Monaten gekündigt werden; bis zu einer neuen Vereinbarung wirkt sie nach. Ist eine Bestimmung unwirksam, bleiben die übrigen wirksam.

## Anlage 1 Liste der freigegebenen Anwendungen

Stand der Liste: Beispiel.

- Textassistent im Verwaltungsnetz (für Entwürfe, Zusammenfassungen und Übersetzungen; ohne personenbezogene Daten)
- Übersetzungsdienst mit Vertrag zur Auftragsverarbeitung (auch für personenbezogene Daten freigegeben)
- Transkription von Besprechungen auf städtischen Servern (nur mit Zustimmung aller Anwesenden)
`;
