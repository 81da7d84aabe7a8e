import CareCalendar
import CareRecord
import EventLog
import Foundation
import LMDBEventLog
import Testing

@testable import Projections

/// Compliance's reader (`ComplianceReader`) reads visits and MAR entries from an LMDB store as
/// small records instead of care events with envelopes; the folds it feeds must end where folds
/// of the same events decoded whole (an in-memory store, read through envelopes) end.
@Suite("Compliance's reader")
struct ComplianceReaderTests {
    /// The events of `log` appended with the same envelopes to a fresh LMDB store.
    private func lmdbCopy(of log: TestLog) throws -> (LMDBEventStore, path: String) {
        let path = NSTemporaryDirectory() + "carelog-compliance-reader-\(UUID().uuidString)/store"
        let store = try LMDBEventStore.create(at: path, indexBatch: 700)
        var batch: [ProposedEvent] = []
        for recorded in try log.store.events() {
            var proposed = recorded.proposed
            proposed.recordedAt = recorded.recordedAt
            batch.append(proposed)
            if batch.count == 500 {
                try store.append(batch)
                batch = []
            }
        }
        if !batch.isEmpty { try store.append(batch) }
        return (store, path)
    }

    /// Appends an event of `type` with `payload` as written (not as the codec writes it).
    @discardableResult
    private func appendRaw(
        _ log: TestLog, _ type: String, version: UInt16 = 1, to stream: String, _ payload: String
    ) throws -> UInt64 {
        let name = try #require(StreamName(stream))
        return try log.store.append([
            ProposedEvent(
                stream: name, type: type, schemaVersion: version, occurredAt: t("2020-02-01T00:00:00Z"),
                actor: "test", payload: Array(payload.utf8))
        ]).positions[0].sequence
    }

    /// Every visit event type and MAR entry in canonical and other spellings, the older
    /// `VisitScheduled` version, corrections and voids of each, over several decoding batches.
    private func log() throws -> TestLog {
        let log = TestLog()
        for person in 0..<6 {
            log.append(
                started("2020-01-0\(1 + person)", team: person % 2 == 0 ? "barrhead" : "neilston"),
                to: "person/P\(person)")
        }
        var targets: [UInt64] = []
        for i in 0..<6000 {
            let day = 1 + i % 28
            let hour = 6 + i % 14
            let start = "2020-02-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z"
            let late = "2020-02-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):4\(i % 10):00Z"
            let stream = "visit/V\(i)"
            var visit = scheduled("P\(i % 7)", at: start, timeCritical: i % 5 == 0, carers: i % 9 == 0 ? 2 : 1)
            if i % 4 == 0 { visit.team = "eastwood" }
            if i % 3 == 0 { visit.tasks = ["personal-care", "medication"] }
            let scheduledAt = log.append(visit, to: stream)
            if i % 11 != 0 {
                log.append(checkIn(i % 2 == 0 ? start : late, i % 6 == 0 ? .manual : .electronic), to: stream)
            }
            if i % 13 != 0 { log.append(checkOut(late, i % 8 == 0 ? .manual : .electronic), to: stream) }
            if i % 9 == 0 { log.append(checkOut(late), to: stream) }
            if i % 17 == 0 {
                log.append(
                    VisitMissed(detectedAt: t(late), reason: .noCarerAvailable, personInformed: true), to: stream)
            }
            if i % 19 == 0 {
                log.append(
                    VisitCancelled(cancelledAt: t(start), cancelledBy: .person, reason: .personInHospital), to: stream)
            }
            if i % 3 == 0 {
                let outcome: MedicationOutcome = [.administered, .missed, .refused, .notGiven][i % 4]
                let entry = log.append(mar(start, outcome), to: "medication/P\(i % 7)")
                if i % 300 == 0 { targets.append(entry) }
            }
            if i % 250 == 0 { targets.append(scheduledAt) }
        }
        // Spellings the canonical path leaves to the lean one, or the lean one to `JSONDecoder`.
        try appendRaw(
            log, "VisitScheduled", version: 2, to: "visit/W1",
            #"{ "timeCritical": true, "plannedStart": "2020-02-03T09:00:00Z", "personId": "P1", "plannedMinutes": 30, "carersNeeded": 1 }"#
        )
        try appendRaw(
            log, "VisitCheckedIn", to: "visit/W1",
            #"{"method":"manual","staffId":"S\u00e9","checkedInAt":"2020-02-03T09:20:00.000Z"}"#)
        try appendRaw(
            log, "VisitCheckedOut", to: "visit/W1",
            #"{"checkedOutAt":"2020-02-03T09:50:00Z","method":"electronic","staffId":"S1","exceptionCode":null}"#)
        try appendRaw(
            log, "VisitScheduled", version: 1, to: "visit/W2",
            #"{"durationMinutes":30,"personId":"P2","plannedStart":"2020-02-04T09:00:00.000Z","timeCritical":false}"#)
        try appendRaw(
            log, "VisitCheckedIn", to: "visit/W2",
            #"{"checkedInAt":"2020-02-04T09:01:00.000Z","exceptionCode":"NOSIGNAL","method":"electronic","staffId":"S1"}"#
        )
        try appendRaw(
            log, "VisitCheckedOut", to: "visit/W2",
            #"{"checkedOutAt":"2020-02-04T09:31:00.000Z","method":"electronic","staffId":"S1"} "#)
        try appendRaw(
            log, "MedicationRecorded", to: "medication/P3",
            #"{"controlledDrug":false,"dose":"1","medicine":"Parac\u00e9tamol","outcome":"missed","recordedBy":"S1","route":"oral","scheduledFor":"2020-02-05T08:00:00.000Z","supportLevel":"administer"}"#
        )
        // Corrections and voids of every kind the reader reads.
        for (index, target) in targets.enumerated() {
            if index % 2 == 0 {
                log.void(target, in: "visit/V0")
            } else {
                log.correct(target, in: "visit/V0", with: checkIn("2020-02-10T10:00:00Z", .manual).careEvent)
            }
        }
        let marToCorrect = log.append(mar("2020-02-06T08:00:00Z", .administered), to: "medication/P1")
        log.correct(marToCorrect, in: "medication/P1", with: mar("2020-02-06T08:00:00Z", .missed).careEvent)
        let scheduledToCorrect = log.append(scheduled("P1", at: "2020-02-07T08:00:00Z"), to: "visit/W3")
        log.correct(
            scheduledToCorrect, in: "visit/W3",
            with: scheduled("P2", at: "2020-02-08T08:00:00Z", timeCritical: true).careEvent)
        return log
    }

    @Test("folds fed by compliance's reader equal folds of care events decoded whole, corrections and voids included")
    func readerFoldsEqualWholeEventFolds() throws {
        let log = try log()
        let (store, path) = try lmdbCopy(of: log)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let all = [
            ProjectionParameters(asAt: d("2020-03-31"), periodStart: d("2020-02-01"), periodEnd: d("2020-03-31")),
            ProjectionParameters(asAt: d("2020-02-14"), periodStart: d("2020-02-01"), periodEnd: d("2020-02-29")),
            ProjectionParameters(
                asAt: d("2020-02-29"), knownAt: .sequence(9000), periodStart: d("2020-02-01"),
                periodEnd: d("2020-02-29")),
        ]
        for parameters in all {
            let whole = try log.run(Compliance.self, parameters)
            let read = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store).output
            #expect(read == whole)
            #expect(whole.service.visitsVerifiedElectronically.denominator > 1000)
            #expect(whole.service.marEntriesWithOutcome.denominator > 500)
        }
        // Several folds in one read (the RAG table's quarters), each as its own read gives.
        let cut = try ProjectionRunner.cut(knownAt: .head, in: store)
        var folds: [Compliance] = all.prefix(2).map { Compliance(context: cut.context(for: $0)) }
        try ProjectionRunner.fold(&folds, cut: cut, store: store)
        for (fold, parameters) in zip(folds, all.prefix(2)) {
            #expect(fold.output() == (try log.run(Compliance.self, parameters)))
        }
    }

    @Test("a corrupt stored event read on the decoding threads is named as the borrowed read names it")
    func corruptStoredEventIsNamed() throws {
        let log = TestLog()
        log.append(started("2020-01-06"), to: "person/P1")
        for i in 0..<300 { log.append(scheduled("P1", at: "2020-02-03T09:00:00Z"), to: "visit/V\(i)") }
        let (store, path) = try lmdbCopy(of: log)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var reader = ComplianceReader(reading: Compliance.reads)
        let bytes: [UInt8] = [9, 9, 9]
        var failure: ProjectionError?
        bytes.withUnsafeBytes { raw in
            do throws(ProjectionError) {
                _ = try reader.decode(StoredEvent(sequence: 42, bytes: raw))
            } catch {
                failure = error
            }
        }
        guard case .store(.corrupted(let detail))? = failure else {
            Issue.record("not refused as corrupt: \(String(describing: failure))")
            return
        }
        #expect(detail.hasPrefix("event 42 cannot be decoded ("))
        // The store's stored bytes and its borrowed events decode alike.
        var records: [String] = []
        try store.readStored(
            EventSelection.types([VisitScheduled.eventType]),
            { sequence, bytes in
                let record = try reader.decode(StoredEvent(sequence: sequence, bytes: bytes))
                guard case .visitScheduled(let start, let person, _, let carers, _) = record.payload else {
                    Issue.record("not read as a scheduled visit")
                    return
                }
                records.append("\(record.sequence) \(record.streamId) \(start) \(person) \(carers)")
            }, end: { _ in })
        #expect(records.count == 300)
        #expect(records.first == "2 V0 \(t("2020-02-03T09:00:00Z")) P1 1")
    }

    @Test("an unfiltered stored read hands on every event of the types asked for, and the reader skips the others")
    func unfilteredReadIsSkippedByTheReader() throws {
        let log = TestLog()
        log.append(started("2020-01-06"), to: "person/P1")
        for i in 0..<3000 {
            log.append(scheduled("P1", at: "2020-02-03T09:00:00Z"), to: "visit/V\(i)")
            // A type compliance does not read (and the codec does not know): never decoded.
            if i % 10 == 0 { try appendRaw(log, "TestNoteWritten", to: "note/N\(i)", #"{"not":"json""#) }
        }
        let (store, path) = try lmdbCopy(of: log)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let selection = EventSelection.types(Compliance.eventTypes)
        var filtered: [UInt64] = []
        try store.readStored(selection, { sequence, _ in filtered.append(sequence) }, end: { _ in })
        var unfiltered: [UInt64] = []
        var reader = ComplianceReader(reading: Compliance.reads)
        var skipped = 0
        try store.readStoredUnfiltered(
            selection,
            { sequence, bytes in
                let record = try reader.decode(StoredEvent(sequence: sequence, bytes: bytes))
                if case .skipped = record.payload {
                    skipped += 1
                } else {
                    unfiltered.append(sequence)
                }
            }, end: { _ in })
        #expect(filtered.count == 3001)
        #expect(unfiltered == filtered)
        // The store steps through the indexed log here (the types read are most of it) and hands
        // on the notes there too; the tail not yet indexed it filters itself.
        #expect(skipped > 200 && skipped <= 300)
        // The fold through the store ends where the fold of whole events ends.
        let parameters = ProjectionParameters(
            asAt: d("2020-03-31"), periodStart: d("2020-02-01"), periodEnd: d("2020-03-31"))
        let read = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store).output
        #expect(read == (try log.run(Compliance.self, parameters)))
    }

    @Test("the cached path's fold through the reader observes the same decisive days and ends where envelopes end")
    func resumedFoldThroughTheReaderEqualsEnvelopes() throws {
        let log = try log()
        let (store, path) = try lmdbCopy(of: log)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let parameters = [
            ProjectionParameters(asAt: d("2020-03-31"), periodStart: d("2020-02-01"), periodEnd: d("2020-03-31")),
            ProjectionParameters(asAt: d("2020-02-14"), periodStart: d("2020-02-01"), periodEnd: d("2020-02-29")),
        ]
        // Two folds resumed from different positions, read from before both.
        let positions: [UInt64] = [1500, 4000]
        func foldAndObserve(_ source: any EventStore) throws -> ([ComplianceOutput], [String]) {
            let cut = try ProjectionRunner.cut(knownAt: .head, in: source)
            var folds = parameters.map { Compliance(context: cut.context(for: $0)) }
            var observed: [String] = []
            try ProjectionRunner.fold(
                &folds, corrections: cut.corrections, after: positions, reading: 1001...cut.checkpoint.sequence,
                store: source, decisiveDay: Compliance.decisiveDay(of:)
            ) { sequence, day in observed.append("\(sequence) \(String(describing: day))") }
            return (folds.map { $0.output() }, observed)
        }
        let (wholeOutputs, wholeDays) = try foldAndObserve(log.store)
        let (readOutputs, readDays) = try foldAndObserve(store)
        #expect(readOutputs == wholeOutputs)
        #expect(readDays == wholeDays)
        #expect(wholeDays.count > 10000)
    }
}
