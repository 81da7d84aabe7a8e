import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

@Suite("Audit timeline and audit diff")
struct AuditTimelineTests {
    /// An incident stream with a correction and a void, plus another stream in between.
    func buildLog() throws -> (CareEventAppender, seqs: [UInt64]) {
        let log = CareEventAppender()
        let s1 = try log.append(
            IncidentRecorded(
                kind: .accidentOrInjury, occurredAt: instant("2020-02-01T10:00:00Z"),
                becameAwareAt: instant("2020-02-01T11:00:00Z"), personId: "P1", summary: "SENTINEL-TEXT fell in kitchen"
            ), to: "incident/I1")
        let s2 = try log.append(
            IncidentRecorded(
                kind: .death, occurredAt: instant("2020-02-02T10:00:00Z"),
                becameAwareAt: instant("2020-02-02T10:00:00Z")), to: "incident/I2")
        let s3 = try log.append(
            EntryCorrected(
                sequence: s1, reason: .wrongTime,
                replacement: IncidentRecorded(
                    kind: .accidentOrInjury, occurredAt: instant("2020-02-01T09:00:00Z"),
                    becameAwareAt: instant("2020-02-01T11:00:00Z"), personId: "P1", summary: "SENTINEL-TEXT corrected"
                ).careEvent), to: "incident/I1")
        let s4 = try log.append(
            NotificationSubmitted(
                category: .accidentIncidentOrInjury, eFormsReference: "EF-1",
                submittedAt: instant("2020-02-01T12:00:00Z"), becameAwareAt: instant("2020-02-01T11:00:00Z"),
                incidentId: "I1", submittedBy: "s"), to: "notification/N1")
        let s5 = try log.append(EntryVoided(sequence: s4, reason: .duplicate), to: "notification/N1")
        return (log, [s1, s2, s3, s4, s5])
    }

    @Test("a correction is shown beside the entry it replaces, with sequence and reason")
    func correctionBesideOriginal() throws {
        let (log, s) = try buildLog()
        let (timeline, checkpoint) = try AuditTimeline.run(
            stream: StreamName("incident/I1")!, knownAt: .head, store: log.store)
        #expect(checkpoint.sequence == s[4])
        #expect(timeline.entries.map(\.sequence) == [s[0], s[2]])
        let original = timeline.entries[0]
        #expect(original.status == .replaced(by: s[2]))
        #expect(original.corrections.count == 1)
        #expect(
            original.corrections[0].sequence == s[2] && original.corrections[0].action == .replaced
                && original.corrections[0].reason == .wrongTime)
        #expect(
            original.corrections[0].replacement?.contains(AuditField("occurredAt", "2020-02-01T09:00:00.000Z")) == true)
        #expect(timeline.entries[1].corrects == s[0])
        #expect(timeline.entries[1].type == EntryCorrected.eventType)
        #expect(original.streamVersion == 1 && original.actor == "staff-001")
        // Payload summary without free text.
        #expect(original.summary.contains(AuditField("kind", "accidentOrInjury")))
        #expect(original.summary.contains(AuditField("personId", "P1")))
        #expect(original.summary.contains(AuditField("summary", "‹text›")))
        var dumped = ""
        dump(timeline, to: &dumped)
        #expect(!dumped.contains("SENTINEL-TEXT"))
    }

    @Test("as known before the correction, the entry stands; voiding the correction restores it")
    func timelineAtEarlierCutAndRestore() throws {
        let (log, s) = try buildLog()
        let earlier = try AuditTimeline.run(
            stream: StreamName("incident/I1")!, knownAt: .sequence(s[1]), store: log.store
        ).timeline
        #expect(earlier.entries.map(\.sequence) == [s[0]])
        #expect(earlier.entries[0].status == .standing && earlier.entries[0].corrections.isEmpty)
        let void = try log.append(EntryVoided(sequence: s[2], reason: .enteredInError), to: "incident/I1")
        let restored = try AuditTimeline.run(stream: StreamName("incident/I1")!, knownAt: .head, store: log.store)
            .timeline
        #expect(restored.entries[0].status == .standing)
        #expect(restored.entries[0].corrections.map(\.action) == [.replaced, .restored])
        #expect(restored.entries[1].status == .voided(by: void))
    }

    @Test("a voided entry is marked voided beside the void")
    func voidedEntryMarked() throws {
        let (log, s) = try buildLog()
        let timeline = try AuditTimeline.run(stream: StreamName("notification/N1")!, knownAt: .head, store: log.store)
            .timeline
        #expect(timeline.entries[0].status == .voided(by: s[4]))
        #expect(
            timeline.entries[0].corrections == [
                AuditCorrectionNote(sequence: s[4], action: .voided, reason: .duplicate)
            ])
        #expect(timeline.entries[1].corrects == s[3])
    }

    @Test("the diff between two points lists exactly the events in between, and the changes they made")
    func diffListsExactlyTheEventsBetween() throws {
        let (log, s) = try buildLog()
        let whole = try AuditDiff.run(stream: nil, between: .sequence(s[4]), and: .sequence(s[1]), store: log.store)
        #expect(whole.from.sequence == s[1] && whole.to.sequence == s[4])
        #expect(whole.added.map(\.sequence) == [s[2], s[3], s[4]])
        #expect(whole.changes.map(\.target) == [s[0], s[3]])
        #expect(whole.changes.map(\.action) == [.replaced, .voided])
        #expect(whole.changes.map(\.targetType) == [IncidentRecorded.eventType, NotificationSubmitted.eventType])
        let stream = try AuditDiff.run(
            stream: StreamName("incident/I1")!, between: .sequence(0), and: .head, store: log.store)
        #expect(stream.added.map(\.sequence) == [s[0], s[2]])
        let none = try AuditDiff.run(stream: nil, between: .sequence(s[2]), and: .sequence(s[2]), store: log.store)
        #expect(none.added.isEmpty && none.changes.isEmpty)
        // Withdrawing a correction shows as a restore.
        try log.append(EntryVoided(sequence: s[2], reason: .enteredInError), to: "incident/I1")
        let later = try AuditDiff.run(stream: nil, between: .sequence(s[4]), and: .head, store: log.store)
        #expect(later.changes.map(\.action) == [.restored])
    }

    @Test("incremental equals rebuild: folding the stream in batches gives the same timeline")
    func incrementalEqualsRebuild() throws {
        let (log, _) = try buildLog()
        let stream = StreamName("incident/I1")!
        let rebuilt = try AuditTimeline.run(stream: stream, knownAt: .head, store: log.store).timeline
        let events = try log.store.events().map { (try? CareEventCodec.decode($0), $0) }
        for batches in batchings(events, seed: 5) {
            var timeline = AuditTimeline(stream: stream)
            for batch in batches { for (event, recorded) in batch { timeline.apply(event, recorded: recorded) } }
            #expect(timeline == rebuilt)
        }
    }
}
