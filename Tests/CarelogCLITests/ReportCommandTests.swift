import CareCalendar
import CareRecord
import CarelogCLI
import DemoPartnership
import EventLog
import Foundation
import LMDBEventLog
import Projections
import Reports
import Testing

/// The report and extract commands on demo stores: every format renders, output is
/// deterministic, figures agree with what the demo generated, extracts are bound to the log.
@Suite struct ReportCommandTests {
    @Test func complianceDenominatorsEqualTheCountsOfGeneratedEvents() throws {
        let store = InMemoryEventStore(storeID: "demo", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        let configuration = DemoConfiguration(seed: 11, people: 60, months: 4)
        let c = try DemoBuilder(configuration: configuration).build(into: store).counts
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        let service = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store).output.service
        #expect(service.visitsVerifiedElectronically.denominator == c.visitsDelivered)
        #expect(service.visitsVerifiedElectronically.numerator == c.visitsElectronic)
        #expect(service.visitsOnTime.numerator == c.visitsOnTime)
        #expect(service.marEntriesWithOutcome.denominator == c.marEntries)
        #expect(service.notificationsOnTime.denominator == c.notificationsSubmitted)
        #expect(service.notificationsOnTime.numerator == c.notificationsOnTime)
        #expect(c.visitsDelivered > 1000)
    }

    @Test func everyReportRendersInEveryFormatAndIsByteIdenticalWhenRepeated() throws {
        let cli = CLIHarness()
        let store = cli.path("demo")
        #expect(cli.run(["demo", "--store", store, "--people", "20", "--months", "4"]).exitCode == 0)
        let reports: [[String]] = [
            ["report", "review-due"], ["report", "compliance", "--from", "2020-01-01", "--to", "2020-04-30"],
            ["report", "rag", "--quarter", "2020-Q1"],
            ["extract", "notifications", "--from", "2020-01-01", "--to", "2020-04-30"],
            ["report", "visit-delivery", "--from", "2020-01-01", "--to", "2020-04-30", "--by", "person"],
        ]
        for report in reports {
            for format in ["markdown", "csv", "json", "html"] {
                let arguments = report + ["--store", store, "--as-at", "2020-04-30", "--format", format]
                let first = cli.run(arguments)
                #expect(first.exitCode == 0, "\(arguments): \(first.stderr)")
                #expect(first.stdout.count > 200, "\(arguments)")
                #expect(cli.run(arguments).stdout == first.stdout, "\(arguments) is not deterministic")
                if format == "json" {
                    #expect((try? JSONSerialization.jsonObject(with: Data(first.stdout.utf8))) != nil, "\(arguments)")
                }
                if format == "html" { #expect(first.stdout.hasPrefix("<!DOCTYPE html>")) }
            }
        }
    }

    @Test func anExtractIsBoundToTheLogByItsManifest() throws {
        let cli = CLIHarness()
        let store = cli.path("demo")
        #expect(cli.run(["demo", "--store", store, "--people", "20", "--months", "4"]).exitCode == 0)
        let output = cli.path("notifications.csv")
        let run = cli.run([
            "extract", "notifications", "--store", store, "--from", "2020-01-01", "--to", "2020-04-30", "--as-at",
            "2020-04-30",
            "--format", "csv", "--output", output,
        ])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let manifestFile = URL(fileURLWithPath: output + ".manifest.json")
        #expect(
            try ExtractManifest.check(extractFile: URL(fileURLWithPath: output), manifestFile: manifestFile) == .matches
        )
        let manifest = try ExtractManifest(json: Array(try Data(contentsOf: manifestFile)))
        #expect(manifest.checkpoint.sequence > 0)
        // An inspector re-running it at the manifest's checkpoint gets the same bytes.
        let again = cli.run([
            "extract", "notifications", "--store", store, "--from", "2020-01-01", "--to", "2020-04-30", "--as-at",
            "2020-04-30",
            "--format", "csv", "--known-at", String(manifest.checkpoint.sequence),
        ])
        #expect(Array(again.stdout.utf8) == Array(try Data(contentsOf: URL(fileURLWithPath: output))))
        // One changed byte is caught.
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: output)))
        bytes[bytes.count / 2] ^= 0x01
        #expect(manifest.check(extract: bytes) != .matches)
        // Pseudonymous by default: no person id leaves in the extract.
        #expect(!again.stdout.contains("person/P"))
    }

    @Test func aReportAsKnownAtAnEarlierPointIsUnchangedByLaterCorrections() throws {
        let cli = CLIHarness()
        let store = cli.path("demo")
        #expect(cli.run(["demo", "--store", store, "--people", "20", "--months", "4"]).exitCode == 0)
        let checkpoint = cli.run(["checkpoint", "--store", store]).stdout
        let sequence = try #require(checkpoint.firstMatch(of: /"sequence" : (\d+)/)?.1)
        let arguments = [
            "report", "review-due", "--store", store, "--as-at", "2020-04-30", "--known-at", String(sequence),
            "--format", "csv",
        ]
        let before = cli.run(arguments)
        // Void the first ServiceStarted: at the head the person disappears from the report.
        let firstStart = cli.run([
            "log", "--store", store, "--type", "ServiceStarted", "--limit", "1", "--format", "ndjson",
            "--with-recorded-at",
        ])
        let stream = try #require(firstStart.stdout.firstMatch(of: /"stream":"(person\/[A-Za-z0-9]+)"/)?.1)
        let log = cli.run(["log", "--store", store, "--stream", String(stream), "--limit", "1"])
        let seq = try #require(log.stdout.firstMatch(of: /\n\s*(\d+)\s/)?.1)
        let void =
            #"{"stream":"\#(stream)","type":"EntryVoided","occurredAt":"2020-04-30T12:00:00Z","actor":"staff/S001","data":{"sequence":\#(seq),"reason":"enteredInError"}}"#
        let appended = cli.append(["--store", store], event: void, clock: Timestamp(iso8601: "2020-05-01T09:00:00Z")!)
        #expect(appended.exitCode == 0, "\(appended.stderr)")
        #expect(cli.run(arguments).stdout == before.stdout)
        var atHead = arguments
        atHead.removeSubrange(atHead.firstIndex(of: "--known-at")!...atHead.firstIndex(of: "--known-at")! + 1)
        #expect(cli.run(atHead).stdout != before.stdout)
    }
}
