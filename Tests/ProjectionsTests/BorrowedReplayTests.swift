import CareCalendar
import CareRecord
import EventLog
import Foundation
import LMDBEventLog
import Projections
import Testing

/// The runner reads an LMDB store in place (borrowed bytes, payloads decoded without a copy) and
/// any other store through envelopes; both must give the same report.
@Suite("Projection runner: borrowed bytes")
struct BorrowedReplayTests {
    /// The events of `log`, appended with the same envelopes (recorded time included) to a fresh
    /// LMDB store whose indexes catch up every `indexBatch` events, so reads cross the tail.
    private func lmdbCopy(of log: TestLog, indexBatch: Int) throws -> (LMDBEventStore, path: String) {
        let path = NSTemporaryDirectory() + "carelog-borrowed-\(UUID().uuidString)/store"
        let store = try LMDBEventStore.create(at: path, indexBatch: indexBatch)
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

    /// Several decode batches of visits, MAR entries, people, reviews and complaints, with a
    /// voided and a corrected entry.
    private func mixedLog() -> TestLog {
        let log = TestLog()
        for person in 0..<12 {
            log.append(
                started("2020-01-0\(1 + person % 9)", team: person % 2 == 0 ? "barrhead" : "neilston"),
                to: "person/P\(person)")
            log.append(plan("2020-01-2\(person % 9)"), to: "person/P\(person)")
        }
        log.append(review("2020-02-10"), to: "person/P3")
        log.append(complaint("2020-02-11", person: "P4"), to: "complaint/C1")
        var voidable: UInt64 = 0
        for i in 0..<5000 {
            let day = 1 + i % 28
            let hour = 6 + i % 14
            let start = "2020-02-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z"
            let stream = "visit/V\(i)"
            log.append(scheduled("P\(i % 12)", at: start), to: stream)
            if i % 7 != 0 { log.append(checkIn(start, i % 5 == 0 ? .manual : .electronic), to: stream) }
            if i % 7 != 0 { log.append(checkOut(start, .electronic), to: stream) }
            if i % 3 == 0 {
                let sequence = log.append(
                    mar(start, i % 11 == 0 ? .missed : .administered), to: "medication/P\(i % 12)")
                if i == 300 { voidable = sequence }
                if i == 600 { log.correct(sequence, in: "medication/P0", with: mar(start, .missed).careEvent) }
            }
        }
        log.void(voidable, in: "medication/P0")
        return log
    }

    @Test("compliance, reviews due and visit delivery from borrowed bytes equal the reports read through envelopes")
    func borrowedReportsEqualEnvelopeReports() throws {
        let log = mixedLog()
        for batch in [1, 1000, 1 << 20] {
            let (store, path) = try lmdbCopy(of: log, indexBatch: batch)
            defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
            for parameters in [
                ProjectionParameters(asAt: d("2020-03-31"), periodStart: d("2020-02-01"), periodEnd: d("2020-03-31")),
                ProjectionParameters(
                    asAt: d("2020-02-29"), knownAt: .sequence(7000), periodStart: d("2020-02-01"),
                    periodEnd: d("2020-02-29")),
            ] {
                let viaEnvelopes = try log.run(Compliance.self, parameters)
                let borrowed = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store).output
                #expect(borrowed == viaEnvelopes, "index batch \(batch)")
                #expect(viaEnvelopes.service.visitsVerifiedElectronically.denominator > 1000)
                #expect(
                    try ProjectionRunner.run(ReviewsDue.self, parameters: parameters, store: store).output
                        == log.run(ReviewsDue.self, parameters))
                #expect(
                    try ProjectionRunner.run(VisitDelivery.self, parameters: parameters, store: store).output
                        == log.run(VisitDelivery.self, parameters))
            }
        }
    }

    @Test("a short read in place (a catch-up of a few events) folds as a read through envelopes and names a bad event")
    func shortBorrowedReadsFoldOnTheCallingThread() throws {
        let log = TestLog()
        log.append(started("2020-01-06"), to: "person/P1")
        log.append(grant("u1", .coordinator, .team("barrhead")), to: "access/G1")
        for i in 0..<20 {
            log.append(scheduled("P1", at: "2020-02-03T09:00:00Z"), to: "visit/V\(i)")
            log.append(checkIn("2020-02-03T09:00:00Z", .electronic), to: "visit/V\(i)")
        }
        let (store, path) = try lmdbCopy(of: log, indexBatch: 8)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let parameters = ProjectionParameters(
            asAt: d("2020-03-31"), periodStart: d("2020-02-01"), periodEnd: d("2020-03-31"))
        #expect(
            try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store).output
                == log.run(Compliance.self, parameters))
        // The access register caught up a few events at a time, as the service does per request.
        var register = try AccessRegister.build(from: store, knownAt: .sequence(5))
        for cut in stride(from: 9, through: 42, by: 4) { try register.catchUp(from: store, through: UInt64(cut)) }
        try register.catchUp(from: store)
        let whole = try AccessRegister.build(from: log.store)
        #expect(register.position == whole.position)
        #expect(register.allGrants == whole.allGrants)
        #expect(register.scheduledPeople(ofStaff: "S1", on: d("2020-02-03")) == ["P1"])
        let bad = try store.append([
            ProposedEvent(
                stream: StreamName("visit/BAD")!, type: "VisitScheduled", occurredAt: t("2020-02-03T09:00:00Z"),
                actor: "staff/S1", payload: Array(#"{"personId":7}"#.utf8))
        ]).positions[0].sequence
        expectUndecodable(sequence: bad, type: "VisitScheduled") { () throws(ProjectionError) in
            try register.catchUp(from: store)
        }
    }

    @Test("an undecodable event read in place stops the fold and is named by its sequence")
    func undecodableEventIsNamed() throws {
        let log = TestLog()
        log.append(started("2020-01-06"), to: "person/P1")
        for i in 0..<9000 { log.append(scheduled("P1", at: "2020-02-03T09:00:00Z"), to: "visit/V\(i)") }
        let bad = try log.store.append([
            ProposedEvent(
                stream: StreamName("visit/BAD")!, type: "VisitScheduled", occurredAt: t("2020-02-03T09:00:00Z"),
                actor: "staff/S1", payload: Array(#"{"personId":7}"#.utf8))
        ]).positions[0].sequence
        for i in 0..<100 { log.append(scheduled("P1", at: "2020-02-04T09:00:00Z"), to: "visit/W\(i)") }
        let (store, path) = try lmdbCopy(of: log, indexBatch: 1024)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let parameters = ProjectionParameters(
            asAt: d("2020-03-31"), periodStart: d("2020-02-01"), periodEnd: d("2020-03-31"))
        expectUndecodable(sequence: bad, type: "VisitScheduled") { () throws(ProjectionError) in
            _ = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store)
        }
    }
}
