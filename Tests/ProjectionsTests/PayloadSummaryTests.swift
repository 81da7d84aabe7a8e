import CareRecord
import EventLog
import Projections
import Testing

@Suite struct PayloadSummaryTests {
    /// An incident whose free-text summary is, word for word, a value of a vocabulary the catalogue
    /// uses elsewhere (`police` is an ``Agency``): the summary is still free text and stays hidden,
    /// while the typed vocabulary fields, references and instants are shown.
    @Test func freeTextIsHiddenEvenWhenItSpellsAVocabularyValue() {
        let incident = IncidentRecorded(
            kind: .accidentOrInjury, occurredAt: t("2020-02-01T08:00:00Z"), becameAwareAt: t("2020-02-01T08:30:00Z"),
            personId: "P1", harm: .low, agenciesInformed: [.gp, .nhs24], summary: "police")
        let summary = PayloadSummary.fields(of: incident.careEvent)
        #expect(summary.contains(AuditField("summary", "‹text›")))
        #expect(summary.contains(AuditField("kind", "accidentOrInjury")))
        #expect(summary.contains(AuditField("harm", "low")))
        #expect(summary.contains(AuditField("agenciesInformed", "[gp, nhs24]")))
        #expect(summary.contains(AuditField("personId", "P1")))
        #expect(summary.contains(AuditField("becameAwareAt", "2020-02-01T08:30:00.000Z")))
    }

    /// The vocabulary walk finds values nested in optionals, arrays and a correction's replacement.
    @Test func vocabularyIsFoundInsideNestedValues() {
        let replacement = IncidentRecorded(
            kind: .accidentOrInjury, occurredAt: t("2020-02-01T08:00:00Z"), becameAwareAt: t("2020-02-01T08:30:00Z"),
            agenciesInformed: [.police])
        let correction = EntryCorrected(sequence: 7, reason: .wrongTime, replacement: replacement.careEvent)
        var values = Set<String>()
        PayloadSummary.collectVocabulary(in: correction, into: &values)
        #expect(values == ["wrongTime", "accidentOrInjury", "police"])
    }
}
