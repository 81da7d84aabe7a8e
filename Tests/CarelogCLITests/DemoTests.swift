import CareRecord
import CarelogCLI
import DemoPartnership
import EventLog
import Foundation
import LMDBEventLog
import Testing

/// The demo partnership at a small size: deterministic, valid, and its counts agree with the store.
@Suite struct DemoTests {
    @Test func demoIsDeterministicThroughTheCommand() {
        let cli = CLIHarness()
        func head(_ name: String) -> String {
            let run = cli.run(["demo", "--store", cli.path(name), "--people", "20", "--months", "2"])
            #expect(run.exitCode == 0, "\(run.stderr)")
            return String(run.stdout.split(separator: "\n").first { $0.hasPrefix("head sequence") } ?? "")
        }
        let first = head("a")
        #expect(first.hasPrefix("head sequence "))
        #expect(first == head("b"))
        // An existing store is not replaced without --force.
        let refused = cli.run(["demo", "--store", cli.path("a"), "--people", "20", "--months", "2"])
        #expect(refused.exitCode == 74)
        let forced = cli.run(["demo", "--store", cli.path("a"), "--people", "20", "--months", "2", "--force"])
        #expect(forced.exitCode == 0)
        #expect(cli.run(["verify", "--store", cli.path("a")]).exitCode == 0)
    }

    @Test func theDemoExportReimportsIntoAnEmptyStoreWithEveryCorrectionKept() throws {
        let cli = CLIHarness()
        let later = try #require(Timestamp(iso8601: "2021-01-01T00:00:00Z"))
        #expect(cli.run(["demo", "--store", cli.path("demo"), "--people", "30", "--months", "2"]).exitCode == 0)
        let export = cli.run(["log", "--store", cli.path("demo"), "--format", "ndjson"]).stdout
        let lines = export.split(separator: "\n")
        // The demo corrects a check-in and voids a double MAR entry, both named by sequence.
        #expect(lines.contains { $0.contains("\"type\":\"EntryCorrected\"") })
        #expect(lines.contains { $0.contains("\"type\":\"EntryVoided\"") })
        let file = cli.write("export.ndjson", export)
        for chunk in [nil, "500"] as [String?] {
            let store = cli.path("copy-" + (chunk ?? "whole"))
            _ = cli.run(["init", "--store", store])
            let options = chunk.map { ["--chunk", $0] } ?? []
            let run = cli.run(["import", "--store", store] + options + [file], clock: later)
            #expect(run.exitCode == 0, "\(run.stderr)")
            // No line of the demo restates another: every one is appended, corrections included.
            #expect(
                run.stdout.hasPrefix("imported \(lines.count) events (sequences 1–\(lines.count)), 0 already recorded"))
            #expect(cli.run(["log", "--store", store, "--format", "ndjson"]).stdout == export)
        }
    }

    @Test func theDemoExportTwiceOverImportsOnceWithItsCorrectionsResolvedBeforeTheFirstRestatedLine() throws {
        let cli = CLIHarness()
        let later = try #require(Timestamp(iso8601: "2021-01-01T00:00:00Z"))
        #expect(cli.run(["demo", "--store", cli.path("demo"), "--people", "30", "--months", "2"]).exitCode == 0)
        let export = cli.run(["log", "--store", cli.path("demo"), "--format", "ndjson"]).stdout
        let count = export.split(separator: "\n").count
        // The second copy restates every fact; its corrections name sequences the first copy got.
        let file = cli.write("twice.ndjson", export + export)
        for chunk in [nil, "500"] as [String?] {
            let store = cli.path("twice-" + (chunk ?? "whole"))
            _ = cli.run(["init", "--store", store])
            let options = chunk.map { ["--chunk", $0] } ?? []
            let run = cli.run(["import", "--store", store] + options + [file], clock: later)
            #expect(run.exitCode == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("imported \(count) events (sequences 1–\(count)), \(count) already recorded"))
            #expect(cli.run(["log", "--store", store, "--format", "ndjson"]).stdout == export)
        }
    }

    @Test func demoCountsAreSelfConsistentAndMatchTheStore() throws {
        let store = InMemoryEventStore(storeID: "demo", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        let configuration = DemoConfiguration(seed: 7, people: 60, months: 4)
        let result = try DemoBuilder(configuration: configuration).build(into: store)
        let c = result.counts
        #expect(UInt64(c.events) == result.checkpoint.sequence)
        #expect(c.eventsByType.values.reduce(0, +) == c.events)
        #expect(c.visitsScheduled == c.visitsDelivered + c.visitsMissed + c.visitsCancelledByPerson)
        #expect(c.visitsDelivered == c.visitsElectronic + c.visitsManual)
        #expect(c.visitsDelivered == c.visitsOnTime + c.visitsLate)
        #expect(c.marEntries == c.marGiven + c.marRefused + c.marNotGiven + c.marMissed)
        #expect(c.notifiableIncidents == c.notificationsSubmitted + c.notificationsMissing)
        #expect(c.notificationsSubmitted == c.notificationsOnTime + c.notificationsLate)
        let ecm = Double(c.visitsElectronic) / Double(c.visitsDelivered)
        #expect(ecm > 0.85 && ecm < 0.95)
        #expect(c.visitsLate > 0 && c.visitsMissed > 0 && c.visitsCancelledByPerson > 0)
        #expect(c.corrections == 1 && c.voids == 1)

        // The store holds exactly what the counts say, type by type.
        var byType: [String: Int] = [:]
        var recordedAt = Timestamp(millisecondsSinceEpoch: 0)
        try store.read(EventSelection()) { event in
            byType[event.type, default: 0] += 1
            #expect(event.recordedAt >= recordedAt)
            recordedAt = event.recordedAt
        }
        #expect(byType == c.eventsByType)
        #expect(byType["VisitScheduled"] == c.visitsScheduled)
        #expect(byType["VisitMissed"] == c.visitsMissed)
        #expect(byType["VisitCheckedIn"] == c.visitsDelivered)
        #expect(byType["MedicationRecorded"] == c.marEntries + c.voids)
        #expect(byType["NotificationSubmitted"] ?? 0 == c.notificationsSubmitted)
        #expect(byType["ComplaintReceived"] ?? 0 == c.complaintsReceived)
        #expect(byType["ServiceStarted"] == c.peopleStarted)
        #expect(byType["ActivityUpdateRecorded"] == c.activityUpdates)
        #expect(c.activityUpdates == 2 * c.activities)
        // recordedAt follows the simulated calendar.
        #expect(recordedAt < Timestamp(iso8601: "2020-05-01T00:00:00Z")!)
        #expect(try store.verify(against: nil).isValid)
    }

    @Test func sameSeedSameEventsDifferentSeedDifferentEvents() throws {
        func events(_ seed: UInt64) -> [EventLine] {
            let generator = DemoGenerator(configuration: DemoConfiguration(seed: seed, people: 15, months: 1))
            var all: [EventLine] = []
            while let day = generator.nextDay() { all += day }
            return all
        }
        let a = events(3)
        #expect(a.map(\.ndjson) == events(3).map(\.ndjson))
        #expect(a.map(\.ndjson) != events(4).map(\.ndjson))
        #expect(a.map(\.line) == Array(1...a.count))
    }
}
